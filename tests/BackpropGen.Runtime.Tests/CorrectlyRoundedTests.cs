using System;
using System.Reflection;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Xunit;

namespace BackpropGen.Runtime.Tests;

/// <summary>
/// Adam's double step takes half its square roots on the fused multiply–add units (BackpropGen's internal
/// <c>CorrectlyRounded.SquareRoot</c>): it must give the square root instruction's bits in every lane it does not refuse.
/// </summary>
public class CorrectlyRoundedTests
{
    private delegate Vector512<double> Function(Vector512<double> x, out Vector512<double> refused);

    private static readonly Function SquareRoot = (Function)Delegate.CreateDelegate(
        typeof(Function),
        typeof(Optimizer<double>).Assembly.GetType("BackpropGen.CorrectlyRounded", throwOnError: true)!
            .GetMethod("SquareRoot", BindingFlags.Public | BindingFlags.Static)!);

    [Fact]
    public void The_square_root_is_the_instructions_bit_for_bit_on_millions_of_values()
    {
        if (!Avx512F.IsSupported)
        {
            return; // The path exists only with AVX-512 (elsewhere Adam takes the instruction).
        }

        // 9 kinds × 125,000 vectors × 8 lanes = 9 million values: any in the range, Adam's own second moments, values
        // next to s·s⁺ and to perfect squares, powers of two, few-bit values, every bit pattern (refused or not), and
        // the hard cases: v whose root lies within 2^−100 of a midpoint between doubles, above or below it.
        var random = new Random(20261128);
        long checkedLanes = 0, refusedLanes = 0, differ = 0;
        string firstDiffer = "";
        var lanes = new double[8];
        for (int kind = 0; kind < 9; kind++)
        {
            for (int vector = 0; vector < 125_000; vector++)
            {
                for (int l = 0; l < 8; l++)
                {
                    lanes[l] = Value(random, kind);
                }

                Vector512<double> s = SquareRoot(Vector512.Create(lanes), out Vector512<double> refused);
                for (int l = 0; l < 8; l++)
                {
                    double expected = Math.Sqrt(lanes[l]);
                    if (refused.AsUInt64()[l] != 0)
                    {
                        refusedLanes++;
                        Assert.False(lanes[l] == 0.0 || (lanes[l] >= Math.ScaleB(1.0, -900) && lanes[l] <= Math.ScaleB(1.0, 900)), $"{lanes[l]:R} refused");
                        continue;
                    }

                    checkedLanes++;
                    if (BitConverter.DoubleToUInt64Bits(s[l]) != BitConverter.DoubleToUInt64Bits(expected) && differ++ == 0)
                    {
                        firstDiffer = $"√{lanes[l]:R}: {s[l]:R}, the instruction {expected:R}";
                    }
                }
            }
        }

        Assert.True(differ == 0, $"{differ} of {checkedLanes} differ, first {firstDiffer}");
        Assert.True(checkedLanes > 8_000_000 && refusedLanes > 0, $"{refusedLanes} refused of {checkedLanes + refusedLanes}");
    }

    [Fact]
    public void Zero_keeps_its_sign_and_values_outside_the_range_are_refused()
    {
        if (!Avx512F.IsSupported)
        {
            return;
        }

        Vector512<double> v = Vector512.Create(0.0, -0.0, Math.ScaleB(1.0, -900), Math.ScaleB(1.0, 900), Math.BitDecrement(Math.ScaleB(1.0, -900)), double.PositiveInfinity, -4.0, double.NaN);
        Vector512<double> s = SquareRoot(v, out Vector512<double> refused);
        Assert.Equal(Vector512.Create(0UL, 0, 0, 0, ~0UL, ~0UL, ~0UL, ~0UL), refused.AsUInt64());
        Assert.Equal(0UL, BitConverter.DoubleToUInt64Bits(s[0]));
        Assert.Equal(BitConverter.DoubleToUInt64Bits(-0.0), BitConverter.DoubleToUInt64Bits(s[1]));
        Assert.Equal(Math.ScaleB(1.0, -450), s[2]);
        Assert.Equal(Math.ScaleB(1.0, 450), s[3]);
    }

    private static double Value(Random random, int kind)
    {
        double Any(int lo, int hi) => Math.ScaleB(1.0 + random.NextDouble(), random.Next(lo, hi));
        double x = kind switch
        {
            0 => Any(-900, 900),
            1 => Any(-70, 2),
            2 => Any(-450, 450) is var s2 ? s2 * Math.BitIncrement(s2) : 0,
            3 => Any(-40, 2) is var s3 ? s3 * Math.BitIncrement(s3) : 0,
            4 => Any(-450, 450) is var s4 ? s4 * s4 : 0,
            5 => Math.ScaleB(1.0, random.Next(-900, 900)),
            6 => Math.ScaleB(1.0 + (random.Next(0, 1 << 12) / 4096.0), random.Next(-900, 900)),
            7 => BitConverter.Int64BitsToDouble(random.NextInt64()),
            _ => Math.ScaleB(NearMidpointSquared(random), 2 * random.Next(-440, 440)),
        };

        // Up to 3 ulps either side (but the hard cases as they are).
        return kind == 8 ? x : BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(x) + random.Next(-3, 4));
    }

    /// <summary>
    /// A v in [1, 4) whose √v lies within about c · 2^−108 of μ = M · 2^−53, the midpoint between two doubles (M odd,
    /// 54 bits): v = M² · 2^−106 rounded to a double is exact but for c, M² ≡ c (mod 2^54 or 2^55) with |c| small
    /// (c ≡ 1 mod 8, so that odd roots exist: Hensel lifting, one bit at a time). c &gt; 0 puts √v below μ, c &lt; 0 above.
    /// </summary>
    private static double NearMidpointSquared(Random random)
    {
        while (true)
        {
            bool above = random.Next(2) == 0;
            int bits = random.Next(2) == 0 ? 54 : 55; // v in [1, 2): V = M² / 2^54; v in [2, 4): V = M² / 2^55
            UInt128 modulus = (UInt128)1 << bits;
            long small = 1 + (8L * random.Next(0, 1 << 16));
            UInt128 c = above ? modulus - (UInt128)(small + 6) : (UInt128)small; // −(small + 6) ≡ 1 (mod 8)
            UInt128 x = 1;
            for (int k = 3; k < bits; k++)
            {
                UInt128 next = (UInt128)1 << (k + 1);
                if ((x * x) % next != c % next)
                {
                    x += (UInt128)1 << (k - 1);
                }
            }

            UInt128 half = modulus >> 1;
            foreach (UInt128 root in new[] { x, modulus - x, (x + half) % modulus, (modulus - x + half) % modulus })
            {
                UInt128 square = root * root;
                UInt128 v = (square / modulus) + (above ? 1u : 0u);
                if ((root & 1) == 1 && v >= ((UInt128)1 << 52) && v < ((UInt128)1 << 53))
                {
                    return Math.ScaleB((double)(ulong)v, bits == 54 ? -52 : -51);
                }
            }
        }
    }
}
