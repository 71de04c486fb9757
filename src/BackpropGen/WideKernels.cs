using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BackpropGen;

/// <summary>
/// The one-pattern dot product of a long weight row (a layer over the unroll threshold, in Forward and the one-pattern
/// pass) at the widest vector the hardware runs natively: <see cref="Vector512{T}"/> where accelerated (AVX-512),
/// else <see cref="Vector256{T}"/>; four independent sums (to hide the add latency) and fused multiply-adds where the
/// CPU has them. <see cref="Vector{T}"/> stays 256 bits on AVX-512 hardware unless an environment variable says
/// otherwise, so a row of 784 floats took twice the instructions it needs.
/// </summary>
internal static class WideKernels
{
    /// <summary>Σ_i w_i y_i over the longest prefix that fills whole vectors; <paramref name="done"/> says how far it got.</summary>
    public static T Dot<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> y, out int done)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T yr = ref MemoryMarshal.GetReference(y);
        int n = w.Length;
        int i = 0;
        if (Vector512.IsHardwareAccelerated && n >= Vector512<T>.Count)
        {
            int width = Vector512<T>.Count;
            Vector512<T> a0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero, a2 = Vector512<T>.Zero, a3 = Vector512<T>.Zero;
            for (; i + (4 * width) <= n; i += 4 * width)
            {
                a0 = MultiplyAdd(Vector512.LoadUnsafe(ref wr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i), a0);
                a1 = MultiplyAdd(Vector512.LoadUnsafe(ref wr, (nuint)(i + width)), Vector512.LoadUnsafe(ref yr, (nuint)(i + width)), a1);
                a2 = MultiplyAdd(Vector512.LoadUnsafe(ref wr, (nuint)(i + (2 * width))), Vector512.LoadUnsafe(ref yr, (nuint)(i + (2 * width))), a2);
                a3 = MultiplyAdd(Vector512.LoadUnsafe(ref wr, (nuint)(i + (3 * width))), Vector512.LoadUnsafe(ref yr, (nuint)(i + (3 * width))), a3);
            }

            for (; i + width <= n; i += width)
            {
                a0 = MultiplyAdd(Vector512.LoadUnsafe(ref wr, (nuint)i), Vector512.LoadUnsafe(ref yr, (nuint)i), a0);
            }

            done = i;
            return Vector512.Sum((a0 + a1) + (a2 + a3));
        }

        if (Vector256.IsHardwareAccelerated && n >= Vector256<T>.Count)
        {
            int width = Vector256<T>.Count;
            Vector256<T> a0 = Vector256<T>.Zero, a1 = Vector256<T>.Zero, a2 = Vector256<T>.Zero, a3 = Vector256<T>.Zero;
            for (; i + (4 * width) <= n; i += 4 * width)
            {
                a0 = MultiplyAdd(Vector256.LoadUnsafe(ref wr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), a0);
                a1 = MultiplyAdd(Vector256.LoadUnsafe(ref wr, (nuint)(i + width)), Vector256.LoadUnsafe(ref yr, (nuint)(i + width)), a1);
                a2 = MultiplyAdd(Vector256.LoadUnsafe(ref wr, (nuint)(i + (2 * width))), Vector256.LoadUnsafe(ref yr, (nuint)(i + (2 * width))), a2);
                a3 = MultiplyAdd(Vector256.LoadUnsafe(ref wr, (nuint)(i + (3 * width))), Vector256.LoadUnsafe(ref yr, (nuint)(i + (3 * width))), a3);
            }

            for (; i + width <= n; i += width)
            {
                a0 = MultiplyAdd(Vector256.LoadUnsafe(ref wr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), a0);
            }

            done = i;
            return Vector256.Sum((a0 + a1) + (a2 + a3));
        }

        done = 0;
        return T.Zero;
    }

    /// <summary>
    /// x_j += Σ_i w[j · stride + i] y_i, four rows at a time (each load of y serves four rows, two sums per row), where
    /// 512-bit vectors run; returns how many rows it did (a multiple of four; the caller does the rest row by row).
    /// </summary>
    public static int DotRows<T>(ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> y, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int n = y.Length;
        int width = Vector512<T>.Count;
        if (!Vector512.IsHardwareAccelerated || n < 2 * width)
        {
            return 0;
        }

        ref T wr = ref MemoryMarshal.GetReference(w);
        ref T yr = ref MemoryMarshal.GetReference(y);
        int j = 0;
        for (; j + 4 <= x.Length; j += 4)
        {
            ref T r0 = ref Unsafe.Add(ref wr, j * stride);
            ref T r1 = ref Unsafe.Add(ref r0, stride);
            ref T r2 = ref Unsafe.Add(ref r1, stride);
            ref T r3 = ref Unsafe.Add(ref r2, stride);
            Vector512<T> a0 = Vector512<T>.Zero, b0 = Vector512<T>.Zero, a1 = Vector512<T>.Zero, b1 = Vector512<T>.Zero;
            Vector512<T> a2 = Vector512<T>.Zero, b2 = Vector512<T>.Zero, a3 = Vector512<T>.Zero, b3 = Vector512<T>.Zero;
            int i = 0;
            for (; i + (2 * width) <= n; i += 2 * width)
            {
                nuint p = (nuint)i;
                nuint q = (nuint)(i + width);
                Vector512<T> yp = Vector512.LoadUnsafe(ref yr, p);
                Vector512<T> yq = Vector512.LoadUnsafe(ref yr, q);
                a0 = MultiplyAdd(Vector512.LoadUnsafe(ref r0, p), yp, a0);
                a1 = MultiplyAdd(Vector512.LoadUnsafe(ref r1, p), yp, a1);
                a2 = MultiplyAdd(Vector512.LoadUnsafe(ref r2, p), yp, a2);
                a3 = MultiplyAdd(Vector512.LoadUnsafe(ref r3, p), yp, a3);
                b0 = MultiplyAdd(Vector512.LoadUnsafe(ref r0, q), yq, b0);
                b1 = MultiplyAdd(Vector512.LoadUnsafe(ref r1, q), yq, b1);
                b2 = MultiplyAdd(Vector512.LoadUnsafe(ref r2, q), yq, b2);
                b3 = MultiplyAdd(Vector512.LoadUnsafe(ref r3, q), yq, b3);
            }

            if (i + width <= n)
            {
                nuint p = (nuint)i;
                Vector512<T> yp = Vector512.LoadUnsafe(ref yr, p);
                a0 = MultiplyAdd(Vector512.LoadUnsafe(ref r0, p), yp, a0);
                a1 = MultiplyAdd(Vector512.LoadUnsafe(ref r1, p), yp, a1);
                a2 = MultiplyAdd(Vector512.LoadUnsafe(ref r2, p), yp, a2);
                a3 = MultiplyAdd(Vector512.LoadUnsafe(ref r3, p), yp, a3);
                i += width;
            }

            T s0 = Vector512.Sum(a0 + b0), s1 = Vector512.Sum(a1 + b1), s2 = Vector512.Sum(a2 + b2), s3 = Vector512.Sum(a3 + b3);
            for (; i < n; i++)
            {
                T yi = Unsafe.Add(ref yr, i);
                s0 += Unsafe.Add(ref r0, i) * yi;
                s1 += Unsafe.Add(ref r1, i) * yi;
                s2 += Unsafe.Add(ref r2, i) * yi;
                s3 += Unsafe.Add(ref r3, i) * yi;
            }

            x[j] += s0;
            x[j + 1] += s1;
            x[j + 2] += s2;
            x[j + 3] += s3;
        }

        return j;
    }

    /// <summary>a·b + c, fused (one rounding) where the CPU has FMA, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<T> MultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        // Avx512F.FusedMultiplyAdd written out (what Lanes<T>.Fma calls): through Lanes<T> the JIT did not inline it (its
        // static fields), and ForwardKernels' exp paid a call per multiply-add.
        !Avx512F.IsSupported ? (a * b) + c
        : typeof(T) == typeof(double) ? Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
        : typeof(T) == typeof(float) ? Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>()
        : (a * b) + c;

    /// <summary>a·b + c, fused (one rounding) where the CPU has FMA, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }
        }

        return (a * b) + c;
    }

    /// <summary>a·b + c, fused (one rounding) where the CPU has FMA, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<T> MultiplyAdd<T>(Vector128<T> a, Vector128<T> b, Vector128<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Fma.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return Fma.MultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Fma.MultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }
        }

        return (a * b) + c;
    }
}
