using System.Text.Json;

namespace BackpropGen.Tests;

/// <summary>
/// Adam, AdamW, Nesterov and momentum against PyTorch 1.13: References/optimizers.py (run once with Debian's python3-torch)
/// and its committed output References/optimizers.json. Parameters agree to 1e-9 relative in double.
/// </summary>
public class OptimizerReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "References", "optimizers.json"))).RootElement;

    private static double[] Array(JsonElement element) => element.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private static DataSet<double> Data() => new(Array(Reference.GetProperty("inputs")), 3, Array(Reference.GetProperty("targets")), 2);

    private static TorchReferenceNet Net(Optimizer<double> optimizer)
    {
        // The scalar path: case-order sums (PyTorch sums its own way; the tolerance covers the last bits).
        var net = new TorchReferenceNet { VectorizeAcrossPatterns = false };
        net.SetParameters(Array(Reference.GetProperty("initial")));
        net.Optimizer = optimizer;
        return net;
    }

    public static TheoryData<string> FullBatchRuns => ["adam", "adamw", "nesterov", "momentum"];

    private static Optimizer<double> Make(string run) => run switch
    {
        "adam" => new AdamOptimizer<double>(0.05, 0.9, 0.999, 1e-8, weightDecay: 0.001),
        "adamw" => new AdamWOptimizer<double>(0.05, 0.8, 0.99, 1e-6, weightDecay: 0.1),
        "nesterov" => new NesterovOptimizer<double>(0.5, 0.9, 0.001),
        "momentum" => new MomentumOptimizer<double>(0.5, 0.9),
        _ => throw new ArgumentOutOfRangeException(nameof(run), run, null),
    };

    [Theory]
    [MemberData(nameof(FullBatchRuns))]
    public void Full_batch_steps_match_PyTorch(string run)
    {
        JsonElement expected = Reference.GetProperty("runs").GetProperty(run);
        double[] errors = Array(expected.GetProperty("errors"));
        var net = Net(Make(run));
        var data = Data();
        for (int step = 0; step < errors.Length; step++)
        {
            AssertRelative(errors[step], net.TrainBatch(data), 1e-9, $"{run}: E before step {step + 1}");
        }

        AssertParameters(Array(expected.GetProperty("final")), net.Parameters, run);
    }

    [Fact]
    public void Mean_mini_batches_match_PyTorch()
    {
        // Batches of 4 in data-set order (cases 0–3, then 4–5), the gradient averaged over each batch.
        JsonElement expected = Reference.GetProperty("runs").GetProperty("adam_minibatch_mean");
        double[] errors = Array(expected.GetProperty("errors"));
        var net = Net(new AdamOptimizer<double>(0.05));
        var epoch = new MiniBatchEpoch<double>(Data(), 4);
        for (int e = 0; e < errors.Length; e++)
        {
            AssertRelative(errors[e], epoch.Run(net, e + 1, seed: 0, shuffle: false, GradientScale.Mean), 1e-9, $"E of epoch {e + 1}");
        }

        AssertParameters(Array(expected.GetProperty("final")), net.Parameters, "mini-batch Adam");
    }

    [Fact]
    public void The_papers_rule_as_an_optimizer_is_the_networks_own_rule_bit_for_bit()
    {
        var data = Data();
        var own = Net(null!);
        own.Optimizer = null;
        own.LearningRate = 0.5;
        own.Momentum = 0.9;
        own.WeightDecay = 0.001;
        var viaOptimizer = Net(new MomentumOptimizer<double>(0.5, 0.9, 0.001));
        own.VectorizeAcrossPatterns = viaOptimizer.VectorizeAcrossPatterns = true;
        for (int step = 0; step < 20; step++)
        {
            Assert.Equal(own.TrainBatch(data), viaOptimizer.TrainBatch(data));
        }

        Assert.Equal(own.Parameters.ToArray(), viaOptimizer.Parameters.ToArray());
    }

    private static void AssertParameters(double[] expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            AssertRelative(expected[k], actual[k], 1e-9, $"{what}: parameter {k}");
        }
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-12);
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E2}).");
    }
}
