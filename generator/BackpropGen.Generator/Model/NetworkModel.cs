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
/// A dense layer: x_j = Σ_i y_i w_ji (+ b_j), y_j = f(x_j). Its inputs are the units of
/// <see cref="Sources"/> (input groups or earlier layers) concatenated in order, <see cref="FanIn"/> in all.
/// Its weights sit at <see cref="WeightOffset"/> row by row (w_ji at WeightOffset + j · FanIn + i),
/// its biases at <see cref="BiasOffset"/> (−1 when it has none).
/// </summary>
internal sealed record LayerModel(
    string Name,
    int Size,
    ActivationKind Activation,
    bool HasBias,
    EquatableArray<string> Sources,
    int FanIn,
    int WeightOffset,
    int BiasOffset)
{
    public int WeightCount => Size * FanIn;

    public int ParameterCount => WeightCount + (HasBias ? Size : 0);
}

/// <summary>Everything the emitter needs to write one network class.</summary>
internal sealed record NetworkModel(
    string? Namespace,
    EquatableArray<ContainingTypeModel> ContainingTypes,
    string ClassKeyword,
    string ClassName,
    string NetworkName,
    NumericType Precision,
    LossKind Loss,
    EquatableArray<InputGroupModel> Inputs,
    EquatableArray<LayerModel> Layers)
{
    public int InputSize => Inputs.Sum(g => g.Size);

    public LayerModel OutputLayer => Layers[Layers.Count - 1];

    public int OutputSize => OutputLayer.Size;

    public int ParameterCount => Layers.Sum(l => l.ParameterCount);

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
                text.Append("dense ").Append(layer.Name).Append('[').Append(layer.Size).Append("] ")
                    .Append(layer.Activation.ToString().ToLowerInvariant())
                    .Append(layer.HasBias ? " bias" : " nobias")
                    .Append(" <- ").Append(string.Join(",", layer.Sources)).Append("; ");
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
