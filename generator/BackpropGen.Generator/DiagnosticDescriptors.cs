using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

/// <summary>
/// Every diagnostic BackpropGen reports, in one table. Each has a page at docs/diagnostics/BPG###.md
/// and is listed in AnalyzerReleases.Shipped.md.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "BackpropGen";
    // Repository-relative until the project has a public home; change this one constant then.
    private const string HelpLinkBase = "docs/diagnostics/";

    public static readonly DiagnosticDescriptor ClassNotPartial = Error(
        "BPG001", "Network class must be partial",
        "The network class '{0}' must be declared 'partial' so that BackpropGen can add the generated members to it");

    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = Error(
        "BPG002", "Containing type must be partial",
        "The type '{0}' contains the network class '{1}' and must be declared 'partial' too");

    public static readonly DiagnosticDescriptor GenericClass = Error(
        "BPG003", "Network class cannot be generic",
        "The network class '{0}' is generic; a network's element type is chosen with [Network(Precision = ...)], so declare a non-generic class");

    public static readonly DiagnosticDescriptor SizeOutOfRange = Error(
        "BPG004", "Size out of range",
        "'{0}' has size {1}; a size must be between 1 and {2}");

    public static readonly DiagnosticDescriptor UnknownActivation = Error(
        "BPG005", "Unknown activation",
        "Layer '{0}' has activation value {1}, which is not an Activation; use Sigmoid, Tanh, ReLU or Identity");

    public static readonly DiagnosticDescriptor UnknownPrecision = Error(
        "BPG006", "Unknown precision",
        "Network '{0}' has precision value {1}, which is not a Precision; use Precision.Single (float) or Precision.Double (double)");

    public static readonly DiagnosticDescriptor UnknownLoss = Error(
        "BPG007", "Unknown loss",
        "Network '{0}' has loss value {1}, which is not a Loss; use Loss.SumSquaredError");

    public static readonly DiagnosticDescriptor NoInput = Error(
        "BPG008", "Network has no input",
        "Network '{0}' declares no [Input]; add at least one, e.g. [Input(\"x\", 2)]");

    public static readonly DiagnosticDescriptor NoLayers = Error(
        "BPG009", "Network has no layers",
        "Network '{0}' declares no [Dense] layer; the last declared layer is the output layer, so add at least one");

    public static readonly DiagnosticDescriptor UnknownSource = Error(
        "BPG010", "Layer reads from an unknown or later layer",
        "Layer '{0}' reads from '{1}', which is not an input or a layer declared before it; a layer can read only from inputs and earlier layers ({2})");

    public static readonly DiagnosticDescriptor DuplicateName = Error(
        "BPG011", "Duplicate name",
        "The name '{0}' is used by more than one input or layer of network '{1}'; names must be unique");

    public static readonly DiagnosticDescriptor InvalidName = Error(
        "BPG012", "Invalid name",
        "'{0}' is not a valid input or layer name; use a C# identifier of letters, digits and '_' that starts with a letter");

    public static readonly DiagnosticDescriptor MemberNameClash = Error(
        "BPG013", "Member name clashes with a generated member",
        "The member '{0}' of network class '{1}' has the name of a member that BackpropGen generates; rename it");

    public static readonly DiagnosticDescriptor ArgumentNotConstant = Error(
        "BPG014", "Attribute argument is not a valid constant",
        "The [{0}] attribute's arguments could not be read as constants ({1}); pass literal or const values of the declared types");

    public static readonly DiagnosticDescriptor LargeUnrolledNetwork = new(
        "BPG015", "Large fully unrolled network",
        "Network '{0}' has {1} parameters in layers small enough to be unrolled into straight-line code, over {2}; expect a large assembly and long JIT time",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "BPG015.md");

    public static readonly DiagnosticDescriptor UnusedUnits = new(
        "BPG016", "Input or layer is never read",
        "'{0}' is not read by any layer and is not the output layer; its units have no effect",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + "BPG016.md");

    public static readonly DiagnosticDescriptor StaticClass = Error(
        "BPG017", "Network class cannot be static",
        "The network class '{0}' is static; a network holds its parameters, so declare an instance class");

    public static readonly DiagnosticDescriptor DuplicateSource = Error(
        "BPG018", "Layer reads from the same source twice",
        "Layer '{0}' lists '{1}' more than once in From; list each source once");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id + ".md");
}
