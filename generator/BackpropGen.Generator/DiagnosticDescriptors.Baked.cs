using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

// The baked-weights diagnostics, BPG100 upward (BPG001–BPG099 are the declaration's). The same table as
// DiagnosticDescriptors.cs, split across two files only so that the two ranges can grow independently.
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor WeightsFileNotFound = Error(
        "BPG100", "Weights file not found",
        "Network '{0}' bakes the weights file '{1}', which is not among the project's AdditionalFiles ({2}); add <AdditionalFiles Include=\"{1}\" /> to the project");

    public static readonly DiagnosticDescriptor WeightsFileAmbiguous = Error(
        "BPG101", "Weights file name matches several files",
        "Network '{0}' bakes the weights file '{1}', which matches more than one of the project's AdditionalFiles ({2}); give more of its path, e.g. [BakedWeights(\"folder/{1}\")]");

    public static readonly DiagnosticDescriptor WeightsFileDamaged = Error(
        "BPG102", "Weights file is not a valid parameter file",
        "Network '{0}' cannot bake the weights file '{1}': {2}");

    public static readonly DiagnosticDescriptor WeightsPrecisionMismatch = Error(
        "BPG103", "Weights file has another precision",
        "Network '{0}' cannot bake the weights file '{1}': the file holds {2} parameters, but the network is declared with {3} precision; declare [Network(Precision = Precision.{4})] or save the file from a {3} network");

    public static readonly DiagnosticDescriptor WeightsNameMismatch = Error(
        "BPG104", "Weights file was saved from another network",
        "Network '{0}' cannot bake the weights file '{1}': the file holds parameters for network '{2}', but this network is named '{0}'; if it is the same network, declare [Network(Name = \"{2}\")]");

    public static readonly DiagnosticDescriptor WeightsTopologyMismatch = Error(
        "BPG105", "Weights file was saved from another topology",
        "Network '{0}' cannot bake the weights file '{1}': the file was saved from a network with a different topology (topology hash 0x{2}; this declaration's is 0x{3}, for \"{4}\"); declare the inputs and layers exactly as the trained network did");

    public static readonly DiagnosticDescriptor WeightsCountMismatch = Error(
        "BPG106", "Weights file has another number of parameters",
        "Network '{0}' cannot bake the weights file '{1}': the file holds {2} parameters, but the network has {3}");

    public static readonly DiagnosticDescriptor InvalidWeightsPath = Error(
        "BPG107", "Invalid weights file name",
        "The [BakedWeights] attribute of '{0}' needs the name of a parameter file listed in AdditionalFiles, e.g. [BakedWeights(\"xor.bpgw\")]; found {1}");

    public static readonly DiagnosticDescriptor NonFiniteWeights = new(
        "BPG108", "Weights file holds non-finite values",
        "Network '{0}' bakes the weights file '{1}', which holds {2} NaN or infinite parameters (the first at index {3}); the network's outputs will be NaN or infinite, so retrain it",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description: FixFor("BPG108"), helpLinkUri: HelpLinkBase + "BPG108.md");

    public static readonly DiagnosticDescriptor UnknownBakedForm = Error(
        "BPG109", "Unknown baked weights form",
        "The [BakedWeights] attribute of '{0}' has Form value {1}, which is not a BakedWeightsForm; use BakedWeightsForm.FoldedConstants or BakedWeightsForm.LiteralArray");

    public static readonly DiagnosticDescriptor BakedRecurrentNetwork = Error(
        "BPG110", "Baked weights for a network run in time",
        "Network '{0}' runs for {1} time steps and has [BakedWeights(\"{2}\")]; baking is written for feed-forward networks only, so keep the recurrent network trainable and Load its parameter file");
}
