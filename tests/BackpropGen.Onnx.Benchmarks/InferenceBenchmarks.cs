using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace BackpropGen.Onnx.Benchmarks;

/// <summary>
/// One network: the class [OnnxModel] generated from the .onnx file vs ONNX Runtime running the same file, for one
/// pattern and for a batch of <see cref="BatchSize"/>, and the trainable network the file was exported from (its
/// instance Forward, same weights). ORT runs on one thread (intra- and inter-op threads = 1), with its input and output
/// OrtValues made once over pinned arrays, so each call measures inference and the call itself. The ratio column is
/// against the generated class (the baseline). Batch rows are per pattern (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public abstract class InferenceBenchmarks : IDisposable
{
    public const int BatchSize = 256;

    private InferenceSession session = null!;
    private RunOptions runOptions = null!;
    private OrtValue singleInput = null!, singleOutput = null!, batchInput = null!, batchOutput = null!;
    private string[] inputNames = null!, outputNames = null!;
    private OrtValue[] singleInputs = null!, singleOutputs = null!, batchInputs = null!, batchOutputs = null!;

    protected float[] Input { get; private set; } = null!;

    protected float[] Output { get; private set; } = null!;

    protected float[] Batch { get; private set; } = null!;

    protected float[] BatchOutput { get; private set; } = null!;

    protected abstract string File { get; }

    protected abstract int InputSize { get; }

    protected abstract int OutputSize { get; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        Input = Enumerable.Range(0, InputSize).Select(_ => (float)random.NextDouble()).ToArray();
        Output = new float[OutputSize];
        Batch = Enumerable.Range(0, InputSize * BatchSize).Select(_ => (float)random.NextDouble()).ToArray();
        BatchOutput = new float[OutputSize * BatchSize];
        using var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        session = new InferenceSession(Path.Combine(AppContext.BaseDirectory, "Models", File), options);
        runOptions = new RunOptions();
        inputNames = session.InputNames.ToArray();
        outputNames = session.OutputNames.ToArray();
        singleInput = OrtValue.CreateTensorValueFromMemory(Input, new long[] { 1, InputSize });
        singleOutput = OrtValue.CreateTensorValueFromMemory(Output, new long[] { 1, OutputSize });
        batchInput = OrtValue.CreateTensorValueFromMemory(Batch, new long[] { BatchSize, InputSize });
        batchOutput = OrtValue.CreateTensorValueFromMemory(BatchOutput, new long[] { BatchSize, OutputSize });
        (singleInputs, singleOutputs, batchInputs, batchOutputs) = (new[] { singleInput }, new[] { singleOutput }, new[] { batchInput }, new[] { batchOutput });
    }

    [Benchmark(Baseline = true)]
    [BenchmarkCategory("Single")]
    public void Generated() => Forward(Input, Output);

    [Benchmark]
    [BenchmarkCategory("Single")]
    public void Trainable() => TrainableForward(Input, Output);

    [Benchmark]
    [BenchmarkCategory("Single")]
    public void OnnxRuntime() => session.Run(runOptions, inputNames, singleInputs, outputNames, singleOutputs);

    [Benchmark(OperationsPerInvoke = BatchSize)]
    [BenchmarkCategory("Batch")]
    public void GeneratedBatch() => ForwardBatch(Batch, BatchOutput);

    [Benchmark(OperationsPerInvoke = BatchSize)]
    [BenchmarkCategory("Batch")]
    public void TrainableBatch() => TrainableForwardBatch(Batch, BatchOutput);

    /// <summary>The batch pattern by pattern through the single-pattern Forward (what a caller did before ForwardBatch).</summary>
    [Benchmark(OperationsPerInvoke = BatchSize)]
    [BenchmarkCategory("Batch")]
    public void GeneratedForwardLoop()
    {
        for (int c = 0; c < BatchSize; c++)
        {
            Forward(Batch.AsSpan(c * InputSize, InputSize), BatchOutput.AsSpan(c * OutputSize, OutputSize));
        }
    }

    [Benchmark(OperationsPerInvoke = BatchSize)]
    [BenchmarkCategory("Batch")]
    public void OnnxRuntimeBatch() => session.Run(runOptions, inputNames, batchInputs, outputNames, batchOutputs);

    protected abstract void Forward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>The trainable network's Forward, with the weights the file was exported with (seed 1, range 0.1).</summary>
    protected abstract void TrainableForward(ReadOnlySpan<float> input, Span<float> output);

    /// <summary>The generated class's ForwardBatch (n patterns, SIMD across patterns).</summary>
    protected abstract void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>The trainable network's ForwardBatch.</summary>
    protected abstract void TrainableForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs);

    /// <summary>A trainable network initialised as Program --write-models initialises it before exporting.</summary>
    protected static TNetwork Trained<TNetwork>()
        where TNetwork : INetwork<float>, new()
    {
        var network = new TNetwork();
        network.Initialize(seed: 1, range: 0.1f);
        return network;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        singleInput?.Dispose();
        singleOutput?.Dispose();
        batchInput?.Dispose();
        batchOutput?.Dispose();
        runOptions?.Dispose();
        session?.Dispose();
        GC.SuppressFinalize(this);
    }
}

