using System;
using System.Collections.Generic;
using Xunit;

namespace BackpropGen.Runtime.Tests;

/// <summary>
/// <see cref="NetworkTrainer.Fit"/> guards its epochs as <see cref="NetworkTrainer.Train"/> guards its sweeps: a NaN, a
/// blow-up or saturation stops it with the network (and its optimizer) put back; and it measures validation accuracy
/// with <see cref="INetwork{T}.ForwardBatch"/>.
/// </summary>
public class FitGuardTests
{
    private static DataSet<double> Line() =>
        new(new double[] { 0, 0, 1, 0, 0, 1, 1, 1 }, 2, new double[] { 0, 2, -1, 1 }, 1);

    /// <summary>One full batch per epoch, in order: the fake's sweep count is the epoch.</summary>
    private static FitOptions<double> OneBatchPerEpoch(int epochs, DivergenceOptions? divergence = null) => new()
    {
        Epochs = epochs,
        BatchSize = FitOptions<double>.FullBatch,
        Shuffle = false,
        Divergence = divergence ?? DivergenceOptions.Default,
    };

    [Fact]
    public void A_NaN_epoch_puts_back_the_parameters_and_Adams_state_from_before_it()
    {
        var adam = new AdamOptimizer<double>(0.05);
        var network = new FakeNetwork<double>(2, 1, "Line") { Optimizer = adam };
        network.Initialize(5, 0.3);

        // Epoch 4's error is NaN; its Adam step still runs (the fake reports the error before the update).
        network.AfterSweep = (sweep, _, error) => sweep == 4 ? double.NaN : error;
        var after = new Dictionary<int, (double[] W, double[] M, double[] V, long Steps)>();
        var progress = new Reporter(m => after[m.Epoch] = (network.Parameters.ToArray(), adam.FirstMoment.ToArray(), adam.SecondMoment.ToArray(), adam.StepCount));

        var exception = Assert.Throws<TrainingDivergedException>(() => NetworkTrainer.Fit(network, Line(), OneBatchPerEpoch(10), progress: progress));

        Assert.Equal(4, exception.Sweep);
        Assert.Contains("diverged at sweep 4", exception.Message);
        Assert.Equal(3, after.Count);
        Assert.Equal(3, adam.StepCount);
        Assert.Equal(after[3].W, network.Parameters.ToArray());
        Assert.Equal(after[3].M, adam.FirstMoment.ToArray());
        Assert.Equal(after[3].V, adam.SecondMoment.ToArray());
        Assert.All(network.Gradients.ToArray(), g => Assert.Equal(0.0, g));
    }

    [Fact]
    public void A_NaN_validation_error_puts_back_the_state_from_before_the_epoch()
    {
        var network = new FakeNetwork<double>(2, 1, "Line") { LearningRate = 0.05 };
        network.Initialize(5, 0.3);

        // Two AccumulateBatch calls per epoch (training, then validation): call 6 is epoch 3's validation.
        network.AfterSweep = (sweep, _, error) => sweep == 6 ? double.PositiveInfinity : error;
        var after = new Dictionary<int, double[]>();
        var progress = new Reporter(m => after[m.Epoch] = network.Parameters.ToArray());

        var exception = Assert.Throws<TrainingDivergedException>(() =>
            NetworkTrainer.Fit(network, Line(), OneBatchPerEpoch(10), validation: Line(), progress: progress));

        Assert.Equal(3, exception.Sweep);
        Assert.Contains("validation", exception.Message);
        Assert.Equal(after[2], network.Parameters.ToArray());
    }

