using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BackpropGen;

/// <summary>
/// What <see cref="AdamOptimizer{T}"/> and <see cref="AdamWOptimizer{T}"/> share: the bias-corrected first and second
/// moments of Kingma &amp; Ba (2015), in the order of PyTorch's <c>torch.optim.Adam</c> (1.13, single-tensor path):
/// m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; w ← w − (ε / (1 − β₁ᵗ)) · m / (√v · (1 / √(1 − β₂ᵗ)) + ϵ̂).
/// (PyTorch divides √v by √(1 − β₂ᵗ); multiplying by its reciprocal saves a division per parameter and differs by
/// rounding only: the PyTorch reference test holds the two to 1e-9.)
/// One pass over (w, g, m, v) per step, the gradient cleared in it; the products that PyTorch adds are fused
/// multiply–adds (one rounding each, in the vector body and the scalar tail alike, so the bits do not depend on the
/// vector width or the machine).
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
        if (_decoupled)
        {
            Run<No, Yes>(parameters, gradients, step);
        }
        else
        {
            Run<No, No>(parameters, gradients, step);
        }
    }

    /// <inheritdoc/>
    private protected override void StepAndClear(Span<T> parameters, Span<T> gradients, long step)
    {
        if (_decoupled)
        {
            Run<Yes, Yes>(parameters, gradients, step);
        }
        else
        {
            Run<Yes, No>(parameters, gradients, step);
        }
    }

    /// <summary>
    /// One pass over (w, g, m, v): per parameter one square root, one division, four or five fused multiply–adds and a
    /// few products; the gradient cleared in the same pass when <typeparamref name="TClear"/> says so. Everything that
    /// depends on the step only (the bias corrections) is computed once here, before the loop.
    /// <typeparamref name="TDecoupled"/>: AdamW's w ← w (1 − ε λ), else Adam's g ← g + λ w (no branch in the loop).
    /// </summary>
    private void Run<TClear, TDecoupled>(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
        where TClear : struct, IFlag
        where TDecoupled : struct, IFlag
    {
        Span<T> first = State(0);
        Span<T> second = State(1);
        Guard.Length(nameof(first), parameters.Length, first.Length);
        Guard.Length(nameof(gradients), parameters.Length, gradients.Length);

        // Per step: β₁, 1 − β₁, β₂, 1 − β₂; −ε / (1 − β₁ᵗ); 1 / √(1 − β₂ᵗ) (PyTorch divides √v by √(1 − β₂ᵗ): one
        // division per parameter saved, rounding apart). AdamW: w ← w (1 − ε λ) first; Adam: g ← g + λ w.
        T beta1 = _beta1;
        T beta2 = _beta2;
        T oneMinusBeta1 = T.One - beta1;
        T oneMinusBeta2 = T.One - beta2;
        T t = T.CreateChecked(step);
        T negativeStepSize = -(LearningRate / (T.One - T.Pow(beta1, t)));
        T inverseCorrection2Root = T.One / T.Sqrt(T.One - T.Pow(beta2, t));
        T epsilon = _epsilon;
        T decay = T.One - (LearningRate * _weightDecay);
        T l2 = _weightDecay;
        T scale = GradientScale;

        ref T w = ref MemoryMarshal.GetReference(parameters);
        ref T dE = ref MemoryMarshal.GetReference(gradients);
        ref T m = ref MemoryMarshal.GetReference(first);
        ref T v = ref MemoryMarshal.GetReference(second);
        int n = parameters.Length;
        int k = 0;

        // The same operations at 512 bits where the hardware has them (and fuses), then at Vector<T>'s width, then one at a time.
        if (Lanes<T>.Fused512)
        {
            Vector512<T> b1 = Vector512.Create(beta1), c1 = Vector512.Create(oneMinusBeta1);
            Vector512<T> b2 = Vector512.Create(beta2), c2 = Vector512.Create(oneMinusBeta2);
            Vector512<T> size = Vector512.Create(negativeStepSize), root = Vector512.Create(inverseCorrection2Root);
            Vector512<T> eps = Vector512.Create(epsilon), d = Vector512.Create(decay), l = Vector512.Create(l2), s = Vector512.Create(scale);
            for (; k <= n - Vector512<T>.Count; k += Vector512<T>.Count)
            {
                nuint i = (nuint)k;

                // g = s ∂E/∂w + λ w (Adam);  w ← w (1 − ε λ) (AdamW)
                Vector512<T> wi = Vector512.LoadUnsafe(ref w, i);
                Vector512<T> g = Vector512.LoadUnsafe(ref dE, i) * s;
                if (TDecoupled.On)
                {
                    wi *= d;
                }
                else
                {
                    g = Lanes<T>.Fma(wi, l, g);
                }

                // m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²
                Vector512<T> mi = Lanes<T>.Fma(Vector512.LoadUnsafe(ref m, i), b1, g * c1);
                Vector512<T> vi = Lanes<T>.Fma(Vector512.LoadUnsafe(ref v, i), b2, (g * g) * c2);
                mi.StoreUnsafe(ref m, i);
                vi.StoreUnsafe(ref v, i);

                // w ← w − (ε / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ϵ̂)
                Vector512<T> denominator = Lanes<T>.Fma(Vector512.Sqrt(vi), root, eps);
                Lanes<T>.Fma(mi / denominator, size, wi).StoreUnsafe(ref w, i);
                if (TClear.On)
                {
                    Vector512<T>.Zero.StoreUnsafe(ref dE, i);
                }
            }
        }

        if (Lanes<T>.FusedVector)
        {
            Vector<T> b1 = new(beta1), c1 = new(oneMinusBeta1), b2 = new(beta2), c2 = new(oneMinusBeta2);
            Vector<T> size = new(negativeStepSize), root = new(inverseCorrection2Root);
            Vector<T> eps = new(epsilon), d = new(decay), l = new(l2), s = new(scale);
            for (; k <= n - Vector<T>.Count; k += Vector<T>.Count)
            {
                nuint i = (nuint)k;
                Vector<T> wi = Vector.LoadUnsafe(ref w, i);
                Vector<T> g = Vector.LoadUnsafe(ref dE, i) * s;
                if (TDecoupled.On)
                {
                    wi *= d;
                }
                else
                {
                    g = Lanes<T>.Fma(wi, l, g);
                }
                Vector<T> mi = Lanes<T>.Fma(Vector.LoadUnsafe(ref m, i), b1, g * c1);
                Vector<T> vi = Lanes<T>.Fma(Vector.LoadUnsafe(ref v, i), b2, (g * g) * c2);
                mi.StoreUnsafe(ref m, i);
                vi.StoreUnsafe(ref v, i);
                Vector<T> denominator = Lanes<T>.Fma(Vector.SquareRoot(vi), root, eps);
                Lanes<T>.Fma(mi / denominator, size, wi).StoreUnsafe(ref w, i);
                if (TClear.On)
                {
                    Vector<T>.Zero.StoreUnsafe(ref dE, i);
                }
            }
        }

        for (; k < n; k++)
        {
            T wk = Unsafe.Add(ref w, k);
            T g = Unsafe.Add(ref dE, k) * scale;
            if (TDecoupled.On)
            {
                wk *= decay;
            }
            else
            {
                g = T.FusedMultiplyAdd(wk, l2, g);
            }
            T mk = T.FusedMultiplyAdd(Unsafe.Add(ref m, k), beta1, g * oneMinusBeta1);
            T vk = T.FusedMultiplyAdd(Unsafe.Add(ref v, k), beta2, (g * g) * oneMinusBeta2);
            Unsafe.Add(ref m, k) = mk;
            Unsafe.Add(ref v, k) = vk;
            T denominator = T.FusedMultiplyAdd(T.Sqrt(vk), inverseCorrection2Root, epsilon);
            Unsafe.Add(ref w, k) = T.FusedMultiplyAdd(mk / denominator, negativeStepSize, wk);
            if (TClear.On)
            {
                Unsafe.Add(ref dE, k) = T.Zero;
            }
        }
    }
}
