using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.InteropServices;

namespace BackpropGen;

/// <summary>
/// The loops that generated code calls for layers too large to unroll (one weight row at a time). Each comes in
/// two forms: over one pattern (spans of <c>T</c>, vectorised along the row with <see cref="Vector{T}"/>) and over a
/// block of patterns (spans of <see cref="Vector{T}"/>, one lane per pattern, each weight broadcast).
/// </summary>
/// <remarks>For generated code; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static partial class Kernels
{
    /// <summary>Σ_i w_i y_i for one pattern.</summary>
    public static double Dot(ReadOnlySpan<double> w, ReadOnlySpan<double> y) => DotCore(w, y);

    /// <summary>Σ_i w_i y_i for one pattern.</summary>
    public static float Dot(ReadOnlySpan<float> w, ReadOnlySpan<float> y) => DotCore(w, y);

    /// <summary>Σ_i w_i y_i for each pattern (lane) of a block; each w_i is broadcast.</summary>
    public static Vector<double> Dot(ReadOnlySpan<double> w, ReadOnlySpan<Vector<double>> y) => DotLanes(w, y);

    /// <summary>Σ_i w_i y_i for each pattern (lane) of a block; each w_i is broadcast.</summary>
    public static Vector<float> Dot(ReadOnlySpan<float> w, ReadOnlySpan<Vector<float>> y) => DotLanes(w, y);

    /// <summary>s_i += a x_i for one pattern.</summary>
    public static void AddScaled(Span<double> s, double a, ReadOnlySpan<double> x) => AddScaledCore(s, a, x);

    /// <summary>s_i += a x_i for one pattern.</summary>
    public static void AddScaled(Span<float> s, float a, ReadOnlySpan<float> x) => AddScaledCore(s, a, x);

    /// <summary>s_i += a x_i for each pattern (lane): a per lane, x_i a parameter broadcast.</summary>
    public static void AddScaled(Span<Vector<double>> s, Vector<double> a, ReadOnlySpan<double> x) => AddScaledBroadcast(s, a, x);

    /// <summary>s_i += a x_i for each pattern (lane): a per lane, x_i a parameter broadcast.</summary>
    public static void AddScaled(Span<Vector<float>> s, Vector<float> a, ReadOnlySpan<float> x) => AddScaledBroadcast(s, a, x);

    /// <summary>s_i += a x_i for each pattern (lane): a and x_i per lane.</summary>
    public static void AddScaled(Span<Vector<double>> s, Vector<double> a, ReadOnlySpan<Vector<double>> x) => AddScaledLanes(s, a, x);

    /// <summary>s_i += a x_i for each pattern (lane): a and x_i per lane.</summary>
    public static void AddScaled(Span<Vector<float>> s, Vector<float> a, ReadOnlySpan<Vector<float>> x) => AddScaledLanes(s, a, x);

    /// <summary>
    /// x_j += Σ_i w[j · stride + i] y_i for every row j of <paramref name="x"/> (row j of a layer's weights over the source
    /// units <paramref name="y"/>): four rows at a time sharing each load of y where 512-bit vectors run, else row by row
    /// with <see cref="Dot(ReadOnlySpan{double}, ReadOnlySpan{double})"/>.
    /// </summary>
    public static void DotRows(ReadOnlySpan<double> w, int stride, ReadOnlySpan<double> y, Span<double> x) => DotRowsCore(w, stride, y, x);

    /// <summary>
    /// x_j += Σ_i w[j · stride + i] y_i for every row j of <paramref name="x"/> (row j of a layer's weights over the source
    /// units <paramref name="y"/>): four rows at a time sharing each load of y where 512-bit vectors run, else row by row
    /// with <see cref="Dot(ReadOnlySpan{float}, ReadOnlySpan{float})"/>.
    /// </summary>
    public static void DotRows(ReadOnlySpan<float> w, int stride, ReadOnlySpan<float> y, Span<float> x) => DotRowsCore(w, stride, y, x);

    private static void DotRowsCore<T>(ReadOnlySpan<T> w, int stride, ReadOnlySpan<T> y, Span<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (x.Length > 0 && (stride < y.Length || w.Length < ((long)(x.Length - 1) * stride) + y.Length))
        {
            throw new ArgumentException($"The weights hold {w.Length} values; {x.Length} rows of {y.Length} at a stride of {stride} need {((long)(x.Length - 1) * stride) + y.Length}.", nameof(w));
        }

        int j = WideKernels.DotRows(w, stride, y, x);
        for (; j < x.Length; j++)
        {
            x[j] += DotCore(w.Slice(j * stride, y.Length), y);
        }
    }

    private static T DotCore<T>(ReadOnlySpan<T> w, ReadOnlySpan<T> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(y), w.Length, y.Length);
        // The widest native vectors first (Vector512 on AVX-512, else Vector256, with FMA); Vector<T> where neither runs.
        T sum = WideKernels.Dot(w, y, out int i);
        if (i == 0 && Vector.IsHardwareAccelerated && w.Length >= 2 * Vector<T>.Count)
        {
            ReadOnlySpan<Vector<T>> wv = MemoryMarshal.Cast<T, Vector<T>>(w);
            ReadOnlySpan<Vector<T>> yv = MemoryMarshal.Cast<T, Vector<T>>(y);
            Vector<T> even = Vector<T>.Zero;
            Vector<T> odd = Vector<T>.Zero;
            int k = 0;
            for (; k + 1 < wv.Length; k += 2)
            {
                even += wv[k] * yv[k];
                odd += wv[k + 1] * yv[k + 1];
            }

            if (k < wv.Length)
            {
                even += wv[k] * yv[k];
            }

            sum = Vector.Sum(even + odd);
            i = wv.Length * Vector<T>.Count;
        }

        for (; i < w.Length; i++)
        {
            sum += w[i] * y[i];
        }

        return sum;
    }

    private static Vector<T> DotLanes<T>(ReadOnlySpan<T> w, ReadOnlySpan<Vector<T>> y)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(y), w.Length, y.Length);
        Vector<T> even = Vector<T>.Zero;
        Vector<T> odd = Vector<T>.Zero;
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

    private static void AddScaledCore<T>(Span<T> s, T a, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(x), s.Length, x.Length);
        int i = 0;
        if (Vector.IsHardwareAccelerated && s.Length >= Vector<T>.Count)
        {
            Span<Vector<T>> sv = MemoryMarshal.Cast<T, Vector<T>>(s);
            ReadOnlySpan<Vector<T>> xv = MemoryMarshal.Cast<T, Vector<T>>(x);
            for (int k = 0; k < sv.Length; k++)
            {
                sv[k] += xv[k] * a;
            }

            i = sv.Length * Vector<T>.Count;
        }

        for (; i < s.Length; i++)
        {
            s[i] += a * x[i];
        }
    }

    private static void AddScaledBroadcast<T>(Span<Vector<T>> s, Vector<T> a, ReadOnlySpan<T> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(x), s.Length, x.Length);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] += a * x[i];
        }
    }

    private static void AddScaledLanes<T>(Span<Vector<T>> s, Vector<T> a, ReadOnlySpan<Vector<T>> x)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(x), s.Length, x.Length);
        for (int i = 0; i < s.Length; i++)
        {
            s[i] += a * x[i];
        }
    }
}
