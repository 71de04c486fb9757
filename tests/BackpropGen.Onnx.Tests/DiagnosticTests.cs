using BackpropGen.Generator.Tests;
using Microsoft.CodeAnalysis;
using G = BackpropGen.Onnx.Tests.GraphBuilder;

namespace BackpropGen.Onnx.Tests;

/// <summary>
/// One test per case the import refuses: each gives exactly one BPG diagnostic at the [OnnxModel] attribute, naming
/// what is wrong (the node and its op type where there is one), and the class is not generated; nothing throws.
/// </summary>
public class DiagnosticTests
{
    private const string Source = "using BackpropGen;\nnamespace D;\n[OnnxModel(\"m.onnx\")]\npublic partial class M { }\n";

    /// <summary>Each case: a model, the diagnostic it gives, and words its message must hold.</summary>
    private static readonly Dictionary<string, (Func<byte[]> Model, string Id, string[] Words)> Cases = new()
    {
        ["unsupported operator"] = (() => G.Mlp().Node("LeakyRelu", new[] { "h:x" }, new[] { "h" }, "/act/LeakyRelu").Output("h").Build(),
            "BPG203", new[] { "node '/act/LeakyRelu' is a LeakyRelu", "supported: Gemm, MatMul + Add" }),
        ["convolution"] = (() => new G().Input("x", G.Float, "batch", 1L, 4L, 4L).Initializer("k", G.Float, new long[] { 1, 1, 2, 2 })
                .Node("Conv", new[] { "x", "k" }, new[] { "y" }, "/conv/Conv").Output("y").Build(),
            "BPG203", new[] { "node '/conv/Conv' is a Conv" }),
        ["operator of another domain"] = (() => G.Mlp().Node("Sigmoid", new[] { "h:x" }, new[] { "h" }, "custom", "com.example").Output("h").Build(),
            "BPG203", new[] { "node 'custom' is a com.example.Sigmoid" }),
        ["float16 weights"] = (() => new G().Input("x", G.Float, "batch", 4L).Gemm("x", "h", 4, 3, "h", G.Float16).Output("h").Build(),
            "BPG204", new[] { "h.weight", "FLOAT16" }),
        ["integer input"] = (() => new G().Input("x", G.Int64, "batch", 4L).Gemm("x", "h", 4, 3, "h").Output("h").Build(),
            "BPG204", new[] { "graph input 'x' is INT64" }),
        ["float and double mixed"] = (() => G.Mlp().Gemm("h:x", "o", 3, 2, "o", G.Double).Output("o").Build(),
            "BPG204", new[] { "FLOAT and DOUBLE mixed" }),
        ["dynamic input size"] = (() => new G().Input("x", G.Float, "batch", "features").Gemm("x", "h", 4, 3, "h").Output("h").Build(),
            "BPG205", new[] { "input 'x'", "dimension 1 is 'features'" }),
        ["input without a shape"] = (() => new G().Input("x", G.Float).Gemm("x", "h", 4, 3, "h").Output("h").Build(),
            "BPG205", new[] { "input 'x'", "its shape is not recorded" }),
        ["opset too old"] = (() => { var g = G.Mlp(); g.Opset = 10; return g.Output("h:x").Build(); },
            "BPG206", new[] { "opset 10" }),
        ["opset too new"] = (() => { var g = G.Mlp(); g.Opset = 22; return g.Output("h:x").Build(); },
            "BPG206", new[] { "opset 22" }),
        ["transposed A"] = (() => new G().Input("x", G.Float, "batch", 4L).Initializer("w", G.Float, new long[] { 3, 4 })
                .Node("Gemm", new[] { "x", "w" }, new[] { "h" }, "/t/Gemm", "", ("transA", 1L)).Output("h").Build(),
            "BPG207", new[] { "/t/Gemm", "transA = 1" }),
        ["softmax over the batch"] = (() => G.Mlp().Node("Softmax", new[] { "h:x" }, new[] { "h" }, "/s/Softmax", "", ("axis", 0L)).Output("h").Build(),
            "BPG207", new[] { "/s/Softmax", "Softmax over axis 0" }),
        ["weights computed in the graph"] = (() => new G().Input("x", G.Float, "batch", 4L).Input("w", G.Float, 3L, 4L)
                .Node("Gemm", new[] { "x", "w" }, new[] { "h" }, "/g/Gemm", "", ("transB", 1L)).Output("h").Build(),
            "BPG207", new[] { "/g/Gemm", "its B is computed in the graph" }),
        ["two outputs"] = (() => G.Mlp().Node("Sigmoid", new[] { "h:x" }, new[] { "h" }).Output("h").Output("h:x").Build(),
            "BPG207", new[] { "it has 2 outputs" }),
        ["activation of an input"] = (() => new G().Input("x", G.Float, "batch", 4L).Node("Relu", new[] { "x" }, new[] { "r" }, "/r/Relu").Gemm("r", "h", 4, 3, "h").Output("h").Build(),
            "BPG207", new[] { "/r/Relu", "Relu applies to something other than a layer's weighted sum" }),
        ["two activations in a row"] = (() => G.Mlp().Node("Sigmoid", new[] { "h:x" }, new[] { "h" }).Node("Tanh", new[] { "h" }, new[] { "t" }, "/t/Tanh").Output("t").Build(),
            "BPG207", new[] { "/t/Tanh", "Tanh applies to something other" }),
        ["flatten of a later axis"] = (() => new G().Input("x", G.Float, "batch", 2L, 2L).Node("Flatten", new[] { "x" }, new[] { "f" }, "/f/Flatten", "", ("axis", 2L)).Gemm("f", "h", 4, 3, "h").Output("h").Build(),
            "BPG207", new[] { "/f/Flatten", "Flatten with axis 2" }),
        ["unflattened input"] = (() => new G().Input("x", G.Float, "batch", 2L, 2L).Gemm("x", "h", 4, 3, "h").Output("h").Build(),
            "BPG207", new[] { "/h/Gemm", "before it is flattened" }),
        ["reshape that mixes the batch"] = (() => new G().Input("x", G.Float, "batch", 4L).Initializer("s", G.Int64, new long[] { 2 })
                .Node("Reshape", new[] { "x", "s" }, new[] { "r" }, "/r/Reshape").Gemm("r", "h", 4, 3, "h").Output("h").Build(),
            "BPG207", new[] { "/r/Reshape", "Reshape to [" }),
        ["add of two layers"] = (() => G.Mlp().Gemm("x", "k:x", 4, 3, "k").Node("Add", new[] { "h:x", "k:x" }, new[] { "sum" }, "/a/Add").Output("sum").Build(),
            "BPG207", new[] { "/a/Add", "Add is supported only to add a constant bias" }),
        ["concat along the batch"] = (() => new G().Input("x", G.Float, "batch", 4L).Node("Concat", new[] { "x", "x" }, new[] { "c" }, "/c/Concat", "", ("axis", 0L)).Output("c").Build(),
            "BPG207", new[] { "/c/Concat", "axis 0" }),
        ["weights in an external file"] = (() => new G().Input("x", G.Float, "batch", 4L).Initializer("w", G.Float, new long[] { 3, 4 }, external: true)
                .Node("Gemm", new[] { "x", "w" }, new[] { "h" }, "/e/Gemm", "", ("transB", 1L)).Output("h").Build(),
            "BPG207", new[] { "initializer 'w'", "external file" }),
        ["output that is not the last layer"] = (() => G.Mlp().Node("Sigmoid", new[] { "h:x" }, new[] { "h" }).Output("x").Build(),
            "BPG207", new[] { "graph output 'x'", "not the output of the last layer" }),
        ["not protobuf"] = (() => "this is not an ONNX model"u8.ToArray(),
            "BPG202", new[] { "is not a valid ONNX model" }),
        ["no graph"] = (() => new byte[] { 0x08, 0x07 },
            "BPG202", new[] { "it holds no graph" }),
        ["weights of the wrong length"] = (() => new G().Input("x", G.Float, "batch", 4L).Initializer("w", G.Float, new long[] { 3, 4 }).RawInitializer("b", G.Float, new long[] { 3 }, new byte[8])
                .Node("Gemm", new[] { "x", "w", "b" }, new[] { "h" }, "/g/Gemm", "", ("transB", 1L)).Output("h").Build(),
            "BPG202", new[] { "the tensor 'b' is damaged", "raw data holds 8 bytes", "needs 12" }),
    };

