using System.Reflection;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// <see cref="GeneratedNames"/> owns every name the generator writes into a network class: every member a compiled
/// class declares is one its plan lists, and every name a plan lists is reserved for the parser's clash check (BPG013);
/// the file's aliases never collide with the user's types.
/// </summary>
public class GeneratedNamesTests
{
    /// <summary>
    /// The corpus the two tests below read: every kind of class the generator writes — layered (one method and cut into
    /// parts, looping layers, 512-bit lanes, softmax, nested containing types), recurrent (one method, cut into parts,
    /// learned initial state) and baked (each form) — with <paramref name="more"/> sources beside it.
    /// </summary>
    private static GeneratorRun RunCorpus(params string[] more)
    {
        const string Recurrent = """
            using BackpropGen;
            namespace Recurrent;
            [Network(TimeSteps = 8, Precision = Precision.Double, Loss = Loss.BinaryCrossEntropy)]
            [Input("bits", 2)]
            [Recurrent("carry", 16, Activation.Tanh)]
            [Dense("sum", 1, Activation.Sigmoid)]
            public partial class Adder { }

            [Network(TimeSteps = 3, Precision = Precision.Single)]
            [Input("x", 2)]
            [Recurrent("h", 3, Activation.Tanh, InitialState = InitialState.Learned)]
            [Dense("y", 1, Activation.Sigmoid)]
            public partial class WithStart { }
            """;
        // The baked XOR in both forms (FoldedConstants, LiteralArray).
        string baked = BakedWeightsTests.BakedXor + BakedWeightsTests.BakedXor.Replace("using BackpropGen;", "", StringComparison.Ordinal).Replace("namespace Samples;", "", StringComparison.Ordinal)
            .Replace("class BakedXor", "class BakedXorLiteralArray", StringComparison.Ordinal).Replace("[BakedWeights(\"xor.bpgw\")]", "[BakedWeights(\"xor.bpgw\", Form = BakedWeightsForm.LiteralArray)]", StringComparison.Ordinal);
        string[] sources = new[] { Networks.Xor, Networks.Classifier, Networks.TwoInputs, LargeNetworkTests.Source, RecurrentTests.ElmanSource, Recurrent, baked }.Concat(more).ToArray();
        return GeneratorHarness.Run(sources, new[] { BakedWeightsTests.Armor("xor.bpgw", BakedWeightsTests.XorFile()) });
    }

    /// <summary>Every network the corpus run parsed, and the names of the members its generated class declares (read from the generated syntax tree).</summary>
    private static List<(NetworkModel Model, string[] Members)> DeclaredMembers(GeneratorRun run)
    {
        GeneratorRunResult result = run.Result.Results.Single();
        var declared = new List<(NetworkModel, string[])>();
        foreach (NetworkModel model in result.TrackedSteps[TrackingNames.Parse].SelectMany(s => s.Outputs).Select(o => ((ParseResult)o.Value).Model).OfType<NetworkModel>())
        {
            SyntaxTree tree = result.GeneratedSources.Single(s => s.HintName == model.HintName).SyntaxTree;
            ClassDeclarationSyntax type = tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>().Single(c => c.Identifier.Text == model.ClassName);
            declared.Add((model, type.Members.SelectMany(Names).Distinct().ToArray()));
        }

        return declared;

        static IEnumerable<string> Names(MemberDeclarationSyntax member) => member switch
        {
            MethodDeclarationSyntax { ExplicitInterfaceSpecifier: null } m => new[] { m.Identifier.Text },
            PropertyDeclarationSyntax { ExplicitInterfaceSpecifier: null } p => new[] { p.Identifier.Text },
            BaseFieldDeclarationSyntax f => f.Declaration.Variables.Select(v => v.Identifier.Text),
            BaseTypeDeclarationSyntax t => new[] { t.Identifier.Text },
            DelegateDeclarationSyntax d => new[] { d.Identifier.Text },
            _ => Array.Empty<string>(), // constructors, explicit interface implementations, operators: no name of their own to clash
        };
    }

    private static readonly Lazy<(GeneratorRun Run, List<(NetworkModel Model, string[] Members)> Declared)> Corpus = new(() =>
    {
        GeneratorRun run = RunCorpus();
        return (run, DeclaredMembers(run));
    });

