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
public sealed class MomentumOptimizer<T> : MomentumBase<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the rule with ε = <paramref name="learningRate"/>, α = <paramref name="momentum"/>, λ = <paramref name="weightDecay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (ε, λ negative or not finite; α not in [0, 1)).</exception>
    public MomentumOptimizer(T learningRate, T momentum = default, T weightDecay = default)
        : base(learningRate, momentum, weightDecay)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "momentum";

    /// <summary>Δw(t−1), the previous weight change (empty before the first step).</summary>
    public Span<T> PreviousDeltas => State(0);

    /// <inheritdoc/>
    protected override void StepCore(Span<T> parameters, ReadOnlySpan<T> gradients, long step) =>
        UpdateRule.ApplyScaled(parameters, gradients, State(0), LearningRate, Momentum, WeightDecay, GradientScale);

    /// <inheritdoc/>
    private protected override void StepAndClear(Span<T> parameters, Span<T> gradients, long step) =>
        UpdateRule.ApplyScaledAndClear(parameters, gradients, State(0), LearningRate, Momentum, WeightDecay, GradientScale);
}
