namespace BackpropGen.Generator;

/// <summary>
/// The names of the pipeline's steps, for <c>WithTrackingName</c> and the cache tests, in pipeline order.
/// Every step has one, so a cache test can say which step re-ran.
/// </summary>
internal static class TrackingNames
{
    /// <summary>[Network] classes parsed into a model and diagnostics.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The valid models alone: what the source output depends on.</summary>
    public const string Models = nameof(Models);

    /// <summary>What the consuming framework offers (vector math or not), read from the compilation.</summary>
    public const string Target = nameof(Target);

    /// <summary>Each valid model paired with the target.</summary>
    public const string ModelsWithTarget = nameof(ModelsWithTarget);

    /// <summary>Each model's plan for the target: every decision about its generated code (Planner).</summary>
    public const string Plans = nameof(Plans);

    /// <summary>Each model's hint name.</summary>
    public const string HintNames = nameof(HintNames);

    /// <summary>Every hint name, collected.</summary>
    public const string AllHintNames = nameof(AllHintNames);

    /// <summary>The hint names that equal another one when case is ignored (almost always none).</summary>
    public const string HintNameClashes = nameof(HintNameClashes);

    /// <summary>Each plan with the clashing hint names: the source output's input.</summary>
    public const string PlansToEmit = nameof(PlansToEmit);

    /// <summary>Each parsed class's diagnostics.</summary>
    public const string NetworkDiagnostics = nameof(NetworkDiagnostics);

    /// <summary>Every parsed class's diagnostics, collected into one equatable array.</summary>
    public const string AllNetworkDiagnostics = nameof(AllNetworkDiagnostics);

    /// <summary>Every diagnostic of the classes (parsed networks, then orphan attributes) as one equatable array.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>[Input] or a layer kind's attribute on classes without [Network], as diagnostics (one step per attribute).</summary>
    public const string OrphanAttributes = nameof(OrphanAttributes);

    /// <summary>Every orphan diagnostic of one attribute, collected.</summary>
    public const string AllOrphanAttributes = nameof(AllOrphanAttributes);

    /// <summary>The diagnostics so far combined with one attribute's orphan diagnostics (the last such step is <see cref="Diagnostics"/>).</summary>
    public const string WithOrphanAttributes = nameof(WithOrphanAttributes);

    /// <summary>
    /// The diagnostics combined with the compilation, to turn file paths back into syntax trees. By design this
    /// step is new on every edit (the compilation is); it only loops over the diagnostics.
    /// </summary>
    public const string DiagnosticsWithCompilation = nameof(DiagnosticsWithCompilation);
    /// <summary>The network diagnostics and the baking diagnostics together.</summary>
    public const string AllDiagnostics = nameof(AllDiagnostics);

    /// <summary>[BakedWeights] networks with the file they name (and where the attribute is).</summary>
    public const string BakeRequests = nameof(BakeRequests);

    /// <summary>The file names that some [BakedWeights] names: the filter on the additional files.</summary>
    public const string WeightsReferences = nameof(WeightsReferences);

    /// <summary>The named weights files among the additional files, decoded to their original path and bytes.</summary>
    public const string WeightsFiles = nameof(WeightsFiles);

    /// <summary>Each [BakedWeights] network checked against its file: a baked model and diagnostics.</summary>
    public const string Bake = nameof(Bake);

    /// <summary>The valid baked models alone: what the baked source output depends on.</summary>
    public const string BakedModels = nameof(BakedModels);

    /// <summary>Each baked model with the target's vector math, so its Forward vectorises what the trainable one does.</summary>
    public const string BakedModelsWithTarget = nameof(BakedModelsWithTarget);

    /// <summary>The baking diagnostics alone.</summary>
    public const string BakeDiagnostics = nameof(BakeDiagnostics);

    /// <summary>[OnnxModel] classes parsed into import requests (and their diagnostics).</summary>
    public const string OnnxParse = nameof(OnnxParse);

    /// <summary>The .onnx files among the additional files that some [OnnxModel] names, decoded.</summary>
    public const string OnnxFiles = nameof(OnnxFiles);

    /// <summary>Each [OnnxModel] class with its file, imported: a baked model and diagnostics.</summary>
    public const string OnnxImport = nameof(OnnxImport);

    /// <summary>The valid imported models alone: what the imported source output depends on.</summary>
    public const string OnnxModels = nameof(OnnxModels);

    /// <summary>Each imported model with the consuming compilation's target (vector math), as the baked ones get it.</summary>
    public const string OnnxModelsWithTarget = nameof(OnnxModelsWithTarget);

    /// <summary>The baking and import diagnostics together.</summary>
    public const string OnnxDiagnostics = nameof(OnnxDiagnostics);
}
