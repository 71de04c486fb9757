using System;
using System.Numerics;
using System.Runtime.InteropServices;

namespace BackpropGen;

/// <summary>
/// What <see cref="AdamOptimizer{T}"/> and <see cref="AdamWOptimizer{T}"/> share: the bias-corrected first and second
/// moments of Kingma &amp; Ba (2015), written in the order of PyTorch's <c>torch.optim.Adam</c> (1.13, single-tensor path):
/// m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; w ← w − (ε / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ϵ̂).
/// They differ only in where the weight decay λ enters.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class AdamBase<T> : Optimizer<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly bool _decoupled;
    private T _beta1;
    private T _beta2;
    private T _epsilon;
    private T _weightDecay;

    private protected AdamBase(T learningRate, T beta1, T beta2, T epsilon, T weightDecay, bool decoupled)
        : base(learningRate)
    {
        _decoupled = decoupled;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        WeightDecay = weightDecay;
    }

    /// <summary>β₁, the decay of the first moment m, in [0, 1) (PyTorch's default 0.9).</summary>
    public T Beta1
    {
        get => _beta1;
        set => _beta1 = CheckRate(value, nameof(Beta1));
    }

    /// <summary>β₂, the decay of the second moment v, in [0, 1) (PyTorch's default 0.999).</summary>
    public T Beta2
    {
        get => _beta2;
        set => _beta2 = CheckRate(value, nameof(Beta2));
    }

    /// <summary>ϵ̂, added to √v̂ so the step never divides by zero (PyTorch's <c>eps</c>, default 1e-8). Finite, not negative.</summary>
    public T Epsilon
    {
        get => _epsilon;
        set => _epsilon = CheckFinite(value, nameof(Epsilon), allowNegative: false);
    }

    /// <summary>The weight decay λ (see the class for where it enters). Finite, not negative.</summary>
    public T WeightDecay
    {
        get => _weightDecay;
        set => _weightDecay = CheckFinite(value, nameof(WeightDecay), allowNegative: false);
    }

    /// <summary>β₁, the momentum term a schedule may change (as PyTorch's <c>OneCycleLR</c> cycles <c>beta1</c>).</summary>
    public override T Momentum
    {
        get => Beta1;
        set => Beta1 = value;
    }

    /// <inheritdoc/>
    public override int StateBufferCount => 2;

    /// <summary>The first moment m (empty before the first step).</summary>
    public Span<T> FirstMoment => State(0);

    /// <summary>The second moment v (empty before the first step).</summary>
    public Span<T> SecondMoment => State(1);

    /// <inheritdoc/>
    protected override void StepCore(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        Span<T> first = State(0);
        Span<T> second = State(1);
        T beta1 = _beta1;
        T beta2 = _beta2;
        T oneMinusBeta1 = T.One - beta1;
        T oneMinusBeta2 = T.One - beta2;
        T scale = GradientScale;

        // bias corrections 1 − β₁ᵗ, 1 − β₂ᵗ; step size ε / (1 − β₁ᵗ)
        T t = T.CreateChecked(step);
        T stepSize = LearningRate / (T.One - T.Pow(beta1, t));
        T correction2Root = T.Sqrt(T.One - T.Pow(beta2, t));
        T epsilon = _epsilon;

        // AdamW: w ← w (1 − ε λ) before the moments; Adam: g ← g + λ w
        T decay = _decoupled ? T.One - (LearningRate * _weightDecay) : T.One;
        T l2 = _decoupled ? T.Zero : _weightDecay;
        bool decayWeights = _decoupled && _weightDecay != T.Zero;
        bool addL2 = !_decoupled && _weightDecay != T.Zero;

        int k = 0;
        if (Vector.IsHardwareAccelerated && parameters.Length >= Vector<T>.Count)
        {
            Span<Vector<T>> w = MemoryMarshal.Cast<T, Vector<T>>(parameters);
            ReadOnlySpan<Vector<T>> dE = MemoryMarshal.Cast<T, Vector<T>>(gradients);
            Span<Vector<T>> m = MemoryMarshal.Cast<T, Vector<T>>(first);
            Span<Vector<T>> v = MemoryMarshal.Cast<T, Vector<T>>(second);
            for (int i = 0; i < w.Length; i++)
            {
                Vector<T> wi = w[i];
                Vector<T> g = dE[i] * scale;
                if (decayWeights)
                {
                    wi *= decay;
                }

                if (addL2)
                {
                    g += wi * l2;
                }

                // m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²
                Vector<T> mi = (m[i] * beta1) + (g * oneMinusBeta1);
                Vector<T> vi = (v[i] * beta2) + ((g * g) * oneMinusBeta2);
                m[i] = mi;
                v[i] = vi;

                // w ← w − (ε / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ϵ̂)
                Vector<T> denominator = (Vector.SquareRoot(vi) / correction2Root) + new Vector<T>(epsilon);
                w[i] = wi - ((mi / denominator) * stepSize);
            }

            k = w.Length * Vector<T>.Count;
        }

        for (; k < parameters.Length; k++)
        {
            T wk = parameters[k];
            T g = gradients[k] * scale;
            if (decayWeights)
            {
                wk *= decay;
            }

            if (addL2)
            {
                g += wk * l2;
            }

            T mk = (first[k] * beta1) + (g * oneMinusBeta1);
            T vk = (second[k] * beta2) + ((g * g) * oneMinusBeta2);
            first[k] = mk;
            second[k] = vk;
            T denominator = (T.Sqrt(vk) / correction2Root) + epsilon;
            parameters[k] = wk - ((mk / denominator) * stepSize);
        }
    }
}
