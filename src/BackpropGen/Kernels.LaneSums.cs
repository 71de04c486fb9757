using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace BackpropGen;

// The end of a SIMD sweep: every parameter's per-lane ∂E/∂w summed across its lanes into the gradients. One horizontal
// sum per parameter (Vector.Sum: three shuffles and adds a vector) is a fixed cost of every sweep; summed as a
// transpose, eight (float) or four (double) parameters share each shuffle and add.
public static partial class Kernels
{
    /// <summary>sums[k] += Σ_lanes lanes[k] for every k (the per-lane ∂E/∂w of a SIMD sweep added to the gradients).</summary>
    /// <exception cref="ArgumentException">The spans' lengths differ.</exception>
    public static void AddLaneSums(ReadOnlySpan<Vector<double>> lanes, Span<double> sums) => AddLaneSumsCore(lanes, sums);

    /// <inheritdoc cref="AddLaneSums(ReadOnlySpan{Vector{double}}, Span{double})"/>
    public static void AddLaneSums(ReadOnlySpan<Vector<float>> lanes, Span<float> sums) => AddLaneSumsCore(lanes, sums);

    /// <inheritdoc cref="AddLaneSums(ReadOnlySpan{Vector{double}}, Span{double})"/>
    public static void AddLaneSums(ReadOnlySpan<Vector512<double>> lanes, Span<double> sums) => AddLaneSums512(lanes, sums);

    /// <inheritdoc cref="AddLaneSums(ReadOnlySpan{Vector{double}}, Span{double})"/>
    public static void AddLaneSums(ReadOnlySpan<Vector512<float>> lanes, Span<float> sums) => AddLaneSums512(lanes, sums);

    private static void AddLaneSumsCore<T>(ReadOnlySpan<Vector<T>> lanes, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(sums), lanes.Length, sums.Length);
        if (Vector<byte>.Count == 64)
        {
            AddLaneSums512(MemoryMarshal.Cast<Vector<T>, Vector512<T>>(lanes), sums);
            return;
        }

        int k = 0;
        if (Vector<byte>.Count == 32 && Avx.IsSupported)
        {
            ReadOnlySpan<Vector256<T>> wide = MemoryMarshal.Cast<Vector<T>, Vector256<T>>(lanes);
            for (; k <= lanes.Length - Vector256<T>.Count; k += Vector256<T>.Count)
            {
                AddTransposed(wide.Slice(k, Vector256<T>.Count), sums.Slice(k));
            }
        }

        for (; k < lanes.Length; k++)
        {
            sums[k] += Vector.Sum(lanes[k]);
        }
    }

    private static void AddLaneSums512<T>(ReadOnlySpan<Vector512<T>> lanes, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(sums), lanes.Length, sums.Length);
        int k = 0;
        if (Avx.IsSupported)
        {
            // Each vector's halves added (one 256-bit vector of partial sums), then eight (four) at a time as a transpose.
            Span<Vector256<T>> folded = stackalloc Vector256<T>[Vector256<T>.Count];
            for (; k <= lanes.Length - Vector256<T>.Count; k += Vector256<T>.Count)
            {
                for (int i = 0; i < folded.Length; i++)
                {
                    Vector512<T> v = lanes[k + i];
                    folded[i] = v.GetLower() + v.GetUpper();
                }

                AddTransposed(folded, sums.Slice(k));
            }
        }

        for (; k < lanes.Length; k++)
        {
            sums[k] += Vector512.Sum(lanes[k]);
        }
    }

    /// <summary>sums[i] += Σ_lanes v[i] for the Vector256&lt;T&gt;.Count vectors v (8 floats or 4 doubles): a transpose by pairwise horizontal adds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTransposed<T>(ReadOnlySpan<Vector256<T>> v, Span<T> sums)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Vector256<T> total;
        if (typeof(T) == typeof(float))
        {
            // hadd(a, b) = [a0+a1, a2+a3, b0+b1, b2+b3 | a4+a5, a6+a7, b4+b5, b6+b7]: twice gives each vector's two
            // 128-bit halves' sums, vectors 0–3 in q0 and 4–7 in q1; the halves of q0 and q1 added give lane j = Σ v[j].
            Vector256<float> q0 = Avx.HorizontalAdd(Avx.HorizontalAdd(v[0].AsSingle(), v[1].AsSingle()), Avx.HorizontalAdd(v[2].AsSingle(), v[3].AsSingle()));
            Vector256<float> q1 = Avx.HorizontalAdd(Avx.HorizontalAdd(v[4].AsSingle(), v[5].AsSingle()), Avx.HorizontalAdd(v[6].AsSingle(), v[7].AsSingle()));
            total = (Avx.Permute2x128(q0, q1, 0x20) + Avx.Permute2x128(q0, q1, 0x31)).As<float, T>();
        }
        else
        {
            // hadd(a, b) = [a0+a1, b0+b1 | a2+a3, b2+b3]: the halves of hadd(v0, v1) and hadd(v2, v3) added give lane j = Σ v[j].
            Vector256<double> h0 = Avx.HorizontalAdd(v[0].AsDouble(), v[1].AsDouble());
            Vector256<double> h1 = Avx.HorizontalAdd(v[2].AsDouble(), v[3].AsDouble());
            total = (Avx.Permute2x128(h0, h1, 0x20) + Avx.Permute2x128(h0, h1, 0x31)).As<double, T>();
        }

        (Vector256.Create((ReadOnlySpan<T>)sums) + total).CopyTo(sums);
    }
}
