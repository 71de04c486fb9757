namespace BackpropGen.Generator.Model;

/// <summary>
/// What the consuming compilation's framework offers the generated code, read once per compilation
/// (<see cref="NetworkGenerator.TargetReader"/>) and combined with every network model. Plain data, like the
/// model: an edit that leaves the framework as it was leaves this equal, and the emitted source cached.
/// </summary>
/// <param name="VectorMath">
/// <c>System.Numerics.Vector.Exp</c> and <c>MultiplyAddEstimate</c> exist (.NET 9 and later): the emitter writes the SIMD-across-patterns
/// training path (<c>Vector&lt;T&gt;</c>) beside the scalar one. Without it (netstandard2.0, .NET 8 and older)
/// only the scalar path is written.
/// </param>
internal sealed record TargetModel(bool VectorMath)
{
    /// <summary>A framework without the vector APIs: scalar code only.</summary>
    public static TargetModel ScalarOnly { get; } = new(false);
}
