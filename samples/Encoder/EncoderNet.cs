using BackpropGen;

namespace Encoder;

/// <summary>
/// The 8-3-8 encoder of the PDP chapter (Rumelhart, Hinton &amp; Williams, "Learning internal representations by error
/// propagation", 1986): eight input units, each pattern one of them on, must be copied to eight output units through
/// three hidden units, so the hidden layer has to invent a code for eight things in three units, ideally binary.
/// </summary>
[Network(Precision = Precision.Double, Name = "Encoder838")]
[Input("pattern", 8)]
[Dense("code", 3, Activation.Sigmoid)]
[Dense("output", 8, Activation.Sigmoid)]
public partial class EncoderNet
{
}
