using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BackpropGen;

/// <summary>
/// The one-pattern sums of a dense layer in the generated <c>Forward</c> (trainable and baked classes call the same
/// kernel on the same weights in the same order, so they agree bit for bit): x_j = Σ_i w_ji y_i + b_j, the row of
/// weights w_j· along the vector (the widest the hardware runs natively, then narrower ones for the rest of the row,
/// fused multiply-adds), four rows at a time sharing each load of y, and the four row sums reduced together by
/// horizontal adds into one vector of x.
/// </summary>
/// <remarks>For generated code; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class ForwardKernels
{
    /// <summary>
    /// x_j = Σ_i w[j · stride + i] y_i (+ b_j when <paramref name="b"/> is not empty) for every unit j of
    /// <paramref name="x"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The weights are too short for the rows, or b is neither empty nor as long as x.</exception>
    public static void Dense(ReadOnlySpan<float> w, int stride, ReadOnlySpan<float> y, ReadOnlySpan<float> b, Span<float> x) => DenseCore(w, stride, y, b, x);

    /// <summary>
    /// x_j = Σ_i w[j · stride + i] y_i (+ b_j when <paramref name="b"/> is not empty) for every unit j of
    /// <paramref name="x"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The weights are too short for the rows, or b is neither empty nor as long as x.</exception>
    public static void Dense(ReadOnlySpan<double> w, int stride, ReadOnlySpan<double> y, ReadOnlySpan<double> b, Span<double> x) => DenseCore(w, stride, y, b, x);

    private static void DenseCore<T>(ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> y, ReadOnlySpan<T> b, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = y.Length;
        int rows = x.Length;
        if (rows == 0)
        {
            return;
        }

        if (stride < n || w.Length < ((long)(rows - 1) * stride) + n)
        {
            throw new ArgumentException($"The weights hold {w.Length} values; {rows} rows of {n} at a stride of {stride} need {((long)(rows - 1) * stride) + n}.", nameof(w));
        }

        if (!b.IsEmpty && b.Length != rows)
        {
            throw new ArgumentException($"Expected no biases or {rows} (one per unit) but got {b.Length}.", nameof(b));
        }

        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T yr = ref MemoryMarshal.GetReference(y);
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T br = ref MemoryMarshal.GetReference(b);
        bool bias = !b.IsEmpty;
        if (Sse3.IsSupported && rows >= 4 && n >= Vector128<T>.Count)
        {
            // Four rows at a time; the last four overlap the ones before when rows is not a multiple of four (they
            // compute the same values again).
            for (int j = 0; ; j += 4)
            {
                j = Math.Min(j, rows - 4);
                Rows4(ref Unsafe.Add(ref wr, (nint)j * stride), stride, ref yr, n, bias, ref Unsafe.Add(ref br, j), ref Unsafe.Add(ref xr, j));
                if (j == rows - 4)
                {
                    return;
                }
            }
        }

        for (int j = 0; j < rows; j++)
        {
            T sum = Row(ref Unsafe.Add(ref wr, (nint)j * stride), ref yr, n);
            Unsafe.Add(ref xr, j) = bias ? sum + Unsafe.Add(ref br, j) : sum;
        }
    }

    /// <summary>Four rows' sums into x[0..4): each row along the vectors, then the four reduced together by horizontal adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows4<T>(ref T r0, int stride, ref T yr, int n, bool bias, ref T b, ref T x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T r1 = ref Unsafe.Add(ref r0, stride);
        ref T r2 = ref Unsafe.Add(ref r1, stride);
        ref T r3 = ref Unsafe.Add(ref r2, stride);
        int i = 0;
        Vector128<T> c0 = Vector128<T>.Zero, c1 = Vector128<T>.Zero, c2 = Vector128<T>.Zero, c3 = Vector128<T>.Zero;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int width = Vector512<T>.Count;
            Vector512<T> a0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero, a2 = Vector512<T>.Zero, a3 = Vector512<T>.Zero;
            for (; i + width <= n; i += width)
            {
                nuint p = (nuint)i;
                Vector512<T> yi = Vector512.LoadUnsafe(ref yr, p);
                a0 = WideKernels.MultiplyAdd(Vector512.LoadUnsafe(ref r0, p), yi, a0);
                a1 = WideKernels.MultiplyAdd(Vector512.LoadUnsafe(ref r1, p), yi, a1);
                a2 = WideKernels.MultiplyAdd(Vector512.LoadUnsafe(ref r2, p), yi, a2);
                a3 = WideKernels.MultiplyAdd(Vector512.LoadUnsafe(ref r3, p), yi, a3);
            }

            Vector256<T> h0 = a0.GetLower() + a0.GetUpper(), h1 = a1.GetLower() + a1.GetUpper();
            Vector256<T> h2 = a2.GetLower() + a2.GetUpper(), h3 = a3.GetLower() + a3.GetUpper();
            if (i + Vector256<T>.Count <= n)
            {
                nuint p = (nuint)i;
                Vector256<T> yi = Vector256.LoadUnsafe(ref yr, p);
                h0 = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r0, p), yi, h0);
                h1 = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r1, p), yi, h1);
                h2 = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r2, p), yi, h2);
                h3 = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r3, p), yi, h3);
                i += Vector256<T>.Count;
            }

            (c0, c1, c2, c3) = (h0.GetLower() + h0.GetUpper(), h1.GetLower() + h1.GetUpper(), h2.GetLower() + h2.GetUpper(), h3.GetLower() + h3.GetUpper());
        }
        else if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int width = Vector256<T>.Count;
            Vector256<T> h0 = Vector256<T>.Zero, h1 = Vector256<T>.Zero, h2 = Vector256<T>.Zero, h3 = Vector256<T>.Zero;
            for (; i + width <= n; i += width)
            {
                nuint p = (nuint)i;
                Vector256<T> yi = Vector256.LoadUnsafe(ref yr, p);
                h0 = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r0, p), yi, h0);
                h1 = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r1, p), yi, h1);
                h2 = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r2, p), yi, h2);
                h3 = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r3, p), yi, h3);
            }

            (c0, c1, c2, c3) = (h0.GetLower() + h0.GetUpper(), h1.GetLower() + h1.GetUpper(), h2.GetLower() + h2.GetUpper(), h3.GetLower() + h3.GetUpper());
        }

        for (; i + Vector128<T>.Count <= n; i += Vector128<T>.Count)
        {
            nuint p = (nuint)i;
            Vector128<T> yi = Vector128.LoadUnsafe(ref yr, p);
            c0 = WideKernels.MultiplyAdd(Vector128.LoadUnsafe(ref r0, p), yi, c0);
            c1 = WideKernels.MultiplyAdd(Vector128.LoadUnsafe(ref r1, p), yi, c1);
            c2 = WideKernels.MultiplyAdd(Vector128.LoadUnsafe(ref r2, p), yi, c2);
            c3 = WideKernels.MultiplyAdd(Vector128.LoadUnsafe(ref r3, p), yi, c3);
        }

        // The rest of each row (fewer values than a 128-bit vector holds), one by one.
        T t0 = T.Zero, t1 = T.Zero, t2 = T.Zero, t3 = T.Zero;
        for (; i < n; i++)
        {
            T yi = Unsafe.Add(ref yr, i);
            t0 += Unsafe.Add(ref r0, i) * yi;
            t1 += Unsafe.Add(ref r1, i) * yi;
            t2 += Unsafe.Add(ref r2, i) * yi;
            t3 += Unsafe.Add(ref r3, i) * yi;
        }

        if (typeof(T) == typeof(float))
        {
            // [Σ row 0, Σ row 1, Σ row 2, Σ row 3] in three horizontal adds.
            Vector128<float> s = Sse3.HorizontalAdd(Sse3.HorizontalAdd(c0.AsSingle(), c1.AsSingle()), Sse3.HorizontalAdd(c2.AsSingle(), c3.AsSingle()));
            s += Vector128.Create(Unsafe.As<T, float>(ref t0), Unsafe.As<T, float>(ref t1), Unsafe.As<T, float>(ref t2), Unsafe.As<T, float>(ref t3));
            if (bias)
            {
                s += Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref b));
            }

            s.StoreUnsafe(ref Unsafe.As<T, float>(ref x));
        }
        else
        {
            Vector128<double> s01 = Sse3.HorizontalAdd(c0.AsDouble(), c1.AsDouble()) + Vector128.Create(Unsafe.As<T, double>(ref t0), Unsafe.As<T, double>(ref t1));
            Vector128<double> s23 = Sse3.HorizontalAdd(c2.AsDouble(), c3.AsDouble()) + Vector128.Create(Unsafe.As<T, double>(ref t2), Unsafe.As<T, double>(ref t3));
            if (bias)
            {
                s01 += Vector128.LoadUnsafe(ref Unsafe.As<T, double>(ref b));
                s23 += Vector128.LoadUnsafe(ref Unsafe.As<T, double>(ref b), 2);
            }

            s01.StoreUnsafe(ref Unsafe.As<T, double>(ref x));
            s23.StoreUnsafe(ref Unsafe.As<T, double>(ref x), 2);
        }
    }

    /// <summary>One row's sum: along the widest vectors, then one by one.</summary>
    private static T Row<T>(ref T r, ref T yr, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int i = 0;
        T sum = T.Zero;
        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            Vector256<T> a = Vector256<T>.Zero;
            for (; i + Vector256<T>.Count <= n; i += Vector256<T>.Count)
            {
                a = WideKernels.MultiplyAdd(Vector256.LoadUnsafe(ref r, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), a);
            }

            sum = Vector256.Sum(a);
        }

        for (; i < n; i++)
        {
            sum += Unsafe.Add(ref r, i) * Unsafe.Add(ref yr, i);
        }

        return sum;
    }

    /// <summary>y_j = 1 / (1 + e^(−x_j)) for every unit, a vector of units at a time (e^x by <see cref="Exp(Vector512{float})"/>'s method).</summary>
    /// <exception cref="ArgumentException">y is not as long as x.</exception>
    public static void Sigmoid(ReadOnlySpan<float> x, Span<float> y) => Activate<float>(x, y, tanh: false);

    /// <summary>y_j = 1 / (1 + e^(−x_j)) for every unit, a vector of units at a time.</summary>
    /// <exception cref="ArgumentException">y is not as long as x.</exception>
    public static void Sigmoid(ReadOnlySpan<double> x, Span<double> y) => Activate<double>(x, y, tanh: false);

    /// <summary>y_j = tanh x_j = 1 − 2 / (e^(2x_j) + 1) for every unit, a vector of units at a time.</summary>
    /// <exception cref="ArgumentException">y is not as long as x.</exception>
    public static void Tanh(ReadOnlySpan<float> x, Span<float> y) => Activate<float>(x, y, tanh: true);

    /// <summary>y_j = tanh x_j = 1 − 2 / (e^(2x_j) + 1) for every unit, a vector of units at a time.</summary>
    /// <exception cref="ArgumentException">y is not as long as x.</exception>
    public static void Tanh(ReadOnlySpan<double> x, Span<double> y) => Activate<double>(x, y, tanh: true);

    /// <summary>
    /// e^x for every lane: x = n ln 2 + r with |r| ≤ ln 2 / 2 (n rounded by adding 1.5 · 2^23, or 2^52, whose low
    /// mantissa bits then hold n; ln 2 in two parts so r is exact to the last bits), e^r by its Taylor polynomial
    /// (degree 7 in float, 13 in double, by Estrin's scheme with fused multiply-adds; truncation below 1e-8 and 1e-17 relative), times
    /// 2^n made in the exponent bits. Below the smallest normal result it gives 0, above the largest +∞; NaN stays NaN.
    /// Within a few ulps of Math.Exp (ForwardKernelsTests measures it); the same operations in every lane and at every
    /// width, so one input gives one output whatever the vector width.
    /// </summary>
    public static Vector512<float> Exp(Vector512<float> x) => Exp512(x);

    /// <summary>e^x for every lane, as <see cref="Exp(Vector512{float})"/>.</summary>
    public static Vector512<double> Exp(Vector512<double> x) => Exp512(x);

    private static void Activate<T>(ReadOnlySpan<T> x, Span<T> y, bool tanh)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (y.Length != x.Length)
        {
            throw new ArgumentException($"Expected a span of length {x.Length} (one per unit of x) but got length {y.Length}.", nameof(y));
        }

        int n = x.Length;
        ref T xr = ref MemoryMarshal.GetReference(x);
        ref T yr = ref MemoryMarshal.GetReference(y);
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            for (int j = 0; ; j += Vector512<T>.Count)
            {
                // The last vector ends at the last unit (overlapping the one before: the same values again).
                j = Math.Min(j, n - Vector512<T>.Count);
                Vector512<T> v = Vector512.LoadUnsafe(ref xr, (nuint)j);
                (tanh ? Vector512<T>.One - (Vector512.Create(T.One + T.One) / (Exp512(v + v) + Vector512<T>.One)) : Vector512<T>.One / (Vector512<T>.One + Exp512(-v))).StoreUnsafe(ref yr, (nuint)j);
                if (j == n - Vector512<T>.Count)
                {
                    return;
                }
            }
        }

        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            for (int j = 0; ; j += Vector256<T>.Count)
            {
                j = Math.Min(j, n - Vector256<T>.Count);
                Vector256<T> v = Vector256.LoadUnsafe(ref xr, (nuint)j);
                (tanh ? Vector256<T>.One - (Vector256.Create(T.One + T.One) / (Exp256(v + v) + Vector256<T>.One)) : Vector256<T>.One / (Vector256<T>.One + Exp256(-v))).StoreUnsafe(ref yr, (nuint)j);
                if (j == n - Vector256<T>.Count)
                {
                    return;
                }
            }
        }

        // 128 bits at a time; fewer units than that go through one vector padded with zeros.
        Span<T> pad = stackalloc T[Vector128<T>.Count];
        for (int j = 0; j < n; j += Vector128<T>.Count)
        {
            Vector128<T> v;
            if (n < Vector128<T>.Count)
            {
                pad.Clear();
                x.CopyTo(pad);
                v = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(pad));
            }
            else
            {
                j = Math.Min(j, n - Vector128<T>.Count);
                v = Vector128.LoadUnsafe(ref xr, (nuint)j);
            }

            Vector128<T> f = tanh ? Vector128<T>.One - (Vector128.Create(T.One + T.One) / (Exp128(v + v) + Vector128<T>.One)) : Vector128<T>.One / (Vector128<T>.One + Exp128(-v));
            if (n < Vector128<T>.Count)
            {
                f.StoreUnsafe(ref MemoryMarshal.GetReference(pad));
                pad.Slice(0, n).CopyTo(y);
                return;
            }

            f.StoreUnsafe(ref yr, (nuint)j);
        }
    }

    // e^x at each width: the same steps (see Exp(Vector512<float>)); the constants per precision.

    private static Vector512<T> Exp512<T>(Vector512<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ExpConstants<T> c = default;
        Vector512<T> shifter = Vector512.Create(c.Shifter);
        Vector512<T> t = WideKernels.MultiplyAdd(x, Vector512.Create(c.Log2E), shifter);
        Vector512<T> k = t - shifter;
        Vector512<T> r = WideKernels.MultiplyAdd(k, Vector512.Create(-c.Ln2Low), WideKernels.MultiplyAdd(k, Vector512.Create(-c.Ln2High), x));
        // Estrin's scheme: pairs c_d + c_(d+1) r, joined by r², r⁴, r⁸ (a dependency chain of four or five steps, not Horner's 7 or 13).
        Vector512<T> r2 = r * r;
        Vector512<T> r4 = r2 * r2;
        Vector512<T> p = WideKernels.MultiplyAdd(
            WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector512.Create(c.Coefficient(7)), r, Vector512.Create(c.Coefficient(6))), r2, WideKernels.MultiplyAdd(Vector512.Create(c.Coefficient(5)), r, Vector512.Create(c.Coefficient(4)))),
            r4,
            WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector512.Create(c.Coefficient(3)), r, Vector512.Create(c.Coefficient(2))), r2, WideKernels.MultiplyAdd(Vector512.Create(c.Coefficient(1)), r, Vector512.Create(c.Coefficient(0)))));
        if (typeof(T) == typeof(double))
        {
            // Degree 13: + r⁸ (c_8 … c_13 r⁵)
            Vector512<T> high = WideKernels.MultiplyAdd(
                WideKernels.MultiplyAdd(Vector512.Create(c.Coefficient(13)), r, Vector512.Create(c.Coefficient(12))),
                r4,
                WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector512.Create(c.Coefficient(11)), r, Vector512.Create(c.Coefficient(10))), r2, WideKernels.MultiplyAdd(Vector512.Create(c.Coefficient(9)), r, Vector512.Create(c.Coefficient(8)))));
            p = WideKernels.MultiplyAdd(high, r4 * r4, p);
        }

        Vector512<T> scale = typeof(T) == typeof(float)
            ? (Vector512.ShiftLeft(t.AsInt32(), 23) + Vector512.Create(127 << 23)).As<int, T>()
            : (Vector512.ShiftLeft(t.AsInt64(), 52) + Vector512.Create(1023L << 52)).As<long, T>();
        Vector512<T> e = p * scale;
        e = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(c.Lowest)), Vector512<T>.Zero, e);
        e = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(c.Highest)), Vector512.Create(T.PositiveInfinity), e);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), e, x);
    }

    private static Vector256<T> Exp256<T>(Vector256<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ExpConstants<T> c = default;
        Vector256<T> shifter = Vector256.Create(c.Shifter);
        Vector256<T> t = WideKernels.MultiplyAdd(x, Vector256.Create(c.Log2E), shifter);
        Vector256<T> k = t - shifter;
        Vector256<T> r = WideKernels.MultiplyAdd(k, Vector256.Create(-c.Ln2Low), WideKernels.MultiplyAdd(k, Vector256.Create(-c.Ln2High), x));
        // Estrin's scheme: pairs c_d + c_(d+1) r, joined by r², r⁴, r⁸ (a dependency chain of four or five steps, not Horner's 7 or 13).
        Vector256<T> r2 = r * r;
        Vector256<T> r4 = r2 * r2;
        Vector256<T> p = WideKernels.MultiplyAdd(
            WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector256.Create(c.Coefficient(7)), r, Vector256.Create(c.Coefficient(6))), r2, WideKernels.MultiplyAdd(Vector256.Create(c.Coefficient(5)), r, Vector256.Create(c.Coefficient(4)))),
            r4,
            WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector256.Create(c.Coefficient(3)), r, Vector256.Create(c.Coefficient(2))), r2, WideKernels.MultiplyAdd(Vector256.Create(c.Coefficient(1)), r, Vector256.Create(c.Coefficient(0)))));
        if (typeof(T) == typeof(double))
        {
            // Degree 13: + r⁸ (c_8 … c_13 r⁵)
            Vector256<T> high = WideKernels.MultiplyAdd(
                WideKernels.MultiplyAdd(Vector256.Create(c.Coefficient(13)), r, Vector256.Create(c.Coefficient(12))),
                r4,
                WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector256.Create(c.Coefficient(11)), r, Vector256.Create(c.Coefficient(10))), r2, WideKernels.MultiplyAdd(Vector256.Create(c.Coefficient(9)), r, Vector256.Create(c.Coefficient(8)))));
            p = WideKernels.MultiplyAdd(high, r4 * r4, p);
        }

        Vector256<T> scale = typeof(T) == typeof(float)
            ? (Vector256.ShiftLeft(t.AsInt32(), 23) + Vector256.Create(127 << 23)).As<int, T>()
            : (Vector256.ShiftLeft(t.AsInt64(), 52) + Vector256.Create(1023L << 52)).As<long, T>();
        Vector256<T> e = p * scale;
        e = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(c.Lowest)), Vector256<T>.Zero, e);
        e = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(c.Highest)), Vector256.Create(T.PositiveInfinity), e);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), e, x);
    }

    private static Vector128<T> Exp128<T>(Vector128<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ExpConstants<T> c = default;
        Vector128<T> shifter = Vector128.Create(c.Shifter);
        Vector128<T> t = WideKernels.MultiplyAdd(x, Vector128.Create(c.Log2E), shifter);
        Vector128<T> k = t - shifter;
        Vector128<T> r = WideKernels.MultiplyAdd(k, Vector128.Create(-c.Ln2Low), WideKernels.MultiplyAdd(k, Vector128.Create(-c.Ln2High), x));
        // Estrin's scheme: pairs c_d + c_(d+1) r, joined by r², r⁴, r⁸ (a dependency chain of four or five steps, not Horner's 7 or 13).
        Vector128<T> r2 = r * r;
        Vector128<T> r4 = r2 * r2;
        Vector128<T> p = WideKernels.MultiplyAdd(
            WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector128.Create(c.Coefficient(7)), r, Vector128.Create(c.Coefficient(6))), r2, WideKernels.MultiplyAdd(Vector128.Create(c.Coefficient(5)), r, Vector128.Create(c.Coefficient(4)))),
            r4,
            WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector128.Create(c.Coefficient(3)), r, Vector128.Create(c.Coefficient(2))), r2, WideKernels.MultiplyAdd(Vector128.Create(c.Coefficient(1)), r, Vector128.Create(c.Coefficient(0)))));
        if (typeof(T) == typeof(double))
        {
            // Degree 13: + r⁸ (c_8 … c_13 r⁵)
            Vector128<T> high = WideKernels.MultiplyAdd(
                WideKernels.MultiplyAdd(Vector128.Create(c.Coefficient(13)), r, Vector128.Create(c.Coefficient(12))),
                r4,
                WideKernels.MultiplyAdd(WideKernels.MultiplyAdd(Vector128.Create(c.Coefficient(11)), r, Vector128.Create(c.Coefficient(10))), r2, WideKernels.MultiplyAdd(Vector128.Create(c.Coefficient(9)), r, Vector128.Create(c.Coefficient(8)))));
            p = WideKernels.MultiplyAdd(high, r4 * r4, p);
        }

        Vector128<T> scale = typeof(T) == typeof(float)
            ? (Vector128.ShiftLeft(t.AsInt32(), 23) + Vector128.Create(127 << 23)).As<int, T>()
            : (Vector128.ShiftLeft(t.AsInt64(), 52) + Vector128.Create(1023L << 52)).As<long, T>();
        Vector128<T> e = p * scale;
        e = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128.Create(c.Lowest)), Vector128<T>.Zero, e);
        e = Vector128.ConditionalSelect(Vector128.GreaterThan(x, Vector128.Create(c.Highest)), Vector128.Create(T.PositiveInfinity), e);
        return Vector128.ConditionalSelect(Vector128.Equals(x, x), e, x);
    }

    /// <summary>e^x's constants per precision (a struct, so each is a JIT-time constant).</summary>
    private readonly struct ExpConstants<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private static bool IsFloat => typeof(T) == typeof(float);

        // The constants reinterpreted rather than converted (T.CreateTruncating boxes in unoptimized code: Debug builds allocated).
        private static T F(float value) => Unsafe.As<float, T>(ref value);

        private static T D(double value) => Unsafe.As<double, T>(ref value);

        /// <summary>1.5 · 2^23 (float) or 1.5 · 2^52 (double): adding it rounds to an integer kept in the low mantissa bits.</summary>
        public T Shifter => IsFloat ? F(12582912f) : D(6755399441055744.0);

        public T Log2E => IsFloat ? F(1.44269504088896341f) : D(1.4426950408889634);

        /// <summary>ln 2's leading bits (n · Ln2High exact for the n that occur).</summary>
        public T Ln2High => IsFloat ? F(0.693359375f) : D(6.93147180369123816490e-01);

        /// <summary>ln 2 − Ln2High.</summary>
        public T Ln2Low => IsFloat ? F(-2.12194440e-4f) : D(1.90821492927058770002e-10);

        /// <summary>Below this, e^x is under the smallest normal number: 0.</summary>
        public T Lowest => IsFloat ? F(-87.33654f) : D(-708.3964185322641);

        /// <summary>Above this (n would reach the exponent of ∞), +∞: e^x is then within a factor 1.5 of the largest finite value.</summary>
        public T Highest => IsFloat ? F(88.37626f) : D(709.436139303);

        /// <summary>1 / d!, the Taylor coefficient of r^d.</summary>
        public T Coefficient(int d) => Factorials<T>.Inverse[d];
    }

    /// <summary>1 / d! for d = 0 … 13, in T.</summary>
    private static class Factorials<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public static readonly T[] Inverse = Make();

        private static T[] Make()
        {
            var inverse = new T[14];
            double f = 1;
            for (int d = 0; d < inverse.Length; d++)
            {
                f *= Math.Max(d, 1);
                inverse[d] = T.CreateTruncating(1 / f);
            }

            return inverse;
        }
    }
}
