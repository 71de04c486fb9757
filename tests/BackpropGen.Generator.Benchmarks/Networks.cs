namespace BackpropGen.Generator.Benchmarks;

/// <summary>The benchmarked declarations: the paper's XOR and family-trees networks, and a large one.</summary>
internal static class Networks
{
    public static string Source(string name) => name switch
    {
        "Xor" => Xor,
        "FamilyTrees" => FamilyTrees,
        "Large100x100x10" => Large,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown network"),
    };

    /// <summary>2-4-1, no biases: the seed's NumPy run (12 parameters).</summary>
    private const string Xor = """
        using BackpropGen;

        namespace Samples;

        [Network(Precision = Precision.Double)]
        [Input("x", 2)]
        [Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
        [Dense("output", 1, Activation.Sigmoid, Bias = false)]
        public partial class XorNet { }
        """;

    /// <summary>The family-trees network: person 24 → 6, relation 12 → 6, both → central 12 → 6 → 24 (630 parameters).</summary>
    private const string FamilyTrees = """
        using BackpropGen;

        namespace Samples;

        [Network]
        [Input("person", 24)]
        [Input("relation", 12)]
        [Dense("personCode", 6, Activation.Sigmoid, From = new[] { "person" })]
        [Dense("relationCode", 6, Activation.Sigmoid, From = new[] { "relation" })]
        [Dense("central", 12, Activation.Sigmoid, From = new[] { "personCode", "relationCode" })]
        [Dense("answerCode", 6, Activation.Sigmoid)]
        [Dense("answer", 24, Activation.Sigmoid)]
        public partial class FamilyTrees { }
        """;

    /// <summary>100-100-10 with biases (11,110 parameters), under the BPG015 warning threshold.</summary>
    private const string Large = """
        using BackpropGen;

        namespace Samples;

        [Network]
        [Input("x", 100)]
        [Dense("hidden", 100, Activation.Tanh)]
        [Dense("output", 10, Activation.Sigmoid)]
        public partial class Large { }
        """;
}
