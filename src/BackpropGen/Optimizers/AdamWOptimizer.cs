using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// AdamW (Loshchilov &amp; Hutter 2019) exactly as PyTorch's <c>torch.optim.AdamW(lr=ε, betas=(β₁, β₂), eps=ϵ̂, weight_decay=λ)</c>:
/// w ← w (1 − ε λ); m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ);
/// w ← w − ε m̂ / (√v̂ + ϵ̂).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>The decay is decoupled from the gradient (it does not pass through the moments), unlike <see cref="AdamOptimizer{T}"/>'s.</remarks>
public sealed class AdamWOptimizer<T> : AdamBase<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates AdamW; the defaults are PyTorch's (β₁ = 0.9, β₂ = 0.999, ϵ̂ = 1e-8, λ = 0.01).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (ε, ϵ̂, λ negative or not finite; β not in [0, 1)).</exception>
    public AdamWOptimizer(T learningRate, T? beta1 = null, T? beta2 = null, T? epsilon = null, T? weightDecay = null)
        : base(learningRate, beta1 ?? T.CreateChecked(0.9), beta2 ?? T.CreateChecked(0.999), epsilon ?? T.CreateChecked(1e-8), weightDecay ?? T.CreateChecked(0.01), decoupled: true)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "adamw";
}
