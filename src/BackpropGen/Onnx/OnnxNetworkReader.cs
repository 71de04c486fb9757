// This file is compiled into two assemblies: the runtime (OnnxParameters) and the generator (the [OnnxModel] import,
// linked as a source file). Keep it to what both need and to APIs both have.
using System;
using System.Collections.Generic;
using System.Linq;

namespace BackpropGen.Onnx;

/// <summary>What kind of problem stops an ONNX graph from becoming a network; each is one diagnostic of the generator.</summary>
internal enum OnnxProblemKind
{
    /// <summary>The bytes are not a well-formed ONNX model (BPG202).</summary>
    Damaged,

    /// <summary>A node whose operator is not one of the supported ones (BPG203).</summary>
    UnsupportedOperator,

    /// <summary>A tensor or input of a data type other than FLOAT or DOUBLE, or of both mixed (BPG204).</summary>
    UnsupportedDataType,

    /// <summary>An input dimension other than the batch that has no fixed value (BPG205).</summary>
    DynamicShape,

    /// <summary>The default domain's opset is outside 11–21 (BPG206).</summary>
    UnsupportedOpset,

    /// <summary>Supported operators used in a way an MLP's Forward cannot express (BPG207).</summary>
    UnsupportedGraph,
}

/// <summary>Why a graph cannot be imported: the kind, and the message's arguments (node, op type, reason…).</summary>
internal sealed class OnnxProblem
{
    public OnnxProblem(OnnxProblemKind kind, params string[] arguments)
    {
        Kind = kind;
        Arguments = arguments;
    }

    public OnnxProblemKind Kind { get; }

    public string[] Arguments { get; }

    public override string ToString() => Kind + ": " + string.Join("; ", Arguments);
}

/// <summary>A group of input units: a graph input, flattened.</summary>
internal sealed class OnnxInputGroup
{
    public OnnxInputGroup(string name, string onnxName, int size)
    {
        Name = name;
        OnnxName = onnxName;
        Size = size;
    }

    /// <summary>The group's name as a C# identifier.</summary>
    public string Name { get; }

    /// <summary>The graph input's own name.</summary>
    public string OnnxName { get; }

    public int Size { get; }
}

/// <summary>
/// A dense layer read from the graph, with its parameters in BackpropGen's layout: <see cref="Weights"/> row by row
/// (w_ji at j · FanIn + i), <see cref="Biases"/> b_j or null. <see cref="Activation"/> is BackpropGen's
/// <c>Activation</c> value (0 sigmoid, 1 tanh, 2 ReLU, 3 identity, 4 softmax).
/// </summary>
internal sealed class OnnxLayer
{
    public OnnxLayer(string name, int size, int activation, string[] sources, int fanIn, double[] weights, double[]? biases)
    {
        Name = name;
        Size = size;
        Activation = activation;
        Sources = sources;
        FanIn = fanIn;
        Weights = weights;
        Biases = biases;
    }

    public string Name { get; }

    public int Size { get; }

    public int Activation { get; }

    /// <summary>The input groups and earlier layers this layer reads, by name, their units concatenated in order.</summary>
    public string[] Sources { get; }

    public int FanIn { get; }

    public double[] Weights { get; }

    public double[]? Biases { get; }
}

/// <summary>An MLP read from an ONNX graph: element size (4 float, 8 double), input groups, layers, opset.</summary>
internal sealed class OnnxNetwork
{
    public OnnxNetwork(int elementSize, IReadOnlyList<OnnxInputGroup> inputs, IReadOnlyList<OnnxLayer> layers, long opset, string graphName)
    {
        ElementSize = elementSize;
        Inputs = inputs;
        Layers = layers;
        Opset = opset;
        GraphName = graphName;
    }

    public int ElementSize { get; }

    public IReadOnlyList<OnnxInputGroup> Inputs { get; }

    public IReadOnlyList<OnnxLayer> Layers { get; }

    public long Opset { get; }

    public string GraphName { get; }

