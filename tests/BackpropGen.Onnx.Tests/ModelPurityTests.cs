using BackpropGen.Generator;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Tests;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Onnx.Tests;

/// <summary>
/// The ONNX import's steps hold plain data like the network pipeline's (the generator tests' ModelPurityTests): no
/// Roslyn object reachable from an import request, a decoded file, an imported <see cref="BakedNetworkModel"/>, the
/// <see cref="TargetModel"/> it is emitted for, or the diagnostics — for a class that imports, one whose file is
/// damaged, one whose file is missing and one that is not partial.
/// </summary>
public class ModelPurityTests
{
    private static readonly string[] OnnxSteps =
    {
        TrackingNames.OnnxParse, TrackingNames.OnnxFiles, TrackingNames.OnnxImport, TrackingNames.OnnxModels,
        TrackingNames.OnnxModelsWithTarget, TrackingNames.OnnxDiagnostics, TrackingNames.Target,
    };

    private const string Source = "using BackpropGen;\nnamespace P;\n"
        + "[OnnxModel(\"m.onnx\")] public partial class Good { }\n"
        + "[OnnxModel(\"bad.onnx\")] public partial class Damaged { }\n"
        + "[OnnxModel(\"missing.onnx\")] public partial class Missing { }\n"
        + "[OnnxModel(\"m.onnx\")] public class NotPartial { }\n";

    [Fact]
    public void NoRoslynObjectIsReachableFromAnyOnnxStep()
    {
        byte[] model = GraphBuilder.Mlp().Output("h:x").Build();
        AdditionalText[] files = { OnnxFiles.Armored("/p/m.onnx", model), OnnxFiles.Armored("/p/bad.onnx", model.AsSpan(0, model.Length / 2).ToArray()) };
        GeneratorRunResult result = GeneratorHarness.Run(new[] { Source }, files).Result.Results.Single();
        Assert.Single(result.GeneratedSources);
        foreach (string name in new[] { "Damaged", "Missing", "NotPartial" })
        {
            Assert.Contains(result.Diagnostics, d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'" + name + "'", StringComparison.Ordinal));
        }

        foreach (string step in OnnxSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} did not run");
        }

        List<object> values = Values(result, TrackingNames.OnnxParse);
        Assert.Contains(values, v => v is OnnxParseResult { Request: not null });
        Assert.Contains(values, v => v is OnnxParseResult { Request: null, Diagnostics.Count: > 0 });
        Assert.Contains(Values(result, TrackingNames.OnnxModels), v => v is BakedNetworkModel);
        Assert.Contains(Values(result, TrackingNames.Target), v => v is TargetModel);

        // Every named step of the run, the ONNX ones and the rest, but the one that holds the compilation by design.
        foreach (string step in result.TrackedSteps.Keys.Where(k => typeof(TrackingNames).GetField(k) is not null && k != TrackingNames.DiagnosticsWithCompilation))
        {
            Purity.AssertPlain(Values(result, step));
        }
    }

    private static List<object> Values(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Value).ToList();
}
