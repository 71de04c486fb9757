using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// The paper's family-trees network for the present-day configuration: the same layers as <see cref="FamilyTreesNet"/>,
/// with a linear output layer whose 24 outputs are the logits of a softmax over the people (see <see cref="SoftmaxCrossEntropy"/>).
/// </summary>
[Network(Precision = Precision.Double)]
[Input("person", 24)]
[Input("relationship", 12)]
[Dense("personCode", 6, Activation.Sigmoid, From = new[] { "person" })]
[Dense("relationshipCode", 6, Activation.Sigmoid, From = new[] { "relationship" })]
[Dense("central", 12, Activation.Sigmoid, From = new[] { "personCode", "relationshipCode" })]
[Dense("answerCode", 6, Activation.Sigmoid)]
[Dense("answer", 24, Activation.Identity)]
public partial class FamilyTreesSoftmaxNet
{
}
