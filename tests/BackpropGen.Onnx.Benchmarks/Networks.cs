using BackpropGen;

namespace BackpropGen.Onnx.Benchmarks;

// The trainable networks the benchmark models are exported from (Program --write-models), float.

[Network, Input("x", 2), Dense("hidden", 4, Activation.Sigmoid), Dense("output", 1, Activation.Sigmoid)]
public partial class XorTrainable { }

[Network(Loss = Loss.CrossEntropy), Input("x", 64), Dense("hidden", 32, Activation.Tanh), Dense("output", 10, Activation.Softmax)]
public partial class MediumTrainable { }

[Network(Loss = Loss.CrossEntropy), Input("x", 784), Dense("hidden", 128, Activation.ReLU), Dense("output", 10, Activation.Softmax)]
public partial class LargeTrainable { }
