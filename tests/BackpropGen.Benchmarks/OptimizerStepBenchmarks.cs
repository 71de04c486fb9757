using System.Numerics;
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
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams, BenchmarkLogicalGroupRule.ByJob)]
public abstract class OptimizerStepBenchmarks<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private T[] _w = null!;
    private T[] _g = null!;
    private T[] _gradientSource = null!;
    private T[] _previous = null!;
    private Optimizer<T> _adam = null!;
    private Optimizer<T> _adamW = null!;
    private Optimizer<T> _nesterov = null!;
    private Optimizer<T> _momentum = null!;

    [Params(2410, 100_000)]
    public int Parameters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _w = new T[Parameters];
        _g = new T[Parameters];
        _previous = new T[Parameters];
        _gradientSource = new T[Parameters];
        SeededUniform.Fill<T>(_w, 1, T.CreateChecked(0.3));
        SeededUniform.Fill<T>(_gradientSource, 2, T.CreateChecked(0.01));
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
        _gradientSource.CopyTo(_g, 0);
        UpdateRule.Apply<T>(_w, _g, _previous, T.CreateChecked(1e-4), T.CreateChecked(0.9), T.Zero);
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
        _gradientSource.CopyTo(_g, 0);
        optimizer.Step(_w, _g);
    }
}

public class OptimizerStepFloat : OptimizerStepBenchmarks<float>;

public class OptimizerStepDouble : OptimizerStepBenchmarks<double>;
