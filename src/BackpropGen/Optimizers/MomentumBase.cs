using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// What <see cref="MomentumOptimizer{T}"/> and <see cref="NesterovOptimizer{T}"/> share: a momentum in [0, 1), a weight
/// decay λ, and one parameter-sized state buffer (Δw(t−1), or the momentum buffer b). They differ in the rule and in
/// where λ enters (see each class).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class MomentumBase<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T _momentum;
    private T _weightDecay;

    private protected MomentumBase(T learningRate, T momentum, T weightDecay)
        : base(learningRate)
    {
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <inheritdoc/>
    public override int StateBufferCount => 1;

    /// <summary>The momentum (α, or Nesterov's μ), in [0, 1).</summary>
    public override T Momentum
    {
        get => _momentum;
        set => _momentum = CheckRate(value, nameof(Momentum));
    }

    /// <summary>The weight decay λ (see the class for where it enters). Finite, not negative.</summary>
    public T WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = CheckFinite(value, nameof(WeightDecay), allowNegative: false);
    }
}
