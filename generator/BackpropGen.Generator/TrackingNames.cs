namespace BackpropGen.Generator;

/// <summary>The names of the pipeline's steps, for <c>WithTrackingName</c> and the cache tests.</summary>
internal static class TrackingNames
{
    /// <summary>[Network] classes parsed into a model and diagnostics.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The valid models alone: what the source output depends on.</summary>
    public const string Models = nameof(Models);

    /// <summary>The diagnostics alone: what the diagnostic output depends on.</summary>
    public const string Diagnostics = nameof(Diagnostics);

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

    /// <summary>The baking diagnostics alone.</summary>
    public const string BakeDiagnostics = nameof(BakeDiagnostics);
}
