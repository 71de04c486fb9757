using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// The pipeline is incremental: edits that do not change a network leave every named step cached, and so its
/// source output; an edit that does change one re-runs only that network's steps.
/// The one exception, by design: the diagnostic output combines the diagnostics with the compilation (to map each
/// diagnostic's file back to its syntax tree, so that pragmas apply), and the compilation is new after any edit,
/// so <see cref="TrackingNames.DiagnosticsWithCompilation"/> and the output after it run on every edit. They only
/// loop over the diagnostics, which are themselves cached (<see cref="TrackingNames.Diagnostics"/>).
/// </summary>
public class CacheTests
{
    private const string Other = "namespace Samples; public static class Helper { public static int Twice(int x) => 2 * x; }";

    /// <summary>A valid network with a warning (BPG016), and [Input] and [Recurrent] on a class without [Network] (BPG020).</summary>
    private const string WithDiagnostics = """
        using BackpropGen;

        namespace Samples;

        [Network]
        [Input("x", 2)]
        [Input("unused", 1)]
        [Dense("output", 1, Activation.Sigmoid, From = new[] { "x" })]
        public partial class Warned { }

        [Input("q", 1)]
        [Recurrent("r", 1, Activation.Tanh)]
        public partial class Orphan { }
        """;

    private static readonly string Xor = Networks.Xor.Replace("public partial class XorNet\n{\n}", "public partial class XorNet\n{\n    public int Helper() => 1;\n}");

    private static readonly string[] ByDesignModified = { TrackingNames.DiagnosticsWithCompilation };

