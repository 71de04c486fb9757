using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BackpropGen.Embedded.Benchmarks;

/// <summary>
/// One Forward call per operation, in each form, for the tiny XOR net and the 1,732-parameter net. The machine is
/// shared (other builds run beside it), so the minimum is shown too: interference only ever adds time.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class ForwardBenchmarks
{
    private readonly XorTrainable _xor = new();
    private readonly double[] _xorInput = [1, 0];
    private readonly double[] _xorOutput = new double[1];
    private readonly MediumTrainable _medium = new();
    private readonly float[] _mediumInput = new float[16];
    private readonly float[] _mediumOutput = new float[4];

    [GlobalSetup]
    public void Setup()
    {
        _xor.Load(Path.Combine(AppContext.BaseDirectory, "xor.bpgw"));
        _medium.Load(Path.Combine(AppContext.BaseDirectory, "medium.bpgw"));
        for (int k = 0; k < _mediumInput.Length; k++)
        {
            _mediumInput[k] = (k % 3) - 1;
        }
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Xor 2-4-1, 12 parameters, double")]
    public void XorTrainableArray() => _xor.Forward(_xorInput, _xorOutput);

    [Benchmark, BenchmarkCategory("Xor 2-4-1, 12 parameters, double")]
    public void XorBakedLiteralArray() => XorLiteralArray.Forward(_xorInput, _xorOutput);

    [Benchmark, BenchmarkCategory("Xor 2-4-1, 12 parameters, double")]
    public void XorBakedFoldedConstants() => XorFoldedConstants.Forward(_xorInput, _xorOutput);

    [Benchmark(Baseline = true), BenchmarkCategory("Medium 16-32-32-4, 1,732 parameters, float")]
    public void MediumTrainableArray() => _medium.Forward(_mediumInput, _mediumOutput);

    [Benchmark, BenchmarkCategory("Medium 16-32-32-4, 1,732 parameters, float")]
    public void MediumBakedLiteralArray() => MediumLiteralArray.Forward(_mediumInput, _mediumOutput);

    [Benchmark, BenchmarkCategory("Medium 16-32-32-4, 1,732 parameters, float")]
    public void MediumBakedFoldedConstants() => MediumFoldedConstants.Forward(_mediumInput, _mediumOutput);
}
