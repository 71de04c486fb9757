using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// The paper's family-trees network (Fig. 3): person 1 (24 units, one per person) → 6 units; the relationship
/// (12 units) → 6 units; both groups of 6 → a central layer of 12 → 6 → 24 output units, one per person 2.
/// Every unit is a sigmoid with a bias. Forward and training take the 36 inputs as one span: person at [0, 24),
/// relationship at [24, 36).
/// </summary>
[Network(Precision = Precision.Double)]
[Input("person", 24)]
[Input("relationship", 12)]
[Dense("personCode", 6, Activation.Sigmoid, From = new[] { "person" })]
[Dense("relationshipCode", 6, Activation.Sigmoid, From = new[] { "relationship" })]
[Dense("central", 12, Activation.Sigmoid, From = new[] { "personCode", "relationshipCode" })]
[Dense("answerCode", 6, Activation.Sigmoid)]
[Dense("answer", 24, Activation.Sigmoid)]
public partial class FamilyTreesNet
{
}
