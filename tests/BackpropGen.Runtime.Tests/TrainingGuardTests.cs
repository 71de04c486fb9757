using System;
using System.Collections.Generic;
using Xunit;

namespace BackpropGen.Runtime.Tests;

/// <summary>The blow-up check that needs no NaN: an error that stays far above its best puts the best state back.</summary>
public class TrainingGuardTests
{
    private static DataSet<float> Line()
    {
        float[] inputs = { 0, 0, 1, 0, 0, 1, 1, 1 };
        float[] targets = { 0, 2, -1, 1 };
        return new DataSet<float>(inputs, 2, targets, 1);
    }

    [Fact]
    public void An_error_that_stays_ten_times_above_its_best_for_100_sweeps_restores_the_best_sweeps_state()
    {
        var network = new FakeNetwork<float>(2, 1, "Line") { LearningRate = 0.05f };
        network.Initialize(5, 0.3f);
        network.AfterSweep = (sweep, _, _) => sweep switch { 1 => 1f, 2 => 0.1f, _ => 5f };
        var starts = new Dictionary<int, float[]>();
        var options = new TrainingOptions<float> { MaxSweeps = 1_000, BeforeSweep = (sweep, net) => starts[sweep] = net.Parameters.ToArray() };

        var exception = Assert.Throws<TrainingDivergedException>(() => NetworkTrainer.Train(network, Line(), options));

        Assert.Equal(102, exception.Sweep);
        Assert.StartsWith("Training blew up: from sweep 3 to 102 the error E stayed above 10 × its best (0.1, sweep 2) and above the first sweep's (1); now E = 5.", exception.Message);
        Assert.Equal(starts[2], network.Parameters.ToArray());
    }

    [Fact]
    public void NonFiniteOnly_turns_the_error_rise_and_saturation_checks_off()
    {
        var network = new FakeNetwork<float>(2, 1, "Line") { LearningRate = 0.05f };
        network.AfterSweep = (sweep, _, _) => sweep == 1 ? 0.1f : 5f;
        TrainingResult result = NetworkTrainer.Train(network, Line(), new TrainingOptions<float> { MaxSweeps = 300, Divergence = DivergenceOptions.NonFiniteOnly });
        Assert.Equal(TrainingStopReason.MaxSweeps, result.StopReason);
    }

    [Fact]
    public void A_restore_after_a_NaN_puts_back_the_optimizers_moments_and_step_count_too()
    {
        var adam = new AdamOptimizer<double>(0.05);
        var network = new FakeNetwork<double>(2, 1, "Line") { Optimizer = adam };
        network.Initialize(5, 0.3);

        // Sweep 4's error is NaN; its Adam step still runs (the fake reports the error before the update).
        network.AfterSweep = (sweep, _, error) => sweep == 4 ? double.NaN : error;
        (double[] W, double[] M, double[] V, long Steps) kept = ([], [], [], -1);
        var options = new TrainingOptions<double>
        {
            MaxSweeps = 10,
            BeforeSweep = (sweep, net) =>
            {
                if (sweep == 4)
                {
                    kept = (net.Parameters.ToArray(), adam.FirstMoment.ToArray(), adam.SecondMoment.ToArray(), adam.StepCount);
                }
            },
        };
        var data = new DataSet<double>(new double[] { 0, 0, 1, 0, 0, 1, 1, 1 }, 2, new double[] { 0, 2, -1, 1 }, 1);

        var exception = Assert.Throws<TrainingDivergedException>(() => NetworkTrainer.Train(network, data, options));

        Assert.Equal(4, exception.Sweep);
        Assert.Equal(3, kept.Steps);
        Assert.NotEqual(0.0, kept.M[0]);
        Assert.Equal(kept.Steps, adam.StepCount);
        Assert.Equal(kept.W, network.Parameters.ToArray());
        Assert.Equal(kept.M, adam.FirstMoment.ToArray());
        Assert.Equal(kept.V, adam.SecondMoment.ToArray());
    }

    [Fact]
    public void A_blow_up_puts_back_the_best_sweeps_optimizer_state()
    {
        var nesterov = new NesterovOptimizer<float>(0.05f, 0.9f);
        var network = new FakeNetwork<float>(2, 1, "Line") { Optimizer = nesterov };
        network.Initialize(5, 0.3f);
        network.AfterSweep = (sweep, _, _) => sweep switch { 1 => 1f, 2 => 0.1f, _ => 5f };
        var buffers = new Dictionary<int, (float[] B, long Steps)>();
        var options = new TrainingOptions<float> { MaxSweeps = 1_000, BeforeSweep = (sweep, _) => buffers[sweep] = (nesterov.MomentumBuffer.ToArray(), nesterov.StepCount) };

        Assert.Throws<TrainingDivergedException>(() => NetworkTrainer.Train(network, Line(), options));

        // Sweep 2 had the lowest error: the state it started from is back, its step count 1.
        Assert.Equal(1, nesterov.StepCount);
        Assert.Equal(buffers[2].B, nesterov.MomentumBuffer.ToArray());
    }
}
