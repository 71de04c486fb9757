using System;
using Xunit;

namespace BackpropGen.Runtime.Tests;

public class UpdateRuleTests
{
    [Fact]
    public void Two_steps_with_momentum_and_decay_match_the_hand_computation()
    {
        // ε = 0.1, α = 0.9, λ = 0.01; Δw(0) = 0.
        double[] w = [1.0, -2.0];
        double[] previous = [0.0, 0.0];

        // Step 1, g = (0.5, −1):
        //   w₀: Δ = −0.1·0.5 + 0.9·0 = −0.05;  w = 1 − 0.05 = 0.95;    w −= 0.01·0.95  → 0.9405
        //   w₁: Δ = −0.1·(−1) + 0.9·0 = 0.1;   w = −2 + 0.1 = −1.9;    w −= 0.01·(−1.9) → −1.881
        double[] g = [0.5, -1.0];
        UpdateRule.Apply<double>(w, g, previous, 0.1, 0.9, 0.01);
        Assert.Equal(0.9405, w[0], 1e-15);
        Assert.Equal(-1.881, w[1], 1e-15);
        Assert.Equal(-0.05, previous[0], 1e-15);
        Assert.Equal(0.1, previous[1], 1e-15);
        Assert.Equal([0.0, 0.0], g);

        // Step 2, g = (0.25, 0):
        //   w₀: Δ = −0.1·0.25 + 0.9·(−0.05) = −0.025 − 0.045 = −0.07;  w = 0.9405 − 0.07 = 0.8705;  w −= 0.008705 → 0.861795
        //   w₁: Δ = −0.1·0 + 0.9·0.1 = 0.09;  w = −1.881 + 0.09 = −1.791;  w −= 0.01·(−1.791) → −1.77309
        g[0] = 0.25;
        g[1] = 0.0;
        UpdateRule.Apply<double>(w, g, previous, 0.1, 0.9, 0.01);
        Assert.Equal(0.861795, w[0], 1e-15);
        Assert.Equal(-1.77309, w[1], 1e-15);
        Assert.Equal(-0.07, previous[0], 1e-15);
        Assert.Equal(0.09, previous[1], 1e-15);
        Assert.Equal([0.0, 0.0], g);
    }

    [Fact]
    public void Without_momentum_or_decay_it_is_plain_gradient_descent()
    {
        // Δ = −0.5 · 0.25 = −0.125 (exact in binary); w = 1 − 0.125 = 0.875.
        float[] w = [1f];
        float[] g = [0.25f];
        float[] previous = [123f];
        UpdateRule.Apply<float>(w, g, previous, 0.5f, 0f, 0f);
        Assert.Equal(0.875f, w[0]);
        Assert.Equal(-0.125f, previous[0]);
        Assert.Equal(0f, g[0]);
    }

    [Fact]
    public void Spans_of_different_lengths_are_refused()
    {
        var exception = Assert.Throws<ArgumentException>(
            () => UpdateRule.Apply<double>(new double[2], new double[1], new double[2], 0.1, 0, 0));
        Assert.Equal("gradients", exception.ParamName);
        Assert.StartsWith("Expected a span of length 2 but got length 1.", exception.Message);

        exception = Assert.Throws<ArgumentException>(
            () => UpdateRule.Apply<double>(new double[2], new double[2], new double[3], 0.1, 0, 0));
        Assert.Equal("previousDeltas", exception.ParamName);
    }
}
