using FamilyTrees;

namespace BackpropGen.Tests;

/// <summary>The family-trees sample's error margin: outputs on the right side of 0.8 / 0.2 carry no error.</summary>
public class ErrorMarginTests
{
    [Theory]
    [InlineData(1.0, 0.9)]   // should be on, is above 0.8
    [InlineData(0.0, 0.1)]   // should be off, is below 0.2
    public void AnOutputInsideItsMarginGivesNoErrorAndNoGradient(double target, double output)
    {
        var net = new LinearUnit();
        net.SetParameters(new[] { output, 0.0 }); // y = w·1 + 0
        var margin = new ErrorMarginNetwork(net);
        net.ClearGradients();
        Assert.Equal(0, margin.AccumulateGradient(new[] { 1.0 }, new[] { target }));
        Assert.All(net.Gradients.ToArray(), g => Assert.Equal(0, g));
    }

    [Theory]
    [InlineData(1.0, 0.7)]
    [InlineData(0.0, 0.3)]
    [InlineData(1.0, 0.8)]   // on the line counts as outside
    public void AnOutputOutsideItsMarginGetsThePlainError(double target, double output)
    {
        var plain = new LinearUnit();
        var wrapped = new LinearUnit();
        plain.SetParameters(new[] { output, 0.0 });
        wrapped.SetParameters(new[] { output, 0.0 });
        double expected = plain.AccumulateGradient(new[] { 1.0 }, new[] { target });
        double actual = new ErrorMarginNetwork(wrapped).AccumulateGradient(new[] { 1.0 }, new[] { target });
        Assert.Equal(expected, actual);
        Assert.Equal(plain.Gradients.ToArray(), wrapped.Gradients.ToArray());
    }

    [Fact]
    public void ABatchSweepChangesTheWeightsOnlyForCasesOutsideTheMargin()
    {
        var net = new LinearUnit { LearningRate = 0.1 };
        net.SetParameters(new[] { 0.5, 0.0 });
        var margin = new ErrorMarginNetwork(net);

        // x = 2 gives y = 1.0 (target 1: inside); x = 1 gives y = 0.5 (target 0: outside, E = ½ · 0.25).
        var data = new DataSet<double>(new[] { 2.0, 1.0 }, 1, new[] { 1.0, 0.0 }, 1);
        Assert.Equal(0.125, margin.TrainBatch(data), 12);

        // Only the second case: ∂E/∂w = (0.5 − 0) · 1, ∂E/∂b = 0.5; Δ = −0.1 · 0.5.
        Assert.Equal(0.45, net.Parameters[0], 12);
        Assert.Equal(-0.05, net.Parameters[1], 12);
    }
}
