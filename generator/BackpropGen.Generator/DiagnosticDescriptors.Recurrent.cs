using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

/// <summary>The diagnostics of networks run in time (recurrent layers, [Network(TimeSteps = …)]): BPG050–BPG069.</summary>
internal static partial class DiagnosticDescriptors
{
    public static readonly DiagnosticDescriptor InvalidTimeSteps = Error(
        "BPG050", "Time steps must be positive",
        "Network '{0}' has TimeSteps = {1}; a network run in time needs at least 1 step (leave TimeSteps unset for a feed-forward network)");

    public static readonly DiagnosticDescriptor RecurrentWithoutTimeSteps = Error(
        "BPG051", "Recurrent layer without time steps",
        "Layer '{0}' is recurrent, but network '{1}' does not say how many steps it runs; set [Network(TimeSteps = T)]");

    public static readonly DiagnosticDescriptor CycleWithoutDelay = Error(
        "BPG052", "Cycle without a time delay",
        "Layer '{0}' reads '{1}' at the same time step, but '{1}' is {2}; a loop must go through a time delay, so read only inputs and earlier layers in From");

    public static readonly DiagnosticDescriptor TooManyTimeSteps = Error(
        "BPG053", "Too many time steps to unroll",
        "Network '{0}' runs for {1} time steps, {2} unit states unrolled; the unroll policy allows at most {3} states and {4} steps, so use fewer steps or smaller layers");

    public static readonly DiagnosticDescriptor RecurrentSoftmax = Error(
        "BPG054", "Softmax on a recurrent layer",
        "Layer '{0}' of network '{1}' is recurrent with a softmax activation; make the softmax output a [Dense] layer reading a recurrent layer");

    public static readonly DiagnosticDescriptor UnknownSequenceOutputs = Error(
        "BPG055", "Unknown sequence outputs",
        "Network '{0}' has Outputs value {1}, which is not a SequenceOutputs; use SequenceOutputs.EveryStep or SequenceOutputs.LastStep");

    public static readonly DiagnosticDescriptor UnknownInitialState = Error(
        "BPG056", "Unknown initial state",
        "Layer '{0}' has InitialState value {1}, which is not an InitialState; use InitialState.Zero or InitialState.Learned");

    public static readonly DiagnosticDescriptor EmptyPreviousSources = Error(
        "BPG057", "Layer reads nothing at t − 1",
        "Layer '{0}' has an empty FromPrevious; list at least one layer it reads at t − 1, or leave FromPrevious unset");

    public static readonly DiagnosticDescriptor UnknownPreviousSource = Error(
        "BPG058", "FromPrevious names no layer",
        "Layer '{0}' reads '{1}' at t − 1, but '{1}' is {2}; FromPrevious lists layers of the network ({3})");

    public static readonly DiagnosticDescriptor PreviousSelf = Error(
        "BPG059", "Recurrent layer names itself in FromPrevious",
        "Layer '{0}' lists itself in FromPrevious; a recurrent layer reads its own states at t − 1 without being named, so list only other layers");

    public static readonly DiagnosticDescriptor DuplicatePreviousSource = Error(
        "BPG060", "Layer reads the same layer twice at t − 1",
        "Layer '{0}' lists '{1}' more than once in FromPrevious; list each layer once");

    public static readonly DiagnosticDescriptor SoftmaxReadAtPrevious = Error(
        "BPG061", "Softmax layer read at t − 1",
        "Layer '{0}' reads softmax layer '{1}' at t − 1; what t + 1 sends back through a softmax is not written, so read the layer the softmax reads instead");
}
