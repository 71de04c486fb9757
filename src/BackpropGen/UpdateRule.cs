using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BackpropGen;

/// <summary>
/// The weight change of the paper (eq. 9), with weight decay:
/// Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1); w ← w + Δw(t); then w ← w − λ w.
/// </summary>
/// <remarks>
/// One pass over the buffers (the gradients cleared in it), vectorised with 512-bit lanes where the hardware has them,
/// else <see cref="Vector{T}"/>'s: each element goes through the same IEEE operations in the vector body and the scalar
/// tail (no fused multiply–add), so the result is the same bits as the element-by-element loop on every machine.
/// </remarks>
public static class UpdateRule
{
    /// <summary>Applies the update to every parameter, stores Δw(t) for the next step, and clears the gradients.</summary>
    /// <param name="parameters">The weights w, changed in place.</param>
    /// <param name="gradients">∂E/∂w(t); set to zero afterwards.</param>
    /// <param name="previousDeltas">Δw(t−1) on entry, Δw(t) on return.</param>
    /// <param name="learningRate">ε.</param>
    /// <param name="momentum">α.</param>
    /// <param name="weightDecay">λ (0 for none).</param>
    /// <exception cref="ArgumentException">The three spans do not have the same length.</exception>
    public static void Apply<T>(Span<T> parameters, Span<T> gradients, Span<T> previousDeltas,
        T learningRate, T momentum, T weightDecay)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<T, Yes>(parameters, gradients, previousDeltas, learningRate, momentum, weightDecay, T.One);

    /// <summary>The rule with g = <paramref name="scale"/> · ∂E/∂w (the gradients are left as they are).</summary>
    internal static void ApplyScaled<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previousDeltas,
        T learningRate, T momentum, T weightDecay, T scale)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<T, No>(parameters, gradients, previousDeltas, learningRate, momentum, weightDecay, scale);

    /// <summary>The rule with g = <paramref name="scale"/> · ∂E/∂w, the gradients cleared in the same pass.</summary>
    internal static void ApplyScaledAndClear<T>(Span<T> parameters, Span<T> gradients, Span<T> previousDeltas,
        T learningRate, T momentum, T weightDecay, T scale)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Run<T, Yes>(parameters, gradients, previousDeltas, learningRate, momentum, weightDecay, scale);

    private static void Run<T, TClear>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previousDeltas,
        T learningRate, T momentum, T weightDecay, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TClear : struct, IFlag
    {
        Guard.Length(nameof(gradients), parameters.Length, gradients.Length);
        Guard.Length(nameof(previousDeltas), parameters.Length, previousDeltas.Length);

        // The decay step is left out of the loop (not multiplied by λ = 0, which would turn −0 into +0 and ∞ into NaN).
        if (weightDecay != T.Zero)
        {
            Run<T, TClear, Yes>(parameters, gradients, previousDeltas, learningRate, momentum, weightDecay, scale);
        }
        else
        {
            Run<T, TClear, No>(parameters, gradients, previousDeltas, learningRate, momentum, weightDecay, scale);
        }
    }

    /// <summary>
    /// One pass over (w, ∂E/∂w, Δw): 512-bit lanes where the hardware has them, then <see cref="Vector{T}"/>'s, then one
    /// at a time, each element through the same operations. g = s · ∂E/∂w with s = 1 is ∂E/∂w exactly, so the paper's
    /// sums are unchanged bit for bit.
    /// </summary>
    private static void Run<T, TClear, TDecay>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previousDeltas,
        T learningRate, T momentum, T weightDecay, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TClear : struct, IFlag
        where TDecay : struct, IFlag
    {
        ref T w = ref MemoryMarshal.GetReference(parameters);
        ref T dE = ref MemoryMarshal.GetReference(gradients);
        ref T previous = ref MemoryMarshal.GetReference(previousDeltas);
        int n = parameters.Length;
        int k = 0;
        if (Lanes<T>.Vectorizable && Vector512.IsHardwareAccelerated)
        {
            k = Body<T, Vector512<T>, Width512<T>, TClear, TDecay>(ref w, ref dE, ref previous, k, n, learningRate, momentum, weightDecay, scale);
        }

        if (Lanes<T>.Vectorizable && Vector.IsHardwareAccelerated)
        {
            k = Body<T, Vector<T>, WidthVector<T>, TClear, TDecay>(ref w, ref dE, ref previous, k, n, learningRate, momentum, weightDecay, scale);
        }

        Body<T, T, WidthOne<T>, TClear, TDecay>(ref w, ref dE, ref previous, k, n, learningRate, momentum, weightDecay, scale);
    }

    /// <summary>Elements k, k + 1, … while a whole <typeparamref name="TV"/> fits below <paramref name="n"/>; returns the first not done.</summary>
    private static int Body<T, TV, TWidth, TClear, TDecay>(ref T w, ref T dE, ref T previous, int k, int n,
        T learningRate, T momentum, T weightDecay, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TV : struct
        where TWidth : struct, IWidth<TV, T>
        where TClear : struct, IFlag
        where TDecay : struct, IFlag
    {
        TV s = TWidth.Create(scale), rate = TWidth.Create(learningRate);
        TV alpha = TWidth.Create(momentum), lambda = TWidth.Create(weightDecay);
        for (; k <= n - TWidth.Count; k += TWidth.Count)
        {
            nuint i = (nuint)k;

            // Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1)
            TV delta = TWidth.Add(
                TWidth.Negate(TWidth.Multiply(TWidth.Multiply(TWidth.Load(ref dE, i), s), rate)),
                TWidth.Multiply(TWidth.Load(ref previous, i), alpha));
            TWidth.Store(delta, ref previous, i);

            // w ← w + Δw(t);  w ← w − λ w
            TV wi = TWidth.Add(TWidth.Load(ref w, i), delta);
            if (TDecay.On)
            {
                wi = TWidth.Subtract(wi, TWidth.Multiply(wi, lambda));
            }

            TWidth.Store(wi, ref w, i);
            if (TClear.On)
            {
                TWidth.Store(default, ref dE, i);
            }
        }

        return k;
    }
}
