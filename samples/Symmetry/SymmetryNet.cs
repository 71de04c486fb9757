using BackpropGen;

namespace Symmetry;

/// <summary>The paper's mirror-symmetry network (Fig. 1): 6 inputs, 2 hidden sigmoid units, 1 sigmoid output, all with biases.</summary>
[Network(Precision = Precision.Double)]
[Input("x", 6)]
[Dense("hidden", 2, Activation.Sigmoid)]
[Dense("output", 1, Activation.Sigmoid)]
public partial class SymmetryNet
{
}
