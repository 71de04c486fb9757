using Xor;

namespace BackpropGen.Tests;

/// <summary>The seed's NumPy XOR run (shared/docs/paper-facts.md), reproduced in double precision.</summary>
public class NumPyTrajectoryTests
{
    [Fact]
    public void TenThousandAndOneStepsReproduceNumPy()
    {
        // The scalar path: its sums run in case order, as NumPy's do (the SIMD path is held to it in SimdEquivalenceTests).
        var net = new XorNet { LearningRate = 0.5, Momentum = 0, VectorizeAcrossPatterns = false };
        net.SetParameters(XorReference.InitialParameters());
        var data = XorReference.Data();
        var printed = new List<double>();
        for (int step = 0; step < XorReference.Steps; step++)
        {
            double error = net.TrainBatch(data);
            if (step % 2000 == 0)
            {
                printed.Add(2 * error / data.Count);
            }
        }

        for (int k = 0; k < printed.Count; k++)
        {
            AssertRelative(XorReference.MeanSquaredErrors[k], printed[k], 1e-9, $"mean squared error at step {k * 2000}");
        }

        double[] expected = XorReference.FinalParameters();
        for (int k = 0; k < XorNet.ParameterCount; k++)
        {
            AssertRelative(expected[k], net.Parameters[k], 1e-9, $"final weight {k}");
        }

        Span<double> output = stackalloc double[1];
        for (int c = 0; c < data.Count; c++)
        {
            net.Forward(data.Input(c), output);
            AssertRelative(XorReference.FinalPredictions[c], output[0], 1e-9, $"final prediction {c}");
            Assert.Equal(XorReference.FinalPredictions[c].ToString("F3"), output[0].ToString("F3"));
        }

        // The final loss, one forward pass after the last update.
        double finalError = 0;
        for (int c = 0; c < data.Count; c++)
        {
            net.Forward(data.Input(c), output);
            finalError += (output[0] - data.Target(c)[0]) * (output[0] - data.Target(c)[0]);
        }

        Assert.True(finalError / 4 < XorReference.MeanSquaredErrors[^1]);
    }

    [Fact]
    public void NamedAccessorsFollowTheDocumentedLayout()
    {
        var net = new XorNet();
        net.SetParameters(XorReference.InitialParameters());
        for (int j = 0; j < 4; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                Assert.Equal(XorReference.W1[i, j], net.HiddenWeight(j, i));
                Assert.Equal(XorReference.W1[i, j], net.HiddenWeights[(j * 2) + i]);
            }

            Assert.Equal(XorReference.W2[j], net.OutputWeight(0, j));
        }

        net.HiddenWeight(3, 1) = 42;
        Assert.Equal(42, net.Parameters[7]);
        Assert.Throws<ArgumentOutOfRangeException>(() => net.HiddenWeight(4, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => net.OutputWeight(0, 4));
    }

    private static void AssertRelative(double expected, double actual, double tolerance, string what)
    {
        double relative = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(relative <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative error {relative:E2})");
    }
}
