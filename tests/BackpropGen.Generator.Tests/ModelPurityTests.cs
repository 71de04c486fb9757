using System.Collections;
using System.Reflection;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator.Tests;

/// <summary>The model must be plain data: no Roslyn object that would pin a compilation or defeat the cache.</summary>
public class ModelPurityTests
{
    private static readonly Type[] Forbidden = Purity.Forbidden;

    [Fact]
    public void NoRoslynObjectIsReachableFromAParsedModel()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.TwoInputs, Networks.Xor.Replace("partial class XorNet", "class XorNet"));
        var outputs = run.Result.Results.Single().TrackedSteps[TrackingNames.Parse]
            .SelectMany(step => step.Outputs).Select(o => o.Value).ToList();
        Assert.Equal(2, outputs.Count);
        Assert.Contains(outputs, o => o is ParseResult { Model: not null });
        Assert.Contains(outputs, o => o is ParseResult { Model: null, Diagnostics.Count: > 0 });
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (object output in outputs)
        {
            Walk(output, "ParseResult", seen);
        }
    }

    [Fact]
    public void NoRoslynObjectIsReachableFromAPlan()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.TwoInputs, Networks.Classifier, LargeNetworkTests.Source);
        var plans = run.Result.Results.Single().TrackedSteps[TrackingNames.Plans]
            .SelectMany(step => step.Outputs).Select(o => o.Value).ToList();
        Assert.Equal(14, plans.Count);
        Assert.All(plans, plan => Assert.IsType<BackpropGen.Generator.Plan.NetworkPlan>(plan));
        Assert.Contains(plans, plan => plan is BackpropGen.Generator.Plan.NetworkPlan { PassInOneMethod: false, Parts.Count: > 10 });
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (object plan in plans)
        {
            Walk(plan, "NetworkPlan", seen);
        }
    }

    /// <summary>
    /// Every value every named step holds between runs: parse results, models, hint names and their clashes, the
    /// model/clash pairs, orphan diagnostics and the collected diagnostics. Only the last step,
    /// <see cref="TrackingNames.DiagnosticsWithCompilation"/>, holds the compilation, by design, to find trees.
    /// </summary>
    [Fact]
    public void NoRoslynObjectIsReachableFromAnyStepButTheCompilationCombine()
    {
        GeneratorRun run = GeneratorHarness.Run(
            Networks.TwoInputs,
            Networks.Xor.Replace("partial class XorNet", "class XorNet"),
            "using BackpropGen;\nnamespace Samples;\n[Network, Input(\"x\", 1), Input(\"y\", 1), Dense(\"o\", 1, Activation.Tanh, From = new[] { \"x\" })] partial class Net { }\n"
                + "[Network, Input(\"x\", 1), Dense(\"o\", 1, Activation.Tanh)] partial class NET { }\n[Input(\"x\", 1)] partial class Orphan { }\n[Recurrent(\"r\", 1, Activation.Tanh)] partial class OrphanRecurrent { }");
        GeneratorRunResult result = run.Result.Results.Single();
        Assert.Contains(result.GeneratedSources, s => s.HintName.StartsWith("Samples.NET.", StringComparison.Ordinal) && s.HintName != "Samples.NET.g.cs");
        Assert.Contains(result.Diagnostics, d => d.Id == "BPG020");
        Assert.Contains(result.Diagnostics, d => d.Id == "BPG016");

        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (string name in CacheTests.AllTrackingNames().Where(n => n != TrackingNames.DiagnosticsWithCompilation))
        {
            var outputs = result.TrackedSteps[name].SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            foreach ((object value, _) in outputs)
            {
                Walk(value, name, seen);
            }
        }
    }

    [Fact]
    public void TheWalkFindsTheCompilationWhereItIsByDesign()
    {
        // A control: the walk does see Roslyn objects, in the one step that holds one.
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor);
        object value = run.Result.Results.Single().TrackedSteps[TrackingNames.DiagnosticsWithCompilation].Single().Outputs.Single().Value;
        var failure = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => Walk(value, TrackingNames.DiagnosticsWithCompilation, new HashSet<object>(ReferenceEqualityComparer.Instance)));
        Assert.Contains("Compilation", failure.Message);
    }

    [Fact]
    public void NoModelTypeDeclaresARoslynField()
    {
        Type[] modelTypes = typeof(NetworkModel).Assembly.GetTypes()
            .Where(t => t.Namespace == typeof(NetworkModel).Namespace || t.Namespace == typeof(BackpropGen.Generator.Plan.NetworkPlan).Namespace).ToArray();
        Assert.Contains(modelTypes, t => t == typeof(BackpropGen.Generator.Plan.NetworkPlan));
        Assert.NotEmpty(modelTypes);
        foreach (Type type in modelTypes)
        {
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                Assert.False(Forbidden.Any(f => f.IsAssignableFrom(field.FieldType)), $"{type.Name}.{field.Name} is a {field.FieldType.Name}");
            }
        }
    }

    /// <summary>Fails if a Roslyn object is reachable from any of <paramref name="values"/>.</summary>
    internal static void AssertPlain(IEnumerable<object> values) => Purity.AssertPlain(values);

    private static void Walk(object? value, string path, HashSet<object> seen) => Purity.Walk(value, path, seen);
}
