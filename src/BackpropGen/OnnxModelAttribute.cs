using System;

namespace BackpropGen;

/// <summary>
/// Makes a <c>partial</c> class an inference-only network compiled from an ONNX model: at compile time the generator
/// reads the <c>.onnx</c> file (for example one written by <c>torch.onnx.export</c>), takes the topology from its
/// graph and the weights from its initializers, and emits the same kind of class as
/// <see cref="BakedWeightsAttribute"/> does: constants (<c>InputSize</c>, <c>OutputSize</c>, <c>ParameterCount</c>,
/// <c>NetworkName</c>, <c>NetworkTopology</c>) and a static, fully unrolled <c>Forward</c> with every weight a
/// constant. Nothing of ONNX remains at run time; nothing is allocated.
/// </summary>
/// <remarks>
/// <para>The attribute is all there is to write: no <see cref="NetworkAttribute"/>, <see cref="InputAttribute"/> or
/// <see cref="DenseAttribute"/> (a class with both is BPG209). Graph inputs become input groups, concatenated in
/// the graph's input order into <c>Forward</c>'s input span (each flattened after its batch dimension); the
/// precision is the initializers' (FLOAT → <see cref="float"/>, DOUBLE → <see cref="double"/>).</para>
/// <para>Supported graphs: what <c>torch.onnx.export</c> writes for a multilayer perceptron — Gemm, or MatMul + Add;
/// Sigmoid, Tanh, Relu, Softmax (last axis, output layer); Identity; Flatten or Reshape of an input; Concat of
/// inputs and layers; opsets 11–21. Anything else is a compile-time error naming the node (BPG200–BPG209).</para>
/// <para>Add the file to the project as <c>&lt;AdditionalFiles Include="model.onnx" /&gt;</c>; BackpropGen's build
/// targets hand the generator a base64 copy of it, as for <c>.bpgw</c> files.</para>
/// </remarks>
/// <example>
/// <code>
/// [OnnxModel("digits.onnx")]
/// public partial class Digits { }
/// // Digits.Forward(pixels, probabilities);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class OnnxModelAttribute : Attribute
{
    /// <summary>Compiles the ONNX model in <paramref name="path"/> into the class.</summary>
    /// <param name="path">
    /// The .onnx file, as listed in the project's <c>AdditionalFiles</c>: its file name (<c>"model.onnx"</c>) or the
    /// end of its path (<c>"models/model.onnx"</c>).
    /// </param>
    public OnnxModelAttribute(string path) => Path = path;

    /// <summary>The .onnx file's name or the end of its path.</summary>
    public string Path { get; }

    /// <summary>How the weights are written into the code; <see cref="BakedWeightsForm.FoldedConstants"/> by default.</summary>
    public BakedWeightsForm Form { get; set; } = BakedWeightsForm.FoldedConstants;
}
