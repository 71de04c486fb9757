using BackpropGen;

namespace BackpropGen.Tests;

/// <summary>The net of References/optimizers.py: 3 → 4 sigmoid → 2 sigmoid, with biases, E summed squared error.</summary>
[Network(Precision = Precision.Double)]
[Input("x", 3)]
[Dense("hidden", 4, Activation.Sigmoid)]
[Dense("output", 2, Activation.Sigmoid)]
public partial class TorchReferenceNet
{
}

/// <summary>A classifier-shaped net for the mini-batch, Fit and checkpoint tests (16 inputs, 3 classes).</summary>
[Network(Precision = Precision.Double)]
[Input("x", 16)]
[Dense("hidden", 8, Activation.Tanh)]
[Dense("output", 3, Activation.Sigmoid)]
public partial class SmallClassifier
{
}

/// <summary><see cref="SmallClassifier"/> in float.</summary>
[Network(Name = "SmallClassifier")]
[Input("x", 16)]
[Dense("hidden", 8, Activation.Tanh)]
[Dense("output", 3, Activation.Sigmoid)]
public partial class SmallClassifierSingle
{
}