    [Fact]
    public void EveryMemberTheGeneratedCodeDeclaresIsReservedForItsNetworkAndListedByItsPlan()
    {
        (GeneratorRun run, var declared) = Corpus.Value;
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(20, declared.Count);
        var all = declared.SelectMany(d => d.Members).ToHashSet();
        // The corpus holds each kind of member: part methods of both emitters, 512-bit lanes, baked and recurrent members.
        Assert.Contains("AccumulateLanes512", all);
        Assert.Contains(all, name => name.StartsWith("Gradient_", StringComparison.Ordinal));
        Assert.Contains("ForwardPart1", all);
        Assert.Contains("AccumulatePart1", all);
        Assert.Contains("HInitialState", all);
        Assert.Contains("_timeScratch", all);
        Assert.Contains("ForwardBatch", all);
        var unreserved = declared.SelectMany(d => d.Members.Where(name => !GeneratedNames.IsReserved(name, d.Model.Layers.Select(l => l.Name))).Select(name => d.Model.ClassName + "." + name));
        Assert.Empty(unreserved); // a user member of such a name would get CS0102, not BPG013

        // A layered class declares what its plan lists, and its 512-bit members exactly where the plan says a 512-bit
        // block can be taken (Planner.Takes512BitBlocks). (A recurrent class's members come from the time emitter's plan.)
        var plans = run.Result.Results.Single().TrackedSteps[TrackingNames.Plans].SelectMany(s => s.Outputs).Select(o => (NetworkPlan)o.Value).Where(p => !p.Model.IsRecurrent).ToList();
        Assert.Equal(15, plans.Count);
        Assert.Contains(plans, p => !p.PassInOneMethod);
        Assert.Contains(plans, p => p.Lanes512);
        foreach (NetworkPlan plan in plans)
        {
            string[] members = declared.Single(d => d.Model == plan.Model).Members;
            Assert.Empty(members.Except(plan.MemberNames));
            Assert.Equal(plan.Lanes512, members.Contains("AccumulateLanes512"));
            Assert.Equal(plan.Lanes512, plan.MemberNames.Contains("AccumulateLanes512"));
            Assert.Equal(plan.VectorMath && plan.Model.ParameterCount >= 16, plan.Lanes512);
            string[] layers = plan.Model.Layers.Select(l => l.Name).ToArray();
            Assert.All(plan.MemberNames, name => Assert.True(GeneratedNames.IsReserved(name, layers), $"{name} of {plan.Model.ClassName} is not reserved"));
        }
    }

    /// <summary>
    /// The planner lists the spans each generated method reads (<c>SpanUse</c>: Forward's, the pass's, each part's) and the
    /// emitter declares exactly those before the statements; the statements name the units themselves. The two cannot
    /// drift apart unseen: a span read but not declared does not compile (every compiled test), and a span declared but
    /// not read fails here, for every method of the corpus's layered and baked classes (and an <c>input = input.Slice(…)</c>
    /// not read after it). (A recurrent class's spans come from the time emitter's own plan, not from SpanUse: its parts
    /// cut into methods still declare g and target where some part reads neither; left for its owner.)
    /// </summary>
    [Fact]
    public void EverySpanAGeneratedMethodDeclaresIsReadInIt()
    {
        var unread = new List<string>();
        var layered = Corpus.Value.Declared.Where(d => !d.Model.IsRecurrent).Select(d => d.Model.HintName).ToHashSet();
        Assert.Equal(17, layered.Count);
        foreach (SyntaxTree tree in Corpus.Value.Run.Result.Results.Single().GeneratedSources.Where(s => layered.Contains(s.HintName)).Select(s => s.SyntaxTree))
        {
            foreach (BlockSyntax body in tree.GetRoot().DescendantNodes().OfType<BlockSyntax>().Where(b => b.Parent is MethodDeclarationSyntax or LocalFunctionStatementSyntax))
            {
                // Where each name is last used in the method.
                var lastUse = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (IdentifierNameSyntax identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    lastUse[identifier.Identifier.Text] = identifier.SpanStart;
                }

                string method = body.Parent is MethodDeclarationSyntax m ? m.Identifier.Text : ((LocalFunctionStatementSyntax)body.Parent!).Identifier.Text;
                IEnumerable<(string Name, int End)> spans = body.DescendantNodes().OfType<LocalDeclarationStatementSyntax>()
                    .Where(d => d.Declaration.Type.ToString().Contains("Span<", StringComparison.Ordinal))
                    .SelectMany(d => d.Declaration.Variables.Select(v => (v.Identifier.Text, v.Span.End)))
                    .Concat(body.DescendantNodes().OfType<AssignmentExpressionSyntax>()
                        .Where(a => a.Left is IdentifierNameSyntax { Identifier.Text: "input" or "target" } && a.Right.ToString().Contains(".Slice(0, ", StringComparison.Ordinal))
                        .Select(a => (((IdentifierNameSyntax)a.Left).Identifier.Text, a.Span.End)));
                foreach ((string name, int end) in spans)
                {
                    if (!lastUse.TryGetValue(name, out int last) || last < end)
                    {
                        unread.Add(Path.GetFileName(tree.FilePath) + " " + method + ": " + name);
                    }
                }
            }
        }

        Assert.True(unread.Count == 0, "declared, never read: " + string.Join("; ", unread.Distinct()));
    }

