using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// Adam (Kingma &amp; Ba 2015) exactly as PyTorch's <c>torch.optim.Adam(lr=ε, betas=(β₁, β₂), eps=ϵ̂, weight_decay=λ)</c>:
/// g ← g + λ w; m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ);
/// w ← w − ε m̂ / (√v̂ + ϵ̂).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// The weight decay is PyTorch's Adam's: an L2 term added to the gradient (so it is scaled by the moments). For the
/// decoupled decay of Loshchilov &amp; Hutter use <see cref="AdamWOptimizer{T}"/>. The step is computed as PyTorch
/// writes it, w ← w − (ε / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ϵ̂), so the two agree to rounding.
/// </remarks>
public sealed class AdamOptimizer<T> : AdamBase<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates Adam; the defaults are PyTorch's (ε = 0.001, β₁ = 0.9, β₂ = 0.999, ϵ̂ = 1e-8, λ = 0).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (ε, ϵ̂, λ negative or not finite; β not in [0, 1)).</exception>
    public AdamOptimizer(T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null, T weightDecay = default)
        : base(learningRate, beta1 ?? T.CreateChecked(0.9), beta2 ?? T.CreateChecked(0.999), epsilon ?? T.CreateChecked(1e-8), weightDecay, decoupled: false)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "adam";
}
