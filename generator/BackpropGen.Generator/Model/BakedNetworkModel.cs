using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator.Model;

// Baked weights, as plain data like the rest of the model (see NetworkModel.cs): strings, numbers, enums and
// equatable arrays; locations only as LocationInfo, and only in the records that carry diagnostics, never
// in BakedNetworkModel, which is what the source output depends on.

/// <summary>How the weights are written into the code; the values mirror <c>BackpropGen.BakedWeightsForm</c>.</summary>
internal enum BakedFormKind
{
    FoldedConstants = 0,
    LiteralArray = 1,
}

/// <summary>What a [BakedWeights] attribute asks for: the file as written, the form, and where the attribute is.</summary>
internal sealed record WeightsReference(string Path, BakedFormKind Form, LocationInfo? Location)
{
    /// <summary>The last segment of <see cref="Path"/>, which a weights file must have as its file name.</summary>
    public string FileName => WeightsFile.FileNameOf(Path);
}

/// <summary>A valid network whose class carries [BakedWeights], waiting for its file.</summary>
internal sealed record BakeRequest(NetworkModel Network, WeightsReference Weights);

/// <summary>
/// A weights file as the generator received it: the path of the original .bpgw file and its bytes, decoded
/// from the base64 copy that the build targets pass as an additional file; or why they could not be decoded.
/// </summary>
internal sealed record WeightsFile(string OriginalPath, EquatableArray<byte> Bytes, string? Error)
{
    /// <summary>The last segment of a path, with either separator.</summary>
    public static string FileNameOf(string path)
    {
        int slash = System.Math.Max(path.LastIndexOf('/'), path.LastIndexOf('\\'));
        return path.Substring(slash + 1);
    }
}

/// <summary>
/// A network with its trained parameters baked in: what the emitter needs to write an inference-only class.
/// <see cref="Parameters"/> are in the network's layout; a float network's values are held as the doubles
/// they convert to exactly.
/// </summary>
internal sealed record BakedNetworkModel(
    NetworkModel Network,
    string WeightsFile,
    uint Checksum,
    BakedFormKind Form,
    EquatableArray<double> Parameters);

/// <summary>What baking one network gives: the model when the file fits, and the diagnostics.</summary>
internal sealed record BakeResult(BakedNetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics);
