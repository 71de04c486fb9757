using BackpropGen;

namespace BackpropGen.Tests;

/// <summary>The Xor sample's trained network (samples/EmbeddedXor/xor.bpgw), baked by the real build, in both forms.</summary>
[Network(Precision = Precision.Double, Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
[BakedWeights("xor.bpgw")]
public partial class BakedXorFolded
{
}

/// <summary>The same, as a literal array.</summary>
[Network(Precision = Precision.Double, Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
[BakedWeights("EmbeddedXor/xor.bpgw", Form = BakedWeightsForm.LiteralArray)]
public partial class BakedXorArray
{
}
