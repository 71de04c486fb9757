using BackpropGen.Generator;
using BackpropGen.Generator.Tests;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Onnx.Tests;

/// <summary>
/// The ONNX import's named steps: an unrelated edit leaves them Cached or Unchanged (and the generated source
/// Cached); a new .onnx file re-imports the class (Modified) and nothing else.
/// </summary>
public class CacheTests
{
    private static readonly string[] OnnxSteps = { TrackingNames.OnnxParse, TrackingNames.OnnxFiles, TrackingNames.OnnxImport, TrackingNames.OnnxModels };

    private const string Imported = "using BackpropGen;\nnamespace C;\n[OnnxModel(\"m.onnx\")]\npublic partial class M\n{\n    public int Helper() => 1;\n}\n";

    private const string Other = "namespace C;\npublic static class Other { public static int Twice(int x) => 2 * x; }\n";

    [Fact]
    public void UnrelatedEditLeavesTheImportCached()
    {
        byte[] model = GraphBuilder.Mlp().Output("h:x").Build();
        (GeneratorDriver driver, CSharpCompilation compilation, _) = First(model);
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[1], CSharpSyntaxTree.ParseText(Other.Replace("2 * x", "x + x", StringComparison.Ordinal), GeneratorHarness.ParseOptions, compilation.SyntaxTrees[1].FilePath));
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees[0], CSharpSyntaxTree.ParseText(Imported.Replace("=> 1;", "=> 2;", StringComparison.Ordinal), GeneratorHarness.ParseOptions, compilation.SyntaxTrees[0].FilePath));
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        foreach (string step in OnnxSteps)
        {
            Assert.True(second.TrackedSteps.ContainsKey(step), $"step {step} did not run");
            Assert.All(second.TrackedSteps[step].SelectMany(s => s.Outputs), o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"step {step} was {o.Reason}"));
        }

        // The imported class's source output (the diagnostics' output re-runs on every edit by design).
        var outputs = second.TrackedOutputSteps.SelectMany(s => s.Value).Where(s => s.Inputs.Any(i => i.Source.Name == TrackingNames.OnnxModelsWithTarget)).SelectMany(s => s.Outputs).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    [Fact]
    public void ANewModelFileReimportsTheClass()
    {
        (GeneratorDriver driver, CSharpCompilation compilation, AdditionalText text) = First(GraphBuilder.Mlp().Output("h:x").Build());
        byte[] changed = GraphBuilder.Mlp().Node("Sigmoid", new[] { "h:x" }, new[] { "h" }).Output("h").Build();
        driver = driver.ReplaceAdditionalText(text, OnnxFiles.Armored("/p/m.onnx", changed));
        GeneratorRunResult second = driver.RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Contains(second.TrackedSteps[TrackingNames.OnnxImport].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains("sigmoid", second.GeneratedSources.Single().SourceText.ToString(), StringComparison.Ordinal);
        Assert.All(second.TrackedSteps[TrackingNames.OnnxParse].SelectMany(s => s.Outputs), o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
    }

    /// <summary>
    /// The pipeline's shape keeps the import linear in the number of [OnnxModel] classes: each file is decoded once, each
    /// class imported once, and a class's source output depends on its own import only. When the per-class results were
    /// collected into one array and fanned out again, every output depended on every import (each on every file), and the
    /// driver's step tracking walked N³ steps: 18 classes took 5 s, 72 took 42 s. Counted here, not timed.
    /// </summary>
    [Fact]
    public void EachClassOutputDependsOnItsOwnImportOnly()
    {
        const int classes = 6;
        byte[] model = GraphBuilder.Mlp().Output("h:x").Build();
        var source = new System.Text.StringBuilder("using BackpropGen;\nnamespace Many;\n");
        var files = new List<AdditionalText>();
        for (int k = 0; k < classes; k++)
        {
            source.Append("[OnnxModel(\"m").Append(k).Append(".onnx\")] public partial class M").Append(k).Append(" { }\n");
            files.Add(OnnxFiles.Armored("/p/m" + k + ".onnx", model));
        }

        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(source.ToString());
        GeneratorRunResult result = GeneratorHarness.CreateDriver(files.ToArray()).RunGenerators(compilation).GetRunResult().Results.Single();
        Assert.Equal(classes, result.GeneratedSources.Length);
        Assert.Equal(classes, result.TrackedSteps[TrackingNames.OnnxFiles].Length);
        Assert.Equal(classes, result.TrackedSteps[TrackingNames.OnnxImport].Length);

        var outputs = result.TrackedOutputSteps.SelectMany(s => s.Value).Where(s => s.Inputs.Any(i => i.Source.Name == TrackingNames.OnnxModelsWithTarget)).ToList();
        Assert.Equal(classes, outputs.Count);
        foreach (IncrementalGeneratorRunStep output in outputs)
        {
            var reached = new HashSet<IncrementalGeneratorRunStep>();
            var pending = new Stack<IncrementalGeneratorRunStep>();
            pending.Push(output);
            while (pending.Count > 0)
            {
                foreach ((IncrementalGeneratorRunStep input, _) in pending.Pop().Inputs)
                {
                    if (reached.Add(input))
                    {
                        pending.Push(input);
                    }
                }
            }

            Assert.Single(reached, s => s.Name == TrackingNames.OnnxImport);
        }
    }

    private static (GeneratorDriver Driver, CSharpCompilation Compilation, AdditionalText Text) First(byte[] model)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Imported, Other);
        AdditionalText text = OnnxFiles.Armored("/p/m.onnx", model);
        GeneratorDriver driver = GeneratorHarness.CreateDriver(text).RunGenerators(compilation);
        Assert.Single(driver.GetRunResult().Results.Single().GeneratedSources);
        return (driver, compilation, text);
    }
}
