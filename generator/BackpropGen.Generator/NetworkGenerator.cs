using System;
using System.Collections.Immutable;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator;

/// <summary>
/// The BackpropGen incremental generator. This file only wires the pipeline:
/// 1. find classes marked [Network] (ForAttributeWithMetadataName, syntax-only predicate);
/// 2. parse each into a plain, equatable <see cref="ParseResult"/> (Parser);
/// 3. read what the consuming framework offers into a plain <see cref="TargetModel"/> (TargetReader);
/// 4. plan each valid model for that target (Planner: every decision about its code, as equatable data), and emit
///    source from the plan (Emitter), under a hint name unique in the compilation;
/// 5. for a class that also carries [BakedWeights]: take the additional files that are parameter files and that
///    some [BakedWeights] names, decode them, check each against its network (Baker), and emit an
///    inference-only class with the weights as constants;
/// 6. find [Input] and the layer kinds' attributes on classes without [Network] (Parser.ParseOrphan; one step per
///    attribute, <see cref="OrphanAttributeNames"/>);
/// 6a. for a class with [OnnxModel]: read the .onnx file it names into the same baked model (OnnxImporter,
///     NetworkGenerator.Onnx.cs), and emit it like a baked network;
/// 7. report diagnostics, turning their plain locations back into source locations.
/// Every step is named (<see cref="TrackingNames"/>) for the cache tests.
/// </summary>
[Generator(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
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
            .SelectMany(static (result, _) => result.Model is null || result.Weights is not null ? ImmutableArray<NetworkModel>.Empty : ImmutableArray.Create(result.Model))
            .WithTrackingName(TrackingNames.Models);

        // AddSource compares hint names ignoring case, so Net and NET would collide: find such names once for all
        // models. The set is almost always empty and stays equal, so each model's output stays cached.
        IncrementalValueProvider<EquatableArray<string>> hintNameClashes = models
            .Select(static (model, _) => model.HintName)
            .WithTrackingName(TrackingNames.HintNames)
            .Collect()
            .WithTrackingName(TrackingNames.AllHintNames)
            .Select(static (names, _) => HintNameClashes(names))
            .WithTrackingName(TrackingNames.HintNameClashes);

        // What the consuming framework offers (vector math or not): a small equatable model, so that it is
        // Unchanged on every edit and the models stay cached.
        IncrementalValueProvider<TargetModel> target = context.CompilationProvider
            .Select(static (compilation, _) => TargetReader.Read(compilation))
            .WithTrackingName(TrackingNames.Target);

        // Every decision about the generated code, made once per model and target (Planner): what the emitter writes from.
        IncrementalValuesProvider<NetworkPlan> plans = models
            .Combine(target).WithTrackingName(TrackingNames.ModelsWithTarget)
            .Select(static (pair, cancellationToken) => Planner.Plan(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.Plans);

        context.RegisterSourceOutput(
            plans.Combine(hintNameClashes).WithTrackingName(TrackingNames.PlansToEmit),
            static (output, pair) => output.AddSource(
                UniqueHintName(pair.Left.Model, pair.Right),
                Emitter.EmitSource(pair.Left, output.CancellationToken)));

        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> diagnostics = results
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.NetworkDiagnostics)
            .Collect()
            .Select(static (all, _) => all.SelectMany(static d => d).ToEquatableArray())
            .WithTrackingName(TrackingNames.AllNetworkDiagnostics);

        // [Input] and every layer kind's attribute on classes without [Network] (BPG020): one step per attribute, from
        // the kinds' registry, so a new kind needs no line here. The last step's output is every diagnostic of the classes.
        for (int a = 0; a < OrphanAttributeNames.Length; a++)
        {
            string attributeName = OrphanAttributeNames[a];
            IncrementalValueProvider<ImmutableArray<EquatableArray<DiagnosticInfo>>> orphans = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    attributeName,
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (context, cancellationToken) => Parser.ParseOrphan(context, cancellationToken))
                .WithTrackingName(TrackingNames.OrphanAttributes)
                .Collect()
                .WithTrackingName(TrackingNames.AllOrphanAttributes);
            diagnostics = diagnostics
                .Combine(orphans)
                .Select(static (pair, _) => pair.Right.All(static d => d.Count == 0) ? pair.Left : pair.Left.Concat(pair.Right.SelectMany(static d => d)).ToEquatableArray())
                .WithTrackingName(a == OrphanAttributeNames.Length - 1 ? TrackingNames.Diagnostics : TrackingNames.WithOrphanAttributes);
        }

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

        context.RegisterSourceOutput(bakedModels.Combine(target).WithTrackingName(TrackingNames.BakedModelsWithTarget), static (output, pair) =>
            output.AddSource(pair.Left.Network.HintName, Emitter.EmitBakedSource(pair.Left, pair.Right, output.CancellationToken)));

        IncrementalValueProvider<EquatableArray<DiagnosticInfo>> bakeDiagnostics = baked
            .Select(static (result, _) => result.Diagnostics)
            .Collect()
            .Select(static (all, _) => all.SelectMany(static d => d).ToEquatableArray())
            .WithTrackingName(TrackingNames.BakeDiagnostics);

        // ONNX import: [OnnxModel] classes, joined with the .onnx files they name, become baked models too.
        (IncrementalValuesProvider<BakeResult> imported, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> onnxParseDiagnostics) = OnnxPipeline(context);
        context.RegisterSourceOutput(
            imported.Where(static result => result.Model is not null).Select(static (result, _) => result.Model!).WithTrackingName(TrackingNames.OnnxModels)
                .Combine(target).WithTrackingName(TrackingNames.OnnxModelsWithTarget),
            static (output, pair) => output.AddSource(pair.Left.Network.HintName, Emitter.EmitBakedSource(pair.Left, pair.Right, output.CancellationToken)));
        bakeDiagnostics = bakeDiagnostics
            .Combine(imported.Select(static (result, _) => result.Diagnostics).Collect())
            .Combine(onnxParseDiagnostics.Collect())
            .Select(static (pair, _) => pair.Left.Left.Concat(pair.Left.Right.SelectMany(static d => d)).Concat(pair.Right.SelectMany(static d => d)).ToEquatableArray())
            .WithTrackingName(TrackingNames.OnnxDiagnostics);

        // Combined with the compilation only to find each diagnostic's syntax tree: this last step runs again on
        // every edit by design (the compilation is new), and only loops over the few diagnostics; the steps above
        // it, and the source output, stay cached.
        context.RegisterSourceOutput(
            diagnostics.Combine(bakeDiagnostics).Select(static (pair, _) => pair.Left.Concat(pair.Right).ToEquatableArray())
                .WithTrackingName(TrackingNames.AllDiagnostics)
                .Combine(context.CompilationProvider).WithTrackingName(TrackingNames.DiagnosticsWithCompilation),
            static (output, pair) =>
            {
                foreach (DiagnosticInfo info in pair.Left)
                {
                    Location location = ToLocation(info.Location, pair.Right);
                    if (!CompilerReportsTheArgument(location, pair.Right, output.CancellationToken))
                    {
                        output.ReportDiagnostic(Diagnostic.Create(info.Descriptor, location, info.Arguments.Select(static a => (object?)a).ToArray()));
                    }
                }
            });
    }

    /// <summary>The attributes that mean nothing without [Network]: [Input], then every layer kind's, in registry order.</summary>
    private static readonly string[] OrphanAttributeNames = new[] { Parser.InputAttributeName }.Concat(LayerKinds.All.Select(static kind => kind.AttributeName)).ToArray();

    /// <summary>The hint names that another one equals when case is ignored.</summary>
    private static EquatableArray<string> HintNameClashes(ImmutableArray<string> names) =>
        names.GroupBy(static n => n, StringComparer.OrdinalIgnoreCase)
            .Where(static g => g.Count() > 1)
            .SelectMany(static g => g)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(static n => n, StringComparer.Ordinal)
            .ToEquatableArray();

    /// <summary>The model's hint name, or when it clashes with another ignoring case, that name with a hash of its exact spelling.</summary>
    private static string UniqueHintName(NetworkModel model, EquatableArray<string> clashes)
    {
        string name = model.HintName;
        if (!clashes.Contains(name))
        {
            return name;
        }

        uint hash = 2166136261; // FNV-1a, the same on every run and machine
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }

        return name.Substring(0, name.Length - ".g.cs".Length) + "." + hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) + ".g.cs";
    }

    /// <summary>Finds the syntax tree of the diagnostic's file, so the location is a source location (and pragmas apply).</summary>
    private static Location ToLocation(LocationInfo? info, Compilation compilation)
    {
        if (info is null)
        {
            return Location.None;
        }

        SyntaxTree? tree = compilation.SyntaxTrees.FirstOrDefault(t => t.FilePath == info.FilePath && t.Length >= info.Span.End);
        return tree is not null ? Location.Create(tree, info.Span) : Location.Create(info.FilePath, info.Span, info.LineSpan);
    }
}
