namespace BackpropGen.Generator;

/// <summary>The names of the pipeline's steps, for <c>WithTrackingName</c> and the cache tests.</summary>
internal static class TrackingNames
{
    /// <summary>[Network] classes parsed into a model and diagnostics.</summary>
    public const string Parse = nameof(Parse);

    /// <summary>The valid models alone: what the source output depends on.</summary>
    public const string Models = nameof(Models);

    /// <summary>What the consuming framework offers (vector math or not), read from the compilation.</summary>
    public const string Target = nameof(Target);

    /// <summary>Each valid model paired with the target: what the source output depends on.</summary>
    public const string ModelsWithTarget = nameof(ModelsWithTarget);

    /// <summary>The diagnostics alone: what the diagnostic output depends on.</summary>
    public const string Diagnostics = nameof(Diagnostics);
}
