using BackpropGen;

namespace BackpropGen.Embedded.Benchmarks;

// XOR, 2-4-1 double, 12 parameters: the Xor sample's network and its trained weights (samples/EmbeddedXor/xor.bpgw).

[Network(Precision = Precision.Double, Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
public partial class XorTrainable
{
}

[Network(Precision = Precision.Double, Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
[BakedWeights("xor.bpgw", Form = BakedWeightsForm.LiteralArray)]
public partial class XorLiteralArray
{
}

[Network(Precision = Precision.Double, Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
[BakedWeights("xor.bpgw", Form = BakedWeightsForm.FoldedConstants)]
public partial class XorFoldedConstants
{
}

// Medium, 16-32-32-4 float with biases, tanh/tanh/sigmoid, 1,732 parameters: medium.bpgw holds
// Initialize(seed: 1, range: 0.5) of the trainable twin (Program.cs --write-weights writes it again).

[Network(Name = "Medium")]
[Input("x", 16)]
[Dense("h1", 32, Activation.Tanh)]
[Dense("h2", 32, Activation.Tanh)]
[Dense("y", 4, Activation.Sigmoid)]
public partial class MediumTrainable
{
}

[Network(Name = "Medium")]
[Input("x", 16)]
[Dense("h1", 32, Activation.Tanh)]
[Dense("h2", 32, Activation.Tanh)]
[Dense("y", 4, Activation.Sigmoid)]
[BakedWeights("medium.bpgw", Form = BakedWeightsForm.LiteralArray)]
public partial class MediumLiteralArray
{
}

[Network(Name = "Medium")]
[Input("x", 16)]
[Dense("h1", 32, Activation.Tanh)]
[Dense("h2", 32, Activation.Tanh)]
[Dense("y", 4, Activation.Sigmoid)]
[BakedWeights("medium.bpgw", Form = BakedWeightsForm.FoldedConstants)]
public partial class MediumFoldedConstants
{
}
