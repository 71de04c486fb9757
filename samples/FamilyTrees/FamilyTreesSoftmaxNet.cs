using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// The paper's family-trees network for the present-day configuration: the same layers as <see cref="FamilyTreesNet"/>,
/// but a softmax over the 24 people at the output and cross-entropy as the error (a two-answer case's target is ½, ½).
/// </summary>
[Network(Precision = Precision.Double, Loss = Loss.CrossEntropy)]
[Input("person", 24)]
[Input("relationship", 12)]
[Dense("personCode", 6, Activation.Sigmoid, From = new[] { "person" })]
[Dense("relationshipCode", 6, Activation.Sigmoid, From = new[] { "relationship" })]
[Dense("central", 12, Activation.Sigmoid, From = new[] { "personCode", "relationshipCode" })]
[Dense("answerCode", 6, Activation.Sigmoid)]
[Dense("answer", 24, Activation.Softmax)]
public partial class FamilyTreesSoftmaxNet
{
}