    public static TheoryData<string> CaseNames() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void UnsupportedCaseIsOneDiagnosticNamingWhatIsWrong(string name)
    {
        (Func<byte[]> model, string id, string[] words) = Cases[name];
        GeneratorRun run = GeneratorHarness.Run(new[] { Source }, new AdditionalText[] { OnnxFiles.Armored("/p/m.onnx", model()) });
        Assert.Empty(run.Exceptions);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        string message = diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture);
        foreach (string word in words)
        {
            Assert.Contains(word, message, StringComparison.Ordinal);
        }

        Assert.Contains("OnnxModel(\"m.onnx\")", diagnostic.Location.SourceTree!.ToString().Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length), StringComparison.Ordinal);
        Assert.Equal("docs/diagnostics/" + id + ".md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void MissingFileIsBPG200()
    {
        GeneratorRun run = GeneratorHarness.Run(new[] { Source }, Array.Empty<AdditionalText>());
        Assert.Equal("BPG200", Assert.Single(run.GeneratorDiagnostics).Id);
    }

    [Fact]
    public void AmbiguousFileIsBPG201()
    {
        byte[] model = G.Mlp().Output("h:x").Build();
        GeneratorRun run = GeneratorHarness.Run(new[] { Source }, new AdditionalText[] { OnnxFiles.Armored("/a/m.onnx", model), OnnxFiles.Armored("/b/m.onnx", model) });
        Assert.Equal("BPG201", Assert.Single(run.GeneratorDiagnostics).Id);
        run = GeneratorHarness.Run(new[] { Source.Replace("\"m.onnx\"", "\"b/m.onnx\"", StringComparison.Ordinal) }, new AdditionalText[] { OnnxFiles.Armored("/a/m.onnx", model), OnnxFiles.Armored("/b/m.onnx", model) });
        Assert.Empty(run.GeneratorDiagnostics);
    }

    [Fact]
    public void AFileThatDidNotPassThroughTheBuildTargetsIsBPG202()
    {
        GeneratorRun run = GeneratorHarness.Run(new[] { Source }, new AdditionalText[] { new InMemoryAdditionalText("/p/m.onnx", "raw") });
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("BPG202", diagnostic.Id);
        Assert.Contains("build/BackpropGen.targets", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyPathIsBPG208AndANetworkDeclarationIsBPG209()
    {
        GeneratorRun run = GeneratorHarness.Run("using BackpropGen; [OnnxModel(\" \")] public partial class M { }");
        Assert.Equal("BPG208", Assert.Single(run.GeneratorDiagnostics).Id);
        run = GeneratorHarness.Run("using BackpropGen; [OnnxModel(\"m.onnx\")][Network][Input(\"x\", 4)][Dense(\"h\", 3, Activation.Identity)] public partial class M { }");
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "BPG209");
    }

    [Fact]
    public void ANonPartialClassIsTheNetworksBPG001()
    {
        GeneratorRun run = GeneratorHarness.Run("using BackpropGen; [OnnxModel(\"m.onnx\")] public class M { }");
        Assert.Equal("BPG001", Assert.Single(run.GeneratorDiagnostics).Id);
    }
}
