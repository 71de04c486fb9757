using System.Runtime.Intrinsics;
using BenchmarkDotNet.Attributes;

namespace BackpropGen.Benchmarks;

/// <summary>
/// The physical limit, measured in the same run as the workloads: one core's multiply-add rate with 512-bit vectors
/// (this machine has AVX-512; on hardware without it Vector512 is emulated and the row says nothing), as many independent fused
/// multiply-add chains as it takes to keep every FMA unit busy (latency 4 × 2 units on Zen 4/5 and most x64 cores; 12
/// chains cover it). Each benchmark runs <see cref="Operations"/> vector multiply-adds; summarize.py turns its mean into
/// multiply-adds per nanosecond and divides each workload's multiply-add count by it: the time of a sweep at one
/// core's peak, and the fraction of it each figure reaches. Measuring beats computing cores × units × lanes × clock
/// from /proc/cpuinfo on a shared KVM guest, whose "cpu MHz" is the host's nominal clock, not what a core runs at.
/// </summary>
[MemoryDiagnoser]
public class PeakBenchmarks
{
    /// <summary>Vector multiply-adds per benchmark call: 12 chains × 100,000 steps.</summary>
    public const int Operations = Chains * Steps;

    private const int Chains = 12;
    private const int Steps = 100_000;

    private float _a = 0.999999f;
    private float _b = 1e-7f;
    private double _ad = 0.999999;
    private double _bd = 1e-7;

    [Benchmark]
    [BenchmarkCategory("Peak")]
    public float FloatPeak()
    {
        Vector512<float> a = Vector512.Create(_a);
        Vector512<float> b = Vector512.Create(_b);
        Vector512<float> s0 = b, s1 = b, s2 = b, s3 = b, s4 = b, s5 = b, s6 = b, s7 = b, s8 = b, s9 = b, s10 = b, s11 = b;
        for (int k = 0; k < Steps; k++)
        {
            s0 = Vector512.FusedMultiplyAdd(s0, a, b);
            s1 = Vector512.FusedMultiplyAdd(s1, a, b);
            s2 = Vector512.FusedMultiplyAdd(s2, a, b);
            s3 = Vector512.FusedMultiplyAdd(s3, a, b);
            s4 = Vector512.FusedMultiplyAdd(s4, a, b);
            s5 = Vector512.FusedMultiplyAdd(s5, a, b);
            s6 = Vector512.FusedMultiplyAdd(s6, a, b);
            s7 = Vector512.FusedMultiplyAdd(s7, a, b);
            s8 = Vector512.FusedMultiplyAdd(s8, a, b);
            s9 = Vector512.FusedMultiplyAdd(s9, a, b);
            s10 = Vector512.FusedMultiplyAdd(s10, a, b);
            s11 = Vector512.FusedMultiplyAdd(s11, a, b);
        }

        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }

    [Benchmark]
    [BenchmarkCategory("Peak")]
    public double DoublePeak()
    {
        // The same chains in double: the same vector rate, half the multiply-adds per vector.
        Vector512<double> a = Vector512.Create(_ad);
        Vector512<double> b = Vector512.Create(_bd);
        Vector512<double> s0 = b, s1 = b, s2 = b, s3 = b, s4 = b, s5 = b, s6 = b, s7 = b, s8 = b, s9 = b, s10 = b, s11 = b;
        for (int k = 0; k < Steps; k++)
        {
            s0 = Vector512.FusedMultiplyAdd(s0, a, b);
            s1 = Vector512.FusedMultiplyAdd(s1, a, b);
            s2 = Vector512.FusedMultiplyAdd(s2, a, b);
            s3 = Vector512.FusedMultiplyAdd(s3, a, b);
            s4 = Vector512.FusedMultiplyAdd(s4, a, b);
            s5 = Vector512.FusedMultiplyAdd(s5, a, b);
            s6 = Vector512.FusedMultiplyAdd(s6, a, b);
            s7 = Vector512.FusedMultiplyAdd(s7, a, b);
            s8 = Vector512.FusedMultiplyAdd(s8, a, b);
            s9 = Vector512.FusedMultiplyAdd(s9, a, b);
            s10 = Vector512.FusedMultiplyAdd(s10, a, b);
            s11 = Vector512.FusedMultiplyAdd(s11, a, b);
        }

        return Vector512.Sum(s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7 + s8 + s9 + s10 + s11);
    }
}