public class Xor241 : InferenceBenchmarks
{
    protected override string File => "xor-2-4-1.onnx";

    protected override int InputSize => XorImported.InputSize;

    protected override int OutputSize => XorImported.OutputSize;

    protected override void Forward(ReadOnlySpan<float> input, Span<float> output) => XorImported.Forward(input, output);

    protected override void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => XorImported.ForwardBatch(inputs, outputs);

    private readonly XorTrainable trainable = Trained<XorTrainable>();

    protected override void TrainableForward(ReadOnlySpan<float> input, Span<float> output) => trainable.Forward(input, output);

    protected override void TrainableForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => trainable.ForwardBatch(inputs, outputs);
}

/// <summary>The family-trees size, 36-12-12-6-24, sigmoid units (RTNeural's reference net).</summary>
public class Family36121262 : InferenceBenchmarks
{
    protected override string File => "family-36-12-12-6-24.onnx";

    protected override int InputSize => FamilyImported.InputSize;

    protected override int OutputSize => FamilyImported.OutputSize;

    protected override void Forward(ReadOnlySpan<float> input, Span<float> output) => FamilyImported.Forward(input, output);

    protected override void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => FamilyImported.ForwardBatch(inputs, outputs);

    private readonly FamilyTrainable trainable = Trained<FamilyTrainable>();

    protected override void TrainableForward(ReadOnlySpan<float> input, Span<float> output) => trainable.Forward(input, output);

    protected override void TrainableForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => trainable.ForwardBatch(inputs, outputs);
}

public class Medium643210 : InferenceBenchmarks
{
    protected override string File => "medium-64-32-10.onnx";

    protected override int InputSize => MediumImported.InputSize;

    protected override int OutputSize => MediumImported.OutputSize;

    protected override void Forward(ReadOnlySpan<float> input, Span<float> output) => MediumImported.Forward(input, output);

    protected override void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => MediumImported.ForwardBatch(inputs, outputs);

    private readonly MediumTrainable trainable = Trained<MediumTrainable>();

    protected override void TrainableForward(ReadOnlySpan<float> input, Span<float> output) => trainable.Forward(input, output);

    protected override void TrainableForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => trainable.ForwardBatch(inputs, outputs);
}

public class Large78412810 : InferenceBenchmarks
{
    protected override string File => "large-784-128-10.onnx";

    protected override int InputSize => LargeImported.InputSize;

    protected override int OutputSize => LargeImported.OutputSize;

    protected override void Forward(ReadOnlySpan<float> input, Span<float> output) => LargeImported.Forward(input, output);

    protected override void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => LargeImported.ForwardBatch(inputs, outputs);

    private readonly LargeTrainable trainable = Trained<LargeTrainable>();

    protected override void TrainableForward(ReadOnlySpan<float> input, Span<float> output) => trainable.Forward(input, output);

    protected override void TrainableForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => trainable.ForwardBatch(inputs, outputs);
}

/// <summary>784-128-10 with the weights as one literal array rather than folded into the statements.</summary>
public class Large78412810Array : InferenceBenchmarks
{
    protected override string File => "large-784-128-10.onnx";

    protected override int InputSize => LargeImportedArray.InputSize;

    protected override int OutputSize => LargeImportedArray.OutputSize;

    protected override void Forward(ReadOnlySpan<float> input, Span<float> output) => LargeImportedArray.Forward(input, output);

    protected override void ForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => LargeImportedArray.ForwardBatch(inputs, outputs);

    private readonly LargeTrainable trainable = Trained<LargeTrainable>();

    protected override void TrainableForward(ReadOnlySpan<float> input, Span<float> output) => trainable.Forward(input, output);

    protected override void TrainableForwardBatch(ReadOnlySpan<float> inputs, Span<float> outputs) => trainable.ForwardBatch(inputs, outputs);
}
