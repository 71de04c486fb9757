using BackpropGen;

namespace EmbeddedDigits;

/// <summary>
/// The Digits sample's network (same name, precision and topology: 64 → 32 tanh → 10 softmax), with the parameters it
/// trained with Adam baked in from digits.bpgw at compile time: a static Forward and constants, nothing else.
/// </summary>
[Network(Loss = Loss.CrossEntropy, Name = "DigitsNet")]
[Input("pixels", 64)]
[Dense("hidden", 32, Activation.Tanh)]
[Dense("output", 10, Activation.Softmax)]
[BakedWeights("digits.bpgw")]
public partial class TrainedDigits
{
}
