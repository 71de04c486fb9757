namespace BackpropGen.Generator;

/// <summary>
/// How far a network is unrolled in time: every step's unit states are kept (x, y, ∂E/∂y, δ per unit per step), as
/// locals of one method for a small pass or in an instance scratch for a pass cut into methods (see
/// <see cref="UnrollPolicy.MaxTermsPerMethod"/>), so T × the layer units is bounded like the units of a feed-forward net.
/// </summary>
internal static class TimeUnrollPolicy
{
    /// <summary>The most time steps a network may declare.</summary>
    public const int MaxTimeSteps = 1000;

    /// <summary>The most unit states (T × layer units) the unrolled method keeps, four locals each.</summary>
    public const int MaxUnrolledStates = 8000;
}
