namespace BackpropGen.Generator.Tests;

public class SnapshotTests
{
    [Fact]
    public void XorNetwork()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Snapshot.Verify(run.Source("Samples.XorNet.g.cs"), "XorNet");
    }

    [Fact]
    public void TwoInputGroupsMeetingInACentralLayer()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.TwoInputs);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Snapshot.Verify(run.Source("Samples.Nested.Outer.Family.g.cs"), "Family");
    }

    [Fact]
    public void FamilyTreesNetworkOfThePaper()
    {
        // samples/FamilyTrees as declared: person 24 → 6, relationship 12 → 6, both → 12 → 6 → 24.
        GeneratorRun run = GeneratorHarness.Run(Networks.FamilyTreesSample());
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Snapshot.Verify(run.Source("FamilyTrees.FamilyTreesNet.g.cs"), "FamilyTreesNet");
    }

    [Fact]
    public void SameInputGivesSameBytes()
    {
        string first = GeneratorHarness.Run(Networks.TwoInputs).Source("Samples.Nested.Outer.Family.g.cs");
        string second = GeneratorHarness.Run(Networks.TwoInputs).Source("Samples.Nested.Outer.Family.g.cs");
        Assert.Equal(first, second);
    }

    [Fact]
    public void GeneratedCodeReadsEveryWeightAtAConstantIndexWithNoLoops()
    {
        string source = GeneratorHarness.Run(Networks.Xor).Source("Samples.XorNet.g.cs");
        string forward = Between(source, "public void Forward(", "public double AccumulateGradient(");
        Assert.DoesNotContain("for (", forward);
        Assert.Matches(@"w\[11\]", forward);
        Assert.DoesNotMatch(@"w\[[a-z]", forward);
        string backward = Between(source, "private double AccumulateCore(", "private double AccumulateLanes(");
        Assert.DoesNotContain("for (", backward);
        Assert.DoesNotMatch(@"[gw]\[[a-z]", backward);

        // The SIMD path: one loop over blocks of patterns, and inside it the same unrolled statements.
        string lanes = Between(source, "// input[k], target[j]", "errorLanes += error;");
        Assert.DoesNotContain("for (", lanes);
        Assert.DoesNotMatch(@"[gw]\[[a-z]", lanes);
        Assert.Contains("Lanes y_hidden_0 = Lanes.One / (Lanes.One + LaneMath.Exp(-x_hidden_0));", lanes);
    }

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal);
        int to = text.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"'{start}' … '{end}' not found");
        return text[from..to];
    }
}
