using System;
using System.Linq;
using System.Numerics;
using System.Runtime.Intrinsics;
using Xunit;

namespace BackpropGen.Runtime.Tests;

public class BlocksAndKernelsTests
{
    [Fact]
    public void BlocksPutEachUnitOfABlocksCasesSideBySide()
    {
        // 7 cases of 3 inputs (value 10c + k) and 2 targets (value 100c + k).
        double[] inputs = Enumerable.Range(0, 7).SelectMany(c => Enumerable.Range(0, 3).Select(k => (10.0 * c) + k)).ToArray();
        double[] targets = Enumerable.Range(0, 7).SelectMany(c => Enumerable.Range(0, 2).Select(k => (100.0 * c) + k)).ToArray();
        var data = new DataSet<double>(inputs, 3, targets, 2);

        PatternBlocks<double> blocks = data.Blocks(2);
        Assert.Equal(4, blocks.Count);
        Assert.Equal(7, blocks.CaseCount);
        Assert.Equal(1, blocks.PaddingCount);
        Assert.Equal(new double[] { 20, 30, 21, 31, 22, 32 }, blocks.Input(1).ToArray());
        Assert.Equal(new double[] { 400, 500, 401, 501 }, blocks.Target(2).ToArray());
        Assert.Same(blocks, data.Blocks(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => blocks.Input(4));
        Assert.Throws<ArgumentOutOfRangeException>(() => blocks.Mask(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Blocks(0));

        // The last block: case 6 in lane 0, zeros in the padding lane, and a mask that keeps lane 0 only.
        Assert.Equal(new double[] { 60, 0, 61, 0, 62, 0 }, blocks.Input(3).ToArray());
        Assert.Equal(new double[] { 600, 0, 601, 0 }, blocks.Target(3).ToArray());
        Assert.Equal(new[] { -1L, 0L }, blocks.Mask(3).ToArray().Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(new[] { -1L, -1L }, blocks.Mask(0).ToArray().Select(BitConverter.DoubleToInt64Bits));

        // Wider than the data set: one block, mostly padding.
        PatternBlocks<double> wide = data.Blocks(8);
        Assert.Equal((1, 7, 1), (wide.Count, wide.CaseCount, wide.PaddingCount));
        Assert.Equal(Enumerable.Range(0, 8).Select(lane => lane < 7 ? -1L : 0L), wide.Mask(0).ToArray().Select(BitConverter.DoubleToInt64Bits));

        // A multiple of the lanes: no padding.
        Assert.Equal((7, 0), (data.Blocks(1).Count, data.Blocks(1).PaddingCount));
    }

    [Fact]
    public void LaneBuffersAndBlocksStartOnACacheLine()
    {
        // A vector load or store that starts on a multiple of its size never splits a cache line. Several sizes, so
        // that the GC's placement of the arrays varies.
        for (int length = 0; length < 40; length += 7)
        {
            var buffer = new LaneBuffer<double>(length);
            Assert.Equal(length, buffer.Length);
            Assert.Equal(length, buffer.Vectors.Length);
            Assert.Equal(0, AddressOf(buffer.Vectors) % 64);
            Assert.All(buffer.Vectors.ToArray(), v => Assert.Equal(Vector<double>.Zero, v));

            buffer.Vectors.Fill(Vector<double>.One);
            buffer.Clear();
            Assert.All(buffer.Vectors.ToArray(), v => Assert.Equal(Vector<double>.Zero, v));

            var floats = new LaneBuffer<float>(length + 1);
            Assert.Equal(0, AddressOf(floats.Vectors) % 64);

            var data = new DataSet<float>(new float[(length + 3) * 5], 5, new float[(length + 3) * 2], 2);
            PatternBlocks<float> blocks = data.Blocks(Vector<float>.Count);
            // The first block on a line; every block (a whole number of vectors further) on a vector boundary.
            Assert.Equal(0, AddressOf(blocks.Input(0)) % 64);
            Assert.Equal(0, AddressOf(blocks.Target(0)) % 64);
            Assert.Equal(0, AddressOf(blocks.Mask(0)) % 64);
            int vectorBytes = Vector<float>.Count * sizeof(float);
            for (int b = 0; b < blocks.Count; b++)
            {
                Assert.Equal(0, AddressOf(blocks.Input(b)) % vectorBytes);
                Assert.Equal(0, AddressOf(blocks.Target(b)) % vectorBytes);
                Assert.Equal(0, AddressOf(blocks.Mask(b)) % vectorBytes);
            }
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new LaneBuffer<double>(-1));

        // Slice is a window on the same vectors, checked against the buffer's length.
        var five = new LaneBuffer<double>(5);
        five.Slice(2, 3)[1] = new Vector<double>(7.0);
        Assert.Equal(new Vector<double>(7.0), five.Vectors[3]);
        Assert.Equal(0, five.Slice(5, 0).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => five.Slice(3, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => five.Slice(-1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => five.Slice(6, 0));

        // A buffer of 512-bit vectors (the 512-bit path): Slice512 reads it, 64-byte aligned; Slice, of another width, throws.
        var wide = new LaneBuffer<float>(3, Vector512<float>.Count);
        Assert.Equal(Vector512<float>.Count, wide.Lanes);
        wide.Slice512(1, 2)[1] = Vector512.Create(5f);
        Assert.Equal(Vector512.Create(5f), wide.Slice512(0, 3)[2]);
        Assert.Equal(Vector512<float>.Zero, wide.Slice512(0, 3)[1]);
        Assert.Equal(0, AddressOf<Vector512<float>>(wide.Slice512(0, 3)) % 64);
        Assert.Throws<ArgumentOutOfRangeException>(() => wide.Slice512(2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LaneBuffer<float>(3, 0));

        // A buffer's twin (the second block's units in a sweep of two blocks per pass): same length and width, its own
        // vectors, made once; its twin is the buffer.
        LaneBuffer<float> twin = wide.Twin;
        Assert.Equal((wide.Length, wide.Lanes), (twin.Length, twin.Lanes));
        Assert.Same(twin, wide.Twin);
        Assert.Same(wide, twin.Twin);
        twin.Slice512(0, 3)[2] = Vector512.Create(9f);
        Assert.Equal(Vector512.Create(5f), wide.Slice512(0, 3)[2]);
        Assert.Equal(0, AddressOf<Vector512<float>>(twin.Slice512(0, 3)) % 64);
        if (Vector<float>.Count != Vector512<float>.Count)
        {
            Assert.Throws<InvalidOperationException>(() => wide.Slice(0, 1));
            Assert.Throws<InvalidOperationException>(() => five.Slice512(0, 1));
        }
    }

    [Fact]
    public void WideKernelsComputeTheSameSumsLaneByLane()
    {
        double[] w = { 0.5, -1.25, 2.0 };
        Vector512<double>[] y = { Vector512.Create(1.0), Vector512.Create(2.0), Vector512.Create(-3.0) };
        Assert.Equal(Vector512.Create((0.5 * 1.0) + (-1.25 * 2.0) + (2.0 * -3.0)), Kernels.Dot(w, y));
        var s = new Vector512<double>[3];
        Kernels.AddScaled(s, Vector512.Create(2.0), w);
        Assert.Equal(Vector512.Create(-2.5), s[1]);
        Kernels.AddScaled(s, Vector512.Create(2.0), y);
        Assert.Equal(Vector512.Create(-2.5 + 4.0), s[1]);
        Assert.Throws<ArgumentException>(() => Kernels.Dot(w, y.AsSpan(0, 2)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(17)]
    [InlineData(846)]
    public void LaneSumsAddEachVectorsLanesToItsSum(int count)
    {
        // Every lane a different small integer, so any order of the adds gives the exact sum.
        var random = new Random(count);
        float[] Lanes(int lanes) => Enumerable.Range(0, lanes).Select(_ => (float)random.Next(-1000, 1000)).ToArray();
        var floats = Enumerable.Range(0, count).Select(_ => new Vector<float>(Lanes(Vector<float>.Count))).ToArray();
        var floats512 = Enumerable.Range(0, count).Select(_ => Vector512.Create(Lanes(16))).ToArray();
        var doubles = floats512.Select(v => Vector512.Create(Enumerable.Range(0, 8).Select(i => (double)v[i] + v[i + 8]).ToArray())).ToArray();
        var doubles256 = doubles.Select(v => new Vector<double>(Enumerable.Range(0, Vector<double>.Count).Select(i => v[i]).ToArray())).ToArray();
        float[] sums = Enumerable.Range(0, count).Select(k => (float)k).ToArray();
        float[] sums512 = (float[])sums.Clone();
        double[] doubleSums = sums.Select(x => (double)x).ToArray();
        double[] doubleSums256 = (double[])doubleSums.Clone();
        Kernels.AddLaneSums(floats, sums);
        Kernels.AddLaneSums(floats512, sums512);
        Kernels.AddLaneSums(doubles, doubleSums);
        Kernels.AddLaneSums(doubles256, doubleSums256);
        for (int k = 0; k < count; k++)
        {
            Assert.Equal(k + Vector.Sum(floats[k]), sums[k]);
            Assert.Equal(k + Vector512.Sum(floats512[k]), sums512[k]);
            Assert.Equal(k + Vector512.Sum(doubles[k]), doubleSums[k]);
            Assert.Equal(k + Vector.Sum(doubles256[k]), doubleSums256[k]);
        }

        Assert.Throws<ArgumentException>(() => Kernels.AddLaneSums(floats, new float[count + 1]));
    }

    private static unsafe long AddressOf<T>(ReadOnlySpan<T> span)
        where T : unmanaged
    {
        if (span.IsEmpty)
        {
            return 0;
        }

        fixed (T* pointer = span)
        {
            return (long)pointer;
        }
    }

    private static long AddressOf<T>(Span<T> span)
        where T : unmanaged => AddressOf((ReadOnlySpan<T>)span);

    [Fact]
    public void DotRowsAddsEveryRowsDotToItsOutput()
    {
        var random = new Random(5);
        // Row lengths below, at and past two 512-bit vectors with every remainder, row counts that are and are not
        // multiples of four, strides equal to and longer than the row (a source's columns inside a wider row).
        foreach (int n in new[] { 0, 1, 7, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 100, 784 })
        {
            foreach (int rows in new[] { 1, 3, 4, 5, 8, 11 })
            {
                foreach (int extra in new[] { 0, 3 })
                {
                    int stride = n + extra;
                    double[] w = Enumerable.Range(0, (rows * stride) + 2).Select(_ => random.NextDouble() - 0.5).ToArray();
                    double[] y = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
                    double[] x = Enumerable.Range(0, rows).Select(_ => random.NextDouble()).ToArray();
                    double[] expected = new double[rows];
                    for (int j = 0; j < rows; j++)
                    {
                        double dot = 0;
                        for (int i = 0; i < n; i++)
                        {
                            dot += w[1 + (j * stride) + i] * y[i];
                        }

                        expected[j] = x[j] + dot;
                    }

                    float[] xf = x.Select(v => (float)v).ToArray();
                    Kernels.DotRows(w.AsSpan(1), stride, y, x);
                    Kernels.DotRows(w.Select(v => (float)v).ToArray().AsSpan(1), stride, y.Select(v => (float)v).ToArray(), xf);
                    for (int j = 0; j < rows; j++)
                    {
                        Assert.True(Math.Abs(x[j] - expected[j]) <= 1e-12 * Math.Max(1, Math.Abs(expected[j])), $"n = {n}, rows = {rows}, stride = {stride}, row {j}: {x[j]} against {expected[j]}");
                        Assert.True(Math.Abs(xf[j] - expected[j]) <= 1e-5 * Math.Max(1, Math.Abs(expected[j])), $"float n = {n}, rows = {rows}, row {j}: {xf[j]} against {expected[j]}");
                    }
                }
            }
        }
    }

    [Fact]
    public void DotRowsRefusesWeightsTooShortForItsRows()
    {
        var error = Assert.Throws<ArgumentException>(() => Kernels.DotRows(new double[10], 4, new double[4], new double[3]));
        Assert.Equal("w", error.ParamName);
        Assert.Contains("need 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KernelsMatchPlainLoops()
    {
        var random = new Random(3);
        // Every length to 41, then lengths past four 512-bit vectors of floats (the four-sum loop) with every remainder.
        foreach (int n in Enumerable.Range(0, 42).Concat(Enumerable.Range(63, 70)).Append(784))
        {
            double[] w = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            double[] y = Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
            double dot = 0;
            for (int i = 0; i < n; i++)
            {
                dot += w[i] * y[i];
            }

            Assert.Equal(dot, Kernels.Dot(w, y), 12);
            // Float: within 1e-5 of the double sum (a decimal-places check fails where the value sits on a rounding boundary).
            float single = Kernels.Dot(w.Select(v => (float)v).ToArray(), y.Select(v => (float)v).ToArray());
            Assert.True(Math.Abs(single - dot) <= 1e-5 * Math.Max(1, Math.Abs(dot)), $"n = {n}: float {single}, double {dot}");

            double[] s = (double[])y.Clone();
            Kernels.AddScaled(s, 0.5, w);
            Assert.Equal(y.Zip(w, (a, b) => a + (0.5 * b)), s);

            // The lane forms: lane l of each vector holds pattern l; here every lane is the same pattern times (l + 1).
            Vector<double>[] lanes = y.Select(v => Vector<double>.One * v * new Vector<double>(Enumerable.Range(1, Vector<double>.Count).Select(l => (double)l).ToArray())).ToArray();
            Vector<double> laneDot = Kernels.Dot(w, lanes);
            for (int l = 0; l < Vector<double>.Count; l++)
            {
                Assert.Equal(dot * (l + 1), laneDot[l], 12);
            }

            var acc = new Vector<double>[n];
            Kernels.AddScaled(acc, new Vector<double>(2.0), w);
            Kernels.AddScaled(acc, new Vector<double>(1.0), lanes);
            for (int i = 0; i < n; i++)
            {
                Assert.Equal((2 * w[i]) + lanes[i][0], acc[i][0], 15);
            }

            Assert.Throws<ArgumentException>(() => Kernels.Dot(w, new double[n + 1]));
        }
    }
}
