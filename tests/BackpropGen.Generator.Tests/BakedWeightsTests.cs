using System.Reflection;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// [BakedWeights]: a parameter file saved by the runtime is compiled into an inference-only class whose
/// Forward gives the trained network's outputs bit for bit; a file that does not fit is a diagnostic at the
/// attribute; and only edits to the file regenerate.
/// </summary>
public class BakedWeightsTests
{
    private const string ProjectDirectory = "/project/";

    /// <summary>The XOR net declared for baking: the trained network's name, precision and topology.</summary>
    internal const string BakedXor = """
        using BackpropGen;

        namespace Samples;

        [Network(Precision = Precision.Double, Name = "XorNet")]
        [Input("x", 2)]
        [Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
        [Dense("output", 1, Activation.Sigmoid, Bias = false)]
        [BakedWeights("xor.bpgw")]
        public partial class BakedXor
        {
        }
        """;

    private static readonly Lazy<Assembly> Trainable = new(() =>
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor, Networks.TwoInputs);
        Assert.Empty(run.GeneratorDiagnostics);
        return GeneratorHarness.Load(run.Output);
    });

    // ------------------------------------------------------------------ what is generated

    [Fact]
    public void FoldedConstantsSnapshot()
    {
        GeneratorRun run = GeneratorHarness.Run([BakedXor], [Armor("xor.bpgw", XorFile())]);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Snapshot.Verify(run.Source("Samples.BakedXor.g.cs"), "BakedXor");
    }

    [Fact]
    public void LiteralArraySnapshot()
    {
        string source = BakedXor.Replace("[BakedWeights(\"xor.bpgw\")]", "[BakedWeights(\"xor.bpgw\", Form = BakedWeightsForm.LiteralArray)]");
        GeneratorRun run = GeneratorHarness.Run([source], [Armor("xor.bpgw", XorFile())]);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Snapshot.Verify(run.Source("Samples.BakedXor.g.cs"), "BakedXorLiteralArray");
    }

    [Fact]
    public void BakedClassHasForwardOnlyAndNoMutableState()
    {
        foreach (string form in new[] { "FoldedConstants", "LiteralArray" })
        {
            string source = BakedXor.Replace("[BakedWeights(\"xor.bpgw\")]", $"[BakedWeights(\"xor.bpgw\", Form = BakedWeightsForm.{form})]");
            GeneratorRun run = GeneratorHarness.Run([source], [Armor("xor.bpgw", XorFile())]);
            Type type = GeneratorHarness.Load(run.Output).GetType("Samples.BakedXor")!;
            Assert.Empty(type.GetInterfaces());
            Assert.DoesNotContain(type.GetFields(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic), f => !f.IsLiteral);
            string[] methods = type.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName && !m.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute), false)).Select(m => m.Name).ToArray();
            // (ForwardBatch's block loops are local functions: compiler-generated methods, not members of the class.)
            Assert.Equal(new[] { "Forward", "ForwardBatch" }, methods);
            string text = run.Source("Samples.BakedXor.g.cs");
            foreach (string training in new[] { "AccumulateGradient", "ApplyUpdate", "TrainBatch", "Gradients", "PreviousDeltas", "LearningRate", "Load(", "Save(" })
            {
                Assert.DoesNotContain(training, text);
            }
        }
    }

    [Theory]
    [InlineData("FoldedConstants")]
    [InlineData("LiteralArray")]
    public void BakedForwardGivesTheTrainedNetworksOutputsBitForBit(string form)
    {
        // Double XOR (no biases) and the float family-shaped net (two input groups, biases, every activation).
        var xor = (INetwork<double>)Activator.CreateInstance(Trainable.Value.GetType("Samples.XorNet")!)!;
        xor.Initialize(7, 2.0);
        var family = (INetwork<float>)Activator.CreateInstance(Trainable.Value.GetType("Samples.Nested.Outer+Family")!)!;
        family.Initialize(8, 1.5f);
        string bakedFamily = Networks.TwoInputs.Replace("[Network]", $"[Network(Name = \"Family\")][BakedWeights(\"nets/family.bpgw\", Form = BakedWeightsForm.{form})]");
        string bakedXor = BakedXor.Replace("[BakedWeights(\"xor.bpgw\")]", $"[BakedWeights(\"xor.bpgw\", Form = BakedWeightsForm.{form})]");

        GeneratorRun run = GeneratorHarness.Run([bakedXor, bakedFamily], [Armor("xor.bpgw", Save(xor)), Armor("nets/family.bpgw", Save(family))]);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assembly assembly = GeneratorHarness.Load(run.Output);

        var forwardXor = Forward<double>(assembly.GetType("Samples.BakedXor")!);
        var input = new double[2];
        for (int c = 0; c < 4; c++)
        {
            input[0] = c >> 1;
            input[1] = c & 1;
            var expected = new double[1];
            xor.Forward(input, expected);
            Assert.Equal(expected, forwardXor(input));
        }

        var forwardFamily = Forward<float>(assembly.GetType("Samples.Nested.Outer+Family")!);
        var random = new Random(3);
        for (int c = 0; c < 20; c++)
        {
            float[] pattern = Enumerable.Range(0, family.InputLength).Select(_ => (float)random.NextDouble()).ToArray();
            var expected = new float[family.OutputLength];
            family.Forward(pattern, expected);
            Assert.Equal(expected, forwardFamily(pattern));
        }
    }

    [Theory]
    [InlineData("FoldedConstants")]
    [InlineData("LiteralArray")]
    public void BakedSoftmaxClassifierGivesTheTrainedNetworksOutputsBitForBit(string form)
    {
        GeneratorRun trained = GeneratorHarness.Run(Networks.Classifier);
        Assert.Empty(trained.GeneratorDiagnostics);
        var classifier = (INetwork<double>)Activator.CreateInstance(GeneratorHarness.Load(trained.Output).GetType("Samples.Classifier")!)!;
        classifier.Initialize(12, 3.0);
        string baked = Networks.Classifier.Replace("[Network(", $"[BakedWeights(\"classifier.bpgw\", Form = BakedWeightsForm.{form})][Network(", StringComparison.Ordinal);
        GeneratorRun run = GeneratorHarness.Run([baked], [Armor("classifier.bpgw", Save(classifier))]);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Contains("/= sum_output;", run.Source("Samples.Classifier.g.cs"));
        var forward = Forward<double>(GeneratorHarness.Load(run.Output).GetType("Samples.Classifier")!);
        var random = new Random(4);
        for (int c = 0; c < 20; c++)
        {
            double[] pattern = Enumerable.Range(0, 4).Select(_ => 10 * (random.NextDouble() - 0.5)).ToArray();
            var expected = new double[3];
            classifier.Forward(pattern, expected);
            double[] actual = forward(pattern);
            Assert.Equal(expected, actual);
            Assert.Equal(1.0, actual.Sum(), 12);
        }
    }

    // ------------------------------------------------------------------ files that do not fit

    [Fact]
    public void MissingFileIsBPG100()
    {
        Diagnostic diagnostic = Single([BakedXor], [new InMemoryAdditionalText(ProjectDirectory + "notes.txt", "hello")]);
        AssertDiagnostic(diagnostic, "BPG100", DiagnosticSeverity.Error,
            "Network 'XorNet' bakes the weights file 'xor.bpgw', which is not among the project's AdditionalFiles (no .bpgw file with that name is listed); add <AdditionalFiles Include=\"xor.bpgw\" /> to the project");
    }

    [Fact]
    public void FileInAnotherFolderIsBPG100()
    {
        string source = BakedXor.Replace("\"xor.bpgw\"", "\"weights/xor.bpgw\"");
        Diagnostic diagnostic = Single([source], [Armor("other/xor.bpgw", XorFile())]);
        AssertDiagnostic(diagnostic, "BPG100", DiagnosticSeverity.Error,
            "Network 'XorNet' bakes the weights file 'weights/xor.bpgw', which is not among the project's AdditionalFiles (the .bpgw files with that name are /project/other/xor.bpgw); add <AdditionalFiles Include=\"weights/xor.bpgw\" /> to the project");
    }

    [Fact]
    public void TwoFilesOfTheSameNameAreBPG101AndAPathPicksOne()
    {
        AdditionalText[] files = [Armor("a/xor.bpgw", XorFile()), Armor("b/xor.bpgw", XorFile())];
        AssertDiagnostic(Single([BakedXor], files), "BPG101", DiagnosticSeverity.Error,
            "Network 'XorNet' bakes the weights file 'xor.bpgw', which matches more than one of the project's AdditionalFiles (/project/a/xor.bpgw, /project/b/xor.bpgw); give more of its path, e.g. [BakedWeights(\"folder/xor.bpgw\")]");

        GeneratorRun run = GeneratorHarness.Run([BakedXor.Replace("\"xor.bpgw\"", "\"b/xor.bpgw\"")], files);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void DamagedFileIsBPG102WithTheRuntimesReason()
    {
        byte[] file = XorFile();
        byte[] flipped = (byte[])file.Clone();
        flipped[30] ^= 0x01;
        uint stored = BitConverter.ToUInt32(file, file.Length - 4);
        uint computed = BackpropGen.Crc32.Compute(flipped.AsSpan(0, flipped.Length - 4));
        AssertDiagnostic(Single([BakedXor], [Armor("xor.bpgw", flipped)]), "BPG102", DiagnosticSeverity.Error,
            $"Network 'XorNet' cannot bake the weights file 'xor.bpgw': the checksum does not match (stored 0x{stored:X8}, computed 0x{computed:X8}); the file is corrupt");

        AssertDiagnostic(Single([BakedXor], [Armor("xor.bpgw", file[..40])]), "BPG102", DiagnosticSeverity.Error,
            "Network 'XorNet' cannot bake the weights file 'xor.bpgw': the file is truncated (expected 128 bytes for a 6-byte network name and 12 double parameters, found 40)");

        AssertDiagnostic(Single([BakedXor], [Armor("xor.bpgw", "PK\u0003\u0004 not a parameter file"u8.ToArray())]), "BPG102", DiagnosticSeverity.Error,
            "Network 'XorNet' cannot bake the weights file 'xor.bpgw': it does not start with \"BPGW\" (42 50 47 57) but with 50 4B 03 04, so it is not a BackpropGen parameter file");

        // A .bpgw that reached the compiler as text: the build targets were not imported.
        AssertDiagnostic(Single([BakedXor], [new InMemoryAdditionalText(ProjectDirectory + "xor.bpgw", "BPGW")]), "BPG102", DiagnosticSeverity.Error,
            "Network 'XorNet' cannot bake the weights file 'xor.bpgw': it reached the generator as text, not as the base64 copy that BackpropGen's build targets make of a .bpgw file (a project that references BackpropGen by project reference must import build/BackpropGen.targets)");
    }

    [Fact]
    public void FloatFileForADoubleNetworkIsBPG103()
    {
        var single = (INetwork<double>)Activator.CreateInstance(Trainable.Value.GetType("Samples.XorNet")!)!;
        single.Initialize(1, 1.0);
        string floatDeclaration = BakedXor.Replace("Precision = Precision.Double, ", "");
        AssertDiagnostic(Single([floatDeclaration], [Armor("xor.bpgw", XorFile())]), "BPG103", DiagnosticSeverity.Error,
            "Network 'XorNet' cannot bake the weights file 'xor.bpgw': the file holds double parameters, but the network is declared with float precision; declare [Network(Precision = Precision.Double)] or save the file from a float network");
    }

    [Fact]
    public void FileOfAnotherNetworkNameIsBPG104()
    {
        string renamed = BakedXor.Replace("Name = \"XorNet\"", "Name = \"Xor2\"");
        AssertDiagnostic(Single([renamed], [Armor("xor.bpgw", XorFile())]), "BPG104", DiagnosticSeverity.Error,
            "Network 'Xor2' cannot bake the weights file 'xor.bpgw': the file holds parameters for network 'XorNet', but this network is named 'Xor2'; if it is the same network, declare [Network(Name = \"XorNet\")]");
    }

    [Fact]
    public void FileOfAnotherTopologyIsBPG105()
    {
        // Same name and parameter count, another activation.
        string tanh = BakedXor.Replace("[Dense(\"hidden\", 4, Activation.Sigmoid", "[Dense(\"hidden\", 4, Activation.Tanh");
        Diagnostic diagnostic = Single([tanh], [Armor("xor.bpgw", XorFile())]);
        Assert.Equal("BPG105", diagnostic.Id);
        Assert.StartsWith("Network 'XorNet' cannot bake the weights file 'xor.bpgw': the file was saved from a network with a different topology (topology hash 0x", diagnostic.GetMessage());
        Assert.Contains("for \"input x[2]; dense hidden[4] tanh nobias <- x; dense output[1] sigmoid nobias <- hidden; loss sse\"); declare the inputs and layers exactly as the trained network did", diagnostic.GetMessage());
        AssertAtAttribute(diagnostic);
    }

    [Fact]
    public void FileOfAnotherParameterCountIsBPG106()
    {
        // Only a hand-made file can have the right name and topology hash but not the count: 11 parameters.
        byte[] file = XorFile();
        int payload = 10 + 6 + 12;
        byte[] shorter = [.. file[..(payload - 4)], .. BitConverter.GetBytes(11u), .. file[payload..(payload + 88)], 0, 0, 0, 0];
        BitConverter.GetBytes(BackpropGen.Crc32.Compute(shorter.AsSpan(0, shorter.Length - 4))).CopyTo(shorter, shorter.Length - 4);
        AssertDiagnostic(Single([BakedXor], [Armor("xor.bpgw", shorter)]), "BPG106", DiagnosticSeverity.Error,
            "Network 'XorNet' cannot bake the weights file 'xor.bpgw': the file holds 11 parameters, but the network has 12");
    }

    [Theory]
    [InlineData("\"\"", "found \"\"")]
    [InlineData("null", "found no constant string")]
    public void EmptyPathIsBPG107(string argument, string found)
    {
        string source = BakedXor.Replace("\"xor.bpgw\"", argument);
        AssertDiagnostic(Single([source], []), "BPG107", DiagnosticSeverity.Error,
            "The [BakedWeights] attribute of 'BakedXor' needs the name of a parameter file listed in AdditionalFiles, e.g. [BakedWeights(\"xor.bpgw\")]; " + found);
    }

    [Theory]
    [InlineData("(BakedWeightsForm)7", "7")]
    [InlineData("(BakedWeightsForm)(-1)", "-1")]
    public void ACastIntegerFormIsBPG109AtTheArgument(string form, string value)
    {
        // Before BPG109, an unknown form silently became FoldedConstants.
        string source = BakedXor.Replace("[BakedWeights(\"xor.bpgw\")]", $"[BakedWeights(\"xor.bpgw\", Form = {form})]");
        GeneratorRun run = GeneratorHarness.Run([source], [Armor("xor.bpgw", XorFile())]);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("BPG109", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            $"The [BakedWeights] attribute of 'BakedXor' has Form value {value}, which is not a BakedWeightsForm; use BakedWeightsForm.FoldedConstants or BakedWeightsForm.LiteralArray",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("docs/diagnostics/BPG109.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal("Form = " + form, diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Empty(run.Result.GeneratedTrees);

        // An error, so a pragma does not hide it.
        GeneratorRun suppressed = GeneratorHarness.Run(["#pragma warning disable BPG109\n" + source], [Armor("xor.bpgw", XorFile())]);
        Assert.False(Assert.Single(suppressed.GeneratorDiagnostics).IsSuppressed);
    }

    [Fact]
    public void BakedWeightsOnANetworkRunInTimeIsBPG110AndNeverAnException()
    {
        // Before BPG110 the baked emitter reached the recurrent kind's feed-forward members, which throw: CS8785.
        string source = """
            using BackpropGen;
            namespace Samples;
            [Network(Precision = Precision.Double, TimeSteps = 3)]
            [Input("x", 2)]
            [Recurrent("h", 3, Activation.Tanh)]
            [Dense("y", 1, Activation.Sigmoid)]
            [BakedWeights("xor.bpgw")]
            public partial class BakedAdder { }
            """;
        GeneratorRun run = GeneratorHarness.Run([source], [Armor("xor.bpgw", XorFile())]);
        Assert.Null(run.Result.Results.Single().Exception);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("BPG110", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(
            "Network 'BakedAdder' runs for 3 time steps and has [BakedWeights(\"xor.bpgw\")]; baking is written for feed-forward networks only, so keep the recurrent network trainable and Load its parameter file",
            diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("docs/diagnostics/BPG110.md", diagnostic.Descriptor.HelpLinkUri);
        Assert.StartsWith("BakedWeights(", diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void NonFiniteWeightsAreAWarningBPG108AndStillCompile()
    {
        var xor = (INetwork<double>)Activator.CreateInstance(Trainable.Value.GetType("Samples.XorNet")!)!;
        xor.Initialize(1, 1.0);
        xor.Parameters[3] = double.NaN;
        xor.Parameters[9] = double.NegativeInfinity;
        GeneratorRun run = GeneratorHarness.Run([BakedXor], [Armor("xor.bpgw", Save(xor))]);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        AssertDiagnostic(diagnostic, "BPG108", DiagnosticSeverity.Warning,
            "Network 'XorNet' bakes the weights file 'xor.bpgw', which holds 2 NaN or infinite parameters (the first at index 3); the network's outputs will be NaN or infinite, so retrain it");
        Assert.Empty(run.CompilationErrors);
        Assert.Contains("global::System.Double.NaN", run.Source("Samples.BakedXor.g.cs"));
    }

    // ------------------------------------------------------------------ incremental cache

    [Fact]
    public void EditingTheWeightsFileRegenerates()
    {
        AdditionalText file = Armor("xor.bpgw", XorFile());
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(BakedXor, Networks.Xor);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(file).RunGenerators(compilation);
        string before = BakedSource(driver.GetRunResult());

        var xor = (INetwork<double>)Activator.CreateInstance(Trainable.Value.GetType("Samples.XorNet")!)!;
        xor.Initialize(99, 1.0);
        driver = driver.ReplaceAdditionalText(file, Armor("xor.bpgw", Save(xor))).RunGenerators(compilation);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();

        AssertReasons(result.TrackedSteps[TrackingNames.WeightsFiles], IncrementalStepRunReason.Modified);
        AssertReasons(result.TrackedSteps[TrackingNames.BakedModels], IncrementalStepRunReason.Modified);
        // The trainable network in the same compilation is untouched.
        AssertReasons(result.TrackedSteps[TrackingNames.Models], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.NotEqual(before, BakedSource(driver.GetRunResult()));
    }

    [Theory]
    [InlineData("a comment above the baked class")]
    [InlineData("an edit to another file")]
    [InlineData("another additional file")]
    public void OtherEditsLeaveTheBakedStepsCached(string edit)
    {
        AdditionalText file = Armor("xor.bpgw", XorFile());
        const string Other = "namespace Samples; public static class Helper { public static int Twice(int x) => 2 * x; }";
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(BakedXor, Other);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(file).RunGenerators(compilation);

        if (edit.StartsWith("another additional", StringComparison.Ordinal))
        {
            driver = driver.AddAdditionalTexts([new InMemoryAdditionalText(ProjectDirectory + "notes.txt", "unrelated")]);
        }
        else
        {
            int index = edit.StartsWith("a comment", StringComparison.Ordinal) ? 0 : 1;
            string text = index == 0 ? "// a comment\n" + BakedXor : Other.Replace("2 * x", "x + x");
            SyntaxTree old = compilation.SyntaxTrees[index];
            compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, old.FilePath));
        }

        GeneratorRunResult result = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        AssertReasons(result.TrackedSteps[TrackingNames.BakedModels], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        if (result.TrackedSteps.TryGetValue(TrackingNames.WeightsFiles, out var files))
        {
            AssertReasons(files, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        Assert.All(result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step was {o.Reason}"));
    }

    [Fact]
    public void OnlyNamedWeightsFilesAreDecoded()
    {
        AdditionalText[] files = [Armor("xor.bpgw", XorFile()), Armor("unused.bpgw", XorFile()), new InMemoryAdditionalText(ProjectDirectory + "notes.txt", "x")];
        GeneratorRun run = GeneratorHarness.Run([BakedXor], files);
        var decoded = run.Result.Results.Single().TrackedSteps[TrackingNames.WeightsFiles].SelectMany(s => s.Outputs).Select(o => (WeightsFile)o.Value).ToList();
        Assert.Equal(new[] { ProjectDirectory + "xor.bpgw" }, decoded.Select(f => f.OriginalPath));
    }

    [Fact]
    public void NoRoslynObjectIsReachableFromTheBakeSteps()
    {
        GeneratorRun run = GeneratorHarness.Run([BakedXor], [Armor("xor.bpgw", XorFile())]);
        var steps = run.Result.Results.Single().TrackedSteps;
        var outputs = new[] { TrackingNames.BakeRequests, TrackingNames.WeightsReferences, TrackingNames.WeightsFiles, TrackingNames.Bake, TrackingNames.BakedModels, TrackingNames.BakedModelsWithTarget, TrackingNames.BakeDiagnostics }
            .SelectMany(name => steps[name]).SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
        Assert.Contains(outputs, o => o is BakedNetworkModel);
        Assert.Contains(outputs, o => o is ValueTuple<BakedNetworkModel, TargetModel>);
        ModelPurityTests.AssertPlain(outputs);
    }

    [Theory]
    [InlineData("/p/xor.bpgw", "xor.bpgw", true)]
    [InlineData("/p/w/xor.bpgw", "w/xor.bpgw", true)]
    [InlineData("C:\\p\\w\\xor.bpgw", "w/XOR.bpgw", true)]
    [InlineData("/p/w/xor.bpgw", "./w/xor.bpgw", true)]
    [InlineData("/p/xxor.bpgw", "xor.bpgw", false)]
    [InlineData("/p/v/xor.bpgw", "w/xor.bpgw", false)]
    public void AttributePathMatchesTheEndOfTheFilesPath(string file, string attribute, bool matches) =>
        Assert.Equal(matches, NetworkGenerator.Baker.Matches(file, attribute));

    // ------------------------------------------------------------------ helpers

    /// <summary>What the build targets give the compiler for a .bpgw file: its base64 copy, headed by the original's path.</summary>
    internal static AdditionalText Armor(string relativePath, byte[] bytes) =>
        new InMemoryAdditionalText(
            ProjectDirectory + "obj/backpropgen/" + relativePath.GetHashCode().ToString("X8") + "/" + Path.GetFileName(relativePath) + ".b64",
            "#bpgw-base64 " + ProjectDirectory + relativePath + "\n" + Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks) + "\n");

    internal static byte[] XorFile()
    {
        var xor = (INetwork<double>)Activator.CreateInstance(Trainable.Value.GetType("Samples.XorNet")!)!;
        xor.Initialize(5, 1.0);
        return Save(xor);
    }

    internal static byte[] Save<T>(INetwork<T> network)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        ParameterFile.Save(network, stream);
        return stream.ToArray();
    }

    internal static Func<T[], T[]> Forward<T>(Type type)
    {
        MethodInfo method = type.GetMethod("Forward", BindingFlags.Public | BindingFlags.Static)!;
        var forward = method.CreateDelegate<ForwardDelegate<T>>();
        return input =>
        {
            var output = new T[(int)type.GetField("OutputSize")!.GetValue(null)!];
            forward(input, output);
            return output;
        };
    }

    internal delegate void ForwardDelegate<T>(ReadOnlySpan<T> input, Span<T> output);

    private static Diagnostic Single(string[] sources, AdditionalText[] files)
    {
        GeneratorRun run = GeneratorHarness.Run(sources, files);
        Assert.Empty(run.Exceptions);
        Assert.DoesNotContain(run.Result.Results.SelectMany(r => r.GeneratedSources), s => s.HintName == "Samples.BakedXor.g.cs");
        return Assert.Single(run.GeneratorDiagnostics);
    }

    private static void AssertDiagnostic(Diagnostic diagnostic, string id, DiagnosticSeverity severity, string message)
    {
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(severity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("docs/diagnostics/" + id + ".md", diagnostic.Descriptor.HelpLinkUri);
        AssertAtAttribute(diagnostic);
    }

    /// <summary>Every baking diagnostic points at the [BakedWeights(...)] attribute, in the source tree (so pragmas apply).</summary>
    private static void AssertAtAttribute(Diagnostic diagnostic)
    {
        Assert.True(diagnostic.Location.IsInSource, "the diagnostic has no source location");
        string text = diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
        Assert.StartsWith("BakedWeights(", text);
        Assert.Equal(8, diagnostic.Location.GetLineSpan().StartLinePosition.Line);
    }

    private static string BakedSource(GeneratorDriverRunResult result) =>
        result.Results.Single().GeneratedSources.Single(s => s.HintName == "Samples.BakedXor.g.cs").SourceText.ToString();

    private static void AssertReasons(IEnumerable<IncrementalGeneratorRunStep> steps, params IncrementalStepRunReason[] allowed)
    {
        var outputs = steps.SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }
}
