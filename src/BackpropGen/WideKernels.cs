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

    /// <summary>a·b + c, fused (one rounding) where the CPU has FMA, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<T> MultiplyAdd<T>(Vector512<T> a, Vector512<T> b, Vector512<T> c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (Avx512F.IsSupported)
        {
            if (typeof(T) == typeof(float))
            {
                return Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();
            }

            if (typeof(T) == typeof(double))
            {
                return Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>();
            }
        }

        return (a * b) + c;
    }

    /// <summary>a·b + c, fused (one rounding) where the CPU has FMA, else a multiply and an add.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<T> MultiplyAdd<T>(Vector256<T> a, Vector256<T> b, Vector256<T> c)
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
