using System;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace BackpropGen;

// The block forms of the loops over a weight row at 512 bits: what the 512-bit SIMD path (LaneWidth) calls for layers
// too large to unroll. The same sums as the Vector<T> block forms, one lane per pattern, each weight broadcast.
public static partial class Kernels
{
    /// <summary>Σ_i w_i y_i for each pattern (lane) of a 512-bit block; each w_i is broadcast.</summary>
    public static Vector512<double> Dot(ReadOnlySpan<double> w, ReadOnlySpan<Vector512<double>> y) => DotLanes512(w, y);

    /// <summary>Σ_i w_i y_i for each pattern (lane) of a 512-bit block; each w_i is broadcast.</summary>
    public static Vector512<float> Dot(ReadOnlySpan<float> w, ReadOnlySpan<Vector512<float>> y) => DotLanes512(w, y);

    /// <summary>s_i += a x_i for each pattern (lane) of a 512-bit block: a per lane, x_i a parameter broadcast.</summary>
    public static void AddScaled(Span<Vector512<double>> s, Vector512<double> a, ReadOnlySpan<double> x) => AddScaledBroadcast512(s, a, x);

    /// <summary>s_i += a x_i for each pattern (lane) of a 512-bit block: a per lane, x_i a parameter broadcast.</summary>
    public static void AddScaled(Span<Vector512<float>> s, Vector512<float> a, ReadOnlySpan<float> x) => AddScaledBroadcast512(s, a, x);

    /// <summary>s_i += a x_i for each pattern (lane) of a 512-bit block: a and x_i per lane.</summary>
    public static void AddScaled(Span<Vector512<double>> s, Vector512<double> a, ReadOnlySpan<Vector512<double>> x) => AddScaledLanes512(s, a, x);

    /// <summary>s_i += a x_i for each pattern (lane) of a 512-bit block: a and x_i per lane.</summary>
    public static void AddScaled(Span<Vector512<float>> s, Vector512<float> a, ReadOnlySpan<Vector512<float>> x) => AddScaledLanes512(s, a, x);

    private static Vector512<T> DotLanes512<T>(ReadOnlySpan<T> w, ReadOnlySpan<Vector512<T>> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(y), w.Length, y.Length);
        Vector512<T> even = Vector512<T>.Zero;
        Vector512<T> odd = Vector512<T>.Zero;
        int i = 0;
        for (; i + 1 < w.Length; i += 2)
        {
            even += y[i] * w[i];
            odd += y[i + 1] * w[i + 1];
        }

        if (i < w.Length)
        {
            even += y[i] * w[i];
        }

        return even + odd;
    }

    private static void AddScaledBroadcast512<T>(Span<Vector512<T>> s, Vector512<T> a, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(x), s.Length, x.Length);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] += a * x[i];
        }
    }

    private static void AddScaledLanes512<T>(Span<Vector512<T>> s, Vector512<T> a, ReadOnlySpan<Vector512<T>> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(x), s.Length, x.Length);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] += a * x[i];
        }
    }
}
