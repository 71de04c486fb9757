using BackpropGen.Generator.Helpers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator.Model;

/// <summary>
/// Where a diagnostic points, as plain data (a file path and a span) rather than a <see cref="Location"/>,
/// which holds a syntax tree. The pipeline turns it back into a source location, in the tree of that path,
/// when it reports, so that <c>#pragma warning disable</c> applies.
/// </summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}

/// <summary>A diagnostic to report, as plain equatable data.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params object?[] arguments) =>
        new(descriptor, LocationInfo.From(location), new EquatableArray<string>(System.Linq.Enumerable.Select(arguments, a => System.Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture) ?? "null")));
}

/// <summary>What the parser gives for one class: the model when the declaration is valid, and its diagnostics.</summary>
/// <remarks><paramref name="Weights"/> is set for a class that also carries [BakedWeights].</remarks>
internal sealed record ParseResult(NetworkModel? Model, EquatableArray<DiagnosticInfo> Diagnostics, WeightsReference? Weights = null)
{
    /// <summary>Nothing to generate and nothing to report (e.g. a partial declaration whose [Network] another one reports).</summary>
    public static ParseResult Empty { get; } = new(null, EquatableArray<DiagnosticInfo>.Empty);
}
