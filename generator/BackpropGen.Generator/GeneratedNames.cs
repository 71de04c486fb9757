using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;

namespace BackpropGen.Generator;

/// <summary>
/// The one owner of the names the generator writes into a network class: its members (fixed ones, per-layer accessors,
/// the training pass's part methods) and the spans and locals of its units. The emitter takes every name from here, the
/// planner lists a class's members from here, and the parser's clash check (BPG013) asks <see cref="IsReserved"/>, so
/// the check covers every generated member: <c>GeneratedNamesTests</c> reads every member the generated code of a corpus
/// (layered, cut into parts, 512-bit lanes, recurrent, baked) declares and holds that each is reserved and that a user
/// member of that name gets BPG013.
/// </summary>
internal static class GeneratedNames
{
    /// <summary>The members every network class may get, whatever its layers (some only with vector math or when parts are cut).</summary>
    public static readonly ImmutableArray<string> Fixed = ImmutableArray.Create(
        "InputSize", "OutputSize", "ParameterCount", "NetworkName", "NetworkTopology",
        "Parameters", "Gradients", "PreviousDeltas", "LearningRate", "Momentum", "WeightDecay", "Optimizer", Layout,
        "Forward", "ForwardBatch", "AccumulateGradient", "ClearGradients", "ApplyUpdate", "TrainBatch", "TrainOnline",
        "Initialize", "SetParameters", "Save", "Load",
        "_parameters", "_gradients", "_previousDeltas", "AccumulateCore", "ClearState",
        "_learningRate", "_momentum", "_weightDecay", "Inspect", "Activations",
        "AccumulateBatch", "VectorizeAcrossPatterns", "AccumulateLanes", "_gradientLanes", "_unitScratch", "_laneScratch", LaneMask,
        "AccumulateLanes512", "_gradientLanes512", "_laneScratch512", LaneMask + "512",
        "VectorSigmoid", "VectorTanh", OutputError,
        "TimeSteps", "StepInputSize", "StepOutputSize", "StateSize", "Step", "ResetState", "TargetSteps", EveryStep, TimeScratch,
        ParametersArray);

    private static readonly ImmutableHashSet<string> FixedSet = Fixed.ToImmutableHashSet(StringComparer.Ordinal);

    /// <summary>The static layer layout (ILayeredNetwork).</summary>
    public const string Layout = nameof(Layout);

    /// <summary>The lane mask field of the SIMD path.</summary>
    public const string LaneMask = "_laneMask";

    /// <summary>The part method of the output error.</summary>
    public const string OutputError = "OutputError";

    /// <summary>The mask of a recurrent net's every step (a target at each step).</summary>
    public const string EveryStep = "_everyStep";

    /// <summary>The unit states of a recurrent pass cut into methods.</summary>
    public const string TimeScratch = "_timeScratch";

    /// <summary>A baked class's parameters as an array, for the kernels of its looping layers.</summary>
    public const string ParametersArray = nameof(ParametersArray);

    /// <summary>The numbered part methods of a recurrent pass cut into methods: <c>ForwardPart0</c>, <c>AccumulatePart0</c>, <c>AccumulateLanesPart0</c>, <c>AccumulateLanes512Part0</c>.</summary>
    private static readonly string[] NumberedPartPrefixes = { "ForwardPart", "AccumulatePart", "AccumulateLanesPart", "AccumulateLanes512Part" };

    /// <summary>Part <paramref name="n"/> of a recurrent Forward cut into methods.</summary>
    public static string ForwardPart(int n) => NumberedPartPrefixes[0] + Number(n);

    /// <summary>Part <paramref name="n"/> of a recurrent training pass cut into methods.</summary>
    public static string AccumulatePart(int n) => NumberedPartPrefixes[1] + Number(n);

    /// <summary>Part <paramref name="n"/> of a recurrent lane method (<paramref name="method"/>, e.g. AccumulateLanes512) cut into methods.</summary>
    public static string LanesPart(string method, int n) => method + "Part" + Number(n);

    /// <summary>The learned initial state h(−1) of a recurrent layer, e.g. HInitialState.</summary>
    public static string InitialState(string layer) => Pascal(layer) + nameof(InitialState);

    /// <summary>The prefixes of the part methods of a layer: <c>Forward_hidden_0</c>, <c>Delta_hidden_0</c>, <c>Gradient_hidden_0</c>.</summary>
    private static readonly string[] PartPrefixes = { nameof(PartKind.Forward), nameof(PartKind.Delta), nameof(PartKind.Gradient) };

    /// <summary>The helper Forward calls for a vectorised activation.</summary>
    public static string VectorActivation(ActivationKind activation) => activation == ActivationKind.Tanh ? "VectorTanh" : "VectorSigmoid";

    /// <summary>A layer name as the start of a member name: hidden → Hidden.</summary>
    public static string Pascal(string name) =>
        name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

    /// <summary>The span over a layer's weights, e.g. HiddenWeights.</summary>
    public static string Weights(string layer) => Pascal(layer) + "Weights";

