using System;
using Xunit;

namespace BackpropGen.Runtime.Tests;

/// <summary>Each optimizer on a two-step example worked out by hand, and the vector body against the scalar tail.</summary>
public class OptimizerTests
{
    // One parameter w = 1, gradients g₁ = 2 then g₂ = −1, ε = 0.1.
    private static double TwoSteps(Optimizer<double> optimizer, out double afterFirst)
    {
        double[] w = [1.0];
        double[] g = [2.0];
        optimizer.Step(w, g);
        afterFirst = w[0];
        Assert.Equal(0.0, g[0]);
        g[0] = -1.0;
        optimizer.Step(w, g);
        Assert.Equal(2, optimizer.StepCount);
        return w[0];
    }

    [Fact]
    public void The_papers_rule_two_steps()
    {
        // α = 0.9, λ = 0.01.  Step 1: Δ = −0.1·2 = −0.2; w = 0.8; w −= 0.01·0.8 → 0.792.
        // Step 2: Δ = −0.1·(−1) + 0.9·(−0.2) = 0.1 − 0.18 = −0.08; w = 0.712; w −= 0.00712 → 0.70488.
        var rule = new MomentumOptimizer<double>(0.1, 0.9, 0.01);
        Assert.Equal(0.70488, TwoSteps(rule, out double first), 1e-15);
        Assert.Equal(0.792, first, 1e-15);
        Assert.Equal(-0.08, rule.PreviousDeltas[0], 1e-15);
    }

    [Fact]
    public void Nesterov_two_steps()
    {
        // μ = 0.9, λ = 0.01 (L2).  Step 1: g = 2 + 0.01·1 = 2.01; b = 2.01; w = 1 − 0.1·(2.01 + 0.9·2.01) = 1 − 0.3819 = 0.6181.
        // Step 2: g = −1 + 0.01·0.6181 = −0.993819; b = 0.9·2.01 − 0.993819 = 0.815181;
        //         w = 0.6181 − 0.1·(−0.993819 + 0.9·0.815181) = 0.6181 − 0.1·(−0.2601561) = 0.64411561.
        var nesterov = new NesterovOptimizer<double>(0.1, 0.9, 0.01);
        Assert.Equal(0.64411561, TwoSteps(nesterov, out double first), 1e-14);
        Assert.Equal(0.6181, first, 1e-15);
        Assert.Equal(0.815181, nesterov.MomentumBuffer[0], 1e-15);
    }

    [Fact]
    public void Adam_two_steps()
    {
        // β₁ = 0.9, β₂ = 0.999, ϵ̂ = 0.  Step 1: m = 0.1·2 = 0.2; v = 0.001·4 = 0.004; m̂ = 0.2/0.1 = 2; v̂ = 0.004/0.001 = 4;
        //   w = 1 − 0.1·2/√4 = 0.9 (Adam's first step is ε·sign g).
        // Step 2: m = 0.18 − 0.1 = 0.08; v = 0.003996 + 0.001 = 0.004996; m̂ = 0.08/0.19 = 0.421052631…;
        //   v̂ = 0.004996/0.001999 = 2.499249624…; √v̂ = 1.580901522…; w = 0.9 − 0.1·0.421052631/1.580901522 = 0.873366296…
        var adam = new AdamOptimizer<double>(0.1, epsilon: 0.0);
        Assert.Equal(0.87336629603396, TwoSteps(adam, out double first), 1e-13);
        Assert.Equal(0.9, first, 1e-15);
        Assert.Equal(0.08, adam.FirstMoment[0], 1e-15);
        Assert.Equal(0.004996, adam.SecondMoment[0], 1e-15);
    }

    [Fact]
    public void Adam_with_L2_weight_decay_two_steps()
    {
        // λ = 0.1 added to the gradient: g₁ = 2 + 0.1·1 = 2.1, m = 0.21, v = 0.00441, w = 1 − 0.1 = 0.9;
        // g₂ = −1 + 0.1·0.9 = −0.91; m = 0.189 − 0.091 = 0.098; v = 0.00440559 + 0.000828100 = 0.00523369;
        // w = 0.9 − 0.1·(0.098/0.19)/√(0.00523369/0.001999) = 0.868123188…
        var adam = new AdamOptimizer<double>(0.1, epsilon: 0.0, weightDecay: 0.1);
        Assert.Equal(0.8681231885029979, TwoSteps(adam, out double first), 1e-13);
        Assert.Equal(0.9, first, 1e-15);
    }

