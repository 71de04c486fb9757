using BackpropGen;

namespace BackpropGen.Onnx.Tests;

/// <summary>Trained here, exported, imported again (RoundTripTests): two input groups read through a Concat.</summary>
[Network(Precision = Precision.Double)]
[Input("a", 3)]
[Input("b", 2)]
[Dense("hidden", 5, Activation.Tanh, From = new[] { "a", "b" })]
[Dense("code", 3, Activation.ReLU, Bias = false)]
[Dense("output", 2, Activation.Sigmoid, From = new[] { "code", "hidden" })]
public partial class TrainedHere { }

/// <summary>The float twin of <see cref="TrainedHere"/>.</summary>
[Network(Name = "TrainedHere")]
[Input("a", 3)]
[Input("b", 2)]
[Dense("hidden", 5, Activation.Tanh, From = new[] { "a", "b" })]
[Dense("code", 3, Activation.ReLU, Bias = false)]
[Dense("output", 2, Activation.Sigmoid, From = new[] { "code", "hidden" })]
public partial class TrainedHereSingle { }

/// <summary>The topology of Models/gemm.onnx (PyTorch's nn.Linear 6-5-4-3 with ReLU), to fine-tune its weights here.</summary>
[Network]
[Input("x", 6)]
[Dense("l1", 5, Activation.ReLU)]
[Dense("l2", 4, Activation.ReLU)]
[Dense("l3", 3, Activation.Identity)]
public partial class GemmTrainable { }
