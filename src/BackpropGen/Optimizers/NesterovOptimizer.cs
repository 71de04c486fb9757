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
public sealed class NesterovOptimizer<T> : MomentumBase<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Creates the rule with ε = <paramref name="learningRate"/>, μ = <paramref name="momentum"/>, λ = <paramref name="weightDecay"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range (ε, λ negative or not finite; μ not in [0, 1)).</exception>
    public NesterovOptimizer(T learningRate, T momentum, T weightDecay = default)
        : base(learningRate, momentum, weightDecay)
    {
    }

    /// <inheritdoc/>
    public override string Kind => "nesterov";

    /// <summary>The momentum buffer b (empty before the first step).</summary>
    public Span<T> MomentumBuffer => State(0);

    /// <inheritdoc/>
    protected override void StepCore(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        Span<T> buffer = State(0);
        T lr = LearningRate;
        T mu = Momentum;
        T lambda = WeightDecay;
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