    [Fact]
    public void AdamW_two_steps()
    {
        // λ = 0.1 decoupled: w ← w·(1 − 0.1·0.1) before each step; the moments are Adam's (g unchanged).
        // Step 1: w = 0.99, then − 0.1 → 0.89.  Step 2: w = 0.89·0.99 = 0.8811, then − 0.026633703966… → 0.854466296…
        var adamW = new AdamWOptimizer<double>(0.1, epsilon: 0.0, weightDecay: 0.1);
        Assert.Equal(0.85446629603396, TwoSteps(adamW, out double first), 1e-13);
        Assert.Equal(0.89, first, 1e-15);
    }

    public static TheoryData<string> Kinds => ["momentum", "nesterov", "adam", "adamw"];

    private static Optimizer<T> Make<T>(string kind)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => kind switch
        {
            "momentum" => new MomentumOptimizer<T>(T.CreateChecked(0.05), T.CreateChecked(0.9), T.CreateChecked(0.001)),
            "nesterov" => new NesterovOptimizer<T>(T.CreateChecked(0.05), T.CreateChecked(0.9), T.CreateChecked(0.001)),
            "adam" => new AdamOptimizer<T>(T.CreateChecked(0.05), weightDecay: T.CreateChecked(0.001)),
            _ => new AdamWOptimizer<T>(T.CreateChecked(0.05)),
        };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_vector_body_gives_the_bits_of_one_pair_at_a_time(string kind) => VectorBodyAgainstPairs(kind, 37);

    [Theory]
    [InlineData("adam")]
    [InlineData("adamw")]
    public void The_vector_body_gives_the_bits_of_one_pair_at_a_time_on_the_digits_net(string kind) =>
        VectorBodyAgainstPairs(kind, 2411); // ~150 pairs of 512-bit vectors per step: the shared reciprocal off the divider, and its refused lanes

