using System.Runtime.InteropServices;

namespace BackpropGen.Tests;

/// <summary>
/// Issue 14, "the first hour of a new user": a constructed network learns, bad input is refused where it enters,
/// divergence and saturation stop training with the network put back, large looped networks train, hidden units can be
/// read, and Forward is safe from many threads.
/// </summary>
public class FirstHourTests
{
    private static DataSet<double> EncoderData()
    {
        var inputs = new double[64];
        for (int p = 0; p < 8; p++)
        {
            inputs[(p * 8) + p] = 1;
        }

        return new DataSet<double>(inputs, 8, inputs, 8);
    }

    // ---- 1. Initialised on construction ---------------------------------------------------------------

    [Fact]
    public void A_new_network_has_deterministic_fan_in_scaled_weights()
    {
        var first = new Encoder838();
        var second = new Encoder838();
        Assert.Equal(first.Parameters.ToArray(), second.Parameters.ToArray());
        Assert.Equal(Encoder838.ParameterCount, first.Parameters.ToArray().Distinct().Count());

        // Layer code reads 8 units, layer output 3: every weight and bias within ±1/√fan-in.
        Assert.All(first.Parameters[..(8 * 3 + 3)].ToArray(), w => Assert.InRange(Math.Abs(w), 1e-9, 1 / Math.Sqrt(8)));
        Assert.All(first.Parameters[(8 * 3 + 3)..].ToArray(), w => Assert.InRange(Math.Abs(w), 1e-9, 1 / Math.Sqrt(3)));

        // The same values as the documented rule with the default seed.
        Assert.Equal(SeededUniform.FanInScaled<double>(Encoder838.ParameterCount, Encoder838.NetworkTopology, SeededUniform.DefaultSeed), first.Parameters.ToArray());
    }

    [Fact]
    public void A_new_network_learns_without_an_Initialize_call()
    {
        var net = new Encoder838 { LearningRate = 0.1, Momentum = 0.9 };
        TrainingResult result = NetworkTrainer.Train(net, EncoderData(), new TrainingOptions<double> { MaxSweeps = 60_000, ErrorGoal = 0.01 });
        Assert.Equal(TrainingStopReason.ErrorGoal, result.StopReason);
    }

    // ---- 2. Refused at the door ----------------------------------------------------------------------

    [Fact]
    public void A_data_set_refuses_non_finite_values_naming_case_and_unit_and_refuses_zero_cases()
    {
        var inputs = new[] { 0f, 1f, float.NaN, 1f };
        var exception = Assert.Throws<ArgumentException>(() => new DataSet<float>(inputs, 2, new[] { 1f, 0f }, 1));
        Assert.StartsWith("Case 1, input unit 0 is NaN;", exception.Message);
        Assert.Equal("inputs", exception.ParamName);

        exception = Assert.Throws<ArgumentException>(() => new DataSet<double>(new[] { 0.0, 1.0 }, 1, new[] { 0.0, 1.0, double.NegativeInfinity, 1.0 }, 2));
        Assert.StartsWith("Case 1, target unit 0 is −∞;", exception.Message);
        Assert.Equal("targets", exception.ParamName);

        exception = Assert.Throws<ArgumentException>(() => new DataSet<double>(ReadOnlySpan<double>.Empty, 2, ReadOnlySpan<double>.Empty, 1));
        Assert.Contains("at least one case", exception.Message);
    }

    [Theory]
    [InlineData("LearningRate", double.NaN, "NaN")]
    [InlineData("LearningRate", -0.1, "-0.1")]
    [InlineData("LearningRate", double.PositiveInfinity, "+∞")]
    [InlineData("Momentum", -0.5, "-0.5")]
    [InlineData("WeightDecay", double.NegativeInfinity, "−∞")]
    public void Hyperparameter_setters_refuse_NaN_infinite_and_negative_values(string name, double value, string shown)
    {
        var net = new Encoder838();
        Action set = name switch
        {
            "LearningRate" => () => net.LearningRate = value,
            "Momentum" => () => net.Momentum = value,
            _ => () => net.WeightDecay = value,
        };
        var exception = Assert.Throws<ArgumentOutOfRangeException>(set);
        Assert.Equal(name, exception.ParamName);
        Assert.Contains($"{name} must be a finite number that is not negative; got {shown}.", exception.Message);
        Assert.Equal(0.1, net.LearningRate);
    }