    [Fact]
    public void EveryNamedStepRuns()
    {
        (_, GeneratorRunResult first) = RunTwice(_ => { });
        Assert.Equal(AllTrackingNames().Order(StringComparer.Ordinal), first.TrackedSteps.Keys.Where(AllTrackingNames().Contains).Order(StringComparer.Ordinal));
        Assert.Equal(3, first.GeneratedSources.Length);
        Assert.Equal(new[] { "BPG016", "BPG020", "BPG020" }, first.Diagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("another file")]
    [InlineData("a comment at the end of a network's file")]
    [InlineData("a method body in the network class")]
    [InlineData("a comment in the file of the diagnostics, below them")]
    public void UnrelatedEditLeavesEveryStepCached(string edit)
    {
        (GeneratorRunResult first, GeneratorRunResult second) = RunTwice(sources =>
        {
            switch (edit)
            {
                case "another file": sources[1] = Other.Replace("2 * x", "x + x"); break;
                case "a comment at the end of a network's file": sources[0] += "\n// a comment\n"; break;
                case "a method body in the network class": sources[0] = sources[0].Replace("=> 1;", "=> 2;"); break;
                default: sources[3] += "\n// a comment\n"; break;
            }
        });

        foreach (string name in AllTrackingNames().Except(ByDesignModified))
        {
            AssertReasons(second, name, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        AssertReasons(second, TrackingNames.DiagnosticsWithCompilation, IncrementalStepRunReason.Modified);
        AssertSourceOutputs(second, IncrementalStepRunReason.Cached);
        Assert.Equal(first.GeneratedSources.Select(s => s.SourceText.ToString()), second.GeneratedSources.Select(s => s.SourceText.ToString()));
        Assert.Equal(first.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
    }

    [Fact]
    public void ACommentAboveTheDiagnosticsMovesThemAndNothingElse()
    {
        // The diagnostics' spans change, so the parse results holding them do; the models and sources do not.
        (GeneratorRunResult first, GeneratorRunResult second) = RunTwice(sources => sources[3] = "// a comment\n" + sources[3]);
        AssertReasons(second, TrackingNames.Diagnostics, IncrementalStepRunReason.Modified);
        foreach (string name in new[] { TrackingNames.Models, TrackingNames.Plans, TrackingNames.HintNames, TrackingNames.HintNameClashes, TrackingNames.PlansToEmit })
        {
            AssertReasons(second, name, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        AssertSourceOutputs(second, IncrementalStepRunReason.Cached);
        Assert.Equal(
            first.Diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line + 1),
            second.Diagnostics.Select(d => d.Location.GetLineSpan().StartLinePosition.Line));
    }

    [Fact]
    public void LayerSizeEditGivesModifiedModelAndNewCode()
    {
        (_, GeneratorRunResult second) = RunTwice(sources => sources[0] = sources[0].Replace("\"hidden\", 4", "\"hidden\", 5"));

        AssertReasons(second, TrackingNames.Parse, IncrementalStepRunReason.Modified, IncrementalStepRunReason.Unchanged);
        Assert.Single(Outputs(second, TrackingNames.Models), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(Outputs(second, TrackingNames.Plans), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(2, Outputs(second, TrackingNames.Plans).Count(o => o.Reason == IncrementalStepRunReason.Cached));
        Assert.Single(Outputs(second, TrackingNames.PlansToEmit), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Equal(2, Outputs(second, TrackingNames.PlansToEmit).Count(o => o.Reason == IncrementalStepRunReason.Cached));
        Assert.Single(SourceOutputs(second, TrackingNames.PlansToEmit), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Single(Outputs(second, TrackingNames.ModelsWithTarget), o => o.Reason == IncrementalStepRunReason.Modified);
        AssertReasons(second, TrackingNames.Target, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);

        // The hint names and the diagnostics are the same, so everything after them stays cached.
        foreach (string name in new[] { TrackingNames.HintNames, TrackingNames.AllHintNames, TrackingNames.HintNameClashes, TrackingNames.Diagnostics, TrackingNames.OrphanAttributes })
        {
            AssertReasons(second, name, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        string source = second.GeneratedSources.Single(s => s.HintName == "Samples.XorNet.g.cs").SourceText.ToString();
        Assert.Contains("public const int ParameterCount = 15;", source);
    }

    [Fact]
    public void ABrokenNetworkRemovesItsSourceAndReportsOnlyThat()
    {
        (_, GeneratorRunResult second) = RunTwice(sources => sources[0] = sources[0].Replace("\"hidden\", 4, Activation.Sigmoid", "\"hidden\", 4, (Activation)9"));

        Assert.Single(Outputs(second, TrackingNames.Models), o => o.Reason == IncrementalStepRunReason.Removed);
        AssertReasons(second, TrackingNames.Diagnostics, IncrementalStepRunReason.Modified);
        Assert.Equal(2, SourceOutputs(second, TrackingNames.PlansToEmit).Count(o => o.Reason == IncrementalStepRunReason.Cached));
        Assert.DoesNotContain(second.GeneratedSources, s => s.HintName == "Samples.XorNet.g.cs");
        Assert.Contains(second.Diagnostics, d => d.Id == "BPG005");
    }

    [Fact]
    public void ANewNetworkElsewhereLeavesTheOthersCached()
    {
        // Adding a network changes the collected hint names, but not the (empty) set of clashes. (Roslyn compares a
        // step's entries by position: a network inserted in a file before the others' would shift them and make
        // them re-run, as Modified with equal text; one added after them, as here, leaves them Cached.)
        (_, GeneratorRunResult second) = RunTwice(sources => sources[4] = sources[4] + "\n[BackpropGen.Network, BackpropGen.Input(\"x\", 1), BackpropGen.Dense(\"o\", 1, BackpropGen.Activation.Identity)]\npublic partial class Added { }");

        AssertReasons(second, TrackingNames.AllHintNames, IncrementalStepRunReason.Modified);
        AssertReasons(second, TrackingNames.HintNameClashes, IncrementalStepRunReason.Unchanged);
        Assert.Equal(3, SourceOutputs(second, TrackingNames.PlansToEmit).Count(o => o.Reason == IncrementalStepRunReason.Cached));
        Assert.Single(SourceOutputs(second, TrackingNames.PlansToEmit), o => o.Reason == IncrementalStepRunReason.New);
    }

    /// <summary>Runs the driver over XOR, another file, the family network and <see cref="WithDiagnostics"/>, edits, runs again.</summary>
    private static (GeneratorRunResult First, GeneratorRunResult Second) RunTwice(Action<string[]> edit)
    {
        string[] sources = { Xor, Other, Networks.TwoInputs, WithDiagnostics, "namespace Samples; public partial class Plain { }" };
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(sources);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        GeneratorRunResult first = driver.GetRunResult().Results.Single();

        string[] edited = (string[])sources.Clone();
        edit(edited);
        for (int index = 0; index < sources.Length; index++)
        {
            if (edited[index] != sources[index])
            {
                SyntaxTree old = compilation.SyntaxTrees[index];
                compilation = compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(edited[index], GeneratorHarness.ParseOptions, old.FilePath));
            }
        }

        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Null(second.Exception);
        return (first, second);
    }

    /// <summary>
    /// Every named step except those that run only for a [BakedWeights] network with its weights file: these
    /// networks are declared without one, and BakedWeightsTests tests the baking steps' cache.
    /// </summary>
    internal static string[] AllTrackingNames() =>
        typeof(NetworkGenerator).Assembly.GetType("BackpropGen.Generator.TrackingNames")!
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetValue(null)!)
            .Except(BakingSteps)
            .ToArray();

    internal static readonly string[] BakingSteps =
        {
            TrackingNames.BakeRequests, TrackingNames.WeightsReferences, TrackingNames.WeightsFiles, TrackingNames.Bake, TrackingNames.BakedModels,
            TrackingNames.BakedModelsWithTarget,

            // The ONNX import's steps run only for an [OnnxModel] class; tests/BackpropGen.Onnx.Tests/CacheTests.cs tests their cache.
            TrackingNames.OnnxParse, TrackingNames.OnnxFiles, TrackingNames.OnnxImport, TrackingNames.OnnxModels, TrackingNames.OnnxModelsWithTarget,
        };

    private static List<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRunResult result, string name)
    {
        Assert.True(result.TrackedSteps.ContainsKey(name), $"step {name} did not run");
        return result.TrackedSteps[name].SelectMany(s => s.Outputs).ToList();
    }

    private static void AssertReasons(GeneratorRunResult result, string name, params IncrementalStepRunReason[] allowed)
    {
        var outputs = Outputs(result, name);
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.True(allowed.Contains(o.Reason), $"step {name} was {o.Reason}, expected {string.Join(" or ", allowed)}"));
    }

    /// <summary>The source-output steps fed by the named step.</summary>
    private static List<(object Value, IncrementalStepRunReason Reason)> SourceOutputs(GeneratorRunResult result, string input) =>
        result.TrackedOutputSteps.SelectMany(s => s.Value)
            .Where(step => step.Inputs.Any(i => i.Source.Name == input))
            .SelectMany(step => step.Outputs)
            .ToList();

    /// <summary>Every output fed by the models has the reason; the diagnostic output, fed by the compilation, runs by design.</summary>
    private static void AssertSourceOutputs(GeneratorRunResult result, IncrementalStepRunReason reason)
    {
        var outputs = SourceOutputs(result, TrackingNames.PlansToEmit);
        Assert.Equal(3, outputs.Count);
        Assert.All(outputs, o => Assert.Equal(reason, o.Reason));
        Assert.All(SourceOutputs(result, TrackingNames.DiagnosticsWithCompilation), o => Assert.Equal(IncrementalStepRunReason.Modified, o.Reason));
    }
}
