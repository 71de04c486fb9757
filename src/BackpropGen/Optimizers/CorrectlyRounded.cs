using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Avx512F = System.Runtime.Intrinsics.X86.Avx512F;

namespace BackpropGen;

/// <summary>
/// Correctly rounded arithmetic on the fused multiply–add units instead of the divider: the same bits as the IEEE
/// operation (here √v), from the AVX-512 14-bit estimate, a Goldschmidt and a Newton step and Tuckerman's rounding test.
/// </summary>
internal static class CorrectlyRounded
{
    /// <summary>Whether <see cref="SquareRoot"/> runs here (AVX-512F).</summary>
    public static bool Supported => Avx512F.IsSupported;

    /// <summary>
    /// √v rounded to nearest, lane by lane, bit for bit what <c>Vector512.Sqrt(v)</c> gives, for every v that is ±0 or
    /// lies in [2^−900, 2^900]; <paramref name="refused"/> is all ones in the other lanes (negative, tiny or huge values,
    /// infinities, NaN), whose result the caller must not use.
    /// </summary>
    /// <remarks>
    /// Why it is exact. y = rsqrt14(v) has relative error below 2^−14, so e = 1 − v y² is below 2^−13. One Goldschmidt
    /// step with the e² term, g = v y (1 + t), h = (y/2)(1 + t), t = r (1 + 3r/2), r = ½ − g h, takes g to √v and h to
    /// 1/(2√v) within 2^−40; the Newton step s = g + h (v − g² − 2^−64 v) (the residual by fused multiply–adds) then lands,
    /// before its one rounding, at √v (1 − 2^−65 + ζ) with |ζ| &lt; 2^−75: always below √v, and by far less than a
    /// quarter of an ulp. So s is the double nearest √v, or the one below it when √v lies just above a midpoint.
    /// Tuckerman's test settles which: with s⁺ the next double up, √v rounds up from s exactly when v &gt; ((s + s⁺)/2)²,
    /// that is when v − s s⁺ &gt; ulp(s)²/4; v − s s⁺ is a multiple of ulp(s)² (v is a multiple of ulp(v) ≥ ulp(s)², s and
    /// s⁺ of ulp(s)), so that is v − s s⁺ &gt; 0, a sign one fused multiply–add gets right. The range keeps every step a
    /// normal number. Zero takes v itself (√±0 = ±0). Tested against the instruction on millions of random values and
    /// of values next to the squares of midpoints (CorrectlyRoundedTests).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> SquareRoot(Vector512<double> v, out Vector512<double> refused)
    {
        Vector512<double> half = Vector512.Create(0.5);
        Vector512<double> y = Avx512F.ReciprocalSqrt14(v);

        // g = v y, h = y/2; r = ½ − g h; t = r + (3/2) r²; g ← g (1 + t), h ← h (1 + t)
        Vector512<double> g = v * y;
        Vector512<double> h = y * half;
        Vector512<double> r = Avx512F.FusedMultiplyAddNegated(g, h, half);
        Vector512<double> t = Avx512F.FusedMultiplyAdd(r, Vector512.Create(1.5), Vector512<double>.One) * r;
        g = Avx512F.FusedMultiplyAdd(g, t, g);
        h = Avx512F.FusedMultiplyAdd(h, t, h);

        // s = g + h (v − g² − 2^−64 v): below √v by about 2^−65 of it
        Vector512<double> d = Avx512F.FusedMultiplyAddNegated(g, g, v);
        d = Avx512F.FusedMultiplyAdd(v, Vector512.Create(NegativeBias), d);
        Vector512<double> s = Avx512F.FusedMultiplyAdd(d, h, g);

        // s⁺ where v − s s⁺ > 0; v where v = ±0
        Vector512<double> up = (s.AsUInt64() + Vector512<ulong>.One).AsDouble();
        s = Vector512.ConditionalSelect(Vector512.GreaterThan(Avx512F.FusedMultiplyAddNegated(s, up, v), Vector512<double>.Zero), up, s);
        Vector512<double> zero = Vector512.Equals(v, Vector512<double>.Zero);
        s = Vector512.ConditionalSelect(zero, v, s);

        // Refused: outside [2^−900, 2^900] (as unsigned bits: below wraps round, negatives and NaN lie above) and not ±0.
        Vector512<ulong> offset = v.AsUInt64() - Vector512.Create(Low);
        refused = Vector512.GreaterThan(offset, Vector512.Create(High - Low)).AsDouble() & ~zero;
        return s;
    }

    /// <summary>−2^−64.</summary>
    private const double NegativeBias = -5.42101086242752217E-20;

    /// <summary>The bits of 2^−900.</summary>
    private const ulong Low = (ulong)(1023 - 900) << 52;

    /// <summary>The bits of 2^900.</summary>
    private const ulong High = (ulong)(1023 + 900) << 52;
}
