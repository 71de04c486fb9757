namespace BackpropGen.Tests;

/// <summary>
/// <see cref="ErrorMargin"/> as a trainer option: outputs on the right side of 0.8 / 0.2 carry no error and send no
/// gradient back; every other output keeps its plain error, measured from its desired output (1 or 0).
/// </summary>
public class ErrorMarginTests
{
    [Theory]
    [InlineData(1.0, 0.9, true)]    // should be on, is above 0.8
    [InlineData(0.0, 0.1, true)]    // should be off, is below 0.2
    [InlineData(1.0, 0.7, false)]
    [InlineData(0.0, 0.3, false)]
    [InlineData(1.0, 0.8, false)]   // exactly on the line is not above it
    [InlineData(0.0, 0.2, false)]
    [InlineData(1.0, 0.1, false)]   // should be on, is off
    [InlineData(0.0, 0.9, false)]   // should be off, is on
    [InlineData(0.5, 0.5, false)]   // a desired output between the bounds has no margin
    public void IsWithinFollowsThePapersWording(double target, double output, bool within) =>
        Assert.Equal(within, ErrorMargin.Paper.IsWithin(target, output));

    [Fact]
    public void AdjustTargetsReplacesOnlyTheTargetsOfUnitsWithinTheirMargin()
    {
        double[] output = { 0.9, 0.7, 0.1, 0.3, 0.8 };
        double[] target = { 1, 1, 0, 0, 1 };
        var adjusted = new double[5];
        ErrorMargin.Paper.AdjustTargets<double>(output, target, adjusted);
        Assert.Equal(new[] { 0.9, 1, 0.1, 0, 1 }, adjusted);
    }

