using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

// The ONNX import's diagnostics, BPG200–BPG229. The same table as DiagnosticDescriptors.cs, in its own file so that
// the range can grow without touching the others.
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor OnnxFileNotFound = Error(
        "BPG200", "ONNX file not found",
        "Class '{0}' imports the ONNX model '{1}', which is not among the project's AdditionalFiles ({2}); add <AdditionalFiles Include=\"{1}\" /> to the project");

    public static readonly DiagnosticDescriptor OnnxFileAmbiguous = Error(
        "BPG201", "ONNX file name matches several files",
        "Class '{0}' imports the ONNX model '{1}', which matches more than one of the project's AdditionalFiles ({2}); give more of its path, e.g. [OnnxModel(\"folder/{1}\")]");

    public static readonly DiagnosticDescriptor OnnxFileDamaged = Error(
        "BPG202", "ONNX file is damaged",
        "Class '{0}' cannot import the ONNX model '{1}': {2}");

    public static readonly DiagnosticDescriptor OnnxUnsupportedOperator = Error(
        "BPG203", "ONNX operator not supported",
        "Class '{0}' cannot import the ONNX model '{1}': node '{2}' is a {3}, which BackpropGen does not support; supported: {4}");

    public static readonly DiagnosticDescriptor OnnxUnsupportedDataType = Error(
        "BPG204", "ONNX data type not supported",
        "Class '{0}' cannot import the ONNX model '{1}': {2} is {3}; only FLOAT and DOUBLE are supported, one of them for the whole graph");

    public static readonly DiagnosticDescriptor OnnxDynamicShape = Error(
        "BPG205", "ONNX input shape is not fixed",
        "Class '{0}' cannot import the ONNX model '{1}': input '{2}' cannot be given a fixed size: {3}; export it with fixed sizes (only the batch dimension may be dynamic)");

    public static readonly DiagnosticDescriptor OnnxUnsupportedOpset = Error(
        "BPG206", "ONNX opset not supported",
        "Class '{0}' cannot import the ONNX model '{1}': it imports opset {2} of the default domain; opsets 11 to 21 are supported (torch.onnx.export(..., opset_version=13))");

    public static readonly DiagnosticDescriptor OnnxUnsupportedGraph = Error(
        "BPG207", "ONNX graph is not a supported network",
        "Class '{0}' cannot import the ONNX model '{1}': {2}: {3}");

    public static readonly DiagnosticDescriptor InvalidOnnxPath = Error(
        "BPG208", "Invalid ONNX file name",
        "The [OnnxModel] attribute of '{0}' needs the name of an .onnx file listed in AdditionalFiles, e.g. [OnnxModel(\"model.onnx\")]; found {1}");

    public static readonly DiagnosticDescriptor OnnxModelWithNetwork = Error(
        "BPG209", "ONNX model class also declares a network",
        "Class '{0}' has [OnnxModel], which takes the inputs and layers from the ONNX graph, and also [Network]; remove [Network], [Input] and [Dense], or [OnnxModel]");
}
