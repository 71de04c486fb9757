using System.Reflection;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// [Recurrent(FromPrevious = …)]: layers reading other layers' states at t − 1 — the paper's fully recurrent synchronous
/// net, its layout and topology, T = 1 as the dense net, and a trained delay task that needs the cross-layer weights. The
/// gradients are checked against central differences with the rest of the random recurrent corpus (<see cref="RecurrentTests"/>).
/// </summary>
public class RecurrentCrossLayerTests
{
    private const string Source = """
        using BackpropGen;
        namespace Cross;

        /// <summary>Every unit reads every unit at t − 1: h and o each read themselves and each other, and the inputs at t.</summary>
        [Network(TimeSteps = 4, Precision = Precision.Double)]
        [Input("x", 2)]
        [Recurrent("h", 3, Activation.Tanh, FromPrevious = new[] { "o" })]
        [Recurrent("o", 2, Activation.Sigmoid, From = new[] { "x" }, FromPrevious = new[] { "h" }, InitialState = InitialState.Learned)]
        public partial class FullyRecurrent { }

        [Network(TimeSteps = 1, Precision = Precision.Double)]
        [Input("x", 3)]
        [Recurrent("h", 4, Activation.Tanh, FromPrevious = new[] { "o" })]
        [Dense("o", 2, Activation.Sigmoid)]
        public partial class OneStep { }

        [Network(Precision = Precision.Double)]
        [Input("x", 3)]
        [Dense("h", 4, Activation.Tanh)]
        [Dense("o", 2, Activation.Sigmoid)]
        public partial class Layered { }
        """;

