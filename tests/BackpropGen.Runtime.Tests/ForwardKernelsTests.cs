using System;
using System.Linq;
using System.Runtime.Intrinsics;
using Xunit;

namespace BackpropGen.Runtime.Tests;

/// <summary>The one-pattern Forward's kernels (ForwardKernels) against plain loops and System.Math.</summary>
public class ForwardKernelsTests
{
    [Fact]
    public void DenseSetsEveryUnitToItsRowsDotPlusItsBias()
    {
        var random = new Random(11);
        // Row lengths around each vector width (4, 8, 16 floats; 2, 4, 8 doubles) with every remainder, unit counts below,
        // at and past four (the four-row passes and the overlapping last pass), strides equal to and past the row.
        foreach (int n in new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 15, 16, 17, 24, 31, 32, 33, 36, 50, 64, 100 })
        {
            foreach (int rows in new[] { 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 24 })
            {
                foreach (int extra in new[] { 0, 3 })
                {
                    foreach (bool bias in new[] { true, false })
                    {
                        int stride = n + extra;
                        double[] w = Enumerable.Range(0, (rows * stride) + 1).Select(_ => random.NextDouble() - 0.5).ToArray();
                        double[] y = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
                        double[] b = bias ? Enumerable.Range(0, rows).Select(_ => random.NextDouble() - 0.5).ToArray() : Array.Empty<double>();
                        double[] expected = new double[rows];
                        for (int j = 0; j < rows; j++)
                        {
                            double dot = 0;
                            for (int i = 0; i < n; i++)
                            {
                                dot += w[1 + (j * stride) + i] * y[i];
                            }

                            expected[j] = dot + (bias ? b[j] : 0);
                        }

                        double[] x = Enumerable.Repeat(double.NaN, rows).ToArray();
                        float[] xf = Enumerable.Repeat(float.NaN, rows).ToArray();
                        ForwardKernels.Dense(w.AsSpan(1), stride, y, b, x);
                        ForwardKernels.Dense(w.Select(v => (float)v).ToArray().AsSpan(1), stride, y.Select(v => (float)v).ToArray(), b.Select(v => (float)v).ToArray(), xf);
                        for (int j = 0; j < rows; j++)
                        {
                            Assert.True(Math.Abs(x[j] - expected[j]) <= 1e-12 * Math.Max(1, Math.Abs(expected[j])), $"n = {n}, rows = {rows}, stride = {stride}, bias {bias}, row {j}: {x[j]} against {expected[j]}");
                            Assert.True(Math.Abs(xf[j] - expected[j]) <= 1e-5 * Math.Max(1, Math.Abs(expected[j])), $"float n = {n}, rows = {rows}, bias {bias}, row {j}: {xf[j]} against {expected[j]}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void KernelsAllocateNothing()
    {
        // Also in a Debug build, where generic conversions (T.CreateTruncating) box.
        float[] w = new float[36 * 12], y = new float[36], b = new float[12], x = new float[12], units = new float[12];
        double[] wd = new double[36 * 12], yd = new double[36], bd = new double[12], xd = new double[12], unitsd = new double[12];
        // The first pass runs the static initialisers (the exp's coefficients); the second must allocate nothing.
        long allocated = 0;
        for (int pass = 0; pass < 2; pass++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 10; k++)
            {
                ForwardKernels.Dense(w, 36, y, b, x);
                ForwardKernels.Dense(wd, 36, yd, bd, xd);
                ForwardKernels.Sigmoid(x, units);
                ForwardKernels.Tanh(xd, unitsd);
                ForwardKernels.Sigmoid(x.AsSpan(0, 3), units.AsSpan(0, 3));
                // Short rows with tails, five rows (an overlapping last pass): an imported 6-5-4-3 net's shape.
                ForwardKernels.Dense(w.AsSpan(0, 30), 6, y.AsSpan(0, 6), b.AsSpan(0, 5), x.AsSpan(0, 5));
                ForwardKernels.Dense(w.AsSpan(0, 20), 5, y.AsSpan(0, 5), b.AsSpan(0, 4), x.AsSpan(0, 4));
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void DenseRefusesWeightsTooShortAndBiasesOfTheWrongLength()
    {
        var error = Assert.Throws<ArgumentException>(() => ForwardKernels.Dense(new double[10], 4, new double[4], default, new double[3]));
        Assert.Equal("w", error.ParamName);
        Assert.Contains("need 12", error.Message, StringComparison.Ordinal);
        error = Assert.Throws<ArgumentException>(() => ForwardKernels.Dense(new float[12], 4, new float[4], new float[2], new float[3]));
        Assert.Equal("b", error.ParamName);
        Assert.Contains("got 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExpIsWithinAFewUlpsOfMathExpFromUnderflowToOverflow()
    {
        // A sweep of the whole range in small steps, plus the edges: the largest relative error against Math.Exp.
        double worstFloat = 0, worstDouble = 0;
        for (double v = -90; v <= 90; v += 0.0137)
        {
            float single = ForwardKernels.Exp(Vector512.Create((float)v)).GetElement(3);
            double exact = Math.Exp((float)v);
            if (exact > 1.2e-38 && (float)v < 88.37f)
            {
                worstFloat = Math.Max(worstFloat, Math.Abs(single - exact) / exact);
            }

            double wide = ForwardKernels.Exp(Vector512.Create(v)).GetElement(5);
            worstDouble = Math.Max(worstDouble, Math.Abs(wide - Math.Exp(v)) / Math.Exp(v));
        }

        // float: a few ulps (2^-23 ≈ 1.2e-7); double: a few ulps (2^-52 ≈ 2.2e-16).
        Assert.True(worstFloat < 4e-7, $"float exp's worst relative error {worstFloat}");
        Assert.True(worstDouble < 1e-15, $"double exp's worst relative error {worstDouble}");

        Assert.Equal(0f, ForwardKernels.Exp(Vector512.Create(-100f)).GetElement(0));
        Assert.Equal(float.PositiveInfinity, ForwardKernels.Exp(Vector512.Create(100f)).GetElement(0));
        Assert.True(float.IsNaN(ForwardKernels.Exp(Vector512.Create(float.NaN)).GetElement(0)));
        Assert.Equal(0d, ForwardKernels.Exp(Vector512.Create(-800d)).GetElement(0));
        Assert.Equal(double.PositiveInfinity, ForwardKernels.Exp(Vector512.Create(800d)).GetElement(0));
        Assert.True(double.IsNaN(ForwardKernels.Exp(Vector512.Create(double.NaN)).GetElement(0)));
        Assert.Equal(1d, ForwardKernels.Exp(Vector512.Create(0d)).GetElement(0));
    }

    [Fact]
    public void SigmoidAndTanhMatchMathForEveryCount()
    {
        var random = new Random(12);
        // Counts below 128 bits (padded), at and between the widths (the overlapping last vector), and past 512 bits.
        foreach (int n in Enumerable.Range(0, 40).Append(100))
        {
            double[] x = Enumerable.Range(0, n).Select(_ => (random.NextDouble() - 0.5) * 40).ToArray();
            if (n > 2)
            {
                x[1] = double.NaN;
                x[2] = -1000;
            }

            float[] xf = x.Select(v => (float)v).ToArray();
            double[] sigmoid = new double[n], tanh = new double[n];
            float[] sigmoidF = new float[n], tanhF = new float[n];
            ForwardKernels.Sigmoid(x, sigmoid);
            ForwardKernels.Tanh(x, tanh);
            ForwardKernels.Sigmoid(xf, sigmoidF);
            ForwardKernels.Tanh(xf, tanhF);
            for (int j = 0; j < n; j++)
            {
                if (double.IsNaN(x[j]))
                {
                    Assert.True(double.IsNaN(sigmoid[j]) && double.IsNaN(tanh[j]) && float.IsNaN(sigmoidF[j]) && float.IsNaN(tanhF[j]), $"n = {n}: NaN in, NaN out");
                    continue;
                }

                double s = 1 / (1 + Math.Exp(-x[j]));
                Assert.True(Math.Abs(sigmoid[j] - s) <= 1e-15 * Math.Max(s, 1e-300) + 1e-300, $"n = {n}, unit {j}: sigmoid {sigmoid[j]} against {s}");
                Assert.True(Math.Abs(tanh[j] - Math.Tanh(x[j])) <= 1e-15, $"n = {n}, unit {j}: tanh {tanh[j]} against {Math.Tanh(x[j])}");
                double sf = 1 / (1 + Math.Exp(-xf[j]));
                Assert.True(Math.Abs(sigmoidF[j] - sf) <= 1e-6 * sf + 1e-38, $"float n = {n}, unit {j}: sigmoid {sigmoidF[j]} against {sf}");
                Assert.True(Math.Abs(tanhF[j] - Math.Tanh(xf[j])) <= 1e-6, $"float n = {n}, unit {j}: tanh {tanhF[j]} against {Math.Tanh(xf[j])}");
            }
        }

        Assert.Throws<ArgumentException>(() => ForwardKernels.Sigmoid(new float[3], new float[2]));
    }
}
