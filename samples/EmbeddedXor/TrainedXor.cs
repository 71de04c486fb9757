using BackpropGen;

namespace EmbeddedXor;

/// <summary>
/// The Xor sample's network (same name, precision and topology), with the parameters it trained baked in from
/// xor.bpgw at compile time: a static Forward and constants, nothing else. (Not a static class: BPG017
/// refuses static network classes, which a baked one could be; see the README.)
/// </summary>
[Network(Precision = Precision.Double, Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
[BakedWeights("xor.bpgw")]
public partial class TrainedXor
{
}
