using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using X86Fma = System.Runtime.Intrinsics.X86.Fma;

namespace BackpropGen;

/// <summary>
/// e^x for every lane of a vector, inlined into the generated SIMD-across-patterns code (the lane dialect's sigmoid,
/// tanh and softmax): float in float and double in double, where <c>Vector.Exp</c> is a call that runs float in double.
/// </summary>
/// <remarks>
/// <para>
/// e^x = 2^n · e^r with n = round(x / ln 2) and r = x − n ln 2 (ln 2 in two parts, the first with trailing zero bits so
/// n times it is exact), |r| ≤ ln 2 / 2 or a hair more; e^r is a polynomial — for float Cephes' expf minimax polynomial
/// of degree 7, for double the Taylor polynomial of degree 12 — and 2^n is written straight into the exponent bits (n is
/// rounded by adding 1.5 · 2^23, 1.5 · 2^52, so the low bits of the sum already hold n + bias). Every step is one IEEE
/// operation: a fused multiply–add where the hardware has one (AVX-512F, FMA3, Arm64: one rounding, and half the
/// latency of a multiply then an add — the e^x of a small network's sweep is on its critical path), else a multiply and
/// an add; so the bits are the same on every machine of a kind, and may differ in the last place between machines with
/// and without FMA, as the lane dialect's other multiply–adds (MultiplyAddEstimate) do. Both polynomials are
/// evaluated by Estrin's scheme (independent pairs, then r², r⁴): fewer steps on the dependency chain than Horner's rule.
/// </para>
/// <para>
/// Accuracy (LaneExpTests, 2,000,003 inputs across the normal range against <see cref="System.Math.Exp"/>): largest
/// relative error 8.4e-8 in float, 3.2e-16 in double — below Vector.Exp's on the same inputs (1.5e-7, 4.3e-16).
/// Outside that range: below ln of the least normal number (−87.3 float, −708.3 double) the result is 0 (the true value
/// is subnormal); above 88.37 (float) or 709.43 (double) it is +∞ (the true overflow is at 88.72 and
/// 709.78: only the last half-octave before it is lost). NaN gives NaN.
/// </para>
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LaneExp
{
    // The bounds of the range where 2^n is a normal number (see the remarks).
    private const float FloatLow = -87.3365f;
    private const float FloatHigh = 88.37f;
    private const double DoubleLow = -708.39;
    private const double DoubleHigh = 709.43;

    // 1.5 · 2^p + bias: x · log2(e) plus this rounds to the nearest integer n and leaves n + bias in the low bits.
    private const float FloatShifter = 12582912f + 127f;
    private const double DoubleShifter = 6755399441055744.0 + 1023.0;

    private const float FloatLog2E = 1.44269504f;
    private const double DoubleLog2E = 1.4426950408889634;

    // ln 2 = hi + lo, hi with trailing zero bits so n · hi is exact (Cephes' split).
    private const float FloatLn2Hi = 0.693359375f;
    private const float FloatLn2Lo = -2.12194440e-4f;
    private const double DoubleLn2Hi = 6.93145751953125E-1;
    private const double DoubleLn2Lo = 1.42860682030941723212E-6;

    // Cephes expf: e^r ≈ 1 + r + r² · P(r) on |r| ≤ ln 2 / 2.
    private const float P0 = 1.9875691500E-4f;
    private const float P1 = 1.3981999507E-3f;
    private const float P2 = 8.3334519073E-3f;
    private const float P3 = 4.1665795894E-2f;
    private const float P4 = 1.6666665459E-1f;
    private const float P5 = 5.0000001201E-1f;

    /// <summary>e^x in every lane (float in float).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<float> Exp(Vector<float> x)
    {
        // n = round(x log2 e), and n + 127 in the low bits of shifted
        Vector<float> shifted = Fma(x, new Vector<float>(FloatLog2E), new Vector<float>(FloatShifter));
        Vector<float> n = shifted - new Vector<float>(FloatShifter);

        // r = x − n ln 2
        Vector<float> r = Fma(n, new Vector<float>(-FloatLn2Hi), x);
        r = Fma(n, new Vector<float>(-FloatLn2Lo), r);

        // e^r ≈ 1 + r + r² P(r), P(r) = (P4 r + P5) + r² ((P2 r + P3) + r² (P0 r + P1)) (Estrin's scheme: three levels, not five)
        Vector<float> r2 = r * r;
        Vector<float> a = Fma(new Vector<float>(P4), r, new Vector<float>(P5));
        Vector<float> b = Fma(new Vector<float>(P2), r, new Vector<float>(P3));
        Vector<float> c = Fma(new Vector<float>(P0), r, new Vector<float>(P1));
        Vector<float> p = Fma(Fma(c, r2, b), r2, a);
        p = Fma(p, r2, r) + Vector<float>.One;

        // · 2^n, the exponent field set from n + 127; then the ends of the range
        Vector<float> y = p * Vector.AsVectorSingle(Vector.ShiftLeft(Vector.AsVectorInt32(shifted), 23));
        y = Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<float>(FloatHigh)), new Vector<float>(float.PositiveInfinity), y);
        return Vector.AndNot(y, Vector.AsVectorSingle(Vector.LessThan(x, new Vector<float>(FloatLow))));
    }

    /// <summary>e^x in every lane (double in double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> Exp(Vector<double> x)
    {
        // n = round(x log2 e), and n + 1023 in the low bits of shifted
        Vector<double> shifted = Fma(x, new Vector<double>(DoubleLog2E), new Vector<double>(DoubleShifter));
        Vector<double> n = shifted - new Vector<double>(DoubleShifter);

        // r = x − n ln 2
        Vector<double> r = Fma(n, new Vector<double>(-DoubleLn2Hi), x);
        r = Fma(n, new Vector<double>(-DoubleLn2Lo), r);

        // e^r ≈ Σ_{k ≤ 12} r^k / k! = 1 + r + r² P(r), P(r) = Σ_{k ≤ 10} r^k / (k + 2)! = s0 + r⁴ (s1 + r⁴ s2) (Estrin's scheme)
        Vector<double> r2 = r * r, r4 = r2 * r2;
        Vector<double> q0 = Fma(new Vector<double>(1.0 / 6), r, new Vector<double>(1.0 / 2));
        Vector<double> q1 = Fma(new Vector<double>(1.0 / 120), r, new Vector<double>(1.0 / 24));
        Vector<double> q2 = Fma(new Vector<double>(1.0 / 5040), r, new Vector<double>(1.0 / 720));
        Vector<double> q3 = Fma(new Vector<double>(1.0 / 362880), r, new Vector<double>(1.0 / 40320));
        Vector<double> q4 = Fma(new Vector<double>(1.0 / 39916800), r, new Vector<double>(1.0 / 3628800));
        Vector<double> s0 = Fma(q1, r2, q0), s1 = Fma(q3, r2, q2), s2 = Fma(new Vector<double>(1.0 / 479001600), r2, q4);
        Vector<double> p = Fma(Fma(s2, r4, s1), r4, s0);
        p = Fma(p, r2, r) + Vector<double>.One;

        // · 2^n, the exponent field set from n + 1023; then the ends of the range
        Vector<double> y = p * Vector.AsVectorDouble(Vector.ShiftLeft(Vector.AsVectorInt64(shifted), 52));
        y = Vector.ConditionalSelect(Vector.GreaterThan(x, new Vector<double>(DoubleHigh)), new Vector<double>(double.PositiveInfinity), y);
        return Vector.AndNot(y, Vector.AsVectorDouble(Vector.LessThan(x, new Vector<double>(DoubleLow))));
    }

    /// <summary>e^x in every lane (float in float), 512 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        // n = round(x log2 e), and n + 127 in the low bits of shifted
        Vector512<float> shifted = Fma(x, Vector512.Create(FloatLog2E), Vector512.Create(FloatShifter));
        Vector512<float> n = shifted - Vector512.Create(FloatShifter);

        // r = x − n ln 2
        Vector512<float> r = Fma(n, Vector512.Create(-FloatLn2Hi), x);
        r = Fma(n, Vector512.Create(-FloatLn2Lo), r);

        // e^r ≈ 1 + r + r² P(r), P(r) = (P4 r + P5) + r² ((P2 r + P3) + r² (P0 r + P1)) (Estrin's scheme: three levels, not five)
        Vector512<float> r2 = r * r;
        Vector512<float> a = Fma(Vector512.Create(P4), r, Vector512.Create(P5));
        Vector512<float> b = Fma(Vector512.Create(P2), r, Vector512.Create(P3));
        Vector512<float> c = Fma(Vector512.Create(P0), r, Vector512.Create(P1));
        Vector512<float> p = Fma(Fma(c, r2, b), r2, a);
        p = Fma(p, r2, r) + Vector512<float>.One;

        // · 2^n, the exponent field set from n + 127; then the ends of the range
        Vector512<float> y = p * Vector512.ShiftLeft(shifted.AsInt32(), 23).AsSingle();
        y = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(FloatHigh)), Vector512.Create(float.PositiveInfinity), y);
        return Vector512.AndNot(y, Vector512.LessThan(x, Vector512.Create(FloatLow)));
    }

    /// <summary>e^x in every lane (double in double), 512 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> Exp(Vector512<double> x)
    {
        // n = round(x log2 e), and n + 1023 in the low bits of shifted
        Vector512<double> shifted = Fma(x, Vector512.Create(DoubleLog2E), Vector512.Create(DoubleShifter));
        Vector512<double> n = shifted - Vector512.Create(DoubleShifter);

        // r = x − n ln 2
        Vector512<double> r = Fma(n, Vector512.Create(-DoubleLn2Hi), x);
        r = Fma(n, Vector512.Create(-DoubleLn2Lo), r);

        // e^r ≈ Σ_{k ≤ 12} r^k / k! = 1 + r + r² P(r), P(r) = Σ_{k ≤ 10} r^k / (k + 2)! = s0 + r⁴ (s1 + r⁴ s2) (Estrin's scheme)
        Vector512<double> r2 = r * r, r4 = r2 * r2;
        Vector512<double> q0 = Fma(Vector512.Create(1.0 / 6), r, Vector512.Create(1.0 / 2));
        Vector512<double> q1 = Fma(Vector512.Create(1.0 / 120), r, Vector512.Create(1.0 / 24));
        Vector512<double> q2 = Fma(Vector512.Create(1.0 / 5040), r, Vector512.Create(1.0 / 720));
        Vector512<double> q3 = Fma(Vector512.Create(1.0 / 362880), r, Vector512.Create(1.0 / 40320));
        Vector512<double> q4 = Fma(Vector512.Create(1.0 / 39916800), r, Vector512.Create(1.0 / 3628800));
        Vector512<double> s0 = Fma(q1, r2, q0), s1 = Fma(q3, r2, q2), s2 = Fma(Vector512.Create(1.0 / 479001600), r2, q4);
        Vector512<double> p = Fma(Fma(s2, r4, s1), r4, s0);
        p = Fma(p, r2, r) + Vector512<double>.One;

        // · 2^n, the exponent field set from n + 1023; then the ends of the range
        Vector512<double> y = p * Vector512.ShiftLeft(shifted.AsInt64(), 52).AsDouble();
        y = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(DoubleHigh)), Vector512.Create(double.PositiveInfinity), y);
        return Vector512.AndNot(y, Vector512.LessThan(x, Vector512.Create(DoubleLow)));
    }

    // a · b + c: fused where the hardware fuses (one rounding), else a multiply and an add. Written out per width (not
    // through a shared generic helper) so that the JIT folds the checks and inlines the one instruction.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<float> Fma(Vector<float> a, Vector<float> b, Vector<float> c)
    {
        if (Vector<byte>.Count == 64 && Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a.AsVector512(), b.AsVector512(), c.AsVector512()).AsVector();
        }

        if (Vector<byte>.Count == 32 && X86Fma.IsSupported)
        {
            return X86Fma.MultiplyAdd(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector();
        }

        if (Vector<byte>.Count == 16 && AdvSimd.IsSupported)
        {
            return AdvSimd.FusedMultiplyAdd(c.AsVector128(), a.AsVector128(), b.AsVector128()).AsVector();
        }

        return (a * b) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Fma(Vector<double> a, Vector<double> b, Vector<double> c)
    {
        if (Vector<byte>.Count == 64 && Avx512F.IsSupported)
        {
            return Avx512F.FusedMultiplyAdd(a.AsVector512(), b.AsVector512(), c.AsVector512()).AsVector();
        }

        if (Vector<byte>.Count == 32 && X86Fma.IsSupported)
        {
            return X86Fma.MultiplyAdd(a.AsVector256(), b.AsVector256(), c.AsVector256()).AsVector();
        }

        if (Vector<byte>.Count == 16 && AdvSimd.Arm64.IsSupported)
        {
            return AdvSimd.Arm64.FusedMultiplyAdd(c.AsVector128(), a.AsVector128(), b.AsVector128()).AsVector();
        }

        return (a * b) + c;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Fma(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Fma(Vector512<double> a, Vector512<double> b, Vector512<double> c) =>
        Avx512F.IsSupported ? Avx512F.FusedMultiplyAdd(a, b, c) : (a * b) + c;
}
