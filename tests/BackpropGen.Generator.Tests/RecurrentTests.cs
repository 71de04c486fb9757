using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Networks run in time ([Network(TimeSteps = T)] with [Recurrent] layers), unrolled at compile time and back-propagated
/// through time: gradients against central differences over random recurrent nets, T = 1 against the dense net, a
/// snapshot of a small T = 3 net.
/// </summary>
public class RecurrentTests
{
    internal const int NetworkCount = CrossLayer + 12;

    /// <summary>The first nets (sigmoid, tanh, ReLU, identity outputs; SSE and BCE); after them, softmax outputs with cross-entropy per step.</summary>
    private const int LayeredOutputs = 40;

    /// <summary>After the softmax nets: nets whose recurrent layers have a learned initial state h(−1).</summary>
    private const int LearnedStates = LayeredOutputs + 8;

    /// <summary>After those: nets whose recurrent layers read other layers at t − 1 (FromPrevious), some with learned initial states.</summary>
    private const int CrossLayer = LearnedStates + 12;

    internal static readonly Lazy<(Assembly Assembly, string[] Declarations)> Compiled = new(Compile);

    internal static readonly Lazy<Assembly> CompiledSingle = new(() =>
    {
        GeneratorRun run = GeneratorHarness.Run("using BackpropGen;\nnamespace Recurrent;\n" + string.Join("", Compiled.Value.Declarations).Replace("Precision.Double", "Precision.Single"));
        Assert.Empty(run.GeneratorDiagnostics);
        return GeneratorHarness.Load(run.Output);
    });

