using System.Linq;
using System.Text;
using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator.Model;

// The model is plain data. It holds strings, numbers, enums and equatable arrays of other model records,
// and never an ISymbol, SyntaxNode, Location, SemanticModel or Compilation: those would keep whole
// compilations alive between runs and defeat the incremental cache, whose test compares models with
// value equality. ModelPurityTests walks every type reachable from here and fails if one sneaks in.

/// <summary>The element type of a network's parameters and arithmetic.</summary>
internal enum NumericType
{
    Single = 0,
    Double = 1,
}

/// <summary>Activation functions; the values mirror <c>BackpropGen.Activation</c>.</summary>
internal enum ActivationKind
{
    Sigmoid = 0,
    Tanh = 1,
    ReLU = 2,
    Identity = 3,

    /// <summary>Layer-wide: y_j = e^(x_j − max x) / Σ_k e^(x_k − max x); output layer only.</summary>
    Softmax = 4,
}

/// <summary>Error measures; the values mirror <c>BackpropGen.Loss</c>.</summary>
internal enum LossKind
{
    SumSquaredError = 0,
    CrossEntropy = 1,
    BinaryCrossEntropy = 2,
}

/// <summary>A type that contains the network class, outermost first, e.g. <c>partial class Outer</c>.</summary>
internal sealed record ContainingTypeModel(string Keyword, string Name);

/// <summary>A group of input units, at <see cref="Offset"/> in the input span.</summary>
internal sealed record InputGroupModel(string Name, int Size, int Offset);

/// <summary>
/// A block of parameters: <see cref="Rows"/> × <see cref="Columns"/> weights row by row from <see cref="Offset"/>
/// (w_ji at Offset + j · Columns + i), then, with <see cref="HasBias"/>, one bias per row. A layer <em>uses</em> a block;
/// layers (or one layer at several time steps) that use the same block read the same weights and add their ∂E/∂w at the
/// same constant indices. Today each dense layer uses a block of its own. A recurrent layer with a learned initial state
/// has <see cref="InitialStates"/> more after its biases: h_k(−1), one per unit.
/// </summary>
internal sealed record ParameterBlockModel(string Name, int Offset, int Rows, int Columns, bool HasBias, int InitialStates = 0)
{
    public int WeightCount => Rows * Columns;

    /// <summary>Where b_j start, or −1 when there are none.</summary>
    public int BiasOffset => HasBias ? Offset + WeightCount : -1;

    /// <summary>Where the learned h_k(−1) start (after the biases), or −1 when the initial state is 0.</summary>
    public int InitialStateOffset => InitialStates > 0 ? Offset + WeightCount + (HasBias ? Rows : 0) : -1;

    public int Count => WeightCount + (HasBias ? Rows : 0) + InitialStates;
}

/// <summary>
/// A layer of kind <see cref="Kind"/> (today "dense": x_j = Σ_i y_i w_ji (+ b_j), y_j = f(x_j)). Its inputs are the
/// units of <see cref="Sources"/> (input groups or earlier layers) concatenated in order, <see cref="FanIn"/> in all.
/// Its parameters are the block it uses, <see cref="Block"/>. A recurrent layer also reads the units of
/// <see cref="PreviousSources"/> (other layers, <see cref="PreviousFanIn"/> units in all) at t − 1: their columns come after
/// its own units' in each row.
/// </summary>
internal sealed record LayerModel(
    string Name,
    string Kind,
    int Size,
    ActivationKind Activation,
    EquatableArray<string> Sources,
    int FanIn,
    ParameterBlockModel Block,
    EquatableArray<string> PreviousSources = default,
    int PreviousFanIn = 0)
{
    public bool HasBias => Block.HasBias;

    public int WeightOffset => Block.Offset;

    public int BiasOffset => Block.BiasOffset;

    public int WeightCount => Block.WeightCount;

    public int ParameterCount => Block.Count;

    /// <summary>Whether h(−1) is learned (parameters after the biases) rather than 0; recurrent layers only.</summary>
    public bool HasLearnedInitialState => Block.InitialStates > 0;

    /// <summary>Where the learned h_k(−1) start, or −1.</summary>
    public int InitialStateOffset => Block.InitialStateOffset;
}

/// <summary>Everything the emitter needs to write one network class.</summary>
/// <param name="LanesAlias">The generated file's alias of Vector&lt;T&gt;: Lanes, or another name when a type or member named Lanes is visible inside the class.</param>
/// <param name="LaneMathAlias">The alias of System.Numerics.Vector: LaneMath, or another name likewise.</param>
internal sealed record NetworkModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string ClassKeyword,
    string ClassName,
    string NetworkName,
    NumericType Precision,
    LossKind Loss,
    EquatableArray<InputGroupModel> Inputs,
    EquatableArray<LayerModel> Layers,
    string LanesAlias = "Lanes",
    string LaneMathAlias = "LaneMath",
    int TimeSteps = 0,
    bool LastStepOnly = false)
{
    /// <summary>Whether the network runs for <see cref="TimeSteps"/> steps (it has recurrent layers; written by the recurrent emitter).</summary>
    public bool IsRecurrent => TimeSteps > 0;

    public int InputSize => Inputs.Sum(g => g.Size);

    public LayerModel OutputLayer => Layers[Layers.Count - 1];

    public int OutputSize => OutputLayer.Size;

    /// <summary>The parameters of every block, each block counted once however many layers use it.</summary>
    public int ParameterCount => Layers.Select(l => l.Block).Distinct().Sum(b => b.Count);

    /// <summary>A canonical text of the topology, written into parameter files (hashed) to catch a mismatch.</summary>
    public string Topology
    {
        get
        {
            var text = new StringBuilder();
            foreach (InputGroupModel input in Inputs)
            {
                text.Append("input ").Append(input.Name).Append('[').Append(input.Size).Append("]; ");
            }

            foreach (LayerModel layer in Layers)
            {
                text.Append(NetworkGenerator.LayerKinds.Of(layer).Topology(layer)).Append("; ");
            }

            if (IsRecurrent)
            {
                text.Append("steps ").Append(TimeSteps).Append(LastStepOnly ? " outputs last; " : " outputs every; ");
            }

            text.Append(Loss switch
            {
                LossKind.CrossEntropy => "loss crossentropy",
                LossKind.BinaryCrossEntropy => "loss binarycrossentropy",
                _ => "loss sse",
            });
            return text.ToString();
        }
    }

    /// <summary>The file name of the generated source: the full type name, unique per network.</summary>
    public string HintName
    {
        get
        {
            var name = new StringBuilder();
            if (Namespace is not null)
            {
                name.Append(Namespace).Append('.');
            }

            foreach (ContainingTypeModel type in ContainingTypes)
            {
                name.Append(type.Name).Append('.');
            }

            name.Append(ClassName).Append(".g.cs");

            // A keyword written as an identifier keeps its '@' in the code, which a hint name cannot hold.
            return name.Replace("@", "").ToString();
        }
    }
}
