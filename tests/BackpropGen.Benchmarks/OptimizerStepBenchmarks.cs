using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BackpropGen.Benchmarks;

/// <summary>
/// One optimizer step over the same parameter buffer: the paper's rule (<see cref="UpdateRule.Apply{T}"/>, the baseline)
/// beside Adam, AdamW, Nesterov and the paper's rule as an optimizer object. 2,410 parameters is the Digits net; 100,000
/// one that no longer fits the first-level cache. The gradients are refilled before each step (the step clears them);
/// the refill is in every row.
/// </summary>
/// <remarks>
/// Memory traffic per parameter and step, refill included: the paper's rule loads w, ∂E/∂w, Δw(t−1) and stores w, Δw(t)
/// and the cleared ∂E/∂w (6 values, + 2 for the refill); Adam and AdamW load w, ∂E/∂w, m, v and store w, m, v and the
/// cleared ∂E/∂w (8, + 2), and add a square root and a division. Both clear in the same pass as the update. Not in the
/// Digits file, so a <c>--baseline</c> build (an older checkout with optimizers) runs these rows too: before and after
/// in one run.
/// <para>
/// <see cref="Aligned"/>: the rows' own buffers start on a 64-byte boundary, or 16 bytes past one (where .NET arrays
/// usually start). Measured in one process (s12, in-process harness, minimum of interleaved rounds, machine loaded): the
/// paper's rule at 2,410 doubles takes 0.88–0.97 µs aligned and 1.24–1.31 µs 16 bytes off (it is bound by loads and
/// stores, and a 512-bit access across two cache lines costs two), while Adam takes 2.12–2.23 µs in every layout (bound by
/// the divider: square root and division). So the Adam / rule ratio moves from ≈ 1.7× to ≈ 2.4× with the alignment of
/// the rule's buffers alone; before these rows fixed it, it was whatever the allocator gave the run. The optimizers'
/// own state (Δw(t−1), m, v) is allocated by them, so its alignment is not fixed here (Adam's time did not depend on it).
/// </para>
/// <para>
/// s13: in double at 512 bits Adam's pair reciprocal 1/(aᵢ aⱼ) runs on the fused multiply–add units (bit for bit the
/// division, <c>CorrectlyRounded.Reciprocal</c>), so the divider does only the square roots. Same in-process harness,
/// machine at load 15–60: Adam 4.55–5.01 → 3.69–4.15 µs at 2,410 doubles (rule 1.55–1.96 µs), 216–226 → 202–212 µs at
/// 100,000 (rule 142–158 µs). Before/after in one BenchmarkDotNet run: <c>run.sh --quick --filter '*OptimizerStepDouble*'
/// --baseline /work/wt/base</c>.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams, BenchmarkLogicalGroupRule.ByJob)]
public abstract class OptimizerStepBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private Pinned _w;
    private Pinned _g;
    private Pinned _gradientSource;
    private Pinned _previous;
    private Optimizer<T> _adam = null!;
    private Optimizer<T> _adamW = null!;
    private Optimizer<T> _nesterov = null!;
    private Optimizer<T> _momentum = null!;

    [Params(2410, 100_000)]
    public int Parameters { get; set; }

    /// <summary>Whether w, ∂E/∂w, Δw(t−1) and the refill source start on a 64-byte boundary (else 16 bytes past one).</summary>
    [Params(false, true)]
    public bool Aligned { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _w = new Pinned(Parameters, Aligned);
        _g = new Pinned(Parameters, Aligned);
        _previous = new Pinned(Parameters, Aligned);
        _gradientSource = new Pinned(Parameters, Aligned);
        SeededUniform.Fill<T>(_w.Span, 1, T.CreateChecked(0.3));
        SeededUniform.Fill<T>(_gradientSource.Span, 2, T.CreateChecked(0.01));
        T rate = T.CreateChecked(1e-4);
        _adam = new AdamOptimizer<T>(rate);
        _adamW = new AdamWOptimizer<T>(rate);
        _nesterov = new NesterovOptimizer<T>(rate, T.CreateChecked(0.9));
        _momentum = new MomentumOptimizer<T>(rate, T.CreateChecked(0.9));
        foreach (Optimizer<T> o in new[] { _adam, _adamW, _nesterov, _momentum })
        {
            o.EnsureState(Parameters);
        }
    }

    [Benchmark(Baseline = true, Description = "paper's rule (UpdateRule)")]
    public void Paper()
    {
        _gradientSource.Span.CopyTo(_g.Span);
        UpdateRule.Apply<T>(_w.Span, _g.Span, _previous.Span, T.CreateChecked(1e-4), T.CreateChecked(0.9), T.Zero);
    }

    [Benchmark(Description = "MomentumOptimizer")]
    public void Momentum() => Step(_momentum);

    [Benchmark(Description = "Nesterov")]
    public void Nesterov() => Step(_nesterov);

    [Benchmark(Description = "Adam")]
    public void Adam() => Step(_adam);

    [Benchmark(Description = "AdamW")]
    public void AdamW() => Step(_adamW);

    private void Step(Optimizer<T> optimizer)
    {
        _gradientSource.Span.CopyTo(_g.Span);
        optimizer.Step(_w.Span, _g.Span);
    }

    /// <summary>
    /// A buffer of <c>count</c> values in an array on the pinned heap (it never moves, so the alignment holds), starting
    /// on a 64-byte boundary or 16 bytes past one.
    /// </summary>
    private readonly struct Pinned
    {
        private readonly T[] _array;
        private readonly int _start;
        private readonly int _count;

        public Pinned(int count, bool aligned)
        {
            int line = 64 / Unsafe.SizeOf<T>();
            _array = GC.AllocateArray<T>(count + line, pinned: true);
            _count = count;
            nint address;
            unsafe
            {
                address = (nint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
            }

            int offset = (int)(((aligned ? 0 : 16) - (address % 64) + 128) % 64);
            _start = offset / Unsafe.SizeOf<T>();
        }

        public Span<T> Span => _array.AsSpan(_start, _count);
    }
}

public class OptimizerStepFloat : OptimizerStepBenchmarks<float>;

public class OptimizerStepDouble : OptimizerStepBenchmarks<double>;
