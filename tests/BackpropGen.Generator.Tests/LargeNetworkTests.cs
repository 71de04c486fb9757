using System.Reflection;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Layers over <see cref="UnrollPolicy.MaxUnrolledLayerWeights"/> weights are written as loops over their weight rows.
/// These networks mix both kinds every way the emitter distinguishes: a looping layer reading the inputs, an unrolled
/// layer reading a looping one (and feeding its ∂E/∂y back), a looping layer reading an unrolled one and a looping one
/// (a DAG), and a looping output layer. Their gradients are checked against finite differences on a sample of
/// parameters from every layer.
/// </summary>
public class LargeNetworkTests
{
    internal const string Source = """
        using BackpropGen;
        namespace Large;

        [Network(Precision = Precision.Double, Name = "Wide")]
        [Input("x", 70)]
        [Dense("hidden", 60, Activation.Tanh)]
        [Dense("output", 3, Activation.Sigmoid)]
        public partial class WideD { }

        [Network(Name = "Wide")]
        [Input("x", 70)]
        [Dense("hidden", 60, Activation.Tanh)]
        [Dense("output", 3, Activation.Sigmoid)]
        public partial class WideF { }

        [Network(Precision = Precision.Double, Name = "Mixed")]
        [Input("x", 5)]
        [Input("z", 66)]
        [Dense("a", 4, Activation.Sigmoid, From = new[] { "x" })]
        [Dense("b", 62, Activation.ReLU, Bias = false, From = new[] { "z", "a" })]
        [Dense("c", 3, Activation.Tanh, From = new[] { "b" })]
        [Dense("output", 66, Activation.Identity, From = new[] { "b", "a", "c" })]
        public partial class MixedD { }

        [Network(Name = "Mixed")]
        [Input("x", 5)]
        [Input("z", 66)]
        [Dense("a", 4, Activation.Sigmoid, From = new[] { "x" })]
        [Dense("b", 62, Activation.ReLU, Bias = false, From = new[] { "z", "a" })]
        [Dense("c", 3, Activation.Tanh, From = new[] { "b" })]
        [Dense("output", 66, Activation.Identity, From = new[] { "b", "a", "c" })]
        public partial class MixedF { }

        [Network(Precision = Precision.Double, Name = "Chunked")]
        [Input("x", 40)]
        [Input("z", 3)]
        [Dense("h1", 30, Activation.Sigmoid, From = new[] { "x" })]
        [Dense("h2", 20, Activation.Tanh, From = new[] { "h1", "z" })]
        [Dense("big", 80, Activation.ReLU, From = new[] { "h1", "h2" })]
        [Dense("out", 4, Activation.Identity, Bias = false, From = new[] { "big", "z" })]
        public partial class ChunkedD { }

        [Network(Name = "Chunked")]
        [Input("x", 40)]
        [Input("z", 3)]
        [Dense("h1", 30, Activation.Sigmoid, From = new[] { "x" })]
        [Dense("h2", 20, Activation.Tanh, From = new[] { "h1", "z" })]
        [Dense("big", 80, Activation.ReLU, From = new[] { "h1", "h2" })]
        [Dense("out", 4, Activation.Identity, Bias = false, From = new[] { "big", "z" })]
        public partial class ChunkedF { }

        [Network(Precision = Precision.Double, Name = "Softmax", Loss = Loss.CrossEntropy)]
        [Input("x", 70)]
        [Dense("hidden", 60, Activation.Tanh)]
        [Dense("output", 70, Activation.Softmax)]
        public partial class SoftmaxD { }

        [Network(Name = "Softmax", Loss = Loss.CrossEntropy)]
        [Input("x", 70)]
        [Dense("hidden", 60, Activation.Tanh)]
        [Dense("output", 70, Activation.Softmax)]
        public partial class SoftmaxF { }

        [Network(Precision = Precision.Double, Name = "SoftmaxParts", Loss = Loss.CrossEntropy)]
        [Input("x", 20)]
        [Dense("hidden", 30, Activation.Sigmoid)]
        [Dense("output", 60, Activation.Softmax, From = new[] { "hidden", "x" })]
        public partial class SoftmaxPartsD { }

        [Network(Name = "SoftmaxParts", Loss = Loss.CrossEntropy)]
        [Input("x", 20)]
        [Dense("hidden", 30, Activation.Sigmoid)]
        [Dense("output", 60, Activation.Softmax, From = new[] { "hidden", "x" })]
        public partial class SoftmaxPartsF { }

        [Network(Precision = Precision.Double, Name = "Binary", Loss = Loss.BinaryCrossEntropy)]
        [Input("x", 70)]
        [Dense("hidden", 60, Activation.ReLU)]
        [Dense("output", 70, Activation.Sigmoid)]
        public partial class BinaryD { }

        [Network(Name = "Binary", Loss = Loss.BinaryCrossEntropy)]
        [Input("x", 70)]
        [Dense("hidden", 60, Activation.ReLU)]
        [Dense("output", 70, Activation.Sigmoid)]
        public partial class BinaryF { }
        """;

