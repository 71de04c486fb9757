using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// The weight change of the paper (eq. 9), with weight decay:
/// Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1); w ← w + Δw(t); then w ← w − λ w.
/// </summary>
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
        Guard.Length(nameof(gradients), parameters.Length, gradients.Length);
        Guard.Length(nameof(previousDeltas), parameters.Length, previousDeltas.Length);

        bool decay = weightDecay != T.Zero;
        for (int k = 0; k < parameters.Length; k++)
        {
            // Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1)
            T delta = -(learningRate * gradients[k]) + momentum * previousDeltas[k];
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

        gradients.Clear();
    }
}
