namespace BackpropGen.Tests;

/// <summary>The momentum and decay rule through a generated network, on a two-step example computed by hand.</summary>
public class UpdateRuleTests
{
    [Fact]
    public void TwoStepsWithMomentumAndDecayMatchTheHandComputation()
    {
        // One linear unit y = w x + b, E = ½ (y − d)², so ∂E/∂w = (y − d) x and ∂E/∂b = (y − d).
        // Start w = 0.5, b = 0.25; one case x = 2, d = 1; ε = 0.1, α = 0.9, λ = 0.01.
        var net = new LinearUnit { LearningRate = 0.1, Momentum = 0.9, WeightDecay = 0.01 };
        net.SetParameters(new[] { 0.5, 0.25 });
        var data = new DataSet<double>(new[] { 2.0 }, 1, new[] { 1.0 }, 1);

        // Step 1: y = 0.5·2 + 0.25 = 1.25, y − d = 0.25, E = ½·0.0625 = 0.03125.
        //   ∂E/∂w = 0.5, ∂E/∂b = 0.25; Δw = −0.1·0.5 = −0.05, Δb = −0.025 (no previous change).
        //   w = 0.45 → 0.45·(1 − 0.01) = 0.4455;  b = 0.225 → 0.22275.
        double e1 = net.TrainBatch(data);
        Assert.Equal(0.03125, e1, 15);
        Assert.Equal(0.4455, net.Parameters[0], 15);
        Assert.Equal(0.22275, net.Parameters[1], 15);
        Assert.Equal(-0.05, net.PreviousDeltas[0], 15);
        Assert.Equal(-0.025, net.PreviousDeltas[1], 15);

        // Step 2: y = 0.4455·2 + 0.22275 = 1.11375, y − d = 0.11375, E = ½·0.0129390625 = 0.00646953125.
        //   ∂E/∂w = 0.2275, ∂E/∂b = 0.11375.
        //   Δw = −0.1·0.2275 + 0.9·(−0.05) = −0.02275 − 0.045 = −0.06775;  w = 0.4455 − 0.06775 = 0.37775 → ·0.99 = 0.3739725.
        //   Δb = −0.1·0.11375 + 0.9·(−0.025) = −0.011375 − 0.0225 = −0.033875;  b = 0.22275 − 0.033875 = 0.188875 → ·0.99 = 0.18698625.
        double e2 = net.TrainBatch(data);
        Assert.Equal(0.00646953125, e2, 15);
        Assert.Equal(0.3739725, net.Parameters[0], 14);
        Assert.Equal(0.18698625, net.Parameters[1], 14);
        Assert.Equal(-0.06775, net.PreviousDeltas[0], 15);
        Assert.Equal(-0.033875, net.PreviousDeltas[1], 15);
        Assert.Equal(0, net.Gradients[0]);
    }

    [Fact]
    public void OnlineSweepUpdatesAfterEveryCase()
    {
        // Two cases; online changes the weights between them, batch does not.
        var data = new DataSet<double>(new[] { 1.0, -1.0 }, 1, new[] { 1.0, 0.0 }, 1);
        var online = new LinearUnit { LearningRate = 0.5 };
        var batch = new LinearUnit { LearningRate = 0.5 };
        online.SetParameters(new[] { 0.0, 0.0 });
        batch.SetParameters(new[] { 0.0, 0.0 });

        // Online: case 1 y = 0, δ = −1: w = 0.5, b = 0.5. Case 2 y = −0.5 + 0.5 = 0, δ = 0: nothing changes.
        double onlineError = online.TrainOnline(data);
        Assert.Equal(new[] { 0.5, 0.5 }, online.Parameters.ToArray());
        Assert.Equal(0.5, onlineError);

        // Batch: δ = −1 and 0 from the same start: ∂E/∂w = −1, ∂E/∂b = −1: w = 0.5, b = 0.5 — with error ½ + 0.
        double batchError = batch.TrainBatch(data);
        Assert.Equal(new[] { 0.5, 0.5 }, batch.Parameters.ToArray());
        Assert.Equal(0.5, batchError);

        // A second sweep tells them apart. Cases (x = 2, d = 0) then (x = 1, d = 1), from w = b = 0.5:
        //   online: y = 1.5, δ = 1.5: w = 0.5 − 0.5·3 = −1, b = 0.5 − 0.75 = −0.25;
        //           y = −1.25, δ = −2.25: w = −1 + 1.125 = 0.125, b = −0.25 + 1.125 = 0.875.
        //   batch:  δ = 1.5 and 0 (y = 1 from the old weights): w = 0.5 − 0.5·3 = −1, b = 0.5 − 0.75 = −0.25.
        var second = new DataSet<double>(new[] { 2.0, 1.0 }, 1, new[] { 0.0, 1.0 }, 1);
        online.TrainOnline(second);
        batch.TrainBatch(second);
        Assert.Equal(new[] { 0.125, 0.875 }, online.Parameters.ToArray());
        Assert.Equal(new[] { -1.0, -0.25 }, batch.Parameters.ToArray());
    }

    [Fact]
    public void EpsilonAndAlphaCanChangeBetweenSweeps()
    {
        var net = new LinearUnit { LearningRate = 0.1 };
        net.SetParameters(new[] { 0.0, 0.0 });
        var data = new DataSet<double>(new[] { 1.0 }, 1, new[] { 1.0 }, 1);
        net.TrainBatch(data); // Δ = 0.1 each
        net.LearningRate = 0.2;
        net.Momentum = 0.5;
        net.TrainBatch(data); // y = 0.2, δ = −0.8: Δ = 0.16 + 0.05 = 0.21
        Assert.Equal(0.31, net.Parameters[0], 15);
    }
}
