using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// The paper's rule (Rumelhart, Hinton &amp; Williams 1986, eq. 9) with weight decay, as an optimizer object:
/// Δw(t) = −ε g(t) + α Δw(t−1); w ← w + Δw(t); then, when λ ≠ 0, w ← w − λ w.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// A network whose <c>Optimizer</c> is <see langword="null"/> applies this same rule with its own ε, α, λ and
/// <c>PreviousDeltas</c> (<see cref="UpdateRule.Apply{T}"/>); this class is that rule with its own Δw(t−1), for the
/// trainer's schedules and checkpoints. With a constant ε it is PyTorch's <c>SGD(momentum=α)</c> written for Δw:
/// there v = α v + g, w ← w − ε v, so Δw = −ε v.
/// </remarks>
public sealed class MomentumOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T _momentum;
    private T _weightDecay;

    /// <summary>Creates the rule with ε = <paramref name="learningRate"/>, α = <paramref name="momentum"/>, λ = <paramref name="weightDecay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (ε, λ negative or not finite; α not in [0, 1)).</exception>
    public MomentumOptimizer(T learningRate, T momentum = default, T weightDecay = default)
        : base(learningRate)
    {
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <inheritdoc/>
    public override string Kind => "momentum";

    /// <inheritdoc/>
    public override int StateBufferCount => 1;

    /// <summary>The momentum α, in [0, 1).</summary>
    public override T Momentum
    {
        get => _momentum;
        set => _momentum = CheckRate(value, nameof(Momentum));
    }

    /// <summary>The weight decay λ: after each change, w ← w − λ w. Finite, not negative.</summary>
    public T WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = CheckFinite(value, nameof(WeightDecay), allowNegative: false);
    }

    /// <summary>Δw(t−1), the previous weight change (empty before the first step).</summary>
    public Span<T> PreviousDeltas => State(0);

    /// <inheritdoc/>
    protected override void StepCore(Span<T> parameters, ReadOnlySpan<T> gradients, long step) =>
        UpdateRule.ApplyScaled(parameters, gradients, State(0), LearningRate, _momentum, _weightDecay, GradientScale);
}
