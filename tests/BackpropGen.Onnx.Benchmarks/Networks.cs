using BackpropGen;

namespace BackpropGen.Onnx.Benchmarks;

// The trainable networks the benchmark models are exported from (Program --write-models), float.

[Network, Input("x", 2), Dense("hidden", 4, Activation.Sigmoid), Dense("output", 1, Activation.Sigmoid)]
public partial class XorTrainable { }

// The family-trees size with sigmoid units throughout, as RTNeural's reference figures (peer-figures.md) were measured.
[Network, Input("x", 36), Dense("h1", 12, Activation.Sigmoid), Dense("h2", 12, Activation.Sigmoid), Dense("h3", 6, Activation.Sigmoid), Dense("output", 24, Activation.Sigmoid)]
public partial class FamilyTrainable { }

[Network(Loss = Loss.CrossEntropy), Input("x", 64), Dense("hidden", 32, Activation.Tanh), Dense("output", 10, Activation.Softmax)]
public partial class MediumTrainable { }

[Network(Loss = Loss.CrossEntropy), Input("x", 784), Dense("hidden", 128, Activation.ReLU), Dense("output", 10, Activation.Softmax)]
public partial class LargeTrainable { }
