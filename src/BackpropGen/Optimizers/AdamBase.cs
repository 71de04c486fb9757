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
    /// One pass over (w, g, m, v): per parameter one square root, half a division (see <see cref="Pairs"/>), four or
    /// five fused multiply–adds and a few products; the gradient cleared in the same pass when
    /// <typeparamref name="TClear"/> says so. Everything that depends on the step only (the bias corrections) is
    /// computed once here, before the loop. <typeparamref name="TDecoupled"/>: AdamW's w ← w (1 − ε λ), else Adam's
    /// g ← g + λ w; neither when λ = 0 (as PyTorch, which skips the term; no branch in the loop).
    /// </summary>
    private void Run<TClear, TDecoupled>(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
        where TClear : struct, IFlag
        where TDecoupled : struct, IFlag
    {
        if (_weightDecay == T.Zero)
        {
            Run<TClear, TDecoupled, No>(parameters, gradients, step);
        }
        else
        {
            Run<TClear, TDecoupled, Yes>(parameters, gradients, step);
        }
    }

    private void Run<TClear, TDecoupled, TDecay>(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
        where TClear : struct, IFlag
        where TDecoupled : struct, IFlag
        where TDecay : struct, IFlag
    {
        Span<T> first = State(0);
        Span<T> second = State(1);
        Guard.Length(nameof(first), parameters.Length, first.Length);
        Guard.Length(nameof(gradients), parameters.Length, gradients.Length);

        // Per step: β₁, 1 − β₁, β₂, 1 − β₂; −ε / (1 − β₁ᵗ); 1 / √(1 − β₂ᵗ) (PyTorch divides √v by √(1 − β₂ᵗ): one
        // division per parameter saved, rounding apart). AdamW: w ← w (1 − ε λ) first; Adam: g ← g + λ w.
        T t = T.CreateChecked(step);
        var c = new Constants
        {
            Beta1 = _beta1,
            Beta2 = _beta2,
            OneMinusBeta1 = T.One - _beta1,
            OneMinusBeta2 = T.One - _beta2,
            NegativeStepSize = -(LearningRate / (T.One - T.Pow(_beta1, t))),
            InverseCorrection2Root = T.One / T.Sqrt(T.One - T.Pow(_beta2, t)),
            Epsilon = _epsilon,
            Decay = T.One - (LearningRate * _weightDecay),
            L2 = _weightDecay,
            Scale = GradientScale,
        };

        ref T w = ref MemoryMarshal.GetReference(parameters);
        ref T dE = ref MemoryMarshal.GetReference(gradients);
        ref T m = ref MemoryMarshal.GetReference(first);
        ref T v = ref MemoryMarshal.GetReference(second);

        // Parameter k is paired with k + h (h = ⌊n / 2⌋), whatever the width; an odd n leaves the last one alone.
        int n = parameters.Length;
        int h = n / 2;
        int k = 0;

        // The same body at 512 bits where the hardware has them (and fuses), then at Vector<T>'s width, then one at a time.
        if (Lanes<T>.Fused512)
        {
            k = Pairs<Vector512<T>, Width512<T>, TClear, TDecoupled, TDecay>(in c, ref w, ref dE, ref m, ref v, k, h);
        }

        if (Lanes<T>.FusedVector)
        {
            k = Pairs<Vector<T>, WidthVector<T>, TClear, TDecoupled, TDecay>(in c, ref w, ref dE, ref m, ref v, k, h);
        }

        Pairs<T, WidthOne<T>, TClear, TDecoupled, TDecay>(in c, ref w, ref dE, ref m, ref v, k, h);
        if ((n & 1) != 0)
        {
            // The last of an odd count, alone: its own division.
            nuint i = (nuint)(n - 1);
            T wi = Moments<T, WidthOne<T>, TClear, TDecoupled, TDecay>(
                c.Beta1, c.OneMinusBeta1, c.Beta2, c.OneMinusBeta2, c.InverseCorrection2Root, c.Epsilon, c.Decay, c.L2, c.Scale,
                ref w, ref dE, ref m, ref v, i, out T mi, out T ai);
            Unsafe.Add(ref w, i) = T.FusedMultiplyAdd(mi / ai, c.NegativeStepSize, wi);
        }
    }

    /// <summary>
    /// Parameters k and k + h for k from <paramref name="k"/> while a whole <typeparamref name="TV"/> fits below
    /// <paramref name="h"/>; returns the first k not done. The two denominators a (= √v / √(1 − β₂ᵗ) + ϵ̂) share one
    /// division: r = 1 / (aₖ aₖ₊ₕ), then 1 / aₖ = r aₖ₊ₕ and 1 / aₖ₊ₕ = r aₖ — IEEE operations only, so the same bits
    /// on every machine and at every width (the pairing does not depend on the width), a few roundings from PyTorch's
    /// m / a (the reference test holds 1e-9). Where an a lies outside [2^−(e/2), 2^(e/2)] (e: the type's largest
    /// exponent less one, so that aₖ aₖ₊ₕ and its reciprocal neither overflow nor underflow — ϵ̂ = 0 with v ≈ 0, or a
    /// diverging v) that pair takes its own two divisions instead, lane by lane: any representable v gives m / a.
    /// </summary>
    private static int Pairs<TV, TWidth, TClear, TDecoupled, TDecay>(in Constants c, ref T w, ref T dE, ref T m, ref T v, int k, int h)
        where TV : struct
        where TWidth : struct, IWidth<TV, T>
        where TClear : struct, IFlag
        where TDecoupled : struct, IFlag
        where TDecay : struct, IFlag
    {
        TV b1 = TWidth.Create(c.Beta1), c1 = TWidth.Create(c.OneMinusBeta1), b2 = TWidth.Create(c.Beta2), c2 = TWidth.Create(c.OneMinusBeta2);
        TV root = TWidth.Create(c.InverseCorrection2Root), eps = TWidth.Create(c.Epsilon);
        TV d = TWidth.Create(c.Decay), l = TWidth.Create(c.L2), s = TWidth.Create(c.Scale), size = TWidth.Create(c.NegativeStepSize);
        TV one = TWidth.Create(T.One), lo = TWidth.Create(SafeLow), hi = TWidth.Create(SafeHigh);
        for (; k <= h - TWidth.Count; k += TWidth.Count)
        {
            nuint i = (nuint)k, j = (nuint)(k + h);
            TV wi = Moments<TV, TWidth, TClear, TDecoupled, TDecay>(b1, c1, b2, c2, root, eps, d, l, s, ref w, ref dE, ref m, ref v, i, out TV mi, out TV ai);
            TV wj = Moments<TV, TWidth, TClear, TDecoupled, TDecay>(b1, c1, b2, c2, root, eps, d, l, s, ref w, ref dE, ref m, ref v, j, out TV mj, out TV aj);

            // Double: 1 / aᵢ = aⱼ / (aᵢ aⱼ), 1 / aⱼ = aᵢ / (aᵢ aⱼ), one reciprocal for two parameters (at 512 bits off the
            // divider, same bits). Float divides
            // each (its division is cheap enough that the products and the range test cost more than they save).
            TV qi, qj;
            if (typeof(T) == typeof(double))
            {
                TV r = Reciprocal<TV, TWidth>(TWidth.Multiply(ai, aj), one);
                qi = TWidth.Multiply(mi, TWidth.Multiply(r, aj));
                qj = TWidth.Multiply(mj, TWidth.Multiply(r, ai));
                if (!TWidth.AllWithin(ai, aj, lo, hi))
                {
                    qi = TWidth.SelectWithin(ai, aj, lo, hi, qi, TWidth.Divide(mi, ai));
                    qj = TWidth.SelectWithin(ai, aj, lo, hi, qj, TWidth.Divide(mj, aj));
                }
            }
            else
            {
                qi = TWidth.Divide(mi, ai);
                qj = TWidth.Divide(mj, aj);
            }

            // w ← w − (ε / (1 − β₁ᵗ)) · m / a
            TWidth.Store(TWidth.Fma(qi, size, wi), ref w, i);
            TWidth.Store(TWidth.Fma(qj, size, wj), ref w, j);
        }

        return k;
    }

    /// <summary>
    /// 1 / p, correctly rounded: at 512 bits on the fused multiply–add units (<see cref="CorrectlyRounded.Reciprocal"/>,
    /// the same bits as the division, which it leaves to the lanes it refuses), else the division. The divider is what
    /// bounds the double step (its square root and this division); the reciprocal's seven fused operations run beside it.
    /// A p outside [2^−1022, 2^1022] gives a wrong but unused lane: the caller then divides (see <see cref="Pairs"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Reciprocal<TV, TWidth>(TV p, TV one)
        where TV : struct
        where TWidth : struct, IWidth<TV, T>
    {
        if (typeof(TV) == typeof(Vector512<double>) && CorrectlyRounded.Supported)
        {
            Vector512<double> r = CorrectlyRounded.Reciprocal(Unsafe.As<TV, Vector512<double>>(ref p), out Vector512<double> refused);
            if (refused.AsUInt64() == Vector512<ulong>.Zero)
            {
                return Unsafe.As<Vector512<double>, TV>(ref r);
            }
        }

        return TWidth.Divide(one, p);
    }

    /// <summary>
    /// The moments of the <typeparamref name="TV"/> at <paramref name="i"/>, stored; returns w (decayed for AdamW),
    /// with m and the denominator a = √v / √(1 − β₂ᵗ) + ϵ̂. Clears the gradient when <typeparamref name="TClear"/> says so.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Moments<TV, TWidth, TClear, TDecoupled, TDecay>(
        TV b1, TV c1, TV b2, TV c2, TV root, TV eps, TV d, TV l, TV s,
        ref T w, ref T dE, ref T m, ref T v, nuint i, out TV mi, out TV ai)
        where TV : struct
        where TWidth : struct, IWidth<TV, T>
        where TClear : struct, IFlag
        where TDecoupled : struct, IFlag
        where TDecay : struct, IFlag
    {
        // g = s ∂E/∂w + λ w (Adam);  w ← w (1 − ε λ) (AdamW)
        TV wi = TWidth.Load(ref w, i);
        TV g = TWidth.Multiply(TWidth.Load(ref dE, i), s);
        if (TDecay.On && TDecoupled.On)
        {
            wi = TWidth.Multiply(wi, d);
        }
        else if (TDecay.On)
        {
            g = TWidth.Fma(wi, l, g);
        }

        if (TClear.On)
        {
            TWidth.Store(default, ref dE, i);
        }

        // m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²
        mi = TWidth.Fma(TWidth.Load(ref m, i), b1, TWidth.Multiply(g, c1));
        TV vi = TWidth.Fma(TWidth.Load(ref v, i), b2, TWidth.Multiply(TWidth.Multiply(g, g), c2));
        TWidth.Store(mi, ref m, i);
        TWidth.Store(vi, ref v, i);

        // a = √v / √(1 − β₂ᵗ) + ϵ̂
        ai = TWidth.Fma(TWidth.Sqrt(vi), root, eps);
        return wi;
    }

    /// <summary>2^−(e/2) and 2^(e/2) (e = 1022 for double, 126 for float): a product of two values in between, and its reciprocal, are normal numbers.</summary>
    private static T SafeLow => typeof(T) == typeof(double) ? T.CreateChecked(Math.ScaleB(1.0, -511)) : T.CreateChecked(MathF.ScaleB(1f, -63));

    private static T SafeHigh => typeof(T) == typeof(double) ? T.CreateChecked(Math.ScaleB(1.0, 511)) : T.CreateChecked(MathF.ScaleB(1f, 63));

    /// <summary>The per-step scalars of <see cref="Run{TClear, TDecoupled, TDecay}"/>.</summary>
    private struct Constants
    {
        public T Beta1;
        public T Beta2;
        public T OneMinusBeta1;
        public T OneMinusBeta2;
        public T NegativeStepSize;
        public T InverseCorrection2Root;
        public T Epsilon;
        public T Decay;
        public T L2;
        public T Scale;
    }
}
