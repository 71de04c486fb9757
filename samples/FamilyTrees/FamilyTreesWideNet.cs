using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// The paper's family-trees network made wider (rows 5 and 6): person 1 (24 units) → 12 units; the relationship
/// (12 units) → 6 units; both → a central layer of 24 → 12 → 24 output units. The same kinds of layer as
/// <see cref="FamilyTreesNet"/> (sigmoid units with biases), twice the width where the people are encoded and decoded.
/// </summary>
[Network(Precision = Precision.Double)]
[Input("person", 24)]
[Input("relationship", 12)]
[Dense("personCode", 12, Activation.Sigmoid, From = new[] { "person" })]
[Dense("relationshipCode", 6, Activation.Sigmoid, From = new[] { "relationship" })]
[Dense("central", 24, Activation.Sigmoid, From = new[] { "personCode", "relationshipCode" })]
[Dense("answerCode", 12, Activation.Sigmoid)]
[Dense("answer", 24, Activation.Sigmoid)]
public partial class FamilyTreesWideNet
{
}
