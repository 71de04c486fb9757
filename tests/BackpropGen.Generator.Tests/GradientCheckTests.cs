using System.Globalization;
using System.Reflection;
using System.Text;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Every generated gradient is checked against central finite differences, over many random networks:
/// sizes 1–8, depth 1–4, every activation, biases on and off, one or two input groups, plain stacks and
/// random DAGs (a layer reads from any non-empty set of inputs and earlier layers), float and double.
/// Each topology is generated twice, once in each precision, in one compilation.
/// </summary>
public class GradientCheckTests
{
    /// <summary>48 networks with squared error, then 8 with a softmax output layer and cross-entropy, then 8 with sigmoid outputs and binary cross-entropy.</summary>
    internal const int NetworkCount = 64;

    private const int FirstCrossEntropy = 48;

    private const int FirstBinaryCrossEntropy = 56;
    internal static readonly Lazy<Assembly> Compiled = new(Compile);
    private static readonly Lazy<Assembly> FamilyTreesCompiled = new(CompileFamilyTrees);

    public static IEnumerable<object[]> Indices() => Enumerable.Range(0, NetworkCount).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Indices))]
    public void DoubleGradientMatchesCentralDifferences(int index)
    {
        var net = (INetwork<double>)Activator.CreateInstance(Compiled.Value.GetType($"Random.Net{index}D")!)!;
        net.Initialize((ulong)index + 1000, 1.0);
        ulong state = (ulong)index;
        double[] input = Draw(net.InputLength, ref state, 1.0);
        double[] target = Targets(net.Topology, net.OutputLength, 1, ref state);

        net.ClearGradients();
        double error = net.AccumulateGradient(input, target);
        double[] analytic = net.Gradients.ToArray();
        Assert.Equal(Error(net, input, target), error, 12);

        for (int k = 0; k < net.ParameterLength; k++)
        {
            double numeric = CentralDifference(net, k, input, target);

            // Relative error, with gradients below 1e-3 compared on that scale (central differences lose
            // relative accuracy as the gradient goes to zero).
            double relative = Math.Abs(analytic[k] - numeric) / Math.Max(1e-3, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-6, $"{net.Name} parameter {k}: analytic {analytic[k]:R}, numeric {numeric:R}, relative error {relative:E2}\n{net.Topology}");
        }
    }

    [Theory]
    [MemberData(nameof(Indices))]
    public void FloatGradientMatchesCentralDifferencesOfTheSameFunction(int index)
    {
        var single = (INetwork<float>)Activator.CreateInstance(Compiled.Value.GetType($"Random.Net{index}F")!)!;
        var twin = (INetwork<double>)Activator.CreateInstance(Compiled.Value.GetType($"Random.Net{index}D")!)!;
        Assert.Equal(twin.Topology, single.Topology);
        single.Initialize((ulong)index + 1000, 1f);
        twin.SetParameters(single.Parameters.ToArray().Select(v => (double)v).ToArray());
        ulong state = (ulong)index;
        float[] input = Draw(single.InputLength, ref state, 1.0).Select(v => (float)v).ToArray();
        float[] target = Targets(single.Topology, single.OutputLength, 1, ref state).Select(v => (float)v).ToArray();
        double[] input64 = input.Select(v => (double)v).ToArray();
        double[] target64 = target.Select(v => (double)v).ToArray();

        single.ClearGradients();
        float error = single.AccumulateGradient(input, target);
        Assert.Equal(Error(twin, input64, target64), error, 1e-5);

        // Float central differences are too coarse to tell a wrong gradient from rounding; the same function
        // evaluated in double is not. Float analytic vs double central differences, to float accuracy.
        for (int k = 0; k < single.ParameterLength; k++)
        {
            double numeric = CentralDifference(twin, k, input64, target64);
            double analytic = single.Gradients[k];
            double relative = Math.Abs(analytic - numeric) / Math.Max(1e-2, Math.Max(Math.Abs(analytic), Math.Abs(numeric)));
            Assert.True(relative <= 1e-4, $"{single.Name} parameter {k}: float analytic {analytic:R}, numeric {numeric:R}, relative error {relative:E2}\n{single.Topology}");
        }
    }

    /// <summary>
    /// The paper's family-trees network exactly as <c>samples/FamilyTrees</c> declares it (two input groups, two
    /// encoding layers meeting in a central layer, 630 parameters), checked on a real case with one answer and a real
    /// case with two answers, in double, and then in float against the same function in double.
    /// </summary>
    [Theory]
    [InlineData(0, 6, new[] { 7 })]       // Colin's father is James
    [InlineData(11, 7, new[] { 4, 8 })]   // Charlotte's aunts are Margaret and Jennifer
    public void FamilyTreesNetworkGradientMatchesCentralDifferences(int person, int relationship, int[] answers)
    {
        Assembly assembly = FamilyTreesCompiled.Value;
        var net = (INetwork<double>)Activator.CreateInstance(assembly.GetType("FamilyTrees.FamilyTreesNet")!)!;
        Assert.Equal(630, net.ParameterLength);

        // Weights larger than the sample's ±0.3, so that every layer's gradient is well away from zero.
        net.Initialize(2024, 1.0);
        var input = new double[36];
        input[person] = 1;
        input[24 + relationship] = 1;
        var target = new double[24];
        Array.ForEach(answers, a => target[a] = 1);

        net.ClearGradients();
        net.AccumulateGradient(input, target);
        double[] analytic = net.Gradients.ToArray();
        int nonZero = 0;
        for (int k = 0; k < net.ParameterLength; k++)
        {
            double numeric = CentralDifference(net, k, input, target);
            double relative = Math.Abs(analytic[k] - numeric) / Math.Max(1e-6, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-5, $"family-trees parameter {k}: analytic {analytic[k]:R}, numeric {numeric:R}, relative error {relative:E2}");
            nonZero += analytic[k] != 0 ? 1 : 0;
        }

        // One-hot inputs: only the weights from the two active input units (6 + 6) of the 24·6 + 12·6 are used;
        // every other parameter (biases, central, answerCode, answer) gets a gradient.
        Assert.Equal(630 - ((24 * 6) + (12 * 6)) + 12, nonZero);

        var single = (INetwork<float>)Activator.CreateInstance(assembly.GetType("FamilyTrees.FamilyTreesNetSingle")!)!;
        Assert.Equal(net.Topology, single.Topology);
        single.SetParameters(net.Parameters.ToArray().Select(v => (float)v).ToArray());
        net.SetParameters(single.Parameters.ToArray().Select(v => (double)v).ToArray());
        single.ClearGradients();
        single.AccumulateGradient(input.Select(v => (float)v).ToArray(), target.Select(v => (float)v).ToArray());
        for (int k = 0; k < single.ParameterLength; k++)
        {
            double numeric = CentralDifference(net, k, input, target);
            double relative = Math.Abs(single.Gradients[k] - numeric) / Math.Max(1e-3, Math.Max(Math.Abs(single.Gradients[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-4, $"family-trees float parameter {k}: analytic {single.Gradients[k]:R}, numeric {numeric:R}, relative error {relative:E2}");
        }
    }

    [Fact]
    public void TheRandomCorpusCoversEveryFeature()
    {
        string source = Source();
        foreach (string feature in new[] { "Activation.Sigmoid", "Activation.Tanh", "Activation.ReLU", "Activation.Identity", "Activation.Softmax", "Loss = Loss.CrossEntropy", "Loss = Loss.BinaryCrossEntropy", "Bias = false", "Bias = true", "From = new[]", "Precision.Single", "Precision.Double" })
        {
            Assert.Contains(feature, source);
        }

        Assert.Contains(Enumerable.Range(0, NetworkCount), i => Depth(i) == 4);
        Assert.Contains(Enumerable.Range(0, NetworkCount), i => Depth(i) == 1);
    }

    /// <summary>
    /// The five-point central difference (−E(w+2h) + 8E(w+h) − 8E(w−h) + E(w−2h)) / 12h, exact to O(h⁴), so h can be
    /// large enough (1e-4) that rounding in E stays far below the tolerance.
    /// </summary>
    internal static double CentralDifference(INetwork<double> net, int k, double[] input, double[] target)
    {
        const double h = 1e-4;
        double w = net.Parameters[k];
        double At(double value)
        {
            net.Parameters[k] = value;
            return Error(net, input, target);
        }

        double numeric = (-At(w + (2 * h)) + (8 * At(w + h)) - (8 * At(w - h)) + At(w - (2 * h))) / (12 * h);
        net.Parameters[k] = w;
        return numeric;
    }

    /// <summary>E of one pattern from Forward's outputs, for the loss the topology names (written here independently of the generator).</summary>
    internal static double Error(INetwork<double> net, double[] input, double[] target)
    {
        var output = new double[net.OutputLength];
        net.Forward(input, output);
        double e = 0;
        for (int j = 0; j < output.Length; j++)
        {
            double y = output[j];
            double d = target[j];
            e += net.Topology.EndsWith("loss crossentropy", StringComparison.Ordinal) ? -d * Math.Log(y)
                : net.Topology.EndsWith("loss binarycrossentropy", StringComparison.Ordinal) ? -((d * Math.Log(y)) + ((1 - d) * Math.Log(1 - y)))
                : 0.5 * (y - d) * (y - d);
        }

        return e;
    }

    /// <summary>
    /// Targets for <paramref name="cases"/> cases, each in [0, 1]; for cross-entropy each case's targets are scaled
    /// to sum to 1 (probabilities, as a softmax output needs).
    /// </summary>
    internal static double[] Targets(string topology, int outputLength, int cases, ref ulong state)
    {
        double[] targets = Draw(cases * outputLength, ref state, 0.5).Select(v => v + 0.5).ToArray();
        if (topology.EndsWith("loss crossentropy", StringComparison.Ordinal))
        {
            for (int c = 0; c < cases; c++)
            {
                Span<double> row = targets.AsSpan(c * outputLength, outputLength);
                double sum = 0;
                foreach (double d in row)
                {
                    sum += d;
                }

                for (int j = 0; j < row.Length; j++)
                {
                    row[j] = sum > 0 ? row[j] / sum : 1.0 / row.Length;
                }
            }
        }

        return targets;
    }

    internal static double[] Draw(int count, ref ulong state, double range)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = -range + (2 * range * SeededUniform.NextDouble(ref state));
        }

        return values;
    }

    private static int Depth(int index) => 1 + (index % 4);

    private static Assembly Compile()
    {
        GeneratorRun run = GeneratorHarness.Run(Source());
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return GeneratorHarness.Load(run.Output);
    }

    /// <summary>The sample's declaration, and a float twin of it (the same attributes on another class).</summary>
    private static Assembly CompileFamilyTrees()
    {
        string source = Networks.FamilyTreesSample();
        string twin = source
            .Replace("[Network(Precision = Precision.Double)]", "[Network(Precision = Precision.Single, Name = \"FamilyTreesNet\")]", StringComparison.Ordinal)
            .Replace("partial class FamilyTreesNet", "partial class FamilyTreesNetSingle", StringComparison.Ordinal);
        Assert.NotEqual(source, twin);
        GeneratorRun run = GeneratorHarness.Run(source, twin);
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.GeneratorDiagnostics);
        return GeneratorHarness.Load(run.Output);
    }

    /// <summary>The random networks, each declared in double and in float.</summary>
    internal static string Source()
    {
        var text = new StringBuilder("using BackpropGen;\nnamespace Random;\n");
        string[] activations = { "Sigmoid", "Tanh", "ReLU", "Identity" };
        for (int index = 0; index < NetworkCount; index++)
        {
            ulong state = (ulong)(index * 7919);
            int Next(int max) => (int)(SeededUniform.Next(ref state) % (ulong)max);
            var declarations = new List<string>();
            var names = new List<string>();
            var unread = new HashSet<string>();
            int inputGroups = index % 3 == 2 ? 2 : 1;
            for (int g = 0; g < inputGroups; g++)
            {
                declarations.Add($"[Input(\"in{g}\", {1 + Next(8)})]");
                names.Add("in" + g);
                unread.Add("in" + g);
            }

            int depth = Depth(index);
            bool dag = index % 2 == 1;
            for (int l = 0; l < depth; l++)
            {
                bool last = l == depth - 1;
                string name = "l" + l;
                List<string> from;
                if (dag || inputGroups > 1)
                {
                    // A random non-empty set of earlier units; the output layer also reads whatever is still unread.
                    from = names.Where(_ => Next(2) == 0).ToList();
                    if (from.Count == 0)
                    {
                        from.Add(names[^1]);
                    }

                    if (last)
                    {
                        from = from.Union(unread).ToList();
                    }
                }
                else
                {
                    from = new List<string> { names[^1] };
                }

                from.ForEach(f => unread.Remove(f));
                int size = 1 + Next(8);
                string activation = activations[(index + l) % 4];
                if (last && index >= FirstCrossEntropy)
                {
                    // The output layer a matched loss needs: softmax (of at least two units) or sigmoid.
                    (activation, size) = index < FirstBinaryCrossEntropy ? ("Softmax", Math.Max(2, size)) : ("Sigmoid", size);
                }

                string bias = (index + l) % 3 == 0 ? "false" : "true";
                string sources = string.Join(", ", from.Select(f => $"\"{f}\""));
                declarations.Add($"[Dense(\"{name}\", {size}, Activation.{activation}, Bias = {bias}, From = new[] {{ {sources} }})]");
                names.Add(name);
                unread.Add(name);
            }

            foreach ((string suffix, string precision) in new[] { ("D", "Double"), ("F", "Single") })
            {
                string loss = index >= FirstBinaryCrossEntropy ? ", Loss = Loss.BinaryCrossEntropy" : index >= FirstCrossEntropy ? ", Loss = Loss.CrossEntropy" : "";
                text.Append(CultureInfo.InvariantCulture, $"[Network(Precision = Precision.{precision}, Name = \"Net{index}\"{loss})]\n");
                declarations.ForEach(d => text.Append(d).Append('\n'));
                text.Append(CultureInfo.InvariantCulture, $"public partial class Net{index}{suffix} {{ }}\n\n");
            }
        }

        return text.ToString();
    }
}
