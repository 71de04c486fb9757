using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace BackpropGen;

/// <summary>
/// The weight change of the paper (eq. 9), with weight decay:
/// Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1); w ← w + Δw(t); then w ← w − λ w.
/// </summary>
/// <remarks>
/// Vectorised with <see cref="Vector{T}"/>: each element goes through the same IEEE operations in the vector body and
/// the scalar tail (no fused multiply–add), so the result is the same bits as the element-by-element loop on every
/// machine.
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
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ApplyScaled<T>(parameters, gradients, previousDeltas, learningRate, momentum, weightDecay, T.One);
        gradients.Clear();
    }

    /// <summary>The rule with g = <paramref name="scale"/> · ∂E/∂w (the gradients are left as they are).</summary>
    internal static void ApplyScaled<T>(Span<T> parameters, ReadOnlySpan<T> gradients, Span<T> previousDeltas,
        T learningRate, T momentum, T weightDecay, T scale)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(gradients), parameters.Length, gradients.Length);
        Guard.Length(nameof(previousDeltas), parameters.Length, previousDeltas.Length);

        // s · ∂E/∂w with s = 1 is ∂E/∂w exactly, so the paper's sums are unchanged bit for bit.
        bool scaled = scale != T.One;
        bool decay = weightDecay != T.Zero;
        int k = 0;
        if (Vector.IsHardwareAccelerated && parameters.Length >= Vector<T>.Count)
        {
            Span<Vector<T>> w = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            ReadOnlySpan<Vector<T>> dE = MemoryMarshal.Cast<T, Vector<T>>(gradients);
            Span<Vector<T>> previous = MemoryMarshal.Cast<T, Vector<T>>(previousDeltas);
            for (int v = 0; v < w.Length; v++)
            {
                Vector<T> g = scaled ? dE[v] * scale : dE[v];

                // Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1)
                Vector<T> delta = -(g * learningRate) + (previous[v] * momentum);
                previous[v] = delta;

                // w ← w + Δw(t);  w ← w − λ w
                Vector<T> wv = w[v] + delta;
                if (decay)
                {
                    wv -= wv * weightDecay;
                }

                w[v] = wv;
            }

            k = w.Length * Vector<T>.Count;
        }

        for (; k < parameters.Length; k++)
        {
            T g = scaled ? gradients[k] * scale : gradients[k];

            // Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1)
            T delta = -(learningRate * g) + (momentum * previousDeltas[k]);
            previousDeltas[k] = delta;

            // w ← w + Δw(t)
            T w = parameters[k] + delta;

            // w ← w − λ w
            if (decay)
            {
                w -= weightDecay * w;
            }

            parameters[k] = w;
        }
    }
}
