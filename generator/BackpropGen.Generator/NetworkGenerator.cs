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
/// 3. read what the consuming framework offers into a plain <see cref="TargetModel"/> (TargetReader);
/// 4. emit source for each valid model with that target (Emitter);
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
            .Where(static result => result.Model is not null)
            .Select(static (result, _) => result.Model!)
            .WithTrackingName(TrackingNames.Models);

        IncrementalValueProvider<TargetModel> target = context.CompilationProvider
            .Select(static (compilation, _) => TargetReader.Read(compilation))
            .WithTrackingName(TrackingNames.Target);

        IncrementalValuesProvider<(NetworkModel Model, TargetModel Target)> emitted = models
            .Combine(target)
            .WithTrackingName(TrackingNames.ModelsWithTarget);

        context.RegisterSourceOutput(emitted, static (output, pair) =>
            output.AddSource(pair.Model.HintName, SourceText.From(Emitter.Emit(pair.Model, pair.Target, output.CancellationToken), System.Text.Encoding.UTF8)));

        IncrementalValueProvider<ImmutableArray<DiagnosticInfo>> diagnostics = results
            .SelectMany(static (result, _) => result.Diagnostics.AsImmutableArray())
            .Collect()
            .WithTrackingName(TrackingNames.Diagnostics);

        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (DiagnosticInfo info in pair.Left)
            {
                output.ReportDiagnostic(Diagnostic.Create(info.Descriptor, ToLocation(info.Location, pair.Right), info.Arguments.Select(static a => (object?)a).ToArray()));
            }
        });
    }

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
