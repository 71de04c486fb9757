using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Xunit;

namespace BackpropGen.Runtime.Tests;

public class NetworkTrainerTests
{
    // Four cases of d = 2 x₀ − x₁, which the linear fake network can learn exactly.
    private static DataSet<T> Line<T>()
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        T[] inputs = [.. new[] { 0.0, 0.0, 1.0, 0.0, 0.0, 1.0, 1.0, 1.0 }.Select(T.CreateChecked)];
        T[] targets = [.. new[] { 0.0, 2.0, -1.0, 1.0 }.Select(T.CreateChecked)];
        return new DataSet<T>(inputs, 2, targets, 1);
    }

    private static FakeNetwork<float> Net(float learningRate = 0.1f)
    {
        var network = new FakeNetwork<float>(2, 1, "Line") { LearningRate = learningRate };
        network.Initialize(5, 0.3f);
        return network;
    }

    /// <summary>Records every report synchronously (unlike <see cref="Progress{T}"/>, which posts them).</summary>
    private sealed class Recorder : IProgress<SweepProgress>
    {
        public List<SweepProgress> Reports { get; } = [];

        public void Report(SweepProgress value) => Reports.Add(value);
    }

    /// <summary>Counts reports without allocating, to show that reporting does not box.</summary>
    private sealed class Counter : IProgress<SweepProgress>
    {
        public int Count { get; private set; }

        public double Last { get; private set; }

        public void Report(SweepProgress value)
        {
            Count++;
            Last = value.Error;
        }
    }

    // ---- Stop reasons ----------------------------------------------------------------------------------

    [Fact]
    public void Training_without_a_goal_runs_every_sweep()
    {
        var network = Net();
        var recorder = new Recorder();
        TrainingResult result = NetworkTrainer.Train(network, Line<float>(), new TrainingOptions<float> { MaxSweeps = 25 }, recorder);

        Assert.Equal(TrainingStopReason.MaxSweeps, result.StopReason);
        Assert.Equal(25, result.Sweeps);
        Assert.Equal(25, network.BatchSweeps);
        Assert.Equal(0, network.OnlineSweeps);
        Assert.Equal(recorder.Reports[^1].Error, result.FinalError);
        Assert.True(recorder.Reports[^1].Error < recorder.Reports[0].Error, "the error falls");
    }

    [Fact]
    public void Training_stops_at_the_first_sweep_that_meets_the_error_goal()
    {
        var network = Net();
        var recorder = new Recorder();
        var options = new TrainingOptions<float> { MaxSweeps = 10_000, ErrorGoal = 1e-3f };
        TrainingResult result = NetworkTrainer.Train(network, Line<float>(), options, recorder);

        Assert.Equal(TrainingStopReason.ErrorGoal, result.StopReason);
        Assert.InRange(result.Sweeps, 2, 9_999);
        Assert.Equal(result.Sweeps, recorder.Reports.Count);
        Assert.True(result.FinalError <= 1e-3);
        Assert.All(recorder.Reports.GetRange(0, recorder.Reports.Count - 1), r => Assert.True(r.Error > 1e-3));
    }

    [Fact]
    public void An_error_goal_of_zero_is_allowed_and_infinity_stops_after_one_sweep()
    {
        var result = NetworkTrainer.Train(Net(), Line<float>(), new TrainingOptions<float> { MaxSweeps = 5, ErrorGoal = 0f });
        Assert.Equal(TrainingStopReason.MaxSweeps, result.StopReason);

        result = NetworkTrainer.Train(Net(), Line<float>(), new TrainingOptions<float> { MaxSweeps = 5, ErrorGoal = float.PositiveInfinity });
        Assert.Equal(TrainingStopReason.ErrorGoal, result.StopReason);
        Assert.Equal(1, result.Sweeps);
    }

    [Fact]
    public void The_stop_condition_sees_each_sweep_number_and_the_network()
    {
        var network = Net();
        var seen = new List<int>();
        var options = new TrainingOptions<float>
        {
            MaxSweeps = 100,
            StopWhen = (sweep, net) =>
            {
                Assert.Same(network, net);
                seen.Add(sweep);
                return sweep == 7;
            },
        };
        TrainingResult result = NetworkTrainer.Train(network, Line<float>(), options);

        Assert.Equal(TrainingStopReason.StopCondition, result.StopReason);
        Assert.Equal(7, result.Sweeps);
        Assert.Equal([1, 2, 3, 4, 5, 6, 7], seen);
    }

    [Fact]
    public void The_error_goal_is_checked_before_the_stop_condition()
    {
        var options = new TrainingOptions<float> { MaxSweeps = 100, ErrorGoal = float.MaxValue, StopWhen = (_, _) => true };
        Assert.Equal(TrainingStopReason.ErrorGoal, NetworkTrainer.Train(Net(), Line<float>(), options).StopReason);
    }

    [Fact]
    public void Before_sweep_can_change_the_learning_rate_on_a_schedule()
    {
        // ε = 0.1 for sweeps 1–3, then 0: with no momentum the weights stop changing after sweep 3.
        var network = Net();
        float[]? afterThird = null;
        var calls = new List<int>();
        var options = new TrainingOptions<float>
        {
            MaxSweeps = 8,
            BeforeSweep = (sweep, net) =>
            {
                calls.Add(sweep);
                Assert.Equal(sweep - 1, network.BatchSweeps);
                net.LearningRate = sweep <= 3 ? 0.1f : 0f;
            },
            StopWhen = (sweep, net) =>
            {
                if (sweep == 3)
                {
                    afterThird = net.Parameters.ToArray();
                }

                return false;
            },
        };
        NetworkTrainer.Train(network, Line<float>(), options);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], calls);
        Assert.NotNull(afterThird);
        Assert.Equal(afterThird, network.Parameters.ToArray());
    }

    [Fact]
    public void Online_mode_trains_online()
    {
        var network = Net();
        var options = new TrainingOptions<float> { MaxSweeps = 4, Mode = TrainingMode.Online };
        NetworkTrainer.Train(network, Line<float>(), options);
        Assert.Equal(4, network.OnlineSweeps);
        Assert.Equal(0, network.BatchSweeps);
    }

    [Fact]
    public void Double_networks_train_too()
    {
        var network = new FakeNetwork<double>(2, 1, "Line") { LearningRate = 0.2 };
        var result = NetworkTrainer.Train(network, Line<double>(), new TrainingOptions<double> { MaxSweeps = 5000, ErrorGoal = 1e-12 });
        Assert.Equal(TrainingStopReason.ErrorGoal, result.StopReason);
        Assert.Equal(2.0, network.Parameters[0], 5);
        Assert.Equal(-1.0, network.Parameters[1], 5);
        Assert.Equal("Stopped by ErrorGoal after " + result.Sweeps + " sweeps; final error E = " + result.FinalError.ToString("R", System.Globalization.CultureInfo.InvariantCulture), result.ToString());
    }

    // ---- Progress --------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1, 10, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })]
    [InlineData(3, 10, new[] { 3, 6, 9 })]
    [InlineData(5, 10, new[] { 5, 10 })]
    [InlineData(20, 10, new int[0])]
    public void Progress_is_reported_every_interval(int interval, int sweeps, int[] expected)
    {
        var recorder = new Recorder();
        var all = new Recorder();
        var options = new TrainingOptions<float> { MaxSweeps = sweeps, ProgressInterval = interval };
        NetworkTrainer.Train(Net(), Line<float>(), options, recorder);
        NetworkTrainer.Train(Net(), Line<float>(), new TrainingOptions<float> { MaxSweeps = sweeps }, all);

        Assert.Equal(expected, recorder.Reports.ConvertAll(r => r.Sweep));
        Assert.All(recorder.Reports, r => Assert.Equal(all.Reports[r.Sweep - 1].Error, r.Error));
    }

    [Fact]
    public void The_training_loop_allocates_nothing_per_sweep()
    {
        var network = Net(learningRate: 0.01f);
        DataSet<float> data = Line<float>();
        var counter = new Counter();

        long Allocated(int sweeps, IProgress<SweepProgress>? progress)
        {
            var options = new TrainingOptions<float> { MaxSweeps = sweeps };
            long before = GC.GetAllocatedBytesForCurrentThread();
            NetworkTrainer.Train(network, data, options, progress);
            return GC.GetAllocatedBytesForCurrentThread() - before;
        }

        // Warm up (JIT, tiering), then compare a short run with a long one: any per-sweep allocation would show.
        for (int k = 0; k < 3; k++)
        {
            Allocated(2_000, null);
            Allocated(2_000, counter);
        }

        Assert.Equal(Allocated(10, null), Allocated(20_000, null));
        Assert.Equal(Allocated(10, counter), Allocated(20_000, counter));
        Assert.True(counter.Count > 20_000);
    }

    // ---- Divergence ----------------------------------------------------------------------------------

    [Fact]
    public void A_huge_learning_rate_diverges_with_the_sweep_and_parameter()
    {
        var network = Net(learningRate: 1000f);
        var exception = Assert.Throws<TrainingDivergedException>(
            () => NetworkTrainer.Train(network, Line<float>(), new TrainingOptions<float> { MaxSweeps = 1_000 }));

        Assert.InRange(exception.Sweep, 2, 100);
        Assert.Equal(network.BatchSweeps, exception.Sweep);
        Assert.False(double.IsFinite(exception.Error));
        Assert.StartsWith($"Training diverged at sweep {exception.Sweep}: the sweep's error is ", exception.Message);
        Assert.EndsWith("Lower the learning rate (ε = 1000).", exception.Message);
        Assert.IsAssignableFrom<ArithmeticException>(exception);

        // The index is the first non-finite parameter, or −1 when all are finite.
        float[] parameters = network.Parameters.ToArray();
        int first = Array.FindIndex(parameters, p => !float.IsFinite(p));
        Assert.Equal(first, exception.ParameterIndex);
    }

    [Fact]
    public void The_divergence_message_names_the_sweep_the_error_and_the_first_bad_parameter()
    {
        var network = new FakeNetwork<float>(6, 1, "Wide");
        var data = new DataSet<float>(new float[6], 6, new float[1], 1);
        network.AfterSweep = (sweep, net, error) =>
        {
            if (sweep < 37)
            {
                return error;
            }

            net.Parameters[5] = float.PositiveInfinity;
            return float.NaN;
        };

        var exception = Assert.Throws<TrainingDivergedException>(
            () => NetworkTrainer.Train(network, data, new TrainingOptions<float> { MaxSweeps = 100 }));

        Assert.Equal("Training diverged at sweep 37: the sweep's error is NaN; parameter 5 is +∞. Lower the learning rate (ε = 0.1).", exception.Message);
        Assert.Equal(37, exception.Sweep);
        Assert.Equal(5, exception.ParameterIndex);
        Assert.True(double.IsNaN(exception.Error));
    }

    [Fact]
    public void An_infinite_error_with_finite_parameters_has_no_parameter_index()
    {
        var network = Net();
        network.Momentum = 1.5f;
        network.AfterSweep = (_, _, _) => float.PositiveInfinity;
        var exception = Assert.Throws<TrainingDivergedException>(
            () => NetworkTrainer.Train(network, Line<float>(), new TrainingOptions<float> { MaxSweeps = 10 }));

        Assert.Equal(
            "Training diverged at sweep 1: the sweep's error is +∞; every parameter is still finite. Lower the learning rate (ε = 0.1) or the momentum (α = 1.5; it must be below 1).",
            exception.Message);
        Assert.Equal(-1, exception.ParameterIndex);
    }

    [Fact]
    public void A_parameter_broken_by_the_last_sweep_is_caught_before_returning()
    {
        var network = Net();
        network.AfterSweep = (sweep, net, error) =>
        {
            if (sweep == 3)
            {
                net.Parameters[1] = float.NegativeInfinity;
            }

            return 0.25f;
        };
        var exception = Assert.Throws<TrainingDivergedException>(
            () => NetworkTrainer.Train(network, Line<float>(), new TrainingOptions<float> { MaxSweeps = 3 }));

        Assert.Equal(
            "Training diverged at sweep 3: the sweep's error was 0.25, but its weight change made parameter 1 −∞. Lower the learning rate (ε = 0.1).",
            exception.Message);
        Assert.Equal(1, exception.ParameterIndex);
        Assert.Equal(0.25, exception.Error);
    }

    // ---- Cancellation ----------------------------------------------------------------------------------

    [Fact]
    public void Cancellation_stops_between_sweeps_without_throwing()
    {
        using var cancellation = new CancellationTokenSource();
        var network = Net();
        var options = new TrainingOptions<float>
        {
            MaxSweeps = 100,
            StopWhen = (sweep, _) =>
            {
                if (sweep == 5)
                {
                    cancellation.Cancel();
                }

                return false;
            },
        };
        TrainingResult result = NetworkTrainer.Train(network, Line<float>(), options, cancellationToken: cancellation.Token);

        Assert.Equal(TrainingStopReason.Cancelled, result.StopReason);
        Assert.Equal(5, result.Sweeps);
        Assert.Equal(5, network.BatchSweeps);
        Assert.True(double.IsFinite(result.FinalError));
    }

    [Fact]
    public void A_token_cancelled_before_training_does_no_sweep()
    {
        var network = Net();
        float[] before = network.Parameters.ToArray();
        TrainingResult result = NetworkTrainer.Train(
            network, Line<float>(), new TrainingOptions<float> { MaxSweeps = 100 }, cancellationToken: new CancellationToken(canceled: true));

        Assert.Equal(TrainingStopReason.Cancelled, result.StopReason);
        Assert.Equal(0, result.Sweeps);
        Assert.True(double.IsNaN(result.FinalError));
        Assert.Equal(0, network.BatchSweeps);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    // ---- Arguments -------------------------------------------------------------------------------------

    [Fact]
    public void Null_arguments_are_refused()
    {
        var options = new TrainingOptions<float> { MaxSweeps = 1 };
        Assert.Equal("network", Assert.Throws<ArgumentNullException>(() => NetworkTrainer.Train(null!, Line<float>(), options)).ParamName);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => NetworkTrainer.Train(Net(), null!, options)).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentNullException>(() => NetworkTrainer.Train(Net(), Line<float>(), null!)).ParamName);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Max_sweeps_must_be_positive(int maxSweeps)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(
            () => NetworkTrainer.Train(Net(), Line<float>(), new TrainingOptions<float> { MaxSweeps = maxSweeps }));
        Assert.Equal("options.MaxSweeps", exception.ParamName);
        Assert.StartsWith("MaxSweeps must be at least 1.", exception.Message);
    }

    [Fact]
    public void Other_options_are_checked()
    {
        var network = Net();
        DataSet<float> data = Line<float>();
        Assert.Equal("options.ProgressInterval", Assert.Throws<ArgumentOutOfRangeException>(
            () => NetworkTrainer.Train(network, data, new TrainingOptions<float> { MaxSweeps = 1, ProgressInterval = 0 })).ParamName);
        Assert.Equal("options.ErrorGoal", Assert.Throws<ArgumentOutOfRangeException>(
            () => NetworkTrainer.Train(network, data, new TrainingOptions<float> { MaxSweeps = 1, ErrorGoal = float.NaN })).ParamName);
        Assert.Equal("options.ErrorGoal", Assert.Throws<ArgumentOutOfRangeException>(
            () => NetworkTrainer.Train(network, data, new TrainingOptions<float> { MaxSweeps = 1, ErrorGoal = -1f })).ParamName);
        Assert.Equal("options.Mode", Assert.Throws<ArgumentOutOfRangeException>(
            () => NetworkTrainer.Train(network, data, new TrainingOptions<float> { MaxSweeps = 1, Mode = (TrainingMode)7 })).ParamName);
        Assert.Equal(0, network.BatchSweeps);
    }

    [Fact]
    public void A_data_set_of_the_wrong_shape_is_refused()
    {
        var data = new DataSet<float>(new float[6], 3, new float[2], 1);
        var exception = Assert.Throws<ArgumentException>(
            () => NetworkTrainer.Train(Net(), data, new TrainingOptions<float> { MaxSweeps = 1 }));
        Assert.Equal("data", exception.ParamName);
        Assert.StartsWith("The data set has patterns of 3 inputs and 1 targets; the network needs 2 inputs and 1 targets.", exception.Message);
    }
}
