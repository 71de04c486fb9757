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
}