    internal static readonly Lazy<Assembly> Compiled = new(() =>
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.GeneratorDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return GeneratorHarness.Load(run.Output);
    });

    /// <summary>Softmax: a looping softmax output layer with cross-entropy; SoftmaxParts: an unrolled one cut into forward parts; Binary: looping sigmoid outputs with binary cross-entropy.</summary>
    public static IEnumerable<object[]> Names() => new[] { "Wide", "Mixed", "Chunked", "Softmax", "SoftmaxParts", "Binary" }.Select(n => new object[] { n });

    [Fact]
    public void TheLargeLayersLoopAndTheSmallOnesAreUnrolled()
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        string mixed = run.Source("Large.MixedD.g.cs");
        Assert.Contains("// Layer b: 62 units, ReLU, reading z + a; w_ji at [24, 4364); a loop over the weight rows (4340 weights, over the 4096 unrolled)", mixed);
        Assert.Contains("x += global::BackpropGen.Kernels.Dot(w.Slice(24 + j * 70, 66), input.Slice(5, 66));", mixed);
        Assert.Contains("x += global::BackpropGen.Kernels.Dot(w.Slice(24 + j * 70 + 66, 4), ys_a);", mixed);
        Assert.Contains("double x_c_0 = ys_b[0] * w[4364]", mixed);
        Assert.Contains("double y_a_0 = ", mixed);
        Assert.Contains("ys_a[0] = y_a_0;", mixed);
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void APassTooLargeForOneMethodIsCutIntoParts()
    {
        string chunked = GeneratorHarness.Run(Source).Source("Large.ChunkedD.g.cs");

        // big has 80 rows of 50 weights and a bias: 4,080 terms, so its forward pass is cut into parts of at most 1,000.
        Assert.Contains("private void Forward_big_0(", chunked);
        Assert.Contains("private void Forward_big_4(", chunked);
        Assert.DoesNotContain("private void Forward_big_5(", chunked);
        Assert.Contains("// Layer big: 80 units, ReLU, reading h1 + h2; w_ji at [1910, 5910), b_j at [5910, 5990); here units 0–18", chunked);
        Assert.Contains("Forward_big_4(input, default);", chunked);
        Assert.Contains("Gradient_big_4(input, target);", chunked);
    }

    /// <summary>The JIT does not optimize a method of more than 60,000 bytes of IL (it switches to MinOpts): none comes near (under 50,000: a 1,000-term part of fused lane sums is ~41,000).</summary>
    [Fact]
    public void NoGeneratedMethodIsTooLargeForTheJit()
    {
        foreach (Assembly assembly in new[] { Compiled.Value, GradientCheckTests.Compiled.Value })
        {
            foreach (Type type in assembly.GetTypes())
            {
                foreach (MethodInfo method in type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    int il = method.GetMethodBody()?.GetILAsByteArray()?.Length ?? 0;
                    Assert.True(il < 50_000, $"{type.Name}.{method.Name} has {il} bytes of IL");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void DoubleGradientMatchesCentralDifferences(string name)
    {
        var net = (INetwork<double>)Activator.CreateInstance(Compiled.Value.GetType($"Large.{name}D")!)!;
        net.Initialize(11, 0.3);
        ulong state = 5;
        double[] input = GradientCheckTests.Draw(net.InputLength, ref state, 1.0);
        double[] target = GradientCheckTests.Targets(net.Topology, net.OutputLength, 1, ref state);

        net.ClearGradients();
        double error = net.AccumulateGradient(input, target);
        double[] analytic = net.Gradients.ToArray();
        Assert.Equal(GradientCheckTests.Error(net, input, target), error, 12);
        foreach (int k in Sample(net.ParameterLength))
        {
            double numeric = GradientCheckTests.CentralDifference(net, k, input, target);
            double relative = Math.Abs(analytic[k] - numeric) / Math.Max(1e-3, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-6, $"{name} parameter {k}: analytic {analytic[k]:R}, numeric {numeric:R}, relative error {relative:E2}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void FloatGradientMatchesTheDoubleOne(string name)
    {
        var single = (INetwork<float>)Activator.CreateInstance(Compiled.Value.GetType($"Large.{name}F")!)!;
        var twin = (INetwork<double>)Activator.CreateInstance(Compiled.Value.GetType($"Large.{name}D")!)!;
        single.Initialize(11, 0.3f);
        twin.SetParameters(single.Parameters.ToArray().Select(v => (double)v).ToArray());
        ulong state = 5;
        float[] input = GradientCheckTests.Draw(single.InputLength, ref state, 1.0).Select(v => (float)v).ToArray();
        float[] target = GradientCheckTests.Targets(single.Topology, single.OutputLength, 1, ref state).Select(v => (float)v).ToArray();

        single.ClearGradients();
        twin.ClearGradients();
        single.AccumulateGradient(input, target);
        twin.AccumulateGradient(input.Select(v => (double)v).ToArray(), target.Select(v => (double)v).ToArray());
        double scale = twin.Gradients.ToArray().Max(Math.Abs);
        for (int k = 0; k < single.ParameterLength; k++)
        {
            Assert.True(Math.Abs(single.Gradients[k] - twin.Gradients[k]) <= 1e-4 * scale, $"{name} parameter {k}: float {single.Gradients[k]:R}, double {twin.Gradients[k]:R}");
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ForwardMatchesTheForwardPassOfAccumulateGradient(string name)
    {
        var net = (INetwork<double>)Activator.CreateInstance(Compiled.Value.GetType($"Large.{name}D")!)!;
        net.Initialize(3, 0.5);
        ulong state = 9;
        double[] input = GradientCheckTests.Draw(net.InputLength, ref state, 1.0);
        double[] target = GradientCheckTests.Targets(net.Topology, net.OutputLength, 1, ref state);
        double expected = GradientCheckTests.Error(net, input, target);
        Assert.Equal(expected, net.AccumulateGradient(input, target), 12);
    }

    /// <summary>About 150 parameters spread over the whole layout (so every layer's weights and biases are hit).</summary>
    private static IEnumerable<int> Sample(int count) => Enumerable.Range(0, count).Where(k => k % 31 == 0 || k >= count - 70 || k % 997 == 1);
}
