using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Generator.Tests;

/// <summary>The pipeline is incremental: edits that do not change a network leave its steps cached.</summary>
public class CacheTests
{
    private const string Other = "namespace Samples; public static class Helper { public static int Twice(int x) => 2 * x; }";

    [Theory]
    [InlineData("another file", "Other")]
    [InlineData("a comment", "Comment")]
    [InlineData("a method body in the network class", "MethodBody")]
    public void UnrelatedEditLeavesEveryStepCached(string what, string edit)
    {
        _ = what;
        string network = Networks.Xor.Replace("public partial class XorNet\n{\n}", "public partial class XorNet\n{\n    public int Helper() => 1;\n}");
        Assert.Contains("Helper()", network);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(network, Other);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        CSharpCompilation edited = edit switch
        {
            "Other" => Replace(compilation, 1, Other.Replace("2 * x", "x + x")),
            "Comment" => Replace(compilation, 0, "// a comment\n" + network),
            _ => Replace(compilation, 0, network.Replace("=> 1;", "=> 2;")),
        };
        GeneratorDriverRunResult result = driver.RunGenerators(edited).GetRunResult();

        var steps = result.Results.Single().TrackedSteps;
        AssertAll(steps[TrackingNames.Models], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAll(steps[TrackingNames.Target], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        AssertAll(steps[TrackingNames.ModelsWithTarget], IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        Assert.All(result.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output step was {o.Reason}"));
    }

    [Fact]
    public void LayerSizeEditGivesModifiedModelAndNewCode()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Networks.Xor, Other);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        CSharpCompilation edited = Replace(compilation, 0, Networks.Xor.Replace("\"hidden\", 4", "\"hidden\", 5"));
        GeneratorDriverRunResult result = driver.RunGenerators(edited).GetRunResult();

        AssertAll(result.Results.Single().TrackedSteps[TrackingNames.Models], IncrementalStepRunReason.Modified);
        AssertAll(result.Results.Single().TrackedSteps[TrackingNames.ModelsWithTarget], IncrementalStepRunReason.Modified);
        string source = result.Results.Single().GeneratedSources.Single().SourceText.ToString();
        Assert.Contains("public const int ParameterCount = 15;", source);
    }

    private static CSharpCompilation Replace(CSharpCompilation compilation, int index, string text)
    {
        SyntaxTree old = compilation.SyntaxTrees[index];
        return compilation.ReplaceSyntaxTree(old, CSharpSyntaxTree.ParseText(text, GeneratorHarness.ParseOptions, old.FilePath));
    }

    private static void AssertAll(IEnumerable<IncrementalGeneratorRunStep> steps, params IncrementalStepRunReason[] allowed)
    {
        var outputs = steps.SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Contains(o.Reason, allowed));
    }
}
