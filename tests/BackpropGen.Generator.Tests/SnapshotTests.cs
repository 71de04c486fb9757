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
    public void SoftmaxCrossEntropyClassifier()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Classifier);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        string source = run.Source("Samples.Classifier.g.cs");
        Snapshot.Verify(source, "Classifier");

        // The loss and δ = y − d are written above their statements, with the derivation.
        Assert.Contains("// Error at the outputs: E = −Σ_j d_j ln y_j (cross-entropy over the softmax outputs)", source);
        Assert.Contains("// ∂E/∂x_j = Σ_k (−d_k / y_k) · y_k ([k = j] − y_j) = −d_j + y_j Σ_k d_k, where the targets d_k sum to 1:\n            // δ_j = ∂E/∂x_j = y_j − d_j\n", source);
        Assert.Contains("double delta_output_0 = y_output_0 - target[0];", source);
        Assert.Contains("Lanes delta_output_0 = (y_output_0 - target[0]) & _laneMask;", source);
        Assert.Contains("double max_output = x_output_0;", source);
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
        string forward = Between(source, "public void Forward(", "public void ForwardBatch(");
        Assert.DoesNotContain("for (", forward);

        // The batch: loops over blocks of patterns and their lanes (gathering, scattering), and between them the same
        // unrolled statements in the lane dialect, every weight at a constant index.
        // Both widths (512-bit lanes where AVX-512 runs, else Vector<T>).
        foreach (string width in new[] { "Lanes512", "Lanes" })
        {
            string batch = Between(source, "inputLanes[(i * " + width + ".Count) + c] = pattern[i];", "// Each pattern's outputs, back in rows");
            Assert.DoesNotContain("for (", batch);
            Assert.Matches(@"w\[11\]", batch);
            Assert.DoesNotMatch(@"w\[[a-z]", batch);
        }

        Assert.Matches(@"w\[11\]", forward);
        Assert.DoesNotMatch(@"w\[[a-z]", forward);
        string backward = Between(source, "private double AccumulateCore(", "private double AccumulateLanes(");
        Assert.DoesNotContain("for (", backward);
        Assert.DoesNotMatch(@"[gw]\[[a-z]", backward);

        // The SIMD path: one loop over blocks of patterns, and inside it the same unrolled statements.
        string lanes = Between(source, "// input[k], target[j]", "errorLanes += error;");
        Assert.DoesNotContain("for (", lanes);
        Assert.DoesNotMatch(@"[gw]\[[a-z]", lanes);
        Assert.Contains("Lanes y_hidden_0 = Lanes.One / (Lanes.One + global::BackpropGen.LaneExp.Exp(-x_hidden_0));", lanes);
    }

    private static string Between(string text, string start, string end)
    {
        int from = text.IndexOf(start, StringComparison.Ordinal);
        int to = text.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(from >= 0 && to > from, $"'{start}' … '{end}' not found");
        return text[from..to];
    }
}