    /// <summary>All parameters in BackpropGen's layout: per layer, its weights row by row, then its biases.</summary>
    public double[] Parameters()
    {
        var values = new List<double>();
        foreach (OnnxLayer layer in Layers)
        {
            values.AddRange(layer.Weights);
            if (layer.Biases is not null)
            {
                values.AddRange(layer.Biases);
            }
        }

        return values.ToArray();
    }
}

/// <summary>
/// Reads what <c>torch.onnx.export</c> writes for a multilayer perceptron into an <see cref="OnnxNetwork"/>:
/// Gemm (transB 0 or 1), or MatMul followed by Add of a bias; Sigmoid, Tanh, Relu, Softmax over the last axis
/// on a layer's pre-activation; Identity; Flatten or Reshape of a graph input to [batch, units]; Concat of inputs
/// and layers along the units. Weights come from initializers (or Constant nodes). Anything else is an
/// <see cref="OnnxProblem"/>: this reader never throws.
/// </summary>
internal static class OnnxNetworkReader
{
    public const long MinOpset = 11;
    public const long MaxOpset = 21;

    public const string SupportedOperators = "Gemm, MatMul + Add, Sigmoid, Tanh, Relu, Softmax (last axis), Identity, Flatten, Reshape, Concat, Constant";

    private const int MaxUnitsPerValue = 1_000_000;

    /// <summary>Reads the bytes of an .onnx file; returns the network, or null with the problem.</summary>
    public static OnnxNetwork? Read(byte[] bytes, out OnnxProblem? problem)
    {
        OnnxModelProto model;
        try
        {
            model = OnnxModelProto.Parse(bytes);
        }
        catch (OnnxFormatException e)
        {
            problem = new OnnxProblem(OnnxProblemKind.Damaged, "it is not a valid ONNX model (" + e.Message + ")");
            return null;
        }

        try
        {
            return new Builder(model).Build(out problem);
        }
        catch (OnnxFormatException e)
        {
            problem = new OnnxProblem(OnnxProblemKind.Damaged, "it is not a valid ONNX model (" + e.Message + ")");
            return null;
        }
    }

    /// <summary>A value flowing through the graph, as this reader understands it.</summary>
    private abstract class Value
    {
    }

    /// <summary>Units of input groups and layers, concatenated: [batch, Size].</summary>
    private sealed class Units : Value
    {
        public Units(string[] sources, int size, long[]? shape = null)
        {
            Sources = sources;
            Size = size;
            Shape = shape;
        }

        public string[] Sources { get; }

        public int Size { get; }

        /// <summary>For a graph input of more than two dimensions: its dimensions after the batch (to flatten first).</summary>
        public long[]? Shape { get; }
    }

    /// <summary>A layer's pre-activation x_j = Σ_i y_i w_ji (+ b_j), not yet a layer.</summary>
    private sealed class Linear : Value
    {
        public Linear(Units input, int size, double[] weights, double[]? biases, string nameHint, string node)
        {
            Input = input;
            Size = size;
            Weights = weights;
            Biases = biases;
            NameHint = nameHint;
            Node = node;
        }

        public Units Input { get; }

        public int Size { get; }

        public double[] Weights { get; }

        public double[]? Biases { get; }

        public string NameHint { get; }

        public string Node { get; }

        /// <summary>The identity layer made when the pre-activation is read as it is (once).</summary>
        public Units? AsIdentityLayer { get; set; }
    }

    /// <summary>A constant tensor: an initializer or a Constant node's output.</summary>
    private sealed class Constant : Value
    {
        public Constant(string name, int dataType, long[] dims, double[] values)
        {
            Name = name;
            DataType = dataType;
            Dims = dims;
            Values = values;
        }

        public string Name { get; }

        public int DataType { get; }

        public long[] Dims { get; }

        public double[] Values { get; }
    }

    private sealed class Failure : Exception
    {
        public Failure(OnnxProblem problem) => Problem = problem;

