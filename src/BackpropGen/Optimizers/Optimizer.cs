using System;
using System.Globalization;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// A rule that changes the weights from the accumulated gradient ∂E/∂w: the paper's momentum rule
/// (<see cref="MomentumOptimizer{T}"/>), Nesterov momentum (<see cref="NesterovOptimizer{T}"/>), Adam
/// (<see cref="AdamOptimizer{T}"/>) or AdamW (<see cref="AdamWOptimizer{T}"/>). Assign one to a generated network's
/// <c>Optimizer</c> property and its <c>ApplyUpdate</c> (so also <c>TrainBatch</c> and <c>TrainOnline</c>) uses it;
/// leave it <see langword="null"/> for the paper's rule with the network's own ε, α and λ, exactly as before.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, the network's precision.</typeparam>
/// <remarks>
/// <para>Every step is allocation-free and vectorised over the parameter buffer (the paper's rule and Adam with
/// 512-bit lanes where the hardware has them, else <see cref="Vector{T}"/>'s): each element's arithmetic is the same sequence of IEEE operations in the
/// vector body and the scalar tail (Adam's fused multiply–adds are fused in both), so the result does not depend on
/// the vector width.</para>
/// <para>The state (Δw(t−1) or the moments, and the step count t) is made on the first step for that many parameters,
/// and is saved and restored with the parameters by <see cref="TrainingCheckpoint"/>. An optimizer belongs to one network.</para>
/// <para>g below is <see cref="GradientScale"/> · ∂E/∂w: 1 by default (E sums over cases, as the paper's);
/// the trainer sets 1/B for <see cref="GradientScale"/>.<c>Mean</c> mini-batches (PyTorch's mean losses).</para>
/// </remarks>
public abstract class Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T _learningRate;
    private T _gradientScale = T.One;
    private T[]? _state;
    private int _parameterCount;

    /// <summary>Creates an optimizer with learning rate <paramref name="learningRate"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or infinite.</exception>
    protected Optimizer(T learningRate)
    {
        LearningRate = learningRate;
    }

    /// <summary>The learning rate ε (PyTorch's <c>lr</c>); finite and not negative.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public T LearningRate
    {
        get => _learningRate;
        set => _learningRate = CheckFinite(value, nameof(LearningRate), allowNegative: false);
    }

    /// <summary>
    /// The momentum term a schedule may change: α for the paper's rule and Nesterov's, β₁ for Adam and AdamW (as
    /// PyTorch's <c>OneCycleLR</c> cycles <c>beta1</c> for Adam). In [0, 1).
    /// </summary>
    public abstract T Momentum { get; set; }

    /// <summary>
    /// The factor s in g = s · ∂E/∂w that the rule sees: 1 (the default) uses the gradient of E summed over the
    /// cases, as the paper does; 1/B the mean over a mini-batch of B, as PyTorch's losses do. Finite, positive.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite and positive.</exception>
    public T GradientScale
    {
        get => _gradientScale;
        set
        {
            if (!T.IsFinite(value) || value <= T.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(GradientScale), value, "The gradient scale must be finite and positive.");
            }

            _gradientScale = value;
        }
    }

    /// <summary>The number of steps taken, t (Adam's bias correction uses it); 0 before the first.</summary>
    public long StepCount { get; private set; }

    /// <summary>The short name written into checkpoints: <c>momentum</c>, <c>nesterov</c>, <c>adam</c> or <c>adamw</c>.</summary>
    public abstract string Kind { get; }

    /// <summary>How many parameter-sized state buffers the rule keeps (Δw(t−1): one; Adam's m and v: two).</summary>
    public abstract int StateBufferCount { get; }

    /// <summary>The number of parameters the state was made for; 0 before the first step.</summary>
    public int ParameterCount => _parameterCount;

    /// <summary>
    /// State buffer <paramref name="index"/> (in [0, <see cref="StateBufferCount"/>)): empty before the first step.
    /// Writable, so a test or a checkpoint can set it; the rule reads it on the next step.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public Span<T> State(int index)
    {
        if ((uint)index >= (uint)StateBufferCount)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{GetType().Name} keeps {StateBufferCount} state buffer(s).");
        }

        return _state is null ? Span<T>.Empty : _state.AsSpan(index * _parameterCount, _parameterCount);
    }

    /// <summary>
    /// One step: t ← t + 1, changes every parameter by the rule from g = <see cref="GradientScale"/> · ∂E/∂w, then
    /// sets <paramref name="gradients"/> to zero. Allocates only on the first step (the state).
    /// </summary>
    /// <exception cref="ArgumentException">The spans' lengths differ, or differ from the parameter count of an earlier step.</exception>
    public void Step(Span<T> parameters, Span<T> gradients)
    {
        Guard.Length(nameof(gradients), parameters.Length, gradients.Length);
        EnsureState(parameters.Length);
        StepCount++;
        StepAndClear(parameters, gradients, StepCount);
    }

    /// <summary><see cref="StepCore"/>, then the gradients set to zero; a rule may do both in one pass over the buffers.</summary>
    private protected virtual void StepAndClear(Span<T> parameters, Span<T> gradients, long step)
    {
        StepCore(parameters, gradients, step);
        gradients.Clear();
    }

    /// <summary>Sets the state to zero and the step count to 0 (keeps the hyperparameters).</summary>
    public void Reset()
    {
        if (_state is not null)
        {
            Array.Clear(_state);
        }

        StepCount = 0;
    }

    /// <summary>Makes the state for <paramref name="parameterCount"/> parameters now (zeros), so no later step allocates.</summary>
    /// <exception cref="ArgumentException">The state was made for another parameter count.</exception>
    public void EnsureState(int parameterCount)
    {
        if (_state is null)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
            _state = new T[StateBufferCount * parameterCount];
            _parameterCount = parameterCount;
        }
        else if (parameterCount != _parameterCount)
        {
            throw new ArgumentException(
                $"This {GetType().Name} was used with {_parameterCount} parameters and now gets {parameterCount}; an optimizer belongs to one network (make another, or Reset is not enough: make a new one).",
                nameof(parameterCount));
        }
    }

    /// <summary>Sets the step count (a checkpoint being restored).</summary>
    internal void RestoreStepCount(long steps) => StepCount = steps;

    /// <summary>The whole state, all buffers one after another (empty before the first step).</summary>
    internal Span<T> AllState => _state is null ? Span<T>.Empty : _state.AsSpan();

    /// <summary>The rule itself: change <paramref name="parameters"/> from the raw ∂E/∂w (scale it by <see cref="GradientScale"/>) at step <paramref name="step"/> (from 1).</summary>
    protected abstract void StepCore(Span<T> parameters, ReadOnlySpan<T> gradients, long step);

    /// <summary>Checks a hyperparameter is finite (and, unless allowed, not negative).</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    protected static T CheckFinite(T value, string name, bool allowNegative)
    {
        if (!T.IsFinite(value) || (!allowNegative && T.IsNegative(value)))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be finite{(allowNegative ? "" : " and not negative")}; got {value.ToString(null, CultureInfo.InvariantCulture)}.");
        }

        return value;
    }

    /// <summary>Checks a decay rate is in [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">It is not.</exception>
    protected static T CheckRate(T value, string name)
    {
        if (!(value >= T.Zero && value < T.One))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [0, 1); got {value.ToString(null, CultureInfo.InvariantCulture)}.");
        }

        return value;
    }
}
