using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Digits;

namespace BackpropGen.Benchmarks;

/// <summary>
/// One epoch of the Digits sample: 1,437 training cases in mini-batches of 32 (45 steps, the last of 29 cases), shuffled,
/// the gradient averaged, Adam. BackpropGen's generated 64 → 32 tanh → 10 softmax net (SIMD across patterns within a batch,
/// and its scalar path alone), beside the hand-written loop network of the same sizes (the baseline: sigmoid units and
/// squared error, as it is written, and the paper's momentum rule — the same amount of arithmetic per case within a few
/// exponentials; its 45 batches are cut once, not shuffled).
/// </summary>
/// <remarks>
/// TorchSharp: a row that does not run and says why (<see cref="TorchSharpRow"/>). TorchSharp-cpu restores from the
/// registry here but its native library cannot load on this machine (libstdc++ lacks GLIBCXX_3.4.32), and the package is
/// about 1.2 GB, so the project does not reference it. PyTorch's own figure for the same run is in samples/Digits
/// (accuracy, not speed).
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByJob)]
[CategoriesColumn]
public abstract class DigitsEpochBenchmarks<T, TNet>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TNet : class, INetwork<T>, new()
{
    private const int BatchSize = 32;

    private MiniBatchEpoch<T> _epoch = null!;
    private TNet _generated = null!;
    private TNet _scalar = null!;
    private LoopNetwork<T> _loop = null!;
    private T[][][] _loopInputs = null!;
    private T[][][] _loopTargets = null!;
    private int _epochNumber;

    [GlobalSetup]
    public void Setup()
    {
        var (train, _) = DigitsData.Load().Split<T>();
        _epoch = new MiniBatchEpoch<T>(train, BatchSize);
        _generated = Create(vectorize: true);
        _scalar = Create(vectorize: false);
        _loop = new LoopNetwork<T>([64, 32, 10], 42, 0.125) { LearningRate = T.CreateChecked(0.005), Momentum = T.CreateChecked(0.9) };
        int batches = (train.Count + BatchSize - 1) / BatchSize;
        _loopInputs = new T[batches][][];
        _loopTargets = new T[batches][][];
        for (int b = 0; b < batches; b++)
        {
            int start = b * BatchSize;
            int count = Math.Min(BatchSize, train.Count - start);
            _loopInputs[b] = Enumerable.Range(start, count).Select(c => train.Input(c).ToArray()).ToArray();
            _loopTargets[b] = Enumerable.Range(start, count).Select(c => train.Target(c).ToArray()).ToArray();
        }
    }

    [Benchmark(Baseline = true, Description = "Loop (momentum)")]
    [BenchmarkCategory("DigitsEpoch")]
    public T LoopEpoch()
    {
        T error = T.Zero;
        for (int b = 0; b < _loopInputs.Length; b++)
        {
            error += _loop.TrainBatch(_loopInputs[b], _loopTargets[b]);
        }

        return error;
    }

    [Benchmark(Description = "BackpropGen Adam")]
    [BenchmarkCategory("DigitsEpoch")]
    public T GeneratedEpoch() => _epoch.Run(_generated, ++_epochNumber, 1, shuffle: true, GradientScale.Mean);

    /// <summary>Fails at once with <see cref="TorchSharpRow.Reason"/>: the summary shows the row as NA and the log says why.</summary>
    [Benchmark(Description = "TorchSharp (not run: see log)")]
    [BenchmarkCategory("DigitsEpoch")]
    public T TorchSharpEpoch() => throw new PlatformNotSupportedException(TorchSharpRow.Reason());

    [Benchmark(Description = "BackpropGen Adam scalar")]
    [BenchmarkCategory("DigitsEpoch")]
    public T GeneratedScalarEpoch() => _epoch.Run(_scalar, ++_epochNumber, 1, shuffle: true, GradientScale.Mean);

    private static TNet Create(bool vectorize)
    {
        var net = new TNet { Optimizer = new AdamOptimizer<T>(T.CreateChecked(0.0005)) };
        net.Initialize(42, T.CreateChecked(0.125));
        typeof(TNet).GetProperty("VectorizeAcrossPatterns")!.SetValue(net, vectorize);
        return net;
    }
}

public class DigitsEpochFloat : DigitsEpochBenchmarks<float, DigitsNet>;

public class DigitsEpochDouble : DigitsEpochBenchmarks<double, DigitsNetDouble>;
