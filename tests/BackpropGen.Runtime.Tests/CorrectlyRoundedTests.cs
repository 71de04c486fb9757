using System;
using System.Reflection;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Xunit;

namespace BackpropGen.Runtime.Tests;

/// <summary>
/// Adam's double step takes its shared reciprocal 1 / (aᵢ aⱼ) on the fused multiply–add units (BackpropGen's internal
/// <c>CorrectlyRounded.Reciprocal</c>): it must give the division's bits in every lane it does not refuse.
/// </summary>
public class CorrectlyRoundedTests
{
    private delegate Vector512<double> ReciprocalFunction(Vector512<double> p, out Vector512<double> refused);

    private static readonly ReciprocalFunction Reciprocal = (ReciprocalFunction)Delegate.CreateDelegate(
        typeof(ReciprocalFunction),
        typeof(Optimizer<double>).Assembly.GetType("BackpropGen.CorrectlyRounded", throwOnError: true)!
            .GetMethod("Reciprocal", BindingFlags.Public | BindingFlags.Static)!);

    [Fact]
    public void The_reciprocal_is_the_division_bit_for_bit_on_millions_of_values()
    {
        if (!Avx512F.IsSupported)
        {
            return; // The path exists only with AVX-512 (elsewhere Adam divides).
        }

        // 8 kinds × 125,000 vectors × 8 lanes = 8 million values in [2^−1022, 2^1022] (the range Adam sends it):
        // any, Adam's own range, reciprocals near midpoints between doubles (where a wrong rounding would show), near powers of two
        // (where the refusal sits), few-bit values, and exact powers of two.
        var random = new Random(20261128);
        long checkedLanes = 0, refusedLanes = 0, differ = 0, refusedRandom = 0;
        string firstDiffer = "";
        var lanes = new double[8];
        for (int kind = 0; kind < 8; kind++)
        {
            for (int vector = 0; vector < 125_000; vector++)
            {
                for (int l = 0; l < 8; l++)
                {
                    lanes[l] = Value(random, kind);
                }

                Vector512<double> y = Reciprocal(Vector512.Create(lanes), out Vector512<double> refused);
                for (int l = 0; l < 8; l++)
                {
                    if (refused.AsUInt64()[l] != 0)
                    {
                        refusedLanes++;
                        refusedRandom += kind <= 1 ? 1 : 0;
                        continue;
                    }

                    checkedLanes++;
                    double expected = 1.0 / lanes[l];
                    if (BitConverter.DoubleToUInt64Bits(y[l]) != BitConverter.DoubleToUInt64Bits(expected))
                    {
                        if (differ++ == 0)
                        {
                            firstDiffer = $"1/{lanes[l]:R}: {y[l]:R}, the division {expected:R}";
                        }
                    }
                }
            }
        }

        Assert.True(differ == 0, $"{differ} of {checkedLanes} differ, first {firstDiffer}");
        Assert.True(checkedLanes > 6_000_000, $"{refusedLanes} refused of {checkedLanes + refusedLanes}");

        // Of random values about 1 in 256 is refused (the division takes it).
        Assert.InRange(refusedRandom, 1, 2 * 8 * 125_000 / 100);
    }

    [Fact]
    public void Refused_lanes_are_those_whose_fraction_is_within_two_to_the_minus_eight_of_two()
    {
        if (!Avx512F.IsSupported)
        {
            return;
        }

        double nearTwo = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(1.0) | 0x000F_F000_0000_0000L);
        double belowIt = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(nearTwo) - 1);
        Vector512<double> p = Vector512.Create(nearTwo, Math.BitDecrement(2.0), belowIt, 1.0, 1.5, 3.0, Math.ScaleB(nearTwo, -900), Math.ScaleB(belowIt, 900));
        Reciprocal(p, out Vector512<double> refused);
        Assert.Equal(Vector512.Create(~0UL, ~0UL, 0, 0, 0, 0, ~0UL, 0), refused.AsUInt64());
    }

    private static double Value(Random random, int kind)
    {
        double x = kind switch
        {
            0 => Math.ScaleB(1.0 + random.NextDouble(), random.Next(-1022, 1022)),
            1 => Math.ScaleB(1.0 + random.NextDouble(), random.Next(-70, 8)),
            2 => InverseOfMidpointAbove(Math.ScaleB(1.0 + random.NextDouble(), random.Next(-1000, 1000))),
            3 => InverseOfMidpointAbove(Math.ScaleB(1.0 + random.NextDouble(), random.Next(-60, 4))),
            4 => Math.ScaleB(2.0 - Math.ScaleB(random.NextDouble(), -random.Next(4, 53)), random.Next(-1000, 1000)),
            5 => Math.ScaleB(1.0 + Math.ScaleB(random.NextDouble(), -random.Next(0, 53)), random.Next(-1000, 1000)),
            6 => Math.ScaleB(1.0 + (random.Next(0, 1 << 12) / 4096.0), random.Next(-1000, 1000)),
            _ => Math.ScaleB(1.0, random.Next(-1022, 1022)),
        };

        // Up to 3 ulps either side.
        long bits = BitConverter.DoubleToInt64Bits(x) + random.Next(-3, 4);
        double y = BitConverter.Int64BitsToDouble(bits);
        return y >= Math.ScaleB(1.0, -1022) && y <= Math.ScaleB(1.0, 1022) ? y : 1.0;
    }

    /// <summary>
    /// A double p whose 1 / p lies near μ, the point halfway between <paramref name="y"/> and the next double up:
    /// 1 / μ = 1 / (y + u/2) ≈ z − z² u/2 with z = 1/y (one ulp or so away, and the caller moves it a few more).
    /// </summary>
    private static double InverseOfMidpointAbove(double y)
    {
        double z = 1.0 / y;
        return Math.FusedMultiplyAdd(-z * z, (Math.BitIncrement(y) - y) / 2, z);
    }
}