    [Fact]
    public void AdjustTargetsRejectsSpansOfDifferentLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => ErrorMargin.Paper.AdjustTargets<double>(new double[3], new double[2], new double[3]));
        Assert.Contains("target", e.Message);
    }

    [Theory]
    [InlineData(0.2, 0.8)]
    [InlineData(0.5, 0.5)]
    [InlineData(double.NaN, 0.2)]
    [InlineData(0.8, double.PositiveInfinity)]
    public void ABadMarginIsRejectedNamingTheValue(double on, double off)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ErrorMargin(on, off));
        Assert.Contains(double.IsFinite(on) ? "off" : "on", e.ParamName);
    }

    [Theory]
    [InlineData(true, 0.10125, 0.405, -0.045)]
    [InlineData(false, 0.10625, 0.425, -0.035)]
    public void ABatchSweepWithAMarginLeavesOutTheUnitsWithinIt(bool margin, double error, double w, double b)
    {
        var net = new LinearUnit { LearningRate = 0.1 };
        net.SetParameters(new[] { 0.45, 0.0 });

        // x = 2 gives y = 0.9 for d = 1: within the margin, though off target (plain E = ½ · 0.01).
        // x = 1 gives y = 0.45 for d = 0: outside (E = ½ · 0.45²).
        // With the margin only the second case counts: ∂E/∂w = 0.45 · 1, ∂E/∂b = 0.45.
        // Without it: ∂E/∂w = −0.1 · 2 + 0.45 = 0.25, ∂E/∂b = −0.1 + 0.45 = 0.35. Δ = −0.1 · ∂E.
        var data = new DataSet<double>(new[] { 2.0, 1.0 }, 1, new[] { 1.0, 0.0 }, 1);
        TrainingResult result = NetworkTrainer.Train(net, data, new TrainingOptions<double>
        {
            MaxSweeps = 1,
            ErrorMargin = margin ? ErrorMargin.Paper : null,
        });
        Assert.Equal(error, result.FinalError, 12);
        Assert.Equal(w, net.Parameters[0], 12);
        Assert.Equal(b, net.Parameters[1], 12);
    }

    [Theory]
    [InlineData(true, 0.10125, 0.405, -0.045)]
    [InlineData(false, 0.10625, 0.425, -0.035)]
    public void FitWithTheMarginInOneFullBatchIsTheMarginSweep(bool margin, double error, double w, double b)
    {
        // The sweep above, through Fit: one epoch, one batch of both cases, no shuffle.
        var net = new LinearUnit { LearningRate = 0.1 };
        net.SetParameters(new[] { 0.45, 0.0 });
        var data = new DataSet<double>(new[] { 2.0, 1.0 }, 1, new[] { 1.0, 0.0 }, 1);
        FitResult result = NetworkTrainer.Fit(net, data, new FitOptions<double>
        {
            Epochs = 1,
            BatchSize = FitOptions<double>.FullBatch,
            Shuffle = false,
            ErrorMargin = margin ? ErrorMargin.Paper : null,
        });
        Assert.Equal(error, result.History[0].TrainingError, 12);
        Assert.Equal(w, net.Parameters[0], 12);
        Assert.Equal(b, net.Parameters[1], 12);
    }

    [Fact]
    public void AnOutputWithinItsMarginButOffTargetSendsNoGradient()
    {
        // y = 0.9 for target 1: plain squared error would pull it up (E = ½ · 0.01); with the margin it is left alone.
        var plain = new LinearUnit { LearningRate = 0.1 };
        var margin = new LinearUnit { LearningRate = 0.1 };
        plain.SetParameters(new[] { 0.9, 0.0 });
        margin.SetParameters(new[] { 0.9, 0.0 });
        var data = new DataSet<double>(new[] { 1.0 }, 1, new[] { 1.0 }, 1);

        Assert.Equal(0.005, NetworkTrainer.Train(plain, data, new TrainingOptions<double> { MaxSweeps = 1 }).FinalError, 12);
        Assert.Equal(0, NetworkTrainer.Train(margin, data, new TrainingOptions<double> { MaxSweeps = 1, ErrorMargin = ErrorMargin.Paper }).FinalError);
        Assert.Equal(0.91, plain.Parameters[0], 12);
        Assert.Equal(0.9, margin.Parameters[0]);
        Assert.Equal(0.0, margin.Parameters[1]);
    }

    [Fact]
    public void AnOutputOutsideItsMarginIsPulledTowardItsTargetNotTowardTheMargin()
    {
        // y = 0.7 for target 1: the error is ½ (0.7 − 1)², not ½ (0.7 − 0.8)².
        var net = new LinearUnit { LearningRate = 0.1 };
        net.SetParameters(new[] { 0.7, 0.0 });
        var data = new DataSet<double>(new[] { 1.0 }, 1, new[] { 1.0 }, 1);
        Assert.Equal(0.045, NetworkTrainer.Train(net, data, new TrainingOptions<double> { MaxSweeps = 1, ErrorMargin = ErrorMargin.Paper }).FinalError, 12);
        Assert.Equal(0.73, net.Parameters[0], 12);
    }

    [Fact]
    public void AnOnlineSweepWithAMarginChangesTheWeightsAfterEachCase()
    {
        var net = new LinearUnit { LearningRate = 0.5 };
        net.SetParameters(new[] { 0.5, 0.0 });

        // Case 1, x = 1, d = 0: y = 0.5, outside; Δw = Δb = −0.5 · 0.5 → w = 0.25, b = −0.25.
        // Case 2, x = 1, d = 0: now y = 0, within (below 0.2): no change. Batch would have changed twice as much.
        var data = new DataSet<double>(new[] { 1.0, 1.0 }, 1, new[] { 0.0, 0.0 }, 1);
        TrainingResult result = NetworkTrainer.Train(net, data, new TrainingOptions<double>
        {
            MaxSweeps = 1,
            Mode = TrainingMode.Online,
            ErrorMargin = ErrorMargin.Paper,
        });
        Assert.Equal(0.125, result.FinalError, 12);
        Assert.Equal(0.25, net.Parameters[0], 12);
        Assert.Equal(-0.25, net.Parameters[1], 12);
    }
}
