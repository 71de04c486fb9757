using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Avx512F = System.Runtime.Intrinsics.X86.Avx512F;

namespace BackpropGen;

/// <summary>
/// Correctly rounded arithmetic on the fused multiply–add units instead of the divider: the same bits as the IEEE
/// operation (here <c>1 / p</c>), from the AVX-512 14-bit estimate, a Newton step and Markstein's final correction.
/// </summary>
internal static class CorrectlyRounded
{
    /// <summary>Whether <see cref="Reciprocal"/> runs here (AVX-512F).</summary>
    public static bool Supported => Avx512F.IsSupported;

    /// <summary>
    /// 1 / p rounded to nearest, lane by lane, bit for bit what <c>Vector512.One / p</c> gives, for every p in
    /// [2^−1022, 2^1022] whose 8 leading fraction bits are not all ones; <paramref name="refused"/> is all ones in the
    /// other lanes (about 1 in 256 of random values), whose result the caller must not use. Outside that range (and for
    /// NaN and infinities) the lanes are wrong but not refused: the caller keeps p inside (Adam: each factor in
    /// [2^−511, 2^511], else it divides).
    /// </summary>
    /// <remarks>
    /// Why it is exact. y₀ = rcp14(p) has relative error below 2^−14; with e = 1 − p y₀ (one rounding),
    /// y₁ = y₀ + y₀ (e + e² + e³ + e⁴) is y₀ / (1 − e) = 1/p up to e⁵ and the roundings: within ½ ulp + 2^−64 · (1/p).
    /// Markstein's step y₂ = y₁ + y₁ (1 − p y₁) then rounds once. The residual 1 − p y₁ is exact (a multiple of
    /// ulp(p) ulp(y₁) below 2^53 of them), so before the rounding y₂ = (1/p)(1 − δ²), δ = y₁ p − 1: below 1/p by
    /// δ²/p. 1/p is never a midpoint between doubles, and a midpoint μ below it has 1 − p μ a non-zero multiple of
    /// 2^−106 (p scaled to [1, 2)), so 1/p − μ ≥ 2^−106 / p &gt; δ² / p whenever |δ| &lt; 2^−53: then y₂ rounds to the
    /// double nearest 1/p. |δ| ≤ ½ ulp(y₁) p + 2^−64 is below 2^−53 unless 1/p lies within 2^−10 above a power of two
    /// (where half an ulp is almost 2^−53 of the value), that is unless p's fraction is within 2^−9 of 2 — the refused
    /// lanes (1/p a power of two is exact in y₁ already). Tested against the divider on millions of random, near-midpoint
    /// and near-power-of-two values (CorrectlyRoundedTests).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Reciprocal(Vector512<double> p, out Vector512<double> refused)
    {
        Vector512<double> one = Vector512<double>.One;
        Vector512<double> y = Avx512F.Reciprocal14(p);

        // e = 1 − p y₀;  y₁ = y₀ + y₀ (e + e² + e³ + e⁴)
        Vector512<double> e = Avx512F.FusedMultiplyAddNegated(p, y, one);
        Vector512<double> s = Avx512F.FusedMultiplyAdd(e, e, e);
        s = Avx512F.FusedMultiplyAdd(s, e, e);
        s = Avx512F.FusedMultiplyAdd(s, e, e);
        y = Avx512F.FusedMultiplyAdd(y, s, y);

        // y₂ = y₁ + y₁ (1 − p y₁), rounded once
        y = Avx512F.FusedMultiplyAdd(y, Avx512F.FusedMultiplyAddNegated(p, y, one), y);

        Vector512<ulong> top = Vector512.Create(LeadingFraction);
        refused = Vector512.Equals(p.AsUInt64() & top, top).AsDouble();
        return y;
    }

    /// <summary>The 8 leading fraction bits of a double.</summary>
    private const ulong LeadingFraction = 0x000F_F000_0000_0000UL;
}