    [Fact]
    public void AUserMemberWithTheNameOfAnyMemberTheGeneratorDeclaresIsBPG013()
    {
        var declared = Corpus.Value.Declared;

        // Each class gets a second partial declaration holding a field of every name its generated code declares.
        var user = new System.Text.StringBuilder();
        foreach ((NetworkModel model, string[] members) in declared)
        {
            user.Append("namespace ").Append(model.Namespace).Append(" {\n");
            foreach (ContainingTypeModel outer in model.ContainingTypes)
            {
                user.Append("partial ").Append(outer.Keyword).Append(' ').Append(outer.Name).Append(" {\n");
            }

            user.Append("partial class ").Append(model.ClassName).Append(" {\n");
            foreach (string name in members)
            {
                user.Append("private int ").Append(name).Append(";\n");
            }

            user.Append('}', model.ContainingTypes.Count + 2).Append('\n');
        }

        GeneratorRun run = RunCorpus(user.ToString());
        Assert.Empty(run.Result.GeneratedTrees);
        var reported = run.GeneratorDiagnostics.Where(d => d.Id == "BPG013")
            .Select(d => (Class: d.Location.SourceTree!.GetRoot().FindNode(d.Location.SourceSpan).FirstAncestorOrSelf<ClassDeclarationSyntax>()!.Identifier.Text, Name: d.Location.SourceTree.GetText().ToString(d.Location.SourceSpan)))
            .ToHashSet();
        Assert.Empty(declared.SelectMany(d => d.Members.Where(name => !reported.Contains((d.Model.ClassName, name))).Select(name => d.Model.ClassName + "." + name)));
    }

    [Theory]
    [InlineData("public void Forward_hidden_0() { }")]
    [InlineData("public void Delta_hidden_12() { }")]
    [InlineData("public void Gradient_output_0() { }")]
    [InlineData("public void OutputError() { }")]
    [InlineData("private int _laneMask;")]
    [InlineData("private static int ParametersArray;")] // a baked class with looping layers or kernels
    [InlineData("private int _timeScratch;")] // the recurrent emitter's, reserved whatever the net
    [InlineData("public void ForwardPart0() { }")]
    [InlineData("public void AccumulateLanes512Part12() { }")]
    [InlineData("public int HiddenInitialState => 0;")]
    public void AMemberWithTheNameOfAPartMethodOrAFieldIsBPG013(string member)
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor.Replace("public partial class XorNet\n{\n}", "public partial class XorNet\n{\n    " + member + "\n}", StringComparison.Ordinal));
        Assert.Contains(run.GeneratorDiagnostics, d => d.Id == "BPG013");
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void AMemberNamedLikeAPartOfNoLayerIsFree()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor.Replace("public partial class XorNet\n{\n}", "public partial class XorNet\n{\n    public void Forward_other_0() { }\n    public void Forward_hidden_x() { }\n    public void ForwardPart() { }\n    public void AccumulatePart1x() { }\n    public int OtherInitialState => 0;\n    public int HiddenWeightsX => 0;\n    public int hiddenWeights => 0;\n    public void Forward_hidden_() { }\n}", StringComparison.Ordinal));
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
        Assert.Contains("x_hidden_0 = BackpropGenLaneMath.MultiplyAddEstimate(input[0], BackpropGenLaneMath.Create(w[0]), x_hidden_0);", source);

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
