using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace BackpropGen;

/// <summary>
/// Nesterov momentum as PyTorch's <c>torch.optim.SGD(lr=ε, momentum=μ, nesterov=True, weight_decay=λ)</c> defines it:
/// g ← g + λ w; b ← μ b + g (b = g at the first step); w ← w − ε (g + μ b).
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>Weight decay here is PyTorch's L2 term added to the gradient, not the paper's w ← w − λ w.</remarks>
public sealed class NesterovOptimizer<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T _momentum;
    private T _weightDecay;

    /// <summary>Creates the rule with ε = <paramref name="learningRate"/>, μ = <paramref name="momentum"/>, λ = <paramref name="weightDecay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (ε, λ negative or not finite; μ not in [0, 1)).</exception>
    public NesterovOptimizer(T learningRate, T momentum, T weightDecay = default)
        : base(learningRate)
    {
        Momentum = momentum;
        WeightDecay = weightDecay;
    }

    /// <inheritdoc/>
    public override string Kind => "nesterov";

    /// <inheritdoc/>
    public override int StateBufferCount => 1;

    /// <summary>The momentum μ, in [0, 1).</summary>
    public override T Momentum
    {
        get => _momentum;
        set => _momentum = CheckRate(value, nameof(Momentum));
    }

    /// <summary>The L2 weight decay λ added to the gradient: g ← g + λ w. Finite, not negative.</summary>
    public T WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = CheckFinite(value, nameof(WeightDecay), allowNegative: false);
    }

    /// <summary>The momentum buffer b (empty before the first step).</summary>
    public Span<T> MomentumBuffer => State(0);

    /// <inheritdoc/>
    protected override void StepCore(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        Span<T> buffer = State(0);
        T lr = LearningRate;
        T mu = _momentum;
        T lambda = _weightDecay;
        T scale = GradientScale;
        int k = 0;
        if (Vector.IsHardwareAccelerated && parameters.Length >= Vector<T>.Count)
        {
            Span<Vector<T>> w = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            ReadOnlySpan<Vector<T>> dE = MemoryMarshal.Cast<T, Vector<T>>(gradients);
            Span<Vector<T>> b = MemoryMarshal.Cast<T, Vector<T>>(buffer);
            for (int v = 0; v < w.Length; v++)
            {
                // g = s ∂E/∂w + λ w;  b = μ b + g;  w ← w − ε (g + μ b)
                Vector<T> g = (dE[v] * scale) + (w[v] * lambda);
                Vector<T> bv = (b[v] * mu) + g;
                b[v] = bv;
                w[v] -= (g + (bv * mu)) * lr;
            }

            k = w.Length * Vector<T>.Count;
        }

        for (; k < parameters.Length; k++)
        {
            T g = (gradients[k] * scale) + (parameters[k] * lambda);
            T bk = (buffer[k] * mu) + g;
            buffer[k] = bk;
            parameters[k] -= (g + (bk * mu)) * lr;
        }
    }
}
