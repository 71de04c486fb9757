using System.Collections.Immutable;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// The ONNX import's steps (wired into <see cref="Initialize"/>): find [OnnxModel] classes; take the additional
    /// files that are .onnx files (base64 copies made by the build targets) and that some [OnnxModel] names; decode
    /// them, each file once; import each class's file into a baked model. Returns one import result per class (its
    /// model and the import's diagnostics) and, apart, the parse's diagnostics.
    /// </summary>
    /// <remarks>
    /// Each class's result stays its own value from the request to the source output: the results are never collected
    /// into one array and fanned out again, which would make every class's output depend on every class's import (and
    /// each import on every file), so that the driver's step tracking walked N × N × N steps — 72 classes took 42 s in
    /// the tests. Only the diagnostics are collected, once. The ONNX tests' <c>CacheTests.EachClassOutputDependsOnItsOwnImportOnly</c> keeps it so.
    /// </remarks>
    private static (IncrementalValuesProvider<BakeResult> Imported, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> ParseDiagnostics) OnnxPipeline(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<OnnxParseResult> parsed = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Parser.OnnxModelAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (context, cancellationToken) => Parser.ParseOnnx(context, cancellationToken))
            .WithTrackingName(TrackingNames.OnnxParse);

        IncrementalValuesProvider<OnnxImportRequest> requests = parsed
            .Where(static result => result.Request is not null)
            .Select(static (result, _) => result.Request!);

        IncrementalValueProvider<EquatableArray<string>> referencedNames = requests
            .Select(static (request, _) => request.FileName)
            .Collect()
            .Select(static (names, _) => names.Distinct(System.StringComparer.OrdinalIgnoreCase).OrderBy(static n => n, System.StringComparer.Ordinal).ToEquatableArray());

        IncrementalValueProvider<ImmutableArray<WeightsFile>> files = context.AdditionalTextsProvider
            .Where(static text => WeightsFileReader.IsOnnxFile(text.Path))
            .Combine(referencedNames)
            .Where(static pair => pair.Right.Contains(OriginalOnnxName(pair.Left.Path), System.StringComparer.OrdinalIgnoreCase))
            .Select(static (pair, cancellationToken) => WeightsFileReader.Decode(pair.Left.Path, pair.Left.GetText(cancellationToken)?.ToString(), WeightsFileReader.OnnxArmorHeader, ".onnx"))
            .WithTrackingName(TrackingNames.OnnxFiles)
            .Collect();

        IncrementalValuesProvider<BakeResult> imported = requests
            .Combine(files)
            .Select(static (pair, _) => OnnxImporter.Import(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.OnnxImport);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> parseDiagnostics = parsed
            .Where(static result => result.Diagnostics.Count > 0)
            .Select(static (result, _) => result.Diagnostics);

        return (imported, parseDiagnostics);
    }

    /// <summary>The file name the original .onnx had: the additional file's name without ".b64".</summary>
    private static string OriginalOnnxName(string path)
    {
        string name = WeightsFile.FileNameOf(path);
        return name.EndsWith(".onnx.b64", System.StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 4) : name;
    }
}