        public OnnxProblem Problem { get; }
    }

    private sealed class Builder
    {
        private readonly OnnxModelProto model;
        private readonly Dictionary<string, Value> values = new(StringComparer.Ordinal);
        private readonly Dictionary<string, OnnxTensorProto> initializers = new(StringComparer.Ordinal);
        private readonly List<OnnxInputGroup> inputs = new();
        private readonly List<OnnxLayer> layers = new();
        private readonly HashSet<string> names = new(StringComparer.Ordinal);
        private readonly HashSet<int> dataTypes = new();
        private long opset;

        public Builder(OnnxModelProto model) => this.model = model;

        public OnnxNetwork? Build(out OnnxProblem? problem)
        {
            try
            {
                OnnxNetwork network = Build();
                problem = null;
                return network;
            }
            catch (Failure failure)
            {
                problem = failure.Problem;
                return null;
            }
        }

        private OnnxNetwork Build()
        {
            OnnxGraphProto graph = model.Graph ?? throw Fail(OnnxProblemKind.Damaged, "it holds no graph (is it an ONNX model?)");
            List<long> versions = model.Opsets.Where(o => o.Key is "" or "ai.onnx").Select(o => o.Value).ToList();
            if (versions.Count != 1)
            {
                throw Fail(OnnxProblemKind.UnsupportedOpset, versions.Count == 0 ? "none (the model imports no default-domain opset)" : "several (" + string.Join(", ", versions) + ")");
            }

            opset = versions[0];
            if (opset < MinOpset || opset > MaxOpset)
            {
                throw Fail(OnnxProblemKind.UnsupportedOpset, opset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (graph.SparseInitializerCount > 0)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, "the graph", "it holds sparse initializers; export with dense weights");
            }

            foreach (OnnxTensorProto tensor in graph.Initializers)
            {
                initializers[tensor.Name] = tensor;
            }

            foreach (OnnxValueInfo input in graph.Inputs)
            {
                if (!initializers.ContainsKey(input.Name))
                {
                    AddInput(input);
                }
            }

            if (inputs.Count == 0)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, "the graph", "it has no input that is not an initializer");
            }

            foreach (OnnxNodeProto node in graph.Nodes)
            {
                Visit(node);
            }

