using BackpropGen;

namespace Xor;

/// <summary>The seed script's network: 2 inputs, 4 hidden sigmoid units, 1 sigmoid output, no biases.</summary>
[Network(Precision = Precision.Double)]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
public partial class XorNet
{
}
