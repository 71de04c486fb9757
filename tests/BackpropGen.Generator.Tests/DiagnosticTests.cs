using System.Globalization;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// One wrong declaration per diagnostic: its ID, severity, exact message and the text it points at; and that
/// <c>#pragma warning disable</c> suppresses it when it is a warning and not when it is an error. Roslyn runs
/// generator diagnostics through the compilation's filter (options, then pragmas), so a suppressed one comes back
/// with <see cref="Diagnostic.IsSuppressed"/> set, which the compiler then does not report; that works only because
/// the pipeline reports them at source locations in the compilation's own trees. BPG errors are NotConfigurable,
/// which that filter leaves alone: a hidden error would only move the failure to the class's missing members.
/// </summary>
public class DiagnosticTests
{
    private const string Prefix = "using BackpropGen;\n\nnamespace Samples;\n\n";

    /// <summary>ID, declaration, exact message, and the source text the location spans.</summary>
    public static readonly TheoryData<string, string, string, string> Cases = new()
    {
        {
            "BPG001",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic class Net { }",
            "The network class 'Net' must be declared 'partial' so that BackpropGen can add the generated members to it",
            "Net"
        },
        {
            "BPG002",
            "public class Outer\n{\n    [Network]\n    [Input(\"x\", 2)]\n    [Dense(\"o\", 1, Activation.Sigmoid)]\n    public partial class Net { }\n}",
            "The type 'Outer' contains the network class 'Net' and must be declared 'partial' too",
            "Outer"
        },
        {
            "BPG003",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net<T> { }",
            "'Net' is generic; a network class and the types that contain it cannot be, since a network's element type is chosen with [Network(Precision = ...)]",
            "Net"
        },
        {
            "BPG004",
            "[Network]\n[Input(\"x\", size: 0)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "'x' has size 0; a size must be between 1 and 1000000",
            "size: 0"
        },
        {
            "BPG005",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, (Activation)7)]\npublic partial class Net { }",
            "Layer 'o' has activation value 7, which is not an Activation; use Sigmoid, Tanh, ReLU, Identity or Softmax",
            "(Activation)7"
        },
        {
            "BPG006",
            "[Network(Precision = (Precision)2)]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Network 'Net' has precision value 2, which is not a Precision; use Precision.Single (float) or Precision.Double (double)",
            "Precision = (Precision)2"
        },
        {
            "BPG007",
            "[Network(Loss = (Loss)7)]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Network 'Net' has loss value 7, which is not a Loss; use Loss.SumSquaredError, Loss.CrossEntropy or Loss.BinaryCrossEntropy",
            "Loss = (Loss)7"
        },
        {
            "BPG008",
            "[Network]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Network 'Net' declares no [Input]; add at least one, e.g. [Input(\"x\", 2)]",
            "Network"
        },
        {
            "BPG009",
            "[Network(Precision = Precision.Double)]\n[Input(\"x\", 2)]\npublic partial class Net { }",
            "Network 'Net' declares no [Dense] layer; the last declared layer is the output layer, so add at least one",
            "Network(Precision = Precision.Double)"
        },
        {
            "BPG010",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"h\", 2, Activation.Tanh, From = new[] { \"x\", \"o\" })]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Layer 'h' reads from 'o', which is not an input or a layer declared before it; a layer can read only from inputs and earlier layers (x)",
            "\"o\""
        },
        {
            "BPG011",
            "[Network]\n[Input(\"hidden\", 2)]\n[Dense(\"Hidden\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "The name 'Hidden' is used by more than one input or layer of network 'Net' (first as 'hidden'); names must be unique, even ignoring the case of the first letter, since they become member names like 'HiddenWeights'",
            "\"Hidden\""
        },
        {
            "BPG012",
            "[Network]\n[Input(\"1x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "'1x' is not a valid input or layer name; use a C# identifier of letters, digits and '_' that starts with a letter",
            "\"1x\""
        },
        {
            "BPG013",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net\n{\n    public void Forward() { }\n}",
            "'Forward' (a member of Net) has the name of a member that BackpropGen generates in network class 'Net'; rename it",
            "Forward"
        },
        {
            "BPG014",
            "public static class Sizes { public static readonly int Two = 2; }\n\n[Network]\n[Input(\"x\", Sizes.Two)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "The [Input] attribute's argument 'size' could not be read as a constant (it is not a constant int); pass (string name, int size) as literal or const values",
            "Sizes.Two"
        },
        {
            "BPG015",
            // Five layers of 64 × 64 weights and 64 biases: each under the unroll threshold, 20,800 parameters unrolled in all.
            "[Network]\n[Input(\"x\", 64)]\n[Dense(\"a\", 64, Activation.Identity)]\n[Dense(\"b\", 64, Activation.Identity)]\n[Dense(\"c\", 64, Activation.Identity)]\n[Dense(\"d\", 64, Activation.Identity)]\n[Dense(\"e\", 64, Activation.Identity)]\npublic partial class Net { }",
            "Network 'Net' has 20800 parameters in layers small enough to be unrolled into straight-line code, over 20000; expect a large assembly and long JIT time",
            "Network"
        },
        {
            "BPG016",
            "[Network]\n[Input(\"x\", 2)]\n[Input(\"unused\", 3)]\n[Dense(\"o\", 1, Activation.Sigmoid, From = new[] { \"x\" })]\npublic partial class Net { }",
            "'unused' is not read by any layer and is not the output layer; its units have no effect",
            "Input(\"unused\", 3)"
        },
        {
            "BPG017",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic static partial class Net { }",
            "The network class 'Net' is static; a network holds its parameters, so declare an instance class",
            "Net"
        },
        {
            "BPG018",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid, From = new[] { \"x\", \"x\" })]\npublic partial class Net { }",
            "Layer 'o' lists 'x' more than once in From; list each source once",
            "\"x\""
        },
        {
            "BPG019",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }\n\n[Network(Name = \"again\")]\npublic partial class Net { }",
            "'Net' has more than one [Network] attribute; declare [Network] once, on one partial declaration",
            "Network(Name = \"again\")"
        },
        {
            "BPG020",
            "[Input(\"x\", 2)]\npublic partial class NotANetwork { }",
            "[Input] on 'NotANetwork' has no effect because 'NotANetwork' has no [Network] attribute; add [Network] to the class, or remove the attribute",
            "Input(\"x\", 2)"
        },
        {
            "BPG021",
            "[Network]\n[Input(\"x\", 2)]\npublic partial class Net { }\n\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "[Dense] is on a different partial declaration of 'Net' than [Network]; declare every [Input], [Dense] and [Recurrent] on the declaration that carries [Network], so that their order (and so the output layer) is defined",
            "Dense(\"o\", 1, Activation.Sigmoid)"
        },
        {
            "BPG022",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\nfile partial class Net { }",
            "'Net' is declared 'file'; BackpropGen writes the generated members into another file, so a network class and the types that contain it cannot be file-local",
            "Net"
        },
        {
            "BPG023",
            "[Network]\n[Input(\"x\", 10000)]\n[Dense(\"h\", 10000, Activation.Tanh)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Network 'Net' has 0 parameters and 0 units in unrolled layers (a layer of at most 4096 weights is unrolled, a larger one is a loop) and 100020001 parameters in all; the limits are 200000 unrolled parameters (code size), 16000 unrolled units (a C# method can have at most 65534 locals) and 100000000 parameters in all",
            "Network"
        },
        {
            "BPG024",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid, From = new string[0])]\npublic partial class Net { }",
            "Layer 'o' has an empty From; list at least one input or earlier layer, or leave From unset to read the layer declared before it",
            "From = new string[0]"
        },
        {
            "BPG025",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Base { }\n\n[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net : Base { }",
            "'Net' derives from 'Base', which is a network class too; their generated members would collide, so derive from a class without [Network]",
            "Base"
        },
        {
            "BPG026",
            "[Network(Name = \"xor\\nv2\")]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Network 'Net' has the name \"xor\\nv2\", which contains a line break or another control character; use a name on one line of printable characters",
            "Name = \"xor\\nv2\""
        },
        {
            "BPG027",
            "[Network(Loss = Loss.CrossEntropy)]\n[Input(\"x\", 2)]\n[Dense(\"h\", 3, Activation.Softmax)]\n[Dense(\"o\", 2, Activation.Softmax)]\npublic partial class Net { }",
            "Layer 'h' of network 'Net' has the softmax activation, but it is not the output layer; softmax is layer-wide and allowed only on the output layer (with Loss.CrossEntropy), so use Sigmoid, Tanh, ReLU or Identity here",
            "Activation.Softmax"
        },
        {
            "BPG028",
            "[Network(Loss = Loss.CrossEntropy)]\n[Input(\"x\", 2)]\n[Dense(\"o\", 2, Activation.Tanh)]\npublic partial class Net { }",
            "Network 'Net' uses Loss.CrossEntropy, but its output layer 'o' has the tanh activation; cross-entropy needs a Softmax output layer (for independent sigmoid outputs use Loss.BinaryCrossEntropy)",
            "Loss = Loss.CrossEntropy"
        },
        {
            "BPG029",
            "[Network(Precision = Precision.Double, Loss = Loss.BinaryCrossEntropy)]\n[Input(\"x\", 2)]\n[Dense(\"o\", 2, activation: Activation.Softmax)]\npublic partial class Net { }",
            "Network 'Net' uses Loss.BinaryCrossEntropy, but its output layer 'o' has the softmax activation; binary cross-entropy needs Sigmoid output units (for a Softmax output layer use Loss.CrossEntropy)",
            "Loss = Loss.BinaryCrossEntropy"
        },
        {
            "BPG030",
            "[Network]\n[Input(\"x\", 2)]\n[Dense(\"h\", 3, Activation.Tanh)]\n[Dense(\"o\", 2, activation: Activation.Softmax)]\npublic partial class Net { }",
            "Output layer 'o' of network 'Net' has the softmax activation, but the loss is the sum of squared errors; a softmax output layer needs [Network(Loss = Loss.CrossEntropy)]",
            "activation: Activation.Softmax"
        },
        {
            "BPG050",
            "[Network(TimeSteps = 0)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Network 'Net' has TimeSteps = 0; a network run in time needs at least 1 step (leave TimeSteps unset for a feed-forward network)",
            "TimeSteps = 0"
        },
        {
            "BPG051",
            "[Network]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Layer 'h' is recurrent, but network 'Net' does not say how many steps it runs; set [Network(TimeSteps = T)]",
            "Recurrent(\"h\", 3, Activation.Tanh)"
        },
        {
            "BPG052",
            "[Network(TimeSteps = 4)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh, From = new[] { \"x\", \"h\" })]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Layer 'h' reads 'h' at the same time step, but 'h' is the layer itself (a recurrent layer reads its own states at t − 1 without being named); a loop must go through a time delay, so read only inputs and earlier layers in From",
            "\"h\""
        },
        {
            "BPG053",
            "[Network(TimeSteps = 2000)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Network 'Net' runs for 2000 time steps, 8000 unit states unrolled; the unroll policy allows at most 8000 states and 1000 steps, so use fewer steps or smaller layers",
            "TimeSteps = 2000"
        },
        {
            "BPG054",
            "[Network(TimeSteps = 3, Loss = Loss.CrossEntropy)]\n[Input(\"x\", 2)]\n[Recurrent(\"o\", 3, Activation.Softmax)]\npublic partial class Net { }",
            "Layer 'o' of network 'Net' is recurrent with a softmax activation; make the softmax output a [Dense] layer reading a recurrent layer",
            "Activation.Softmax"
        },
        {
            "BPG055",
            "[Network(TimeSteps = 3, Outputs = (SequenceOutputs)7)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Network 'Net' has Outputs value 7, which is not a SequenceOutputs; use SequenceOutputs.EveryStep or SequenceOutputs.LastStep",
            "Outputs = (SequenceOutputs)7"
        },
        {
            "BPG056",
            "[Network(TimeSteps = 3)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh, InitialState = (InitialState)2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Layer 'h' has InitialState value 2, which is not an InitialState; use InitialState.Zero or InitialState.Learned",
            "InitialState = (InitialState)2"
        },
        {
            "BPG057",
            "[Network(TimeSteps = 3)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh, FromPrevious = new string[0])]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Layer 'h' has an empty FromPrevious; list at least one layer it reads at t − 1, or leave FromPrevious unset",
            "FromPrevious = new string[0]"
        },
        {
            "BPG058",
            "[Network(TimeSteps = 3)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh, FromPrevious = new[] { \"x\" })]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Layer 'h' reads 'x' at t − 1, but 'x' is an input (a layer reads inputs at t, through From); FromPrevious lists layers of the network (h, o)",
            "\"x\""
        },
        {
            "BPG059",
            "[Network(TimeSteps = 3)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh, FromPrevious = new[] { \"h\" })]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Layer 'h' lists itself in FromPrevious; a recurrent layer reads its own states at t − 1 without being named, so list only other layers",
            "\"h\""
        },
        {
            "BPG060",
            "[Network(TimeSteps = 3)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh, FromPrevious = new[] { \"o\", \"o\" })]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }",
            "Layer 'h' lists 'o' more than once in FromPrevious; list each layer once",
            "\"o\""
        },
        {
            "BPG061",
            "[Network(TimeSteps = 3, Loss = Loss.CrossEntropy)]\n[Input(\"x\", 2)]\n[Recurrent(\"h\", 3, Activation.Tanh, FromPrevious = new[] { \"o\" })]\n[Dense(\"o\", 2, Activation.Softmax)]\npublic partial class Net { }",
            "Layer 'h' reads softmax layer 'o' at t − 1; what t + 1 sends back through a softmax is not written, so read the layer the softmax reads instead",
            "\"o\""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReportsIdSeverityMessageAndLocation(string id, string declaration, string message, string spanText)
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + declaration);
        Assert.Empty(run.Exceptions);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        DiagnosticDescriptor descriptor = Descriptors().Single(d => d.Id == id);
        Assert.Equal(descriptor.DefaultSeverity, diagnostic.Severity);
        Assert.Equal(message, diagnostic.GetMessage(CultureInfo.InvariantCulture));
        Assert.True(diagnostic.Location.IsInSource, $"{id} has no source location");
        Assert.Equal("Network0.cs", diagnostic.Location.SourceTree!.FilePath);
        Assert.Equal(spanText, diagnostic.Location.SourceTree.GetText().ToString(diagnostic.Location.SourceSpan));
        Assert.False(diagnostic.IsSuppressed);
        if (descriptor.DefaultSeverity == DiagnosticSeverity.Error)
        {
            // Nothing is generated for the class at fault (BPG025's valid base class is).
            Assert.DoesNotContain(run.Result.GeneratedTrees, t => t.FilePath.EndsWith("Samples.Net.g.cs", StringComparison.Ordinal));
        }
        else
        {
            Assert.Single(run.Result.GeneratedTrees, t => t.FilePath.EndsWith("Samples.Net.g.cs", StringComparison.Ordinal));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void PragmaWarningDisableSuppressesWarningsButNotErrors(string id, string declaration, string message, string spanText)
    {
        _ = (message, spanText);
        GeneratorRun run = GeneratorHarness.Run($"#pragma warning disable {id}\n" + Prefix + declaration);
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
        if (diagnostic.Severity == DiagnosticSeverity.Warning)
        {
            Assert.True(diagnostic.IsSuppressed, $"{id} was not suppressed by #pragma warning disable");
        }
        else
        {
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.False(diagnostic.IsSuppressed, $"{id} is an error, yet #pragma warning disable suppressed it");
            Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, diagnostic.Descriptor.CustomTags);
        }
    }

    [Fact]
    public void AnErrorSurvivesPragmaAndNoWarnAndFailsTheBuild()
    {
        // BPG004 under "#pragma warning disable BPG004", and also listed as NoWarn in the compilation options.
        string source = "#pragma warning disable BPG004\n" + Prefix + "[Network]\n[Input(\"x\", 0)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }";
        Microsoft.CodeAnalysis.CSharp.CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source);
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
            new Dictionary<string, ReportDiagnostic> { ["BPG004"] = ReportDiagnostic.Suppress }));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out var diagnostics);

        Diagnostic error = Assert.Single(diagnostics, d => d.Id == "BPG004");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.False(error.IsSuppressed);

        // A warning under the same pragma is suppressed: the pragma is read, errors ignore it.
        GeneratorRun warning = GeneratorHarness.Run("#pragma warning disable BPG016\n" + Prefix + "[Network]\n[Input(\"x\", 2)]\n[Input(\"y\", 1)]\n[Dense(\"o\", 1, Activation.Sigmoid, From = new[] { \"x\" })]\npublic partial class Net { }");
        Assert.True(Assert.Single(warning.GeneratorDiagnostics, d => d.Id == "BPG016").IsSuppressed);
    }

    [Theory]
    [InlineData("[Network(Precision = Precision.Float)]", "CS0117")]
    [InlineData("[Network(Loss = Loss.CrossEntropyy)]", "CS0117")]
    [InlineData("[Network(Precision = Missing.Double)]", "CS0103")]
    [InlineData("[Network(Precison = Precision.Double)]", "CS0246")]
    public void NoBpgOnTopOfACompilerErrorInTheArgument(string network, string compilerError)
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + network + "\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }");
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.GeneratorDiagnostics);
        // The compiler's own error, at the argument, is the only one; whatever is generated adds none.
        Diagnostic[] errors = run.Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Diagnostic error = Assert.Single(errors);
        Assert.Equal(compilerError, error.Id);
        Assert.Contains(error.Location.SourceTree!.GetText().ToString(error.Location.SourceSpan), network);
    }

    [Fact]
    public void AnArgumentThatBindsButIsNotAConstantStillGetsBpg014()
    {
        // Sizes.Two binds (a static readonly int): CS0182 says it is not constant, BPG014 says what BackpropGen expects.
        GeneratorRun run = GeneratorHarness.Run(Prefix + "public static class Sizes { public static readonly int Two = 2; }\n\n[Network]\n[Input(\"x\", Sizes.Two)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }");
        Assert.Single(run.GeneratorDiagnostics, d => d.Id == "BPG014");
        Assert.Contains(run.Output.GetDiagnostics(), d => d.Id == "CS0182");
    }

    [Fact]
    public void PragmaForAnotherIdDoesNotSuppress()
    {
        GeneratorRun run = GeneratorHarness.Run("#pragma warning disable BPG015\n" + Prefix + "[Network]\n[Input(\"x\", 2)]\n[Input(\"y\", 1)]\n[Dense(\"o\", 1, Activation.Sigmoid, From = new[] { \"x\" })]\npublic partial class Net { }");
        Assert.False(Assert.Single(run.GeneratorDiagnostics, d => d.Id == "BPG016").IsSuppressed);
    }

    [Fact]
    public void EveryDescriptorHasACase()
    {
        // The baked-weights diagnostics (BPG100 upward) need a weights file among the additional files; their
        // cases (ID, severity, message, location) are in BakedWeightsTests, one test each, named after the ID.
        var covered = Cases.Select(c => (string)c[0]).ToHashSet();
        covered.UnionWith(typeof(BakedWeightsTests).GetMethods().Select(m => System.Text.RegularExpressions.Regex.Match(m.Name, "BPG1[0-9][0-9]")).Where(m => m.Success).Select(m => m.Value));

        // The ONNX import's (BPG200 upward) need .onnx files; their cases are in tests/BackpropGen.Onnx.Tests/DiagnosticTests.cs.
        string onnxCases = File.ReadAllText(Path.Combine(RepositoryRoot(), "tests", "BackpropGen.Onnx.Tests", "DiagnosticTests.cs"));
        covered.UnionWith(System.Text.RegularExpressions.Regex.Matches(onnxCases, "\"(BPG2[0-9][0-9])\"").Select(m => m.Groups[1].Value));
        Assert.Equal(Descriptors().Select(d => d.Id).Order(), covered.Order());
    }

    [Fact]
    public void DescriptorsAreNumberedWithoutGapsAndLinkToTheirPage()
    {
        // Ranges, each without gaps from its first number: BPG001… for declarations, BPG050… for networks run in time,
        // BPG100… for baked weights files, BPG200… for ONNX import.
        DiagnosticDescriptor[] descriptors = Descriptors().OrderBy(d => d.Id, StringComparer.Ordinal).ToArray();
        int[] starts = { 1, 50, 100, 200 };
        foreach (IGrouping<int, DiagnosticDescriptor> range in descriptors.GroupBy(d => starts.Last(s => s <= int.Parse(d.Id.Substring(3), CultureInfo.InvariantCulture))))
        {
            Assert.Equal(Enumerable.Range(range.Key, range.Count()).Select(n => $"BPG{n:000}"), range.Select(d => d.Id));
        }

        foreach (DiagnosticDescriptor descriptor in descriptors)
        {
            Assert.Equal("BackpropGen", descriptor.Category);
            Assert.True(descriptor.IsEnabledByDefault);
            Assert.Equal($"docs/diagnostics/{descriptor.Id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(RepositoryRoot(), descriptor.HelpLinkUri)), $"{descriptor.HelpLinkUri} is missing");
        }
    }

    [Fact]
    public void ReleaseTrackingListsEveryDescriptor()
    {
        string generator = Path.Combine(RepositoryRoot(), "generator", "BackpropGen.Generator");
        // Shipped rules, and the new ones of the next release (Unshipped), each listed once.
        string[] rows = File.ReadAllLines(Path.Combine(generator, "AnalyzerReleases.Shipped.md"))
            .Concat(File.ReadAllLines(Path.Combine(generator, "AnalyzerReleases.Unshipped.md")))
            .Where(l => l.StartsWith("BPG", StringComparison.Ordinal)).ToArray();
        Assert.Equal(
            Descriptors().Select(d => $"{d.Id} | {d.Category} | {d.DefaultSeverity} | {d.Title}").Order(StringComparer.Ordinal),
            rows.Select(r => string.Join(" | ", r.Split('|').Select(c => c.Trim()))).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryDocumentationPageNamesItsIdTitleAndAFix()
    {
        foreach (DiagnosticDescriptor descriptor in Descriptors())
        {
            string page = File.ReadAllText(Path.Combine(RepositoryRoot(), descriptor.HelpLinkUri));
            Assert.StartsWith($"# {descriptor.Id}: {descriptor.Title}", page);
            Assert.Contains("## Example", page);
            Assert.Contains("## Fix", page);
            Assert.Contains("```csharp", page);
        }
    }

    internal static IEnumerable<DiagnosticDescriptor> Descriptors() =>
        typeof(NetworkGenerator).Assembly.GetType("BackpropGen.Generator.DiagnosticDescriptors")!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (DiagnosticDescriptor)f.GetValue(null)!);

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "BackpropGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("BackpropGen.sln not found above " + AppContext.BaseDirectory);
    }
}