    // ---- 3. Divergence and saturation: detected, nothing lost ----------------------------------------

    [Fact]
    public void A_rate_that_saturates_the_network_stops_training_and_restores_the_last_good_state()
    {
        var net = new Xor221 { LearningRate = 1e6 };
        net.Initialize(3, 0.5);
        var starts = new Dictionary<int, double[]>();
        var options = new TrainingOptions<double>
        {
            MaxSweeps = 1_000,
            BeforeSweep = (sweep, n) => starts[sweep] = n.Parameters.ToArray(),
        };

        var exception = Assert.Throws<TrainingDivergedException>(() => NetworkTrainer.Train(net, Xor.XorReference.Data(), options));
        Assert.StartsWith($"Training saturated at sweep {exception.Sweep}: parameter {exception.ParameterIndex} (layer ", exception.Message);
        Assert.Contains("Lower the learning rate (ε = 1000000)", exception.Message);
        Assert.Equal(starts[exception.Sweep], net.Parameters.ToArray());
        Assert.All(net.PreviousDeltas.ToArray(), d => Assert.True(double.IsFinite(d)));
    }

    [Fact]
    public void Plain_TrainBatch_with_a_non_finite_error_throws_and_changes_nothing()
    {
        var net = new Xor221();
        net.Parameters[7] = double.NaN;
        double[] before = net.Parameters.ToArray();
        var exception = Assert.Throws<TrainingDivergedException>(() => net.TrainBatch(Xor.XorReference.Data()));
        Assert.Equal("TrainBatch: the error E over the data set is NaN; the weights were not changed. The data set holds only finite values; parameter 7 (layer output, weight w_0,1) is NaN (it was set so, or an earlier step diverged).", exception.Message);
        Assert.Equal(MemoryMarshal.Cast<double, long>(before).ToArray(), MemoryMarshal.Cast<double, long>(net.Parameters).ToArray());
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0, g));

        exception = Assert.Throws<TrainingDivergedException>(() => net.TrainOnline(Xor.XorReference.Data()));
        Assert.StartsWith("TrainOnline: case 0's error is NaN; the weights are as the cases before it left them.", exception.Message);
    }

    [Fact]
    public void Training_refuses_to_start_from_a_non_finite_parameter_naming_its_layer()
    {
        var net = new Xor221();
        net.Parameters[4] = double.PositiveInfinity;
        var exception = Assert.Throws<TrainingDivergedException>(
            () => NetworkTrainer.Train(net, Xor.XorReference.Data(), new TrainingOptions<double> { MaxSweeps = 10 }));
        Assert.StartsWith("Training cannot start: parameter 4 (layer hidden, bias b_0) is +∞ before the first sweep.", exception.Message);
    }

    // ---- 5. Looped layers of the sizes people use compile and train ----------------------------------

    [Fact]
    public void Networks_784_256_10_and_2000_2000_10_train_a_sweep()
    {
        var random = new Random(5);
        float[] Random01(int n) => Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();

        var mnist = new Mnist784 { LearningRate = 0.01f };
        var data = new DataSet<float>(Random01(4 * 784), 784, Random01(4 * 10), 10);
        float e1 = mnist.TrainBatch(data);
        float e2 = mnist.TrainBatch(data);
        Assert.True(float.IsFinite(e1) && e2 < e1, $"784-256-10: E {e1} then {e2}");

        var wide = new Wide2000 { LearningRate = 0.01f };
        var wideData = new DataSet<float>(Random01(2 * 2000), 2000, Random01(2 * 10), 10);
        float w1 = wide.TrainBatch(wideData);
        float w2 = wide.TrainBatch(wideData);
        Assert.True(float.IsFinite(w1) && w2 < w1, $"2000-2000-10: E {w1} then {w2}");
    }

    // ---- 6. Hidden activations ----------------------------------------------------------------------

    [Fact]
    public void Inspect_gives_every_layers_units_and_the_same_output_as_Forward_without_allocating()
    {
        var net = new Encoder838();
        net.Initialize(9, 2.0);
        var activations = new Encoder838.Activations();
        var output = new double[8];
        DataSet<double> data = EncoderData();
        net.Inspect(data.Input(0), activations);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int p = 0; p < 8; p++)
        {
            net.Inspect(data.Input(p), activations);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        for (int p = 0; p < 8; p++)
        {
            net.Inspect(data.Input(p), activations);
            net.Forward(data.Input(p), output);
            Assert.Equal(output, activations.OutputY.ToArray());
            for (int j = 0; j < 3; j++)
            {
                // x_j = Σ_i y_i w_ji + b_j (pattern p has one unit on), y_j = σ(x_j).
                Assert.Equal(net.CodeWeight(j, p) + net.CodeBiases[j], activations.CodeX[j], 14);
                Assert.Equal(1 / (1 + Math.Exp(-activations.CodeX[j])), activations.CodeY[j]);
            }
        }

        Assert.Equal(2 * (3 + 8), activations.All.Length);
    }

    [Fact]
    public void Inspect_agrees_with_Forward_on_looped_networks()
    {
        var random = new Random(6);
        var mnist = new Mnist784();
        float[] pixels = Enumerable.Range(0, 784).Select(_ => (float)random.NextDouble()).ToArray();
        var digit = new float[10];
        var activations = new Mnist784.Activations();
        mnist.Forward(pixels, digit);
        mnist.Inspect(pixels, activations);
        Assert.Equal(digit, activations.DigitY.ToArray());
        Assert.Equal(256, activations.HiddenY.Length);

        var wide = new Wide2000();
        float[] x = Enumerable.Range(0, 2000).Select(_ => (float)random.NextDouble()).ToArray();
        var y = new float[10];
        var wideActivations = new Wide2000.Activations();
        wide.Forward(x, y);
        wide.Inspect(x, wideActivations);
        Assert.Equal(y, wideActivations.OutputY.ToArray());
    }

    // ---- 8. Forward from many threads ---------------------------------------------------------------

    [Fact]
    public void Forward_from_many_threads_on_one_instance_gives_the_single_threaded_results()
    {
        var random = new Random(8);
        var encoder = new Encoder838();
        encoder.Initialize(1, 3.0);
        Concurrent(encoder, Patterns(random, 64, 8, x => x), calls: 4_000);
        Concurrent(new Mnist784(), Patterns(random, 16, 784, x => (float)x), calls: 60);
        Concurrent(new Wide2000(), Patterns(random, 8, 2000, x => (float)x), calls: 12);
    }

    private static T[][] Patterns<T>(Random random, int count, int length, Func<double, T> convert) =>
        Enumerable.Range(0, count).Select(_ => Enumerable.Range(0, length).Select(_ => convert(random.NextDouble())).ToArray()).ToArray();

    private static void Concurrent<T>(INetwork<T> network, T[][] patterns, int calls)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T[][] expected = patterns.Select(p =>
        {
            var output = new T[network.OutputLength];
            network.Forward(p, output);
            return output;
        }).ToArray();

        int mismatches = 0;
        using var start = new Barrier(8);
        Thread[] threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            var output = new T[network.OutputLength];
            start.SignalAndWait();
            for (int k = 0; k < calls; k++)
            {
                int p = (k + t) % patterns.Length;
                network.Forward(patterns[p], output);
                if (!output.AsSpan().SequenceEqual(expected[p]))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        })).ToArray();
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        Assert.Equal(0, mismatches);
    }

    // ---- 9. Small messages --------------------------------------------------------------------------

    [Fact]
    public void File_messages_name_the_missing_folder_the_directory_and_the_layers()
    {
        string root = Path.Combine(Path.GetTempPath(), "bpg-issue14-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            var net = new XorNet();
            string missing = Path.Combine(root, "no-such-folder");
            var saveException = Assert.Throws<DirectoryNotFoundException>(() => net.Save(Path.Combine(missing, "xor.bpgw")));
            Assert.Contains($"the folder '{missing}' does not exist", saveException.Message);
            Assert.DoesNotContain(".tmp-", saveException.Message);

            var loadException = Assert.Throws<IOException>(() => net.Load(root));
            Assert.Equal($"Cannot load parameters from '{root}': it is a directory, not a parameter file.", loadException.Message);

            string path = Path.Combine(root, "impostor.bpgw");
            new XorNetImpostor().Save(path);
            var mismatch = Assert.Throws<ParameterFileException>(() => net.Load(path));
            Assert.Contains("This network's layers (units × fan-in): hidden 4 × 2, output 1 × 4. Both have 12 parameters. (A parameter file keeps only the topology's hash, so it cannot name the layer.)", mismatch.Message);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
