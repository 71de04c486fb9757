namespace BackpropGen.Onnx.Tests;

/// <summary>
/// The committed PyTorch models, compiled in by [OnnxModel] (ImportedModels.cs): the generated classes reproduce
/// PyTorch's outputs (Models/*.json) to 1e-6 in float, and ONNX Runtime on the same file agrees with them.
/// </summary>
public class ImportTests
{
    public delegate void ForwardSingle(ReadOnlySpan<float> input, Span<float> output);

    public delegate void ForwardDouble(ReadOnlySpan<double> input, Span<double> output);

    public static TheoryData<string> FloatModels() => new() { "xor", "concat", "gemm", "matmul", "classifier" };

    private static ForwardSingle Single(string name) => name switch
    {
        "xor" => ImportedXor.Forward,
        "concat" => ImportedConcat.Forward,
        "gemm" => ImportedGemm.Forward,
        "matmul" => ImportedMatMul.Forward,
        "classifier" => ImportedClassifier.Forward,
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(FloatModels))]
    public void FloatClassMatchesPyTorchAndOnnxRuntime(string name)
    {
        Reference reference = Reference.Load(name);
        ForwardSingle forward = Single(name);
        float[][] ours = Enumerable.Range(0, reference.Cases).Select(c =>
        {
            var output = new float[reference.Outputs[c].Length];
            forward(reference.Input(c).Select(v => (float)v).ToArray(), output);
            return output;
        }).ToArray();

        // ONNX Runtime on the same file (one case at a time where the file fixes the batch at 1).
        float[][] ort = Enumerable.Range(0, reference.Cases).Select(c =>
            Ort.Run(reference.Model, reference.Inputs.Select(i => (i.Name, new[] { i.Rows[c].Select(v => (float)v).ToArray() })).ToList())[0]).ToArray();

        for (int c = 0; c < reference.Cases; c++)
        {
            for (int j = 0; j < reference.Outputs[c].Length; j++)
            {
                Close(reference.Outputs[c][j], ours[c][j], 1e-6, $"{name} case {c} output {j} vs PyTorch");
                Close(ort[c][j], ours[c][j], 1e-6, $"{name} case {c} output {j} vs ONNX Runtime");
            }
        }
    }

    [Fact]
    public void DoubleClassMatchesPyTorchAndOnnxRuntime()
    {
        Reference reference = Reference.Load("gemm_double");
        Assert.Equal(6, ImportedGemmDouble.InputSize);
        double[][] ort = Ort.Run(reference.Model, reference.Inputs.Select(i => (i.Name, i.Rows)).ToList());
        for (int c = 0; c < reference.Cases; c++)
        {
            var output = new double[ImportedGemmDouble.OutputSize];
            ImportedGemmDouble.Forward(reference.Input(c), output);
            for (int j = 0; j < output.Length; j++)
            {
                Close(reference.Outputs[c][j], output[j], 1e-12, $"case {c} output {j} vs PyTorch");
                Close(ort[c][j], output[j], 1e-12, $"case {c} output {j} vs ONNX Runtime");
            }
        }
    }

    [Fact]
    public void TheGraphGivesTheTopology()
    {
        Assert.Equal("input x[2]; dense layer0[4] sigmoid bias <- x; dense layer2[1] sigmoid bias <- layer0; loss sse", ImportedXor.NetworkTopology);
        Assert.Equal("input person[3]; input relation[4]; dense hidden[5] tanh bias <- person,relation; dense out[2] sigmoid bias <- hidden; loss sse", ImportedConcat.NetworkTopology);
        Assert.Equal(ImportedXor.ParameterCount, (2 * 4) + 4 + 4 + 1);
        Assert.Contains("dense layer4[3] identity bias <- layer2", ImportedGemm.NetworkTopology, StringComparison.Ordinal);
        Assert.Equal(6, ImportedMatMul.InputSize);

        // The 64-32-10 digits classifier: Flatten of an [8, 8] image, a Tanh layer, a softmax output layer.
        Assert.Equal("input image[64]; dense layer0_1[32] tanh bias <- image; dense layer0_3[10] softmax bias <- layer0_1; loss crossentropy", ImportedClassifier.NetworkTopology);
    }

    [Fact]
    public void ForwardAllocatesNothing()
    {
        float[] input = new float[ImportedGemm.InputSize];
        float[] output = new float[ImportedGemm.OutputSize];
        ImportedGemm.Forward(input, output);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            ImportedGemm.Forward(input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static void Close(double expected, double actual, double tolerance, string what)
    {
        double error = Math.Abs(expected - actual) / Math.Max(1.0, Math.Abs(expected));
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (error {error:E2} > {tolerance:E0})");
    }
}
