using System;

namespace BackpropGen;

/// <summary>Numeric precision of a generated network's parameters and arithmetic.</summary>
public enum Precision
{
    /// <summary>32-bit <see cref="float"/> (the default).</summary>
    Single = 0,

    /// <summary>64-bit <see cref="double"/>.</summary>
    Double = 1,
}

/// <summary>Activation function of a layer's units: y_j = f(x_j).</summary>
public enum Activation
{
    /// <summary>The paper's logistic unit: y = 1 / (1 + e^(−x)); f′(x) = y (1 − y).</summary>
    Sigmoid = 0,

    /// <summary>Hyperbolic tangent: y = tanh(x); f′(x) = 1 − y².</summary>
    Tanh = 1,

    /// <summary>Rectified linear unit: y = max(0, x); f′(x) = 1 when x &gt; 0, else 0.</summary>
    ReLU = 2,

    /// <summary>Linear unit: y = x; f′(x) = 1.</summary>
    Identity = 3,

    /// <summary>
    /// Softmax, a layer-wide activation: y_j = e^(x_j − max_k x_k) / Σ_k e^(x_k − max_k x_k), so the outputs are
    /// positive and sum to 1 (the largest x_k is subtracted so that e^x never overflows). Allowed only on the output
    /// layer, with <see cref="Loss.CrossEntropy"/> (then δ_j = y_j − d_j at the outputs).
    /// </summary>
    Softmax = 4,
}

/// <summary>The error measure that back-propagation minimises.</summary>
public enum Loss
{
    /// <summary>The paper's error: E = ½ Σ_c Σ_j (y_j,c − d_j,c)²; ∂E/∂y_j = y_j − d_j.</summary>
    SumSquaredError = 0,

    /// <summary>
    /// Cross-entropy over a <see cref="Activation.Softmax"/> output layer: E = −Σ_c Σ_j d_j,c ln y_j,c, whose targets
    /// are probabilities (each case's d_j sum to 1; a case with two answers is ½, ½). δ_j = ∂E/∂x_j = y_j − d_j.
    /// </summary>
    CrossEntropy = 1,

    /// <summary>
    /// Binary cross-entropy over <see cref="Activation.Sigmoid"/> output units, each a yes/no probability:
    /// E = −Σ_c Σ_j [d_j,c ln y_j,c + (1 − d_j,c) ln(1 − y_j,c)]; δ_j = ∂E/∂x_j = y_j − d_j.
    /// </summary>
    BinaryCrossEntropy = 2,
}

/// <summary>
/// Marks a <c>partial</c> class as a network. BackpropGen generates its forward pass, back-propagation and
/// weight update at compile time from the <see cref="InputAttribute"/> and <see cref="DenseAttribute"/>
/// attributes on the same class, read in declaration order.
/// </summary>
/// <example>
/// <code>
/// [Network(Precision = Precision.Double)]
/// [Input("x", 2)]
/// [Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
/// [Dense("output", 1, Activation.Sigmoid, Bias = false)]
/// public partial class XorNet { }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class NetworkAttribute : Attribute
{
    /// <summary>Precision of parameters and arithmetic; <see cref="BackpropGen.Precision.Single"/> by default.</summary>
    public Precision Precision { get; set; } = Precision.Single;

    /// <summary>The error measure; the paper's <see cref="BackpropGen.Loss.SumSquaredError"/> by default.</summary>
    public Loss Loss { get; set; } = Loss.SumSquaredError;

    /// <summary>
    /// The name written into saved parameter files and checked when they are loaded;
    /// the class name when not set.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>
    /// The number of time steps T of a recurrent network (one with <see cref="RecurrentAttribute"/> layers): the net is
    /// run for T steps and unrolled in time at compile time, a layered net of T layers whose weights are shared (the
    /// paper's Fig. 5). A case is then T steps: its input holds T × the input units, step after step. 0, the default,
    /// means a feed-forward network.
    /// </summary>
    public int TimeSteps { get; set; }

    /// <summary>At which steps a recurrent network's output layer is read (and has targets): every step (the default) or the last.</summary>
    public SequenceOutputs Outputs { get; set; } = SequenceOutputs.EveryStep;
}

/// <summary>
/// Declares a group of input units. A network may have several input groups; they are passed to
/// <c>Forward</c> and training as one span, the groups concatenated in declaration order.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class InputAttribute : Attribute
{
    /// <summary>Declares an input group.</summary>
    /// <param name="name">A name that layers can read from (a C# identifier).</param>
    /// <param name="size">The number of input units (1 or more).</param>
    public InputAttribute(string name, int size)
    {
        Name = name;
        Size = size;
    }

    /// <summary>The group's name.</summary>
    public string Name { get; }

    /// <summary>The number of input units.</summary>
    public int Size { get; }
}

/// <summary>
/// Declares a dense (fully connected) layer: x_j = Σ_i y_i w_ji + b_j, y_j = f(x_j).
/// Layers are evaluated in declaration order; the last declared layer is the output layer.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class DenseAttribute : Attribute
{
    /// <summary>Declares a dense layer.</summary>
    /// <param name="name">The layer's name (a C# identifier), used for named accessors and by later layers.</param>
    /// <param name="size">The number of units (1 or more).</param>
    /// <param name="activation">The units' activation function.</param>
    public DenseAttribute(string name, int size, Activation activation)
    {
        Name = name;
        Size = size;
        Activation = activation;
    }

    /// <summary>The layer's name.</summary>
    public string Name { get; }

    /// <summary>The number of units.</summary>
    public int Size { get; }

    /// <summary>The activation function.</summary>
    public Activation Activation { get; }

    /// <summary>
    /// Whether each unit has a bias: the paper's weight from an extra input unit that is always 1.
    /// <see langword="true"/> by default.
    /// </summary>
    public bool Bias { get; set; } = true;

    /// <summary>
    /// The inputs or earlier layers this layer reads from, their units concatenated in this order.
    /// When not set, the layer reads from the layer declared just before it (or the only input group).
    /// </summary>
    public string[]? From { get; set; }
}