    /// <summary>The accessor of one weight, e.g. HiddenWeight(j, i).</summary>
    public static string Weight(string layer) => Pascal(layer) + "Weight";

    /// <summary>The span over a layer's biases, e.g. HiddenBiases.</summary>
    public static string Biases(string layer) => Pascal(layer) + "Biases";

    /// <summary>The method of one part of the training pass.</summary>
    public static string Part(PartKind kind, string layer, int chunk) =>
        kind == PartKind.Error ? OutputError : kind + "_" + layer + "_" + Number(chunk);

    /// <summary>A span of one quantity (x, y, dEdy, delta) of a layer's units, e.g. ys_hidden (kept apart from the locals y_hidden_0 by the plural).</summary>
    public static string Span(string quantity, string layer) => quantity + "s_" + layer;

    /// <summary>The local of one quantity of one unit, e.g. y_hidden_0.</summary>
    public static string Local(string quantity, string layer, int unit) => quantity + "_" + layer + "_" + Number(unit);

    /// <summary>
    /// Whether the generator may declare a member named <paramref name="name"/> in a network whose layers are
    /// <paramref name="layers"/>: a fixed name, a layer's accessor, or a part method of a layer (reserved whatever the
    /// size, since how a pass is cut into parts depends on sizes and the JIT's limits, not on the names).
    /// </summary>
    public static bool IsReserved(string name, IEnumerable<string> layers)
    {
        // Asked for every member of the class on every parse (each edit in the IDE): compares in place, makes no strings.
        if (FixedSet.Contains(name))
        {
            return true;
        }

        foreach (string layer in layers)
        {
            if (IsLayerMember(name, layer, "Weights") || IsLayerMember(name, layer, "Weight") || IsLayerMember(name, layer, "Biases") || IsLayerMember(name, layer, nameof(InitialState)))
            {
                return true;
            }

            foreach (string prefix in PartPrefixes)
            {
                if (IsNumbered(name, prefix, layer))
                {
                    return true;
                }
            }
        }

        foreach (string prefix in NumberedPartPrefixes)
        {
            if (IsNumbered(name, prefix, layer: null))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="name"/> is <c>Pascal(layer) + suffix</c> (e.g. HiddenWeights).</summary>
    private static bool IsLayerMember(string name, string layer, string suffix) =>
        layer.Length > 0 && name.Length == layer.Length + suffix.Length
        && name[0] == char.ToUpperInvariant(layer[0])
        && string.CompareOrdinal(name, 1, layer, 1, layer.Length - 1) == 0
        && string.CompareOrdinal(name, layer.Length, suffix, 0, suffix.Length) == 0;

    /// <summary>Whether <paramref name="name"/> is <paramref name="prefix"/> (then <c>_layer_</c> when a layer is given) followed by digits only.</summary>
    private static bool IsNumbered(string name, string prefix, string? layer)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        int at = prefix.Length;
        if (layer is not null)
        {
            if (name.Length < at + layer.Length + 2 || name[at] != '_' || string.CompareOrdinal(name, at + 1, layer, 0, layer.Length) != 0 || name[at + 1 + layer.Length] != '_')
            {
                return false;
            }

            at += layer.Length + 2;
        }

        if (name.Length <= at)
        {
            return false;
        }

        for (int i = at; i < name.Length; i++)
        {
            if (name[i] is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    private static string Number(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The members a plan's class declares: the fixed ones it uses, its layers' accessors, its part methods.</summary>
    public static IEnumerable<string> Members(NetworkModel model, bool vectorMath, bool lanes512, IEnumerable<string> vectorActivations, bool passInParts, IEnumerable<string> partNames)
    {
        var names = new List<string>
        {
            "InputSize", "OutputSize", "ParameterCount", "NetworkName", "NetworkTopology",
            "_parameters", "_gradients", "_previousDeltas", "_unitScratch",
            "Parameters", "Gradients", "PreviousDeltas", "LearningRate", "Momentum", "WeightDecay", "Optimizer", "VectorizeAcrossPatterns", Layout,
            "Forward", "ForwardBatch", "AccumulateGradient", "AccumulateCore",
            "ClearGradients", "ApplyUpdate", "AccumulateBatch", "TrainBatch", "TrainOnline", "Initialize", "SetParameters", "Save", "Load", "ClearState",
            "_learningRate", "_momentum", "_weightDecay", "Inspect", "Activations",
        };
        if (vectorMath)
        {
            names.AddRange(new[] { "_gradientLanes", "_laneScratch", LaneMask, "AccumulateLanes" });
        }

        if (lanes512)
        {
            names.AddRange(new[] { "_gradientLanes512", "_laneScratch512", LaneMask + "512", "AccumulateLanes512" });
        }

        names.AddRange(vectorActivations);
        foreach (LayerModel layer in model.Layers)
        {
            names.Add(Weights(layer.Name));
            names.Add(Weight(layer.Name));
            if (layer.HasBias)
            {
                names.Add(Biases(layer.Name));
            }
        }

        if (passInParts)
        {
            names.AddRange(partNames);
        }

        return names;
    }
}