    private static readonly Lazy<(Assembly Assembly, string Generated)> Compiled = new(() =>
    {
        GeneratorRun run = GeneratorHarness.Run(Source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        return (GeneratorHarness.Load(run.Output), run.Source("Cross.FullyRecurrent.g.cs"));
    });

    private static INetwork<double> New(string name) =>
        (INetwork<double>)Activator.CreateInstance(Compiled.Value.Assembly.GetType("Cross." + name)!)!;

    [Fact]
    public void TheFullyRecurrentNetsRowsReadEveryUnitAtTMinusOne()
    {
        INetwork<double> net = New("FullyRecurrent");

        // h: 3 × (2 + 3 + 2) + 3 = 24; o: 2 × (2 + 2 + 3) + 2 + 2 (learned h(−1)) = 18.
        Assert.Equal(24 + 18, net.ParameterLength);
        Assert.Equal("input x[2]; recurrent h[3] tanh bias <- x previous o; recurrent o[2] sigmoid bias <- x previous h initial learned; steps 4 outputs every; loss sse", net.Topology);
        IReadOnlyList<LayerLayout> layout = NetworkLayout.Parse(net.Topology);
        Assert.Equal((7, 0, 21, -1), (layout[0].FanIn, layout[0].WeightOffset, layout[0].BiasOffset, layout[0].InitialStateOffset));
        Assert.Equal((7, 24, 38, 40), (layout[1].FanIn, layout[1].WeightOffset, layout[1].BiasOffset, layout[1].InitialStateOffset));
        Assert.Equal(SeededUniform.FanInScaled<double>(net.ParameterLength, net.Topology), net.Parameters.ToArray());

        string generated = Compiled.Value.Generated;
        Assert.Contains("h: x_j(t) = Σ_i y_i(t) w_ji + Σ_k h_k(t−1) w_jk + Σ_k y_k(t−1) w_jk over o at t − 1 + b_j", generated, StringComparison.Ordinal);
        Assert.Contains("over o at t + 1, which read it at t − 1", generated, StringComparison.Ordinal);
        Assert.Contains("∂E/∂o_k(−1) += Σ_j δ_j(0) w_jk over h", generated, StringComparison.Ordinal);
        Assert.Contains("public const int StateSize = 5;", generated, StringComparison.Ordinal);
    }

    [Fact]
    public void TheFullyRecurrentNetsGradientMatchesCentralDifferencesWithAMask()
    {
        INetwork<double> net = New("FullyRecurrent");
        net.Initialize(23, 0.9);
        ulong state = 41;
        double[] input = GradientCheckTests.Draw(net.InputLength, ref state, 1.0);
        double[] target = GradientCheckTests.Draw(net.OutputLength, ref state, 0.5).Select(v => v + 0.5).ToArray();
        double[] mask = { 1, 0, 1, 1 };
        var accumulate = net.GetType().GetMethods().Single(m => m.Name == "AccumulateGradient" && m.GetParameters().Length == 3).CreateDelegate<Masked>(net);
        net.ClearGradients();
        accumulate(input, target, mask);
        double[] analytic = net.Gradients.ToArray();
        Assert.All(analytic[38..42], g => Assert.NotEqual(0.0, g));

        double Error()
        {
            var output = new double[net.OutputLength];
            net.Forward(input, output);
            return Enumerable.Range(0, output.Length).Sum(k => mask[k / 2] * 0.5 * (output[k] - target[k]) * (output[k] - target[k]));
        }

        for (int k = 0; k < net.ParameterLength; k++)
        {
            const double h = 1e-4;
            double w = net.Parameters[k];
            double At(double value)
            {
                net.Parameters[k] = value;
                return Error();
            }

            double numeric = (-At(w + (2 * h)) + (8 * At(w + h)) - (8 * At(w - h)) + At(w - (2 * h))) / (12 * h);
            net.Parameters[k] = w;
            double relative = Math.Abs(analytic[k] - numeric) / Math.Max(1e-3, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-6, $"parameter {k}: analytic {analytic[k]:R}, numeric {numeric:R}, relative error {relative:E2}");
        }
    }

    private delegate double Masked(ReadOnlySpan<double> input, ReadOnlySpan<double> target, ReadOnlySpan<double> mask);

    private delegate void StepDelegate(ReadOnlySpan<double> input, Span<double> state, Span<double> output);

    private delegate void ResetDelegate(Span<double> state);

    [Fact]
    public void StepCarriesBothLayersStatesAndGivesForwardsOutputs()
    {
        INetwork<double> net = New("FullyRecurrent");
        net.Initialize(5, 0.8);
        double[] input = { 0.1, -0.2, 0.3, 0.4, -0.5, 0.6, 0.7, -0.8 };
        var whole = new double[8];
        net.Forward(input, whole);
        var state = new double[5];
        net.GetType().GetMethod("ResetState")!.CreateDelegate<ResetDelegate>(net)(state);
        Assert.Equal(new double[3].Concat(net.Parameters[40..42].ToArray()), state);
        StepDelegate step = net.GetType().GetMethod("Step")!.CreateDelegate<StepDelegate>(net);
        for (int s = 0; s < 4; s++)
        {
            var output = new double[2];
            step(input.AsSpan(2 * s, 2), state, output);
            Assert.Equal(whole.AsSpan(2 * s, 2).ToArray(), output);
        }
    }

    [Fact]
    public void EveryRecurrentNetsStaticLayoutIsItsTopologysLayout()
    {
        for (int n = 0; n < RecurrentTests.NetworkCount; n++)
        {
            var net = (INetwork<double>)Activator.CreateInstance(RecurrentTests.Compiled.Value.Assembly.GetType($"Recurrent.Net{n}")!)!;
            Assert.IsAssignableFrom<ILayeredNetwork>(net);
            Assert.Equal(NetworkLayout.Parse(net.Topology), ((ILayeredNetwork)net).Layout);
            Assert.Equal(net.ParameterLength, NetworkLayout.Of(net).Sum(l => l.ParameterCount));
        }
    }

    [Fact]
    public void NumPyFilesRoundTripTheCrossLayerColumnsAndTheLearnedInitialState()
    {
        INetwork<double> net = New("FullyRecurrent");
        net.Initialize(99, 0.7);
        string directory = Path.Combine(Path.GetTempPath(), "bpg-numpy-rnn-" + Guid.NewGuid().ToString("N"));
        try
        {
            NumPyParameters.Save(net, directory);
            Assert.True(File.Exists(Path.Combine(directory, NumPyParameters.InitialStateFileName("o"))));
            Assert.False(File.Exists(Path.Combine(directory, NumPyParameters.InitialStateFileName("h"))));
            INetwork<double> loaded = New("FullyRecurrent");
            NumPyParameters.Load(loaded, directory);
            Assert.Equal(net.Parameters.ToArray(), loaded.Parameters.ToArray());

            // W[i, j] = w_ji: h's matrix is 7 × 3 (x at t, h and o at t − 1, row-wise).
            File.Delete(Path.Combine(directory, NumPyParameters.InitialStateFileName("o")));
            Assert.Throws<FileNotFoundException>(() => NumPyParameters.Load(loaded, directory));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void OneStepReadingTheOutputAtTMinusOneIsExactlyTheDenseNet()
    {
        // At T = 1 the states at t − 1 are 0: h's own and o's columns are never read, and the net is the dense net.
        INetwork<double> inTime = New("OneStep");
        INetwork<double> layered = New("Layered");
        inTime.Initialize(3, 0.5);
        RecurrentTests.AssertOneStepIsDense(inTime, layered, hidden: 4, fanIn: 3, columns: 9);
    }

    [Fact]
    public void AJordanNetLearnsToEchoItsOwnOutput()
    {
        // o(t) must be the input at t − 1 and h reads only x at t and o at t − 1 (h's own recurrent weights start at 0 and can
        // help, but the task is learnt fastest through o): trained with batch sweeps, E falls by 20×.
        const string jordan = """
            using BackpropGen;
            namespace Jordan;
            [Network(TimeSteps = 4, Precision = Precision.Double)]
            [Input("x", 1)]
            [Recurrent("h", 4, Activation.Tanh, FromPrevious = new[] { "o" })]
            [Dense("o", 1, Activation.Sigmoid)]
            public partial class Echo { }
            """;
        GeneratorRun run = GeneratorHarness.Run(jordan);
        Assert.Empty(run.GeneratorDiagnostics);
        var net = (INetwork<double>)Activator.CreateInstance(GeneratorHarness.Load(run.Output).GetType("Jordan.Echo")!)!;
        var targets = new List<double[]?[]>();
        var sequences = new List<double[][]>();
        for (int c = 0; c < 16; c++)
        {
            double[] bits = Enumerable.Range(0, 4).Select(b => (double)((c >> b) & 1)).ToArray();
            sequences.Add(bits.Select(b => new[] { b }).ToArray());

            // No target at step 0 (there is no input before it): the mask.
            targets.Add(new double[]?[] { null, new[] { bits[0] }, new[] { bits[1] }, new[] { bits[2] } });
        }

        var data = SequenceDataSet<double>.FromSequences(sequences, targets);
        net.Initialize(9, 0.5);
        net.LearningRate = 0.1;
        net.Momentum = 0.9;
        double first = net.TrainBatch(data);
        double last = first;
        for (int sweep = 0; sweep < 3000; sweep++)
        {
            last = net.TrainBatch(data);
        }

        Assert.True(last < first / 20, $"E went from {first} to {last}");
    }
}
