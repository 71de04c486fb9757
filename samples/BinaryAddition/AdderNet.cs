using BackpropGen;

namespace BinaryAddition;

/// <summary>
/// Adds two 8-bit numbers one bit per step, least significant first: at step t the inputs are a_t and b_t, the target
/// the sum bit s_t. The recurrent layer must learn to carry: s_t = a_t ⊕ b_t ⊕ c_t, c_(t+1) = majority(a_t, b_t, c_t).
/// </summary>
[Network(TimeSteps = 8, Precision = Precision.Double, Loss = Loss.BinaryCrossEntropy)]
[Input("bits", 2)]
[Recurrent("carry", 16, Activation.Tanh)]
[Dense("sum", 1, Activation.Sigmoid)]
public partial class AdderNet
{
}