    [Fact]
    public void An_error_that_stays_ten_times_above_its_best_restores_the_best_epochs_state()
    {
        var network = new FakeNetwork<double>(2, 1, "Line") { LearningRate = 0.05 };
        network.Initialize(5, 0.3);
        network.AfterSweep = (sweep, _, _) => sweep switch { 1 => 1.0, 2 => 0.1, _ => 5.0 };
        var after = new Dictionary<int, double[]>();
        var progress = new Reporter(m => after[m.Epoch] = network.Parameters.ToArray());

        var exception = Assert.Throws<TrainingDivergedException>(() => NetworkTrainer.Fit(network, Line(), OneBatchPerEpoch(1_000), progress: progress));

        // The error of an epoch is that of the parameters it started from: the best state is the one epoch 2 started from.
        Assert.Equal(102, exception.Sweep);
        Assert.StartsWith("Training blew up: from sweep 3 to 102", exception.Message);
        Assert.Equal(after[1], network.Parameters.ToArray());

        // NonFiniteOnly turns the check off, as in Train.
        var quiet = new FakeNetwork<double>(2, 1, "Line") { LearningRate = 0.05 };
        quiet.AfterSweep = (sweep, _, _) => sweep == 1 ? 0.1 : 5.0;
        FitResult result = NetworkTrainer.Fit(quiet, Line(), OneBatchPerEpoch(150, DivergenceOptions.NonFiniteOnly));
        Assert.Equal(TrainingStopReason.MaxSweeps, result.StopReason);
    }

    [Fact]
    public void Parameters_that_are_not_finite_before_the_first_epoch_are_refused()
    {
        var network = new FakeNetwork<double>(2, 1, "Line");
        network.Parameters[1] = double.NaN;
        var exception = Assert.Throws<TrainingDivergedException>(() => NetworkTrainer.Fit(network, Line(), OneBatchPerEpoch(3)));
        Assert.Contains("cannot start", exception.Message);
        Assert.Equal(0, network.BatchSweeps);
    }

    [Fact]
    public void Validation_accuracy_comes_from_ForwardBatch_and_matches_Evaluation()
    {
        // Three classes from three inputs: class c lights input c.
        var inputs = new double[30 * 3];
        var targets = new double[30 * 3];
        for (int k = 0; k < 30; k++)
        {
            inputs[(k * 3) + (k % 3)] = 1;
            targets[(k * 3) + (k % 3)] = 1;
        }

        var data = new DataSet<double>(inputs, 3, targets, 3);
        var network = new BatchCounting { LearningRate = 0.02 };
        network.Initialize(9, 0.5);
        FitResult result = NetworkTrainer.Fit(network, data, new FitOptions<double> { Epochs = 4, BatchSize = 8, RestoreBest = false }, validation: data);

        Assert.True(network.ForwardBatchRows >= 4 * 30, $"{network.ForwardBatchRows} rows through ForwardBatch");
        Assert.Equal(Evaluation.Accuracy(network, data), result.History[^1].ValidationAccuracy);
    }

    [Fact]
    public void The_default_ForwardBatch_is_Forward_row_by_row_and_checks_its_spans()
    {
        // The fake has no ForwardBatch of its own: the interface's default runs.
        INetwork<double> network = new FakeNetwork<double>(2, 3);
        network.Initialize(4, 0.5);
        double[] inputs = [0.5, -1, 2, 0.25, 0, 1];
        var outputs = new double[9];
        network.ForwardBatch(inputs, outputs);
        var one = new double[3];
        for (int c = 0; c < 3; c++)
        {
            network.Forward(inputs.AsSpan(c * 2, 2), one);
            Assert.Equal(one, outputs.AsSpan(c * 3, 3).ToArray());
        }

        Assert.Throws<ArgumentException>(() => network.ForwardBatch(inputs.AsSpan(0, 5), outputs));
        Assert.Throws<ArgumentException>(() => network.ForwardBatch(inputs, outputs.AsSpan(0, 6)));
    }

    /// <summary>The fake with a ForwardBatch of its own (re-implementing the interface) that counts its rows.</summary>
    private sealed class BatchCounting() : FakeNetwork<double>(3, 3, "Classes"), INetwork<double>
    {
        public int ForwardBatchRows { get; private set; }

        public void ForwardBatch(ReadOnlySpan<double> inputs, Span<double> outputs)
        {
            int n = inputs.Length / InputLength;
            ForwardBatchRows += n;
            for (int c = 0; c < n; c++)
            {
                Forward(inputs.Slice(c * InputLength, InputLength), outputs.Slice(c * OutputLength, OutputLength));
            }
        }
    }

    /// <summary>Reports on the training thread.</summary>
    private sealed class Reporter(Action<EpochMetrics> report) : IProgress<EpochMetrics>
    {
        public void Report(EpochMetrics value) => report(value);
    }
}
