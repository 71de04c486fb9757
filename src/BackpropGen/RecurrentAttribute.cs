using System;

namespace BackpropGen;

/// <summary>At which time steps a recurrent network's output layer is read and compared with targets.</summary>
public enum SequenceOutputs
{
    /// <summary>Every step: a case's output (and target) holds T × the output units, step after step.</summary>
    EveryStep = 0,

    /// <summary>The last step only: a case's output (and target) holds the output units once.</summary>
    LastStep = 1,
}

/// <summary>Where a recurrent layer's states start: h(−1), the states step 0 reads as "the states at t − 1".</summary>
public enum InitialState
{
    /// <summary>h(−1) = 0.</summary>
    Zero = 0,

    /// <summary>
    /// h(−1) is learned: one parameter per unit, in the layer's block after its biases, initialised as its biases are and
    /// changed by ∂E/∂h(−1) = Σ_j δ_j(0) w_jk (what step 0 sends back through the recurrent weights), summed over the cases.
    /// </summary>
    Learned = 1,
}

/// <summary>
/// A recurrent layer of a network with <see cref="NetworkAttribute.TimeSteps"/>: at step t its units read the units
/// they read as a dense layer would (the layers and inputs in <see cref="From"/>, at step t) and their own states at
/// step t − 1, x_j(t) = Σ_i y_i(t) w_ji + Σ_k h_k(t−1) w_jk + b_j, h_j(t) = f(x_j(t)), with h(−1) = 0 unless
/// <see cref="InitialState"/> is <see cref="BackpropGen.InitialState.Learned"/>.
/// Its weights are shared by every step. Its block of parameters is w_ji row by row, each row the sources' units then
/// the layer's own units (the recurrent weights), then the units of the <see cref="FromPrevious"/> layers, then b_j (with <see cref="Bias"/>), then h_k(−1) (with a learned
/// initial state): for a layer of n units reading m units, n · (m + n) weights, n biases, n initial states.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RecurrentAttribute : Attribute
{
    /// <summary>Declares a recurrent layer.</summary>
    /// <param name="name">The layer's name (an identifier).</param>
    /// <param name="size">Its number of units (1–10000).</param>
    /// <param name="activation">f, the units' activation (not <see cref="Activation.Softmax"/>).</param>
    public RecurrentAttribute(string name, int size, Activation activation)
    {
        Name = name;
        Size = size;
        Activation = activation;
    }

    /// <summary>The layer's name.</summary>
    public string Name { get; }

    /// <summary>Its number of units.</summary>
    public int Size { get; }

    /// <summary>The units' activation.</summary>
    public Activation Activation { get; }

    /// <summary>Whether the units have biases (true unless set).</summary>
    public bool Bias { get; set; } = true;

    /// <summary>The inputs and earlier layers it reads at the same step; the layer declared before it (or the inputs) when not set. It always reads its own states at t − 1.</summary>
    public string[]? From { get; set; }

    /// <summary>
    /// Other layers whose states at t − 1 the layer's units read, through its own weights, besides its own: any layers of the
    /// network, declared before or after it (the time delay breaks the loop), so every unit of a net can read every unit at
    /// t − 1 (the paper's fully recurrent synchronous net). In each row their columns come after the layer's own units', in
    /// the order listed. At step 0 a layer's state at t − 1 is its h(−1): its learned initial state, else 0. An input, the
    /// layer itself, a name twice, a softmax layer or an empty list is BPG057–BPG061.
    /// </summary>
    public string[]? FromPrevious { get; set; }

    /// <summary>
    /// h(−1), the states step 0 reads: <see cref="BackpropGen.InitialState.Zero"/> (the default) or
    /// <see cref="BackpropGen.InitialState.Learned"/>, parameters of the layer after its biases (the generated
    /// <c>&lt;Layer&gt;InitialState</c> span; <c>InitialState(state)</c> fills a <c>Step</c> state with them).
    /// Another value is BPG056.
    /// </summary>
    public InitialState InitialState { get; set; }
}
