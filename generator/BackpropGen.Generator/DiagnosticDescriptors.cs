using System.Linq;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

/// <summary>
/// Every diagnostic BackpropGen reports, in one table. Each has a page at docs/diagnostics/BPG###.md
/// and is listed in AnalyzerReleases.Shipped.md.
/// </summary>
internal static partial class DiagnosticDescriptors
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
        "'{0}' is generic; a network class and the types that contain it cannot be, since a network's element type is chosen with [Network(Precision = ...)]");

    public static readonly DiagnosticDescriptor SizeOutOfRange = Error(
        "BPG004", "Size out of range",
        "'{0}' has size {1}; a size must be between 1 and {2}");

    public static readonly DiagnosticDescriptor UnknownActivation = Error(
        "BPG005", "Unknown activation",
        "Layer '{0}' has activation value {1}, which is not an Activation; use Sigmoid, Tanh, ReLU, Identity or Softmax");

    public static readonly DiagnosticDescriptor UnknownPrecision = Error(
        "BPG006", "Unknown precision",
        "Network '{0}' has precision value {1}, which is not a Precision; use Precision.Single (float) or Precision.Double (double)");

    public static readonly DiagnosticDescriptor UnknownLoss = Error(
        "BPG007", "Unknown loss",
        "Network '{0}' has loss value {1}, which is not a Loss; use Loss.SumSquaredError, Loss.CrossEntropy or Loss.BinaryCrossEntropy");

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
        "The name '{0}' is used by more than one input or layer of network '{1}' (first as '{2}'); names must be unique, even ignoring the case of the first letter, since they become member names like '{3}'");

    public static readonly DiagnosticDescriptor InvalidName = Error(
        "BPG012", "Invalid name",
        "'{0}' is not a valid input or layer name; use a C# identifier of letters, digits and '_' that starts with a letter");

    public static readonly DiagnosticDescriptor MemberNameClash = Error(
        "BPG013", "Member name clashes with a generated member",
        "'{0}' ({1}) has the name of a member that BackpropGen generates in network class '{2}'; rename it");

    public static readonly DiagnosticDescriptor ArgumentNotConstant = Error(
        "BPG014", "Attribute argument is not a valid constant",
        "The [{0}] attribute's {1} could not be read as a constant ({2}); pass {3} as literal or const values");

    public static readonly DiagnosticDescriptor LargeUnrolledNetwork = new(
        "BPG015", "Large fully unrolled network",
        "Network '{0}' has {1} parameters in layers small enough to be unrolled into straight-line code, over {2}; expect a large assembly and long JIT time",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: FixFor("BPG015"), helpLinkUri: HelpLinkBase + "BPG015.md");

    public static readonly DiagnosticDescriptor UnusedUnits = new(
        "BPG016", "Input or layer is never read",
        "'{0}' is not read by any layer and is not the output layer; its units have no effect",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: FixFor("BPG016"), helpLinkUri: HelpLinkBase + "BPG016.md");

    public static readonly DiagnosticDescriptor StaticClass = Error(
        "BPG017", "Network class cannot be static",
        "The network class '{0}' is static; a network holds its parameters, so declare an instance class");

    public static readonly DiagnosticDescriptor DuplicateSource = Error(
        "BPG018", "Layer reads from the same source twice",
        "Layer '{0}' lists '{1}' more than once in From; list each source once");

    public static readonly DiagnosticDescriptor DuplicateNetworkAttribute = Error(
        "BPG019", "Duplicate [Network] attribute",
        "'{0}' has more than one [Network] attribute; declare [Network] once, on one partial declaration");

    public static readonly DiagnosticDescriptor LayerWithoutNetwork = Error(
        "BPG020", "[Input], [Dense] or [Recurrent] without [Network]",
        "[{0}] on '{1}' has no effect because '{1}' has no [Network] attribute; add [Network] to the class, or remove the attribute");

    public static readonly DiagnosticDescriptor LayerOnOtherDeclaration = Error(
        "BPG021", "[Input] or [Dense] on another partial declaration",
        "[{0}] is on a different partial declaration of '{1}' than [Network]; declare every " + InputAndLayerAttributes + " on the declaration that carries [Network], so that their order (and so the output layer) is defined");

    public static readonly DiagnosticDescriptor FileLocalClass = Error(
        "BPG022", "Network class cannot be file-local",
        "'{0}' is declared 'file'; BackpropGen writes the generated members into another file, so a network class and the types that contain it cannot be file-local");

    public static readonly DiagnosticDescriptor NetworkTooLarge = Error(
        "BPG023", "Network too large",
        "Network '{0}' has {1} parameters and {2} units in unrolled layers ({3}) and {4} parameters in all; the limits are {5} unrolled parameters (code size), {6} unrolled units (a C# method can have at most 65534 locals) and {7} parameters in all");

    public static readonly DiagnosticDescriptor EmptySources = Error(
        "BPG024", "Layer reads from nothing",
        "Layer '{0}' has an empty From; list at least one input or earlier layer, or leave From unset to read the layer declared before it");

    public static readonly DiagnosticDescriptor NetworkBaseClass = Error(
        "BPG025", "Network class derives from a network class",
        "'{0}' derives from '{1}', which is a network class too; their generated members would collide, so derive from a class without [Network]");

    public static readonly DiagnosticDescriptor InvalidNetworkName = Error(
        "BPG026", "Invalid network name",
        "Network '{0}' has the name {1}, which contains a line break or another control character; use a name on one line of printable characters");

    public static readonly DiagnosticDescriptor SoftmaxHiddenLayer = Error(
        "BPG027", "Softmax on a hidden layer",
        "Layer '{0}' of network '{1}' has the softmax activation, but it is not the output layer; softmax is layer-wide and allowed only on the output layer (with Loss.CrossEntropy), so use Sigmoid, Tanh, ReLU or Identity here");

    public static readonly DiagnosticDescriptor CrossEntropyWithoutSoftmax = Error(
        "BPG028", "Cross-entropy without a softmax output layer",
        "Network '{0}' uses Loss.CrossEntropy, but its output layer '{1}' has the {2} activation; cross-entropy needs a Softmax output layer (for independent sigmoid outputs use Loss.BinaryCrossEntropy)");

    public static readonly DiagnosticDescriptor BinaryCrossEntropyWithoutSigmoid = Error(
        "BPG029", "Binary cross-entropy without sigmoid outputs",
        "Network '{0}' uses Loss.BinaryCrossEntropy, but its output layer '{1}' has the {2} activation; binary cross-entropy needs Sigmoid output units (for a Softmax output layer use Loss.CrossEntropy)");

    public static readonly DiagnosticDescriptor SoftmaxWithoutCrossEntropy = Error(
        "BPG030", "Softmax output layer without cross-entropy",
        "Output layer '{0}' of network '{1}' has the softmax activation, but the loss is the sum of squared errors; a softmax output layer needs [Network(Loss = Loss.CrossEntropy)]");

    /// <summary>
    /// An error: NotConfigurable, so that neither <c>#pragma warning disable</c> nor .editorconfig/NoWarn hides it (the
    /// compiler's filter returns such a diagnostic as it is). A hidden BPG error would only move the failure elsewhere:
    /// nothing is generated for the class, so its uses fail with missing members. Warnings stay configurable.
    /// </summary>
    /// <summary>"[Input], [Dense] and [Recurrent]": [Input] and every layer kind's attribute, from the kinds' registry.</summary>
    internal static string InputAndLayerAttributes
    {
        get
        {
            string[] names = new[] { "Input" }.Concat(NetworkGenerator.LayerKinds.All.Select(static k => k.AttributeShortName)).Select(static n => "[" + n + "]").ToArray();
            return string.Join(", ", names, 0, names.Length - 1) + " and " + names[names.Length - 1];
        }
    }

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true, description: FixFor(id), helpLinkUri: HelpLinkBase + id + ".md",
            customTags: WellKnownDiagnosticTags.NotConfigurable);
}
