using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BackpropGen.Benchmarks;

/// <summary>
/// One workload in one precision: a batch training sweep and a single-pattern inference, for the hand-written loop
/// network (the baseline of each group), BackpropGen's generated class (SIMD across patterns, and its scalar path
/// alone), and FANN. Every implementation starts from weights uniform in ±0.3 and trains with the workload's ε and α.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByJob)]
[CategoriesColumn]
public abstract class NetworkBenchmarks<T, TNet>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TNet : class, INetwork<T>, new()
{
    private const double Range = 0.3;

    private DataSet<T> _data = null!;
    private T[][] _inputs = null!;
    private T[][] _targets = null!;
    private T[] _output = null!;
    private TNet _generated = null!;
    private TNet _scalar = null!;
    private LoopNetwork<T> _loop = null!;
    private FannNetwork<T>? _fann;

    protected abstract Workload Workload { get; }

    [GlobalSetup]
    public void Setup()
    {
        Workload workload = Workload;
        _data = workload.Data<T>();
        _inputs = Enumerable.Range(0, _data.Count).Select(c => _data.Input(c).ToArray()).ToArray();
        _targets = Enumerable.Range(0, _data.Count).Select(c => _data.Target(c).ToArray()).ToArray();
        _output = new T[workload.OutputLength];
        _generated = Create(vectorize: true);
        _scalar = Create(vectorize: false);
        _loop = new LoopNetwork<T>(workload.Sizes, 42, Range)
        {
            LearningRate = T.CreateChecked(workload.LearningRate),
            Momentum = T.CreateChecked(workload.Momentum),
        };
        _fann = FannNetwork<T>.IsAvailable ? new FannNetwork<T>(workload, _data, Range) : null;
    }

    [GlobalCleanup]
    public void Cleanup() => _fann?.Dispose();

    [Benchmark(Baseline = true, Description = "Loop")]
    [BenchmarkCategory("Sweep")]
    public T LoopSweep() => _loop.TrainBatch(_inputs, _targets);

    [Benchmark(Description = "BackpropGen")]
    [BenchmarkCategory("Sweep")]
    public T GeneratedSweep() => _generated.TrainBatch(_data);

    [Benchmark(Description = "BackpropGen scalar")]
    [BenchmarkCategory("Sweep")]
    public T GeneratedScalarSweep() => _scalar.TrainBatch(_data);

    [Benchmark(Description = "FANN")]
    [BenchmarkCategory("Sweep")]
    public float FannSweep() => _fann!.TrainEpoch();

    [Benchmark(Baseline = true, Description = "Loop")]
    [BenchmarkCategory("Inference")]
    public T LoopInference()
    {
        _loop.Forward(_inputs[0], _output);
        return _output[0];
    }

    [Benchmark(Description = "BackpropGen")]
    [BenchmarkCategory("Inference")]
    public T GeneratedInference()
    {
        _generated.Forward(_inputs[0], _output);
        return _output[0];
    }

    [Benchmark(Description = "FANN")]
    [BenchmarkCategory("Inference")]
    public T FannInference() => _fann!.Run();

    private TNet Create(bool vectorize)
    {
        var net = new TNet
        {
            LearningRate = T.CreateChecked(Workload.LearningRate),
            Momentum = T.CreateChecked(Workload.Momentum),
        };
        net.Initialize(42, T.CreateChecked(Range));
        typeof(TNet).GetProperty("VectorizeAcrossPatterns")!.SetValue(net, vectorize);
        return net;
    }
}

#pragma warning disable SA1402 // one file: the eight concrete workloads
public class XorDouble : NetworkBenchmarks<double, XorD>
{
    protected override Workload Workload => Workload.Xor;
}

public class XorFloat : NetworkBenchmarks<float, XorF>
{
    protected override Workload Workload => Workload.Xor;
}

public class SymmetryDouble : NetworkBenchmarks<double, SymmetryD>
{
    protected override Workload Workload => Workload.Symmetry;
}

public class SymmetryFloat : NetworkBenchmarks<float, SymmetryF>
{
    protected override Workload Workload => Workload.Symmetry;
}

public class FamilyDouble : NetworkBenchmarks<double, FamilyD>
{
    protected override Workload Workload => Workload.Family;
}

public class FamilyFloat : NetworkBenchmarks<float, FamilyF>
{
    protected override Workload Workload => Workload.Family;
}

public class MnistDouble : NetworkBenchmarks<double, MnistD>
{
    protected override Workload Workload => Workload.Mnist;
}

public class MnistFloat : NetworkBenchmarks<float, MnistF>
{
    protected override Workload Workload => Workload.Mnist;
}
#pragma warning restore SA1402
