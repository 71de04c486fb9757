using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator.Model;

// The ONNX import, as plain data like the rest of the model (see NetworkModel.cs). What the source output depends
// on is the BakedNetworkModel the import makes, the same record [BakedWeights] makes.

/// <summary>
/// A class with [OnnxModel(path)]: where the generated members go (namespace, containing types, class), the file it
/// names, how the weights are written, and where the attribute is (for diagnostics).
/// </summary>
internal sealed record OnnxImportRequest(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string ClassKeyword,
    string ClassName,
    string Path,
    BakedFormKind Form,
    LocationInfo? Location)
{
    /// <summary>The last segment of <see cref="Path"/>, which the .onnx file must have as its file name.</summary>
    public string FileName => WeightsFile.FileNameOf(Path);
}

/// <summary>What parsing an [OnnxModel] class gives: the request when the class is fit for one, and the diagnostics.</summary>
internal sealed record OnnxParseResult(OnnxImportRequest? Request, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static OnnxParseResult Empty { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty);
}