    private static void VectorBodyAgainstPairs(string kind, int n)
    {
        // n = 37 parameters: several whole vectors plus a scalar tail at any width, and an odd one out. Adam pairs parameter
        // k with k + ⌊n/2⌋ (the pair shares a division), whatever the width; so each pair is also stepped alone as a
        // two-element span (which never takes a vector body: a pair of vectors needs n ≥ 4), and the last parameter as
        // a one-element span. The bits must agree. (The element-wise rules pass the same test.)
        int h = n / 2;
        var all = Make<double>(kind);
        var w = new double[n];
        var alone = new Optimizer<double>[h + 1];
        var wAlone = new double[h + 1][];
        ulong state = 7;
        for (int k = 0; k < n; k++)
        {
            w[k] = SeededUniform.NextDouble(ref state) - 0.5;
        }

        for (int p = 0; p <= h; p++)
        {
            alone[p] = Make<double>(kind);
            wAlone[p] = p < h ? [w[p], w[p + h]] : [w[n - 1]];
        }

        var g = new double[n];
        for (int step = 0; step < 4; step++)
        {
            for (int k = 0; k < n; k++)
            {
                g[k] = SeededUniform.NextDouble(ref state) - 0.5;
            }

            for (int p = 0; p <= h; p++)
            {
                double[] one = p < h ? [g[p], g[p + h]] : [g[n - 1]];
                alone[p].Step(wAlone[p], one);
            }

            all.Step(w, g);
        }

        for (int k = 0; k < n; k++)
        {
            double expected = k == n - 1 ? wAlone[h][0] : k < h ? wAlone[k][0] : wAlone[k - h][1];
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(w[k]));
        }
    }

    [Theory]
    [InlineData(1e-160, 1e-160, 0.0)]
    [InlineData(1e-160, 0.5, 0.0)]
    [InlineData(3.0, 1e-160, 0.0)]
    [InlineData(1.0, 1.0, 1e160)]
    [InlineData(1e150, 1e-150, 1e160)]
    public void Adams_shared_division_gives_way_where_it_would_overflow_or_underflow(double g1, double g2, double epsilon)
    {
        // A pair's denominators share one division, 1/(a₁a₂); where an a lies outside [2^−511, 2^511] (here: a
        // subnormal v with ϵ̂ = 0, or a huge ϵ̂), the product or its reciprocal would overflow or underflow (1e−320
        // gives 1/a₁a₂ = ∞), so that pair divides on its own, lane by lane: the bits of m / a exactly. β₁ = β₂ = 0,
        // so m = g and v = g². 2 × 19 parameters: vector bodies and the scalar tail both meet such pairs.
        const int n = 38, h = n / 2;
        var adam = new AdamOptimizer<double>(0.1, beta1: 0.0, beta2: 0.0, epsilon: epsilon);
        var w = new double[n];
        var g = new double[n];
        for (int k = 0; k < n; k++)
        {
            g[k] = (k < h ? g1 : g2) * (k % 2 == 0 ? 1 : -1);
        }

        var expected = new double[n];
        for (int k = 0; k < n; k++)
        {
            // The step one parameter at a time, as the class states it (one division per parameter).
            double m = Math.FusedMultiplyAdd(0.0, 0.0, g[k] * 1.0);
            double v = Math.FusedMultiplyAdd(0.0, 0.0, (g[k] * g[k]) * 1.0);
            double a = Math.FusedMultiplyAdd(Math.Sqrt(v), 1.0 / Math.Sqrt(1.0), epsilon);
            expected[k] = Math.FusedMultiplyAdd(m / a, -(0.1 / 1.0), 0.0);
        }

        adam.Step(w, g);
        for (int k = 0; k < n; k++)
        {
            Assert.True(double.IsFinite(w[k]), $"w[{k}] = {w[k]}");
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[k]), BitConverter.DoubleToInt64Bits(w[k]));
        }
    }

    [Fact]
    public void The_vectorised_papers_rule_gives_the_bits_of_the_element_by_element_loop()
    {
        const int n = 45;
        var w = new float[n];
        var previous = new float[n];
        var g = new float[n];
        var wRef = new float[n];
        var previousRef = new float[n];
        ulong state = 11;
        for (int k = 0; k < n; k++)
        {
            w[k] = wRef[k] = (float)(SeededUniform.NextDouble(ref state) - 0.5);
        }

        for (int step = 0; step < 3; step++)
        {
            for (int k = 0; k < n; k++)
            {
                g[k] = (float)(SeededUniform.NextDouble(ref state) - 0.5);

                // The rule as the seed wrote it, one element at a time.
                float delta = -(0.3f * g[k]) + (0.9f * previousRef[k]);
                previousRef[k] = delta;
                float wk = wRef[k] + delta;
                wk -= 0.01f * wk;
                wRef[k] = wk;
            }

            UpdateRule.Apply<float>(w, g, previous, 0.3f, 0.9f, 0.01f);
        }

        Assert.Equal(wRef, w);
        Assert.Equal(previousRef, previous);
    }

    [Fact]
    public void Bad_hyperparameters_and_a_second_network_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer<double>(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamOptimizer<double>(0.1, beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MomentumOptimizer<double>(0.1, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new NesterovOptimizer<double>(-1, 0.5));
        var adam = new AdamOptimizer<double>(0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => adam.GradientScale = 0);
        adam.Step(new double[3], new double[3]);
        var e = Assert.Throws<ArgumentException>(() => adam.Step(new double[4], new double[4]));
        Assert.Contains("3 parameters", e.Message);
        Assert.Throws<ArgumentException>(() => adam.Step(new double[3], new double[2]));
    }

    [Fact]
    public void Steps_allocate_nothing_after_the_first()
    {
        var w = new double[1000];
        var g = new double[1000];
        foreach (string kind in new[] { "momentum", "nesterov", "adam", "adamw" })
        {
            var optimizer = Make<double>(kind);
            optimizer.Step(w, g);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 10; k++)
            {
                optimizer.Step(w, g);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