    public static IEnumerable<object[]> Indices() => Enumerable.Range(0, NetworkCount).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Indices))]
    public void DoubleGradientThroughTimeMatchesCentralDifferences(int index)
    {
        var net = (INetwork<double>)Activator.CreateInstance(Compiled.Value.Assembly.GetType($"Recurrent.Net{index}")!)!;
        CheckDoubleGradient(net, index, Compiled.Value.Declarations[index]);
    }

    [Fact]
    public void ANetTooLargeForOneMethodIsCutIntoPartsAndStillExact()
    {
        // samples/BinaryAddition's shape: 2568 forward terms and about 13,000 in training, over the JIT's limits for one method.
        const string source = """
            using BackpropGen;
            namespace Large;
            [Network(TimeSteps = 8, Precision = Precision.Double, Loss = Loss.BinaryCrossEntropy)]
            [Input("bits", 2)]
            [Recurrent("carry", 16, Activation.Tanh)]
            [Dense("sum", 1, Activation.Sigmoid)]
            public partial class Adder { }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        string generated = run.Source("Large.Adder.g.cs");
        Assert.Contains("private void ForwardPart1(", generated);
        Assert.Contains("private double AccumulatePart1(", generated);
        Type type = GeneratorHarness.Load(run.Output).GetType("Large.Adder")!;
        var net = (INetwork<double>)Activator.CreateInstance(type)!;
        CheckDoubleGradient(net, 3, source);

        // Forward in parts gives what the one-method Step gives, step after step from a zero state.
        ulong seed = 21;
        double[] input = GradientCheckTests.Draw(net.InputLength, ref seed, 1.0);
        var whole = new double[net.OutputLength];
        net.Forward(input, whole);
        var state = new double[16];
        var streamed = new double[8];
        for (int s = 0; s < 8; s++)
        {
            var output = new double[1];
            StepVia(type.GetMethod("Step")!, net, input.AsSpan(2 * s, 2).ToArray(), state, output);
            streamed[s] = output[0];
        }

        // Forward in parts computes tanh a vector of units at a time (VectorTanh), Step one unit at a time: equal to rounding.
        Assert.Contains("VectorTanh(st.Slice(", generated);
        for (int s = 0; s < 8; s++)
        {
            Assert.Equal(streamed[s], whole[s], 1e-12);
        }
    }

    /// <summary>Random targets for one sequence; with cross-entropy, each step's targets sum to 1 (the same draws either way).</summary>
    private static double[] SequenceTargets(INetwork<double> net, ref ulong state)
    {
        int stepOutput = (int)net.GetType().GetField("StepOutputSize")!.GetValue(null)!;
        return GradientCheckTests.Targets(net.Topology, stepOutput, net.OutputLength / stepOutput, ref state);
    }

    private static void CheckDoubleGradient(INetwork<double> net, int index, string declaration)
    {
        net.Initialize((ulong)index + 77, 0.8);
        ulong state = (ulong)index + 5;
        double[] input = GradientCheckTests.Draw(net.InputLength, ref state, 1.0);
        double[] target = SequenceTargets(net, ref state);

        net.ClearGradients();
        double error = net.AccumulateGradient(input, target);
        double[] analytic = net.Gradients.ToArray();
        Assert.Equal(GradientCheckTests.Error(net, input, target), error, 12);
        Assert.Contains(analytic, g => g != 0);

        for (int k = 0; k < net.ParameterLength; k++)
        {
            double numeric = GradientCheckTests.CentralDifference(net, k, input, target);
            double relative = Math.Abs(analytic[k] - numeric) / Math.Max(1e-3, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-6, $"parameter {k}: analytic {analytic[k]:R}, numeric {numeric:R}, relative error {relative:E2}\n{net.Topology}\n{declaration}");
        }
    }

    /// <summary>
    /// The same corpus in float (Precision.Single): the float net's ∂E/∂w against central differences of the double net
    /// holding the same (float-rounded) parameters and input. Bound: 1e-3 relative (floor 1e-2 on the magnitude), float's
    /// 24-bit mantissa summed over up to six steps of back-propagation.
    /// </summary>
    [Theory]
    [MemberData(nameof(Indices))]
    public void FloatGradientThroughTimeMatchesCentralDifferences(int index)
    {
        var single = (INetwork<float>)Activator.CreateInstance(CompiledSingle.Value.GetType($"Recurrent.Net{index}")!)!;
        var net = (INetwork<double>)Activator.CreateInstance(Compiled.Value.Assembly.GetType($"Recurrent.Net{index}")!)!;
        net.Initialize((ulong)index + 77, 0.8);
        net.SetParameters(net.Parameters.ToArray().Select(v => (double)(float)v).ToArray());
        single.SetParameters(net.Parameters.ToArray().Select(v => (float)v).ToArray());
        ulong state = (ulong)index + 5;
        double[] input = GradientCheckTests.Draw(net.InputLength, ref state, 1.0).Select(v => (double)(float)v).ToArray();
        double[] target = SequenceTargets(net, ref state).Select(v => (double)(float)v).ToArray();

        single.ClearGradients();
        single.AccumulateGradient(input.Select(v => (float)v).ToArray(), target.Select(v => (float)v).ToArray());
        float[] analytic = single.Gradients.ToArray();
        Assert.Contains(analytic, g => g != 0);
        for (int k = 0; k < net.ParameterLength; k++)
        {
            double numeric = GradientCheckTests.CentralDifference(net, k, input, target);
            double relative = Math.Abs(analytic[k] - numeric) / Math.Max(1e-2, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-3, $"parameter {k}: float analytic {analytic[k]:R}, numeric {numeric:R}, relative error {relative:E2}\n{Compiled.Value.Declarations[index]}");
        }
    }

    [Fact]
    public void TheCorpusCoversStepsSizesActivationsAndOutputModes()
    {
        string all = string.Join("\n", Compiled.Value.Declarations);
        // Both shapes of the training pass: one method with its states in locals, and methods cut to the JIT's limits sharing a scratch.
        Type[] types = Enumerable.Range(0, NetworkCount).Select(n => Compiled.Value.Assembly.GetType($"Recurrent.Net{n}")!).ToArray();
        bool InParts(Type type, string method) => type.GetMethod(method, BindingFlags.Instance | BindingFlags.NonPublic) is not null;
        Assert.Contains(types, type => InParts(type, "AccumulatePart1"));
        Assert.Contains(types, type => !InParts(type, "AccumulatePart0"));
        foreach (string text in new[] { "TimeSteps = 1,", "TimeSteps = 6,", "Activation.Sigmoid", "Activation.Tanh", "Activation.ReLU", "Activation.Identity", "SequenceOutputs.LastStep", "SequenceOutputs.EveryStep", "Loss.BinaryCrossEntropy", "Loss.CrossEntropy", "Activation.Softmax", "Bias = false", "InitialState = InitialState.Learned", "FromPrevious = new[] { \"o\" }", "FromPrevious = new[] { \"k\" }" })
        {
            Assert.Contains(text, all);
        }
    }

    [Fact]
    public void OneStepGivesExactlyTheDenseNetsResults()
    {
        const string source = """
            using BackpropGen;
            namespace OneStep;
            [Network(Precision = Precision.Double, TimeSteps = 1)]
            [Input("x", 3)]
            [Recurrent("h", 4, Activation.Tanh)]
            [Dense("o", 2, Activation.Sigmoid)]
            public partial class InTime { }

            [Network(Precision = Precision.Double)]
            [Input("x", 3)]
            [Dense("h", 4, Activation.Tanh)]
            [Dense("o", 2, Activation.Sigmoid)]
            public partial class Layered { }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assembly assembly = GeneratorHarness.Load(run.Output);
        var inTime = (INetwork<double>)Activator.CreateInstance(assembly.GetType("OneStep.InTime")!)!;
        var layered = (INetwork<double>)Activator.CreateInstance(assembly.GetType("OneStep.Layered")!)!;
        inTime.Initialize(3, 0.5);

        // The recurrent layer's row is its 3 inputs, then its 4 units at t − 1 (never read at T = 1); the dense row is the 3 inputs.
        AssertOneStepIsDense(inTime, layered, hidden: 4, fanIn: 3, columns: 7);
    }

    /// <summary>
    /// A T = 1 net (its first layer recurrent, <paramref name="hidden"/> units whose rows have <paramref name="columns"/>
    /// columns, the first <paramref name="fanIn"/> read at t) against the dense net of the same shape: equal outputs, E and
    /// ∂E/∂w, the columns of t − 1 with 0 gradient.
    /// </summary>
    internal static void AssertOneStepIsDense(INetwork<double> inTime, INetwork<double> layered, int hidden, int fanIn, int columns)
    {
        double[] w = inTime.Parameters.ToArray();
        var dense = new List<double>();
        for (int j = 0; j < hidden; j++)
        {
            dense.AddRange(w.Skip(j * columns).Take(fanIn));
        }

        dense.AddRange(w.Skip(hidden * columns));
        layered.SetParameters(dense.ToArray());

        double[] input = { 0.3, -0.7, 0.9 };
        double[] target = { 0.2, 0.8 };
        var a = new double[2];
        var b = new double[2];
        inTime.Forward(input, a);
        layered.Forward(input, b);
        Assert.Equal(b, a);

        inTime.ClearGradients();
        layered.ClearGradients();
        Assert.Equal(layered.AccumulateGradient(input, target), inTime.AccumulateGradient(input, target));
        double[] g = inTime.Gradients.ToArray();
        var gDense = new List<double>();
        for (int j = 0; j < hidden; j++)
        {
            gDense.AddRange(g.Skip(j * columns).Take(fanIn));
            Assert.All(g.Skip((j * columns) + fanIn).Take(columns - fanIn), v => Assert.Equal(0.0, v));
        }

        gDense.AddRange(g.Skip(hidden * columns));
        Assert.Equal(layered.Gradients.ToArray(), gDense.ToArray());
    }

    [Fact]
    public void SmallNetOfThreeSteps()
    {
        GeneratorRun run = GeneratorHarness.Run(ElmanSource);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        string source = run.Source("Samples.Elman.g.cs");
        Snapshot.Verify(source, "Elman");
        Assert.Contains("// ── step 0 ──", source);
        Assert.Contains("// ── step 2 ──", source);
        Assert.Contains("// ── step 2, backward ──", source);
        Assert.Contains("the sum of the changes of its copies", source);
    }

    [Fact]
    public void RecurrentWithoutNetworkIsReported()
    {
        GeneratorRun run = GeneratorHarness.Run("using BackpropGen;\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }");
        Assert.Equal(3, run.GeneratorDiagnostics.Count(d => d.Id == "BPG020"));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "BPG020" && d.GetMessage(CultureInfo.InvariantCulture).StartsWith("[Recurrent] on 'Net' has no effect", StringComparison.Ordinal));
    }

    [Fact]
    public void ANewNetworkRunInTimeIsInitialisedFanInScaled()
    {
        // As a layered network is (issue 14): a recurrent layer's row reads its sources and its own units at t − 1.
        GeneratorRun run = GeneratorHarness.Run(ElmanSource.Replace("Precision.Single", "Precision.Double"));
        var net = (INetwork<double>)Activator.CreateInstance(GeneratorHarness.Load(run.Output).GetType("Samples.Elman")!)!;
        Assert.Equal(SeededUniform.FanInScaled<double>(net.ParameterLength, net.Topology), net.Parameters.ToArray());
        Assert.DoesNotContain(0.0, net.Parameters.ToArray());
        LayerLayout recurrent = NetworkLayout.Parse(net.Topology)[0];
        Assert.Equal(2 + 3, recurrent.FanIn);
        Assert.All(net.Parameters[..(3 * 5)].ToArray(), w => Assert.InRange(Math.Abs(w), 0, 1 / Math.Sqrt(5)));
    }

    [Fact]
    public void TrainBatchLowersTheErrorOfASequenceTask()
    {
        // Output at each step the input of the step before (a one-step delay line): needs the recurrent weights.
        GeneratorRun run = GeneratorHarness.Run(ElmanSource.Replace("Precision.Single", "Precision.Double"));
        var net = (INetwork<double>)Activator.CreateInstance(GeneratorHarness.Load(run.Output).GetType("Samples.Elman")!)!;
        var inputs = new List<double[]>();
        var targets = new List<double[]>();
        for (int c = 0; c < 8; c++)
        {
            double[] bits = { c & 1, (c >> 1) & 1, (c >> 2) & 1 };
            inputs.Add(bits.SelectMany(b => new[] { b, 1 - b }).ToArray());
            targets.Add(new[] { 0.5, bits[0], bits[1] });
        }

        var data = DataSet<double>.FromRows(inputs, targets);
        net.Initialize(11, 0.5);
        net.LearningRate = 0.2;
        net.Momentum = 0.9;
        double first = net.TrainBatch(data);
        double last = first;
        for (int sweep = 0; sweep < 2000; sweep++)
        {
            last = net.TrainBatch(data);
        }

        Assert.True(last < first / 20, $"E went from {first} to {last}");
    }

    [Fact]
    public void StepByStepFromAZeroStateGivesForwardsOutputs()
    {
        Assembly assembly = Compiled.Value.Assembly;
        for (int n = 0; n < NetworkCount; n++)
        {
            Type type = assembly.GetType($"Recurrent.Net{n}")!;
            var net = (INetwork<double>)Activator.CreateInstance(type)!;
            net.Initialize((ulong)n, 0.8);
            int steps = (int)type.GetField("TimeSteps")!.GetValue(null)!;
            int stepInput = (int)type.GetField("StepInputSize")!.GetValue(null)!;
            int stepOutput = (int)type.GetField("StepOutputSize")!.GetValue(null)!;
            int stateSize = (int)type.GetField("StateSize")!.GetValue(null)!;
            bool lastOnly = net.OutputLength == stepOutput && steps > 1;
            ulong seed = (ulong)n + 9;
            double[] input = GradientCheckTests.Draw(net.InputLength, ref seed, 1.0);
            var whole = new double[net.OutputLength];
            net.Forward(input, whole);

            MethodInfo step = type.GetMethod("Step")!;
            var state = new double[stateSize];
            ResetVia(type.GetMethod("ResetState")!, net, state);
            var streamed = new List<double>();
            for (int s = 0; s < steps; s++)
            {
                var output = new double[stepOutput];

                // Step takes spans; call it through a small delegate built for this type.
                StepVia(step, net, input.AsSpan(s * stepInput, stepInput).ToArray(), state, output);
                if (!lastOnly || s == steps - 1)
                {
                    streamed.AddRange(output);
                }
            }

            Assert.Equal(whole, streamed.ToArray());
        }
    }

    private delegate void StepDelegate(ReadOnlySpan<double> input, Span<double> state, Span<double> output);

    private static void StepVia(MethodInfo step, object net, double[] input, double[] state, double[] output) =>
        step.CreateDelegate<StepDelegate>(net)(input, state, output);

    private delegate void ResetDelegate(Span<double> state);

    internal static void ResetVia(MethodInfo reset, object net, double[] state) => reset.CreateDelegate<ResetDelegate>(net)(state);

    [Fact]
    public void MatchesPyTorchRnnTrajectory()
    {
        // References/pytorch_rnn.py (torch.nn.RNN tanh + Linear + sigmoid per step, float64, the paper's momentum rule
        // by hand) was run once with Debian's python3-torch; its output is committed beside it.
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(ReferenceDirectory(), "pytorch_rnn.json")));
        JsonElement root = json.RootElement;
        double[] Values(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        double[][] Rows(string name) => root.GetProperty(name).EnumerateArray().Select(Values).ToArray();
        int steps = root.GetProperty("timeSteps").GetInt32();

        GeneratorRun run = GeneratorHarness.Run(ElmanSource.Replace("Precision.Single", "Precision.Double").Replace("TimeSteps = 3", "TimeSteps = " + steps));
        Assert.Empty(run.GeneratorDiagnostics);
        var net = (INetwork<double>)Activator.CreateInstance(GeneratorHarness.Load(run.Output).GetType("Samples.Elman")!)!;
        net.SetParameters(Values(root.GetProperty("initialParameters")));
        net.LearningRate = root.GetProperty("learningRate").GetDouble();
        net.Momentum = root.GetProperty("momentum").GetDouble();
        var data = DataSet<double>.FromRows(Rows("inputs"), Rows("targets"));

        double[] errors = Values(root.GetProperty("errors"));
        for (int sweep = 0; sweep < errors.Length; sweep++)
        {
            double error = net.TrainBatch(data);
            Assert.True(Math.Abs(error - errors[sweep]) <= 1e-9 * Math.Abs(errors[sweep]), $"sweep {sweep}: E {error:R}, PyTorch {errors[sweep]:R}");
        }

        Assert.True(errors[^1] < errors[0] / 2, "the reference run should learn something");
        double[] expected = Values(root.GetProperty("finalParameters"));
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(net.Parameters[k] - expected[k]) <= 1e-9 * Math.Max(1e-3, Math.Abs(expected[k])), $"parameter {k}: {net.Parameters[k]:R}, PyTorch {expected[k]:R}");
        }
    }

    private static string ReferenceDirectory([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "References");

    internal const string ElmanSource = """
        using BackpropGen;

        namespace Samples;

        /// <summary>h_t = tanh(W_x x_t + W_h h_{t−1} + b), y_t = σ(W_y h_t + c), for 3 steps.</summary>
        [Network(TimeSteps = 3, Precision = Precision.Single)]
        [Input("x", 2)]
        [Recurrent("h", 3, Activation.Tanh)]
        [Dense("y", 1, Activation.Sigmoid)]
        public partial class Elman { }
        """;

    private static (Assembly, string[]) Compile()
    {
        var declarations = new string[NetworkCount];
        var source = new StringBuilder("using BackpropGen;\nnamespace Recurrent;\n");
        var random = new Random(2026);
        Activation[] activations = { Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.Identity };
        for (int n = 0; n < LayeredOutputs; n++)
        {
            int steps = n < 2 ? (n == 0 ? 1 : 6) : random.Next(1, 7);
            bool last = n % 3 == 1;
            bool bce = n % 5 == 4;
            var text = new StringBuilder();
            text.Append("[Network(TimeSteps = ").Append(steps).Append(", Precision = Precision.Double, Outputs = SequenceOutputs.").Append(last ? "LastStep" : "EveryStep")
                .Append(bce ? ", Loss = Loss.BinaryCrossEntropy" : "").Append(")]\n");
            text.Append("[Input(\"x\", ").Append(random.Next(1, 5)).Append(")]\n");
            bool twoInputs = n % 4 == 3;
            if (twoInputs)
            {
                text.Append("[Input(\"u\", ").Append(random.Next(1, 3)).Append(")]\n");
            }

            string Activation() => "Activation." + activations[random.Next(activations.Length)];
            // A ReLU output can be dead for every step of a small case, leaving nothing to check.
            string OutputActivation() => "Activation." + activations[random.Next(activations.Length)] switch { global::BackpropGen.Activation.ReLU => "Identity", var a => a.ToString() };
            string Bias() => random.Next(4) == 0 ? ", Bias = false" : "";
            int shape = n % 4;
            switch (shape)
            {
                case 0: // Elman: x → h (recurrent) → o (dense)
                    text.Append("[Recurrent(\"h\", ").Append(random.Next(1, 7)).Append(", ").Append(Activation()).Append(Bias()).Append(")]\n");
                    break;
                case 1: // dense → recurrent → dense
                    text.Append("[Dense(\"d\", ").Append(random.Next(1, 5)).Append(", ").Append(Activation()).Append(Bias()).Append(")]\n");
                    text.Append("[Recurrent(\"h\", ").Append(random.Next(1, 7)).Append(", ").Append(Activation()).Append(Bias()).Append(")]\n");
                    break;
                case 2: // two stacked recurrent layers, the output reading both
                    text.Append("[Recurrent(\"h\", ").Append(random.Next(1, 5)).Append(", ").Append(Activation()).Append(Bias()).Append(")]\n");
                    text.Append("[Recurrent(\"k\", ").Append(random.Next(1, 5)).Append(", ").Append(Activation()).Append(Bias()).Append(")]\n");
                    break;
                default: // a recurrent layer reading the inputs, the output reading it and the inputs
                    text.Append("[Recurrent(\"h\", ").Append(random.Next(1, 7)).Append(", ").Append(Activation()).Append(Bias()).Append(twoInputs ? ", From = new[] { \"x\", \"u\" }" : "").Append(")]\n");
                    break;
            }

            string from = shape switch
            {
                2 => ", From = new[] { \"h\", \"k\" }",
                3 => twoInputs ? ", From = new[] { \"h\", \"u\" }" : ", From = new[] { \"h\", \"x\" }",
                _ => "",
            };

            // Every eighth net's output layer is itself recurrent (the fully recurrent net: its units read all of its units at t − 1).
            string outputKind = n % 8 == 5 && !bce ? "Recurrent" : "Dense";
            text.Append('[').Append(outputKind).Append("(\"o\", ").Append(random.Next(1, 5)).Append(", ").Append(bce ? "Activation.Sigmoid" : OutputActivation()).Append(from).Append(")]\n");
            text.Append("public partial class Net").Append(n.ToString(CultureInfo.InvariantCulture)).Append(" { }\n");
            declarations[n] = text.ToString();
            source.Append(text);
        }

        // Softmax outputs with cross-entropy at every step or the last: Elman, stacked, and an output reading the inputs too.
        var more = new Random(2027);
        for (int n = LayeredOutputs; n < LearnedStates; n++)
        {
            var text = new StringBuilder();
            text.Append("[Network(TimeSteps = ").Append(more.Next(1, 7)).Append(", Precision = Precision.Double, Loss = Loss.CrossEntropy, Outputs = SequenceOutputs.")
                .Append(n % 3 == 1 ? "LastStep" : "EveryStep").Append(")]\n");
            text.Append("[Input(\"x\", ").Append(more.Next(1, 5)).Append(")]\n");
            text.Append("[Recurrent(\"h\", ").Append(more.Next(1, 7)).Append(", Activation.").Append(activations[more.Next(activations.Length)]).Append(")]\n");
            string from = "";
            if (n % 4 == 2)
            {
                text.Append("[Recurrent(\"k\", ").Append(more.Next(1, 5)).Append(", Activation.Tanh, Bias = false)]\n");
            }
            else if (n % 4 == 3)
            {
                from = ", From = new[] { \"h\", \"x\" }";
            }

            text.Append("[Dense(\"o\", ").Append(more.Next(2, 5)).Append(", Activation.Softmax").Append(from).Append(")]\n");
            text.Append("public partial class Net").Append(n.ToString(CultureInfo.InvariantCulture)).Append(" { }\n");
            declarations[n] = text.ToString();
            source.Append(text);
        }

        // Learned initial states: Elman, stacked (one or both learned), and a recurrent output layer with a learned h(−1);
        // T 1–6, every activation, outputs every step and last step only.
        var learned = new Random(2028);
        for (int n = LearnedStates; n < CrossLayer; n++)
        {
            int steps = n == LearnedStates ? 1 : learned.Next(1, 7);
            var text = new StringBuilder();
            text.Append("[Network(TimeSteps = ").Append(steps).Append(", Precision = Precision.Double, Outputs = SequenceOutputs.").Append(n % 3 == 1 ? "LastStep" : "EveryStep").Append(")]\n");
            text.Append("[Input(\"x\", ").Append(learned.Next(1, 5)).Append(")]\n");
            string Activation() => "Activation." + activations[learned.Next(activations.Length)];
            string Bias() => n % 4 == 1 ? ", Bias = false" : "";
            const string Learned = ", InitialState = InitialState.Learned";
            switch (n % 3)
            {
                case 0:
                    text.Append("[Recurrent(\"h\", ").Append(learned.Next(1, 7)).Append(", ").Append(Activation()).Append(Bias()).Append(Learned).Append(")]\n");
                    text.Append("[Dense(\"o\", ").Append(learned.Next(1, 5)).Append(", Activation.").Append(n % 2 == 0 ? "Sigmoid" : "Identity").Append(")]\n");
                    break;
                case 1:
                    text.Append("[Recurrent(\"h\", ").Append(learned.Next(1, 5)).Append(", ").Append(Activation()).Append(Learned).Append(")]\n");
                    text.Append("[Recurrent(\"k\", ").Append(learned.Next(1, 5)).Append(", Activation.Tanh").Append(Bias()).Append(n % 2 == 0 ? Learned : "").Append(")]\n");
                    text.Append("[Dense(\"o\", ").Append(learned.Next(1, 5)).Append(", Activation.Sigmoid, From = new[] { \"h\", \"k\" })]\n");
                    break;
                default:
                    text.Append("[Recurrent(\"h\", ").Append(learned.Next(1, 7)).Append(", ").Append(Activation()).Append(")]\n");
                    text.Append("[Recurrent(\"o\", ").Append(learned.Next(1, 5)).Append(", Activation.Tanh").Append(Bias()).Append(Learned).Append(")]\n");
                    break;
            }

            text.Append("public partial class Net").Append(n.ToString(CultureInfo.InvariantCulture)).Append(" { }\n");
            declarations[n] = text.ToString();
            source.Append(text);
        }

        // Layers reading other layers at t − 1: a later layer (h reads k), the output (Jordan: h reads o), and the paper's fully
        // recurrent net (h and o each read themselves and each other at t − 1, both reading the inputs at t); T 1–6, outputs
        // every step and last step only, some with learned initial states, SSE and BCE.
        var cross = new Random(2029);
        for (int n = CrossLayer; n < NetworkCount; n++)
        {
            int steps = n == CrossLayer ? 1 : cross.Next(1, 7);
            bool bce = n % 5 == 2;
            var text = new StringBuilder();
            text.Append("[Network(TimeSteps = ").Append(steps).Append(", Precision = Precision.Double, Outputs = SequenceOutputs.").Append(n % 3 == 1 ? "LastStep" : "EveryStep")
                .Append(bce ? ", Loss = Loss.BinaryCrossEntropy" : "").Append(")]\n");
            text.Append("[Input(\"x\", ").Append(cross.Next(1, 4)).Append(")]\n");
            string Activation() => "Activation." + activations[cross.Next(activations.Length)];
            string OutputActivation() => bce ? "Activation.Sigmoid" : "Activation." + (n % 2 == 0 ? "Sigmoid" : "Tanh");
            string Learned() => n % 4 == 3 ? ", InitialState = InitialState.Learned" : "";
            switch (n % 3)
            {
                case 0: // h reads k (declared after it) at t − 1; k reads h at t
                    text.Append("[Recurrent(\"h\", ").Append(cross.Next(1, 5)).Append(", ").Append(Activation()).Append(", FromPrevious = new[] { \"k\" }").Append(Learned()).Append(")]\n");
                    text.Append("[Recurrent(\"k\", ").Append(cross.Next(1, 5)).Append(", Activation.Tanh").Append(Learned()).Append(")]\n");
                    text.Append("[Dense(\"o\", ").Append(cross.Next(1, 4)).Append(", ").Append(OutputActivation()).Append(")]\n");
                    break;
                case 1: // Jordan: h reads the output at t − 1
                    text.Append("[Recurrent(\"h\", ").Append(cross.Next(1, 6)).Append(", ").Append(Activation()).Append(", FromPrevious = new[] { \"o\" }").Append(Learned()).Append(")]\n");
                    text.Append("[Dense(\"o\", ").Append(cross.Next(1, 4)).Append(", ").Append(OutputActivation()).Append(n % 2 == 0 ? ", Bias = false" : "").Append(")]\n");
                    break;
                default: // fully recurrent: every unit reads every unit at t − 1
                    text.Append("[Recurrent(\"h\", ").Append(cross.Next(1, 5)).Append(", ").Append(Activation()).Append(", FromPrevious = new[] { \"o\" }").Append(Learned()).Append(")]\n");
                    text.Append("[Recurrent(\"o\", ").Append(cross.Next(1, 4)).Append(", ").Append(OutputActivation()).Append(", From = new[] { \"x\" }, FromPrevious = new[] { \"h\" })]\n");
                    break;
            }

            text.Append("public partial class Net").Append(n.ToString(CultureInfo.InvariantCulture)).Append(" { }\n");
            declarations[n] = text.ToString();
            source.Append(text);
        }

        GeneratorRun run = GeneratorHarness.Run(source.ToString());
        Assert.Empty(run.GeneratorDiagnostics);
        return (GeneratorHarness.Load(run.Output), declarations);
    }
}
