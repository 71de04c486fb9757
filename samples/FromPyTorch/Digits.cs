using BackpropGen;

namespace FromPyTorch;

/// <summary>
/// The digit classifier train.py trained in PyTorch, compiled in from digits.onnx: the inputs, layers, precision and
/// weights all come from the ONNX graph, so the attribute is the whole declaration.
/// </summary>
[OnnxModel("digits.onnx")]
public partial class Digits
{
}
