using System.Reflection;
using BackpropGen.Generator.Plan;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// <see cref="GeneratedNames"/> owns every name the generator writes into a network class: every member a compiled
/// class declares is one its plan lists, and every name a plan lists is reserved for the parser's clash check (BPG013);
/// the file's aliases never collide with the user's types.
/// </summary>
public class GeneratedNamesTests
{
    [Fact]
    public void EveryMemberOfAGeneratedClassIsListedByItsPlanAndReservedForTheClashCheck()
    {
        GeneratorRun run = GeneratorHarness.Run(LargeNetworkTests.Source, Networks.Classifier, Networks.TwoInputs, Networks.FamilyTreesSample());
        Assert.Empty(run.GeneratorDiagnostics);
        Assembly assembly = GeneratorHarness.Load(run.Output);
        var plans = run.Result.Results.Single().TrackedSteps[TrackingNames.Plans].SelectMany(s => s.Outputs).Select(o => (NetworkPlan)o.Value).ToList();
        Assert.Equal(15, plans.Count);
        Assert.Contains(plans, p => !p.PassInOneMethod);
        Assert.Contains(plans, p => p.Lanes512);
        foreach (NetworkPlan plan in plans)
        {
            string fullName = string.Join(".", new[] { plan.Model.Namespace }.Concat(plan.Model.ContainingTypes.Select(t => t.Name)).Where(n => n is not null))
                + (plan.Model.ContainingTypes.Count > 0 ? "+" : ".") + plan.Model.ClassName;
            Type type = assembly.GetType(plan.Model.ContainingTypes.Count > 0 ? fullName : plan.Model.Namespace + "." + plan.Model.ClassName)!;
            Assert.NotNull(type);
            string[] declared = type.GetMembers(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(m => m is not ConstructorInfo && !(m is MethodInfo { IsSpecialName: true }) && !m.Name.Contains('<') && !m.Name.Contains('.'))
                .Select(m => m.Name).Distinct().ToArray();
            Assert.Empty(declared.Except(plan.MemberNames));

            // The 512-bit members exactly where the plan says a 512-bit block can be taken (Planner.Takes512BitBlocks).
            Assert.Equal(plan.Lanes512, declared.Contains("AccumulateLanes512"));
            Assert.Equal(plan.Lanes512, plan.MemberNames.Contains("AccumulateLanes512"));
            Assert.Equal(plan.VectorMath && plan.Model.ParameterCount >= 16, plan.Lanes512);
            string[] layers = plan.Model.Layers.Select(l => l.Name).ToArray();
            Assert.All(plan.MemberNames, name => Assert.True(GeneratedNames.IsReserved(name, layers), $"{name} of {type.Name} is not reserved"));
        }
    }

    [Theory]
    [InlineData("public void Forward_hidden_0() { }")]
    [InlineData("public void Delta_hidden_12() { }")]
    [InlineData("public void Gradient_output_0() { }")]
    [InlineData("public void OutputError() { }")]
    [InlineData("private int _laneMask;")]
    public void AMemberWithTheNameOfAPartMethodOrTheLaneMaskIsBPG013(string member)
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor.Replace("public partial class XorNet\n{\n}", "public partial class XorNet\n{\n    " + member + "\n}", StringComparison.Ordinal));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "BPG013");
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void AMemberNamedLikeAPartOfNoLayerIsFree()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor.Replace("public partial class XorNet\n{\n}", "public partial class XorNet\n{\n    public void Forward_other_0() { }\n    public void Forward_hidden_x() { }\n}", StringComparison.Ordinal));
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void UserTypesNamedLanesAndLaneMathInTheNetworksNamespaceCompile()
    {
        const string UserTypes = """
            namespace Samples
            {
                public sealed class Lanes { }

                public static class LaneMath { public static int Exp(int x) => x; }

                public sealed class BackpropGenLanes { }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor, Networks.Classifier, UserTypes);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        string source = run.Source("Samples.XorNet.g.cs");
        Assert.Contains("using BackpropGenLanes2 = global::System.Numerics.Vector<double>;", source);
        Assert.Contains("using BackpropGenLaneMath = global::System.Numerics.Vector;", source);
        Assert.Contains("x_hidden_0 = BackpropGenLaneMath.MultiplyAddEstimate(input[0], new BackpropGenLanes2(w[0]), x_hidden_0);", source);

        // And the SIMD path still runs and agrees with the scalar one.
        Assembly assembly = GeneratorHarness.Load(run.Output);
        Type type = assembly.GetType("Samples.Classifier")!;
        var net = (INetwork<double>)Activator.CreateInstance(type)!;
        net.Initialize(1, 1.0);
        var data = new DataSet<double>(new double[16 * 4].Select((_, k) => Math.Sin(k)).ToArray(), 4, Enumerable.Range(0, 16 * 3).Select(k => k % 3 == k / 3 % 3 ? 1.0 : 0.0).ToArray(), 3);
        MethodInfo accumulate = type.GetMethod("AccumulateBatch")!;
        net.ClearGradients();
        double simd = (double)accumulate.Invoke(net, new object[] { data })!;
        double[] simdGradients = net.Gradients.ToArray();
        // 16 cases: the 512-bit path where the hardware has it (and LaneWidth allows it), else Vector<T>'s.
        string lanes = LaneWidth.Lanes<double>() == System.Numerics.Vector<double>.Count ? "_gradientLanes" : "_gradientLanes512";
        Assert.NotNull(type.GetField(lanes, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(net)); // 43 parameters: a lane buffer
        type.GetProperty("VectorizeAcrossPatterns")!.SetValue(net, false);
        net.ClearGradients();
        Assert.Equal((double)accumulate.Invoke(net, new object[] { data })!, simd, 10);
        Assert.Equal(net.Gradients.ToArray(), simdGradients, (a, b) => Math.Abs(a - b) <= 1e-10 * (1 + Math.Abs(a)));
    }

    [Fact]
    public void AMemberNamedLanesInTheClassOrItsContainingTypeMovesTheAliasToo()
    {
        const string Nested = """
            using BackpropGen;

            namespace Samples;

            public partial class Outer
            {
                public int LaneMath => 1;

                [Network(Precision = Precision.Double)]
                [Input("x", 2)]
                [Dense("output", 2, Activation.Sigmoid)]
                public partial class Inner
                {
                    public static string Lanes => "mine";
                }
            }
            """;
        GeneratorRun run = GeneratorHarness.Run(Nested);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Contains("using BackpropGenLanes = ", run.Source("Samples.Outer.Inner.g.cs"));
        Assert.Contains("using BackpropGenLaneMath = ", run.Source("Samples.Outer.Inner.g.cs"));
    }
}
