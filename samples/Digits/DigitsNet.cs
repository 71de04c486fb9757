using BackpropGen;

namespace Digits;

/// <summary>
/// The digits classifier: 64 pixels (0–16, divided by 16) → 32 tanh units → 10 softmax outputs, trained on the
/// cross-entropy E = −Σ_c Σ_j d_j,c ln y_j,c. Float: the SIMD path runs 8 cases at a time on 256-bit vectors.
/// </summary>
[Network(Loss = Loss.CrossEntropy)]
[Input("pixels", 64)]
[Dense("hidden", 32, Activation.Tanh)]
[Dense("output", 10, Activation.Softmax)]
public partial class DigitsNet
{
}

/// <summary><see cref="DigitsNet"/> in double precision (the benchmarks' second row).</summary>
[Network(Precision = Precision.Double, Loss = Loss.CrossEntropy, Name = "DigitsNet")]
[Input("pixels", 64)]
[Dense("hidden", 32, Activation.Tanh)]
[Dense("output", 10, Activation.Softmax)]
public partial class DigitsNetDouble
{
}
