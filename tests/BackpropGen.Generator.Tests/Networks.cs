using System.Runtime.CompilerServices;

namespace BackpropGen.Generator.Tests;

/// <summary>Declarations used by several tests.</summary>
internal static class Networks
{
    public const string Xor = """
        using BackpropGen;

        namespace Samples;

        [Network(Precision = Precision.Double)]
        [Input("x", 2)]
        [Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
        [Dense("output", 1, Activation.Sigmoid, Bias = false)]
        public partial class XorNet
        {
        }
        """;

    /// <summary>Two input groups that meet in a central layer, as in the family-trees network, with every activation.</summary>
    public const string TwoInputs = """
        using BackpropGen;

        namespace Samples.Nested;

        public static partial class Outer
        {
            [Network]
            [Input("person", 3)]
            [Input("relation", 2)]
            [Dense("personCode", 2, Activation.Tanh, From = new[] { "person" })]
            [Dense("relationCode", 1, Activation.Identity, Bias = false, From = new[] { "relation" })]
            [Dense("central", 2, Activation.ReLU, From = new[] { "personCode", "relationCode" })]
            [Dense("answer", 2, Activation.Sigmoid, From = new[] { "central", "personCode" })]
            internal partial class Family
            {
            }
        }
        """;

    /// <summary>A small classifier: softmax outputs and cross-entropy (the loss seam's first use).</summary>
    public const string Classifier = """
        using BackpropGen;

        namespace Samples;

        [Network(Precision = Precision.Double, Loss = Loss.CrossEntropy)]
        [Input("x", 4)]
        [Dense("hidden", 5, Activation.Tanh)]
        [Dense("output", 3, Activation.Softmax)]
        public partial class Classifier
        {
        }
        """;

    /// <summary>
    /// The family-trees network exactly as the sample declares it: the text of <c>samples/FamilyTrees/FamilyTreesNet.cs</c>,
    /// read from the source tree, so a change to the sample's network shows up in the snapshot and the gradient check.
    /// </summary>
    public static string FamilyTreesSample([CallerFilePath] string thisFile = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "samples", "FamilyTrees", "FamilyTreesNet.cs"));
}
