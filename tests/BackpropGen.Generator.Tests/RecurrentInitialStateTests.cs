using System.Reflection;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// [Recurrent(InitialState = InitialState.Learned)]: h(−1) as parameters of the layer after its biases — the layout, the
/// topology, the fan-in scaled start, what Forward and Step read, save and load. Its gradient is checked against central
/// differences with the rest of the random recurrent corpus (<see cref="RecurrentTests"/>).
/// </summary>
public class RecurrentInitialStateTests
{
    private const string Source = """
        using BackpropGen;
        namespace Learned;
        [Network(TimeSteps = 3, Precision = Precision.Double)]
        [Input("x", 2)]
        [Recurrent("h", 3, Activation.Tanh, InitialState = InitialState.Learned)]
        [Dense("y", 1, Activation.Sigmoid)]
        public partial class WithStart { }

        [Network(TimeSteps = 3, Precision = Precision.Double)]
        [Input("x", 2)]
        [Recurrent("h", 3, Activation.Tanh)]
        [Dense("y", 1, Activation.Sigmoid)]
        public partial class FromZero { }
        """;

    private static readonly Lazy<(Assembly Assembly, string Generated)> Compiled = new(() =>
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        return (GeneratorHarness.Load(run.Output), run.Source("Learned.WithStart.g.cs"));
    });

    private static INetwork<double> New(string name) =>
        (INetwork<double>)Activator.CreateInstance(Compiled.Value.Assembly.GetType("Learned." + name)!)!;

    [Fact]
    public void TheInitialStateIsABlockAfterTheBiasesInTheLayoutTopologyAndCount()
    {
        INetwork<double> net = New("WithStart");

        // h: 3 × (2 + 3) weights at [0, 15), b at [15, 18), h(−1) at [18, 21); y: 3 weights + 1 bias.
        Assert.Equal(15 + 3 + 3 + 4, net.ParameterLength);
        Assert.Equal(New("FromZero").ParameterLength + 3, net.ParameterLength);
        Assert.Contains("recurrent h[3] tanh bias <- x initial learned;", net.Topology, StringComparison.Ordinal);
        LayerLayout h = NetworkLayout.Parse(net.Topology)[0];
        Assert.Equal((0, 15, 18, 21), (h.WeightOffset, h.BiasOffset, h.InitialStateOffset, h.ParameterCount));
        Assert.True(h.HasLearnedInitialState);
        Assert.False(NetworkLayout.Parse(New("FromZero").Topology)[0].HasLearnedInitialState);
        Assert.Equal(21, NetworkLayout.Parse(net.Topology)[1].WeightOffset);

        string generated = Compiled.Value.Generated;
        Assert.Contains("public global::System.Span<double> HInitialState => new global::System.Span<double>(_parameters, 18, 3);", generated, StringComparison.Ordinal);
        Assert.Contains("h_k(−1) at [18, 21)", generated, StringComparison.Ordinal);
        Assert.Contains("where h_k(−1) is learned (w[18 + k])", generated, StringComparison.Ordinal);
        Assert.Contains("∂E/∂h_k(−1) += Σ_j δ_j(0) w_jk", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void ANewNetworkStartsItsInitialStateAsItsBiases()
    {
        INetwork<double> net = New("WithStart");
        Assert.Equal(SeededUniform.FanInScaled<double>(net.ParameterLength, net.Topology), net.Parameters.ToArray());

        // Weights, biases and h(−1) of h are drawn in [−1/√5, 1/√5) (h reads 2 inputs and its 3 units); none is 0.
        Assert.All(net.Parameters[..21].ToArray(), v => Assert.InRange(Math.Abs(v), 1e-12, 1 / Math.Sqrt(5)));
    }

    [Fact]
    public void AZeroInitialStateGivesTheZeroStateNetsResultsAndALearnedOneChangesThem()
    {
        INetwork<double> learned = New("WithStart");
        INetwork<double> zero = New("FromZero");
        zero.Initialize(5, 0.7);
        double[] p = zero.Parameters.ToArray();
        learned.SetParameters(p[..18].Concat(new double[3]).Concat(p[18..]).ToArray());

        double[] input = { 0.5, -0.25, 1, 0.75, -1, 0.125 };
        double[] target = { 0.9, 0.1, 0.4 };
        var a = new double[3];
        var b = new double[3];
        learned.Forward(input, a);
        zero.Forward(input, b);
        Assert.Equal(b, a);
        learned.ClearGradients();
        zero.ClearGradients();
        Assert.Equal(zero.AccumulateGradient(input, target), learned.AccumulateGradient(input, target));
        double[] g = learned.Gradients.ToArray();
        Assert.Equal(zero.Gradients[..18].ToArray(), g[..18]);
        Assert.Equal(zero.Gradients[18..].ToArray(), g[21..]);

        // ∂E/∂h_k(−1) = Σ_j δ_j(0) w_jk is not 0, and moving h(−1) moves the outputs (most at step 0).
        Assert.All(g[18..21], v => Assert.NotEqual(0.0, v));
        learned.Parameters[19] = 0.8;
        learned.Forward(input, a);
        Assert.NotEqual(b[0], a[0]);
    }

    [Fact]
    public void StepFromResetStateGivesForwardAndResetStateCopiesTheLearnedState()
    {
        INetwork<double> net = New("WithStart");
        net.Initialize(8, 0.9);
        Type type = net.GetType();
        var state = new double[3];
        RecurrentTests.ResetVia(type.GetMethod("ResetState")!, net, state);
        Assert.Equal(net.Parameters[18..21].ToArray(), state);

        double[] input = { 0.3, 0.1, -0.4, 0.2, 0.9, -0.9 };
        var whole = new double[3];
        net.Forward(input, whole);
        MethodInfo step = type.GetMethod("Step")!;
        for (int s = 0; s < 3; s++)
        {
            var output = new double[1];
            step.CreateDelegate<StepDelegate>(net)(input.AsSpan(2 * s, 2), state, output);
            Assert.Equal(whole[s], output[0]);
        }

        Assert.Throws<ArgumentException>(() => RecurrentTests.ResetVia(type.GetMethod("ResetState")!, net, new double[2]));
    }

    private delegate void StepDelegate(ReadOnlySpan<double> input, Span<double> state, Span<double> output);

    [Fact]
    public void SaveAndLoadKeepTheLearnedInitialState()
    {
        INetwork<double> net = New("WithStart");
        net.Initialize(12, 0.6);
        net.Parameters[20] = 0.4375;
        string path = Path.Combine(Path.GetTempPath(), "bpg-initial-state-" + Guid.NewGuid().ToString("N") + ".bpgw");
        try
        {
            ParameterFile.Save(net, path);
            INetwork<double> loaded = New("WithStart");
            ParameterFile.Load(loaded, path);
            Assert.Equal(net.Parameters.ToArray(), loaded.Parameters.ToArray());

            // A file of the zero-state net is another topology: refused, nothing changed.
            INetwork<double> zero = New("FromZero");
            double[] before = zero.Parameters.ToArray();
            Assert.ThrowsAny<Exception>(() => ParameterFile.Load(zero, path));
            Assert.Equal(before, zero.Parameters.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
