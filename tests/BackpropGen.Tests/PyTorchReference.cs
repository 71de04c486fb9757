using System.Text.Json;

namespace BackpropGen.Tests;

/// <summary>The PyTorch reference's network with sigmoid outputs and the paper's squared error (the loss BackpropGen always had).</summary>
[Network(Precision = Precision.Double)]
[Input("x", 4)]
[Dense("h1", 5, Activation.Tanh)]
[Dense("h2", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 3, Activation.Sigmoid, From = new[] { "h2", "h1" })]
public partial class SigmoidSumSquaredErrorNet
{
}

/// <summary>
/// The squared-error run of tests/references/softmax_ce_momentum.json (PyTorch, float64, 20 full-batch sweeps with the
/// paper's momentum and weight decay): it holds the reading of the reference and the update rule on their own, with a
/// loss that needs nothing new; <see cref="PyTorchCrossEntropyTests"/> holds the cross-entropy runs of the same file.
/// </summary>
public class PyTorchSumSquaredErrorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SigmoidSquaredErrorWithMomentumMatchesPyTorch(bool vectorize) =>
        PyTorchReference.TrainAndCompare(new SigmoidSumSquaredErrorNet { VectorizeAcrossPatterns = vectorize }, "sigmoid_sse", "SumSquaredError", "Sigmoid");

    [Fact]
    public void TheReferenceIsWhatTheTestsAssume()
    {
        // The JSON describes the networks declared here; a regenerated file of another shape fails here first.
        JsonElement root = PyTorchReference.Root;
        Assert.True(root.GetProperty("errorIsSummedOverCases").GetBoolean());
        Assert.Equal(20, root.GetProperty("sweeps").GetInt32());
        Assert.Equal(12, root.GetProperty("inputs").GetArrayLength());
        string[] layers = root.GetProperty("network").GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(new[] { "h1", "h2", "output" }, layers);
        Assert.Equal(new[] { "softmax_ce", "sigmoid_bce", "sigmoid_sse" }, root.GetProperty("networks").EnumerateObject().Select(n => n.Name));
        Assert.Equal((5 * 4) + 5 + (4 * 5) + (3 * 9) + 3, SigmoidSumSquaredErrorNet.ParameterCount);
    }

    [Fact]
    public void AWrongMomentumIsCaught()
    {
        // The comparison can fail: the same run with α = 0.8 instead of 0.9 is off by far more than 1e-9 by the last sweep.
        var net = new SigmoidSumSquaredErrorNet { VectorizeAcrossPatterns = false };
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => PyTorchReference.TrainAndCompare(net, "sigmoid_sse", "SumSquaredError", "Sigmoid", momentum: 0.8));
        Assert.Contains("sigmoid_sse: E at sweep 3", failure.Message);
    }
}

/// <summary>Reads tests/references/softmax_ce_momentum.json and trains a network along it.</summary>
internal static class PyTorchReference
{
    private const double Tolerance = 1e-9;

    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "references", "softmax_ce_momentum.json"))));

    public static JsonElement Root => Document.Value.RootElement;

    /// <summary>
    /// From the reference's initial parameters, <c>sweeps</c> batch sweeps of <paramref name="net"/> on its cases: E of
    /// each sweep, the final parameters and E after the last sweep, each within 1e-9 relative of PyTorch's.
    /// </summary>
    public static void TrainAndCompare<TNet>(TNet net, string kind, string loss, string outputActivation, double? momentum = null)
        where TNet : INetwork<double>
    {
        JsonElement root = Root;
        JsonElement expected = root.GetProperty("networks").GetProperty(kind);
        Assert.Equal(loss, expected.GetProperty("loss").GetString());
        Assert.Equal(outputActivation, expected.GetProperty("outputActivation").GetString());

        net.SetParameters(Flatten(root.GetProperty("initial"), net));
        net.LearningRate = root.GetProperty("learningRate").GetDouble();
        net.Momentum = momentum ?? root.GetProperty("momentum").GetDouble();
        net.WeightDecay = root.GetProperty("weightDecay").GetDouble();
        DataSet<double> data = DataSet<double>.FromRows(Rows(root.GetProperty("inputs")), Rows(expected.GetProperty("targets")));

        double[] errors = expected.GetProperty("errorPerSweep").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(root.GetProperty("sweeps").GetInt32(), errors.Length);
        for (int sweep = 0; sweep < errors.Length; sweep++)
        {
            AssertRelative(errors[sweep], net.TrainBatch(data), $"{kind}: E at sweep {sweep + 1}");
        }

        double[] final = Flatten(expected.GetProperty("final"), net);
        for (int k = 0; k < final.Length; k++)
        {
            AssertRelative(final[k], net.Parameters[k], $"{kind}: final parameter {k}");
        }

        net.ClearGradients();
        AssertRelative(expected.GetProperty("errorAfterLastSweep").GetDouble(), net.AccumulateBatch(data), $"{kind}: E after the last sweep");
    }

    /// <summary>
    /// The reference's per-layer W[j][i] and b[j] in the network's parameter layout (per layer in declaration order,
    /// weights row by row, then biases), through the layout <see cref="NetworkLayout"/> reads from the topology.
    /// </summary>
    private static double[] Flatten(JsonElement layers, INetwork<double> network)
    {
        var values = new double[network.ParameterLength];
        var filled = new bool[network.ParameterLength];
        Dictionary<string, JsonElement> byName = layers.EnumerateArray().ToDictionary(l => l.GetProperty("name").GetString()!);
        foreach (LayerLayout layer in NetworkLayout.Of(network))
        {
            JsonElement reference = byName[layer.Name];
            JsonElement[] rows = reference.GetProperty("W").EnumerateArray().ToArray();
            Assert.Equal(layer.Size, rows.Length);
            for (int j = 0; j < layer.Size; j++)
            {
                double[] row = rows[j].EnumerateArray().Select(v => v.GetDouble()).ToArray();
                Assert.Equal(layer.FanIn, row.Length);
                for (int i = 0; i < layer.FanIn; i++)
                {
                    Set(layer.WeightOffset + (j * layer.FanIn) + i, row[i]);
                }
            }

            JsonElement biases = reference.GetProperty("b");
            Assert.Equal(layer.HasBias, biases.ValueKind == JsonValueKind.Array);
            if (layer.HasBias)
            {
                double[] b = biases.EnumerateArray().Select(v => v.GetDouble()).ToArray();
                Assert.Equal(layer.Size, b.Length);
                for (int j = 0; j < layer.Size; j++)
                {
                    Set(layer.BiasOffset + j, b[j]);
                }
            }
        }

        Assert.All(filled, Assert.True);
        return values;

        void Set(int index, double value)
        {
            Assert.False(filled[index], $"parameter {index} set twice");
            filled[index] = true;
            values[index] = value;
        }
    }

    private static double[][] Rows(JsonElement rows) =>
        rows.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();

    private static void AssertRelative(double expected, double actual, string what)
    {
        double relative = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(relative <= Tolerance, $"{what}: PyTorch {expected:R}, BackpropGen {actual:R} (relative error {relative:E2})");
    }
}
