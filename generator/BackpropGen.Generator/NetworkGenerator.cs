using System.Collections.Immutable;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator;

/// <summary>
/// The BackpropGen incremental generator. This file only wires the pipeline:
/// 1. find classes marked [Network] (ForAttributeWithMetadataName, syntax-only predicate);
/// 2. parse each into a plain, equatable <see cref="ParseResult"/> (Parser);
/// 3. emit source for each valid model (Emitter);
/// 4. for a class that also carries [BakedWeights]: take the additional files that are parameter files and that
///    some [BakedWeights] names, decode them, check each against its network (Baker), and emit an
///    inference-only class with the weights as constants;
/// 5. report diagnostics, turning their plain locations back into source locations.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class NetworkGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ParseResult> results = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Parser.NetworkAttributeName,
                static (node, _) => node is TypeDeclarationSyntax,
                static (context, cancellationToken) => Parser.Parse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse);

        IncrementalValuesProvider<NetworkModel> models = results
            .Where(static result => result.Model is not null && result.Weights is null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        context.RegisterSourceOutput(models, static (output, model) =>
            output.AddSource(model.HintName, SourceText.From(Emitter.Emit(model, output.CancellationToken), System.Text.Encoding.UTF8)));

        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics.AsImmutableArray())
            .Collect()
            .WithTrackingName(TrackingNames.Diagnostics);

        ReportDiagnostics(context, diagnostics);

        // Baked weights: [BakedWeights] networks, joined with the weights files they name.
        IncrementalValuesProvider<BakeRequest> bakeRequests = results
            .Where(static result => result.Model is not null && result.Weights is not null)
            .Select(static (result, _) => new BakeRequest(result.Model!, result.Weights!))
            .WithTrackingName(TrackingNames.BakeRequests);

        IncrementalValueProvider<EquatableArray<string>> referencedNames = bakeRequests
            .Select(static (request, _) => request.Weights.FileName)
            .Collect()
            .Select(static (names, _) => names.Distinct(System.StringComparer.OrdinalIgnoreCase).OrderBy(static n => n, System.StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.WeightsReferences);

        // Only the additional files that are parameter files (by extension) and that some [BakedWeights] names
        // (by file name) are read and decoded; the full path is matched in the Bake step.
        IncrementalValueProvider<ImmutableArray<WeightsFile>> weightsFiles = context.AdditionalTextsProvider
            .Where(static text => WeightsFileReader.IsWeightsFile(text.Path))
            .Combine(referencedNames)
            .Where(static pair => pair.Right.Contains(WeightsFileReader.OriginalFileName(pair.Left.Path), System.StringComparer.OrdinalIgnoreCase))
            .Select(static (pair, cancellationToken) => WeightsFileReader.Decode(pair.Left.Path, pair.Left.GetText(cancellationToken)?.ToString()))
            .WithTrackingName(TrackingNames.WeightsFiles)
            .Collect();

        IncrementalValuesProvider<BakeResult> baked = bakeRequests
            .Combine(weightsFiles)
            .Select(static (pair, _) => Baker.Bake(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Bake);

        IncrementalValuesProvider<BakedNetworkModel> bakedModels = baked
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.BakedModels);

        context.RegisterSourceOutput(bakedModels, static (output, model) =>
            output.AddSource(model.Network.HintName, SourceText.From(Emitter.EmitBaked(model, output.CancellationToken), System.Text.Encoding.UTF8)));

        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> bakeDiagnostics = baked
            .SelectMany(static (result, _) => result.Diagnostics.AsImmutableArray())
            .Collect()
            .WithTrackingName(TrackingNames.BakeDiagnostics);

        ReportDiagnostics(context, bakeDiagnostics);
    }

    private static void ReportDiagnostics(IncrementalGeneratorInitializationContext context, IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> diagnostics) =>
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (DiagnosticInfo info in pair.Left)
            {
                output.ReportDiagnostic(Diagnostic.Create(info.Descriptor, ToLocation(info.Location, pair.Right), info.Arguments.Select(static a => (object?)a).ToArray()));
            }
        });

    /// <summary>Finds the syntax tree of the diagnostic's file, so the location is a source location (and pragmas apply).</summary>
    private static Location ToLocation(LocationInfo? info, Compilation compilation)
    {
        if (info is null)
        {
            return Location.None;
        }

        SyntaxTree? tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == info.FilePath);
        return tree is not null ? Location.Create(tree, info.Span) : Location.Create(info.FilePath, info.Span, info.LineSpan);
    }
}
