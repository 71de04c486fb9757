using System.Numerics;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace BackpropGen.Onnx.Benchmarks;

/// <summary>
/// The 784 → 128 layer's sums as the loop layers compute them, one weight row at a time: <see cref="Kernels.Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>
/// (Vector512 where accelerated, else Vector256, four sums, FMA) against the kernel before it (<see cref="Vector{T}"/>,
/// two sums, multiply then add), kept here as the baseline so both run in the same process.
/// </summary>
public class RowKernels784x128
{
    private readonly float[] weights = new float[128 * 784];
    private readonly float[] input = new float[784];
    private readonly float[] sums = new float[128];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        for (int k = 0; k < weights.Length; k++)
        {
            weights[k] = (float)(random.NextDouble() - 0.5);
        }

        for (int i = 0; i < input.Length; i++)
        {
            input[i] = (float)random.NextDouble();
        }
    }

    [Benchmark(Baseline = true)]
    public void VectorTTwoSums()
    {
        for (int j = 0; j < 128; j++)
        {
            sums[j] = Before(weights.AsSpan(j * 784, 784), input);
        }
    }

    [Benchmark]
    public void WidestFourSumsFma()
    {
        for (int j = 0; j < 128; j++)
        {
            sums[j] = Kernels.Dot(weights.AsSpan(j * 784, 784), input);
        }
    }

    private static float Before(ReadOnlySpan<float> w, ReadOnlySpan<float> y)
    {
        ReadOnlySpan<Vector<float>> wv = MemoryMarshal.Cast<float, Vector<float>>(w);
        ReadOnlySpan<Vector<float>> yv = MemoryMarshal.Cast<float, Vector<float>>(y);
        Vector<float> even = Vector<float>.Zero;
        Vector<float> odd = Vector<float>.Zero;
        int k = 0;
        for (; k + 1 < wv.Length; k += 2)
        {
            even += wv[k] * yv[k];
            odd += wv[k + 1] * yv[k + 1];
        }

        if (k < wv.Length)
        {
            even += wv[k] * yv[k];
        }

        float sum = Vector.Sum(even + odd);
        for (int i = wv.Length * Vector<float>.Count; i < w.Length; i++)
        {
            sum += w[i] * y[i];
        }

        return sum;
    }
}