            if (graph.Outputs.Count != 1)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, "the graph", Invariant($"it has {graph.Outputs.Count} outputs; a network has exactly one output layer"));
            }

            Units output = AsUnits(Get(graph.Outputs[0].Name, "the graph output"), "the graph output '" + graph.Outputs[0].Name + "'");
            if (layers.Count == 0 || output.Sources.Length != 1 || output.Sources[0] != layers[layers.Count - 1].Name)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, "the graph output '" + graph.Outputs[0].Name + "'",
                    "it is not the output of the last layer the graph computes (it must be one layer's activations, computed after every other layer)");
            }

            for (int l = 0; l < layers.Count - 1; l++)
            {
                if (layers[l].Activation == 4)
                {
                    throw Fail(OnnxProblemKind.UnsupportedGraph, "layer '" + layers[l].Name + "'", "Softmax is supported only on the output layer");
                }
            }

            if (dataTypes.Count != 1 || !(dataTypes.Contains(OnnxDataType.Float) || dataTypes.Contains(OnnxDataType.Double)))
            {
                throw Fail(OnnxProblemKind.UnsupportedDataType, "the graph's inputs and weights", string.Join(" and ", dataTypes.OrderBy(d => d).Select(OnnxDataType.Name)) + " mixed");
            }

            return new OnnxNetwork(dataTypes.Contains(OnnxDataType.Double) ? 8 : 4, inputs, layers, opset, graph.Name);
        }

        private void AddInput(OnnxValueInfo input)
        {
            RequireFloating(input.ElementType, "graph input '" + input.Name + "'");
            if (!input.HasShape || input.Dims.Count == 0)
            {
                throw Fail(OnnxProblemKind.DynamicShape, input.Name, input.HasShape ? "it is a scalar" : "its shape is not recorded in the file");
            }

            // The first dimension is the batch (named, or any number) when there are two or more; the rest must be fixed.
            int first = input.Dims.Count == 1 ? 0 : 1;
            long size = 1;
            var shape = new List<long>();
            for (int d = first; d < input.Dims.Count; d++)
            {
                long? value = input.Dims[d];
                if (value is null || value <= 0)
                {
                    string name = input.DimNames[d] is { Length: > 0 } n ? "'" + n + "'" : value is null ? "unknown" : value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    throw Fail(OnnxProblemKind.DynamicShape, input.Name, Invariant($"its dimension {d} is {name}; only the first (batch) dimension may vary"));
                }

                size *= value.Value;
                shape.Add(value.Value);
                if (size > MaxUnitsPerValue)
                {
                    throw Fail(OnnxProblemKind.DynamicShape, input.Name, "it has more than " + MaxUnitsPerValue + " units per pattern");
                }
            }

            string groupName = UniqueName(input.Name, "input");
            inputs.Add(new OnnxInputGroup(groupName, input.Name, (int)size));
            values[input.Name] = new Units(new[] { groupName }, (int)size, shape.Count > 1 ? shape.ToArray() : null);
        }

        private void Visit(OnnxNodeProto node)
        {
            if (node.Domain is not ("" or "ai.onnx"))
            {
                throw Fail(OnnxProblemKind.UnsupportedOperator, node.Display, node.Domain + "." + node.OpType);
            }

            switch (node.OpType)
            {
                case "Identity":
                    Outputs(node, 1, Get(Input(node, 0), node.Display));
                    break;
                case "Constant":
                    Outputs(node, 1, ConstantNode(node));
                    break;
                case "Flatten":
                    Outputs(node, 1, Flatten(node));
                    break;
                case "Reshape":
                    Outputs(node, 1, Reshape(node));
                    break;
                case "Concat":
                    Outputs(node, 1, Concat(node));
                    break;
                case "Gemm":
                    Outputs(node, 1, Gemm(node));
                    break;
                case "MatMul":
                    Outputs(node, 1, MatMul(node));
                    break;
                case "Add":
                    Outputs(node, 1, Add(node));
                    break;
                case "Sigmoid":
                    Outputs(node, 1, Activate(node, 0));
                    break;
                case "Tanh":
                    Outputs(node, 1, Activate(node, 1));
                    break;
                case "Relu":
                    Outputs(node, 1, Activate(node, 2));
                    break;
                case "Softmax":
                    long axis = node.Attribute("axis")?.I ?? (opset >= 13 ? -1 : 1);
                    if (axis is not (-1 or 1))
                    {
                        throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, Invariant($"Softmax over axis {axis}; only the last axis (-1 or 1 of [batch, units]) is supported"));
                    }

                    Outputs(node, 1, Activate(node, 4));
                    break;
                default:
                    throw Fail(OnnxProblemKind.UnsupportedOperator, node.Display, node.OpType);
            }
        }

        private Value ConstantNode(OnnxNodeProto node)
        {
            OnnxAttributeProto? value = node.Attribute("value");
            if (value?.T is { } tensor)
            {
                return ToConstant(tensor, node.Outputs.Count > 0 ? node.Outputs[0] : node.Display);
            }

            OnnxAttributeProto? ints = node.Attribute("value_ints");
            if (ints is not null)
            {
                return new Constant(node.Display, OnnxDataType.Int64, new long[] { ints.Ints.Count }, ints.Ints.Select(i => (double)i).ToArray());
            }

            throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "a Constant without a tensor 'value' or 'value_ints'");
        }

        private Value Flatten(OnnxNodeProto node)
        {
            long axis = node.Attribute("axis")?.I ?? 1;
            Units units = AsUnits(Get(Input(node, 0), node.Display), node.Display, allowShaped: true);
            if (axis != 1)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, Invariant($"Flatten with axis {axis}; only axis 1 (keep the batch, flatten the rest) is supported"));
            }

            return new Units(units.Sources, units.Size);
        }

        private Value Reshape(OnnxNodeProto node)
        {
            Units units = AsUnits(Get(Input(node, 0), node.Display), node.Display, allowShaped: true);
            Constant shape = AsConstant(Get(Input(node, 1), node.Display), node.Display, "its shape");
            double[] s = shape.Values;
            bool keepsBatch = s.Length == 2 && (s[0] is -1 or 0 or 1) && (s[1] == units.Size || (s[1] == -1 && s[0] != -1));
            if (!keepsBatch)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display,
                    "Reshape to [" + string.Join(", ", s) + "]; only a reshape of an input to [batch, " + units.Size + "] (e.g. [-1, " + units.Size + "]) is supported");
            }

            return new Units(units.Sources, units.Size);
        }

        private Value Concat(OnnxNodeProto node)
        {
            long axis = node.Attribute("axis")?.I ?? 1;
            if (axis is not (1 or -1))
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, Invariant($"Concat along axis {axis}; only along the units (axis 1 or -1 of [batch, units]) is supported"));
            }

            var sources = new List<string>();
            int size = 0;
            for (int k = 0; k < node.Inputs.Count; k++)
            {
                Units units = AsUnits(Get(node.Inputs[k], node.Display), node.Display);
                sources.AddRange(units.Sources);
                size += units.Size;
            }

            if (sources.Count == 0)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "a Concat of nothing");
            }

            if (sources.Distinct(StringComparer.Ordinal).Count() != sources.Count)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "it reads the same input or layer twice (" + string.Join(", ", sources) + ")");
            }

            return new Units(sources.ToArray(), size);
        }

        private Value Gemm(OnnxNodeProto node)
        {
            if ((node.Attribute("transA")?.I ?? 0) != 0)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "Gemm with transA = 1; the units must be A, untransposed");
            }

            bool transB = (node.Attribute("transB")?.I ?? 0) != 0;
            double alpha = node.Attribute("alpha")?.F ?? 1.0;
            double beta = node.Attribute("beta")?.F ?? 1.0;
            Units input = AsUnits(Get(Input(node, 0), node.Display), node.Display);
            Constant b = Weight(node, 1, "B");
            if (b.Dims.Length != 2)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "its B has " + b.Dims.Length + " dimensions; a weight matrix has 2");
            }

            int fanIn = (int)(transB ? b.Dims[1] : b.Dims[0]);
            int size = (int)(transB ? b.Dims[0] : b.Dims[1]);
            CheckFanIn(node, input, fanIn, "B [" + string.Join(", ", b.Dims) + "]" + (transB ? " (transB = 1)" : ""));
            var weights = new double[size * fanIn];
            for (int j = 0; j < size; j++)
            {
                for (int i = 0; i < fanIn; i++)
                {
                    double w = transB ? b.Values[(j * fanIn) + i] : b.Values[(i * size) + j];
                    weights[(j * fanIn) + i] = alpha == 1.0 ? w : alpha * w;
                }
            }

            double[]? biases = null;
            if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0)
            {
                biases = Bias(node, Weight(node, 2, "C"), size);
                if (beta != 1.0)
                {
                    for (int j = 0; j < size; j++)
                    {
                        biases[j] *= beta;
                    }
                }
            }

            return new Linear(input, size, weights, biases, NameHint(node.Inputs[1], b), node.Display);
        }

        private Value MatMul(OnnxNodeProto node)
        {
            Units input = AsUnits(Get(Input(node, 0), node.Display), node.Display);
            Constant b = Weight(node, 1, "B");
            if (b.Dims.Length != 2)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "its B has " + b.Dims.Length + " dimensions; a weight matrix [fan-in, units] has 2");
            }

            int fanIn = (int)b.Dims[0];
            int size = (int)b.Dims[1];
            CheckFanIn(node, input, fanIn, "B [" + string.Join(", ", b.Dims) + "]");
            var weights = new double[size * fanIn];
            for (int j = 0; j < size; j++)
            {
                for (int i = 0; i < fanIn; i++)
                {
                    weights[(j * fanIn) + i] = b.Values[(i * size) + j];
                }
            }

            return new Linear(input, size, weights, null, NameHint(node.Inputs[1], b), node.Display);
        }

        private Value Add(OnnxNodeProto node)
        {
            Value left = Get(Input(node, 0), node.Display);
            Value right = Get(Input(node, 1), node.Display);
            (Linear? linear, Constant? bias) = (left, right) switch
            {
                (Linear l, Constant c) => (l, c),
                (Constant c, Linear l) => (l, c),
                _ => (null, null),
            };

            if (linear is null || bias is null || linear.Biases is not null || linear.AsIdentityLayer is not null)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "Add is supported only to add a constant bias to a MatMul's result");
            }

            RequireFloating(bias.DataType, "the bias '" + bias.Name + "' of " + node.Display);
            return new Linear(linear.Input, linear.Size, linear.Weights, Bias(node, bias, linear.Size), linear.NameHint, linear.Node);
        }

        private Value Activate(OnnxNodeProto node, int activation)
        {
            Value value = Get(Input(node, 0), node.Display);
            if (value is not Linear linear)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display,
                    node.OpType + " applies to something other than a layer's weighted sum (Gemm, or MatMul + Add); BackpropGen layers apply one activation to x_j = Σ_i y_i w_ji + b_j");
            }

            return AddLayer(linear, activation);
        }

        private Units AddLayer(Linear linear, int activation)
        {
            string name = UniqueName(linear.NameHint, "layer");
            layers.Add(new OnnxLayer(name, linear.Size, activation, linear.Input.Sources, linear.Input.Size, linear.Weights, linear.Biases));
            return new Units(new[] { name }, linear.Size);
        }

        private Units AsUnits(Value value, string where, bool allowShaped = false)
        {
            switch (value)
            {
                case Units units when units.Shape is null || allowShaped:
                    return units;
                case Units units:
                    throw Fail(OnnxProblemKind.UnsupportedGraph, where, "it reads input '" + units.Sources[0] + "' of shape [batch, " + string.Join(", ", units.Shape!) + "] before it is flattened (Flatten or Reshape to [batch, " + units.Size + "])");
                case Linear linear:
                    // A weighted sum read as it is: a layer with the identity activation (made once, however often read).
                    return linear.AsIdentityLayer ??= AddLayer(linear, 3);
                default:
                    throw Fail(OnnxProblemKind.UnsupportedGraph, where, "it reads the constant '" + ((Constant)value).Name + "' where it needs units (a graph input or a layer's output)");
            }
        }

        private Constant Weight(OnnxNodeProto node, int index, string role)
        {
            Constant constant = AsConstant(Get(Input(node, index), node.Display), node.Display, "its " + role);
            RequireFloating(constant.DataType, "the initializer '" + constant.Name + "' (" + role + " of " + node.Display + ")");
            return constant;
        }

        private Constant AsConstant(Value value, string where, string role) => value as Constant
            ?? throw Fail(OnnxProblemKind.UnsupportedGraph, where, role + " is computed in the graph; it must be an initializer or a Constant (the weights of an MLP are fixed)");

        private double[] Bias(OnnxNodeProto node, Constant bias, int size)
        {
            bool fits = bias.Values.Length == size && bias.Dims.Count(d => d != 1) <= 1 || bias.Values.Length == 1;
            if (!fits || bias.Dims.Length > 2)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "its bias '" + bias.Name + "' has shape [" + string.Join(", ", bias.Dims) + "]; a layer of " + size + " units needs [" + size + "], [1, " + size + "] or one value");
            }

            return bias.Values.Length == 1 ? Enumerable.Repeat(bias.Values[0], size).ToArray() : (double[])bias.Values.Clone();
        }

        private void CheckFanIn(OnnxNodeProto node, Units input, int fanIn, string what)
        {
            if (fanIn != input.Size)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, Invariant($"its {what} expects {fanIn} input units, but it reads {input.Size}"));
            }

            if (fanIn <= 0)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, "its weight matrix is empty");
            }
        }

        private void RequireFloating(int dataType, string what)
        {
            if (dataType is not (OnnxDataType.Float or OnnxDataType.Double))
            {
                throw Fail(OnnxProblemKind.UnsupportedDataType, what, OnnxDataType.Name(dataType));
            }

            dataTypes.Add(dataType);
        }

        private Value Get(string name, string where)
        {
            if (values.TryGetValue(name, out Value? value))
            {
                return value;
            }

            if (initializers.TryGetValue(name, out OnnxTensorProto? tensor))
            {
                Constant constant = ToConstant(tensor, name);
                values[name] = constant;
                return constant;
            }

            throw Fail(OnnxProblemKind.UnsupportedGraph, where, "it reads '" + name + "', which no earlier node, input or initializer defines");
        }

        private Constant ToConstant(OnnxTensorProto tensor, string name)
        {
            if (tensor.External)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, "initializer '" + name + "'", "its values are stored in an external file; export the model with the weights inside (save_as_external_data = False)");
            }

            double[]? data = tensor.Values(out string? error);
            if (data is null)
            {
                if (tensor.DataType is not (OnnxDataType.Float or OnnxDataType.Double or OnnxDataType.Int32 or OnnxDataType.Int64))
                {
                    throw Fail(OnnxProblemKind.UnsupportedDataType, "the tensor '" + name + "'", OnnxDataType.Name(tensor.DataType));
                }

                throw Fail(OnnxProblemKind.Damaged, "the tensor '" + name + "' is damaged: " + error);
            }

            return new Constant(name, tensor.DataType, tensor.Dims.ToArray(), data);
        }

        private static string Input(OnnxNodeProto node, int index) =>
            index < node.Inputs.Count && node.Inputs[index].Length > 0
                ? node.Inputs[index]
                : throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, Invariant($"{node.OpType} needs input {index + 1}, which is missing"));

        private void Outputs(OnnxNodeProto node, int count, Value value)
        {
            if (node.Outputs.Count != count)
            {
                throw Fail(OnnxProblemKind.UnsupportedGraph, node.Display, Invariant($"{node.OpType} with {node.Outputs.Count} outputs; expected {count}"));
            }

            values[node.Outputs[0]] = value;
        }

        /// <summary>A layer's name from its weight's name ("fc1.weight" → fc1; "0.weight" → layer0), else layer{k}.</summary>
        private string NameHint(string initializer, Constant weight)
        {
            string name = initializer;
            foreach (string suffix in new[] { ".weight", ".w", "_weight", ".kernel" })
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    return name.Substring(0, name.Length - suffix.Length);
                }
            }

            return name.StartsWith("onnx::", StringComparison.Ordinal) || weight.Name.Length == 0 ? "" : name;
        }

        /// <summary>A C# identifier from an ONNX name, unique among inputs and layers.</summary>
        private string UniqueName(string onnxName, string fallback)
        {
            var text = new System.Text.StringBuilder();
            foreach (char c in onnxName)
            {
                text.Append(char.IsLetterOrDigit(c) && c < 128 || c == '_' ? c : '_');
            }

            string name = text.ToString().Trim('_');
            while (name.Contains("__"))
            {
                name = name.Replace("__", "_");
            }

            if (name.Length == 0)
            {
                name = fallback + (fallback == "layer" ? layers.Count : inputs.Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (char.IsDigit(name[0]))
            {
                name = fallback + name;
            }

            string unique = name;
            for (int k = 2; !names.Add(unique); k++)
            {
                unique = name + "_" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return unique;
        }

        private static Failure Fail(OnnxProblemKind kind, params string[] arguments) => new(new OnnxProblem(kind, arguments));

        private static string Invariant(FormattableString text) => text.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
