using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// What every generated network exposes. The generator implements it on each <see cref="NetworkAttribute"/>
/// class with fully unrolled code; the runtime (training loop, parameter files) works through it.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, from <see cref="NetworkAttribute.Precision"/>.</typeparam>
/// <remarks>
/// <para>Parameter layout: layers in declaration order; for each layer, its weights row by row
/// (w_ji at <c>offset + j · fanIn + i</c>, where i runs over the units of the layer's sources concatenated
/// in order), then its biases b_j (when it has them).</para>
/// <para>Training state: <see cref="Gradients"/> holds ∂E/∂w accumulated since the last update,
/// <see cref="PreviousDeltas"/> holds Δw(t−1) for the momentum term.</para>
/// <para>Threads: <see cref="Forward"/> may run on several threads at once on one instance while nothing trains it or
/// changes its parameters (a generated network keeps a small network's units on each call's stack, and takes a lock where
/// they live in instance scratch). Everything else (training, updates, <see cref="Initialize"/>,
/// <see cref="SetParameters"/>, loading) shares the instance's buffers: one thread at a time, and no Forward meanwhile.</para>
/// <para>A new generated network starts from fan-in-scaled random parameters (<see cref="SeededUniform.FanInScaled{T}"/>),
/// so it can be trained without calling <see cref="Initialize"/>.</para>
/// </remarks>
public interface INetwork<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The network's name, written into and checked against saved parameter files.</summary>
    string Name { get; }

    /// <summary>A canonical description of the topology (inputs, layers, sizes, activations, biases, sources).</summary>
    string Topology { get; }

    /// <summary>Total number of input units (all input groups).</summary>
    int InputLength { get; }

    /// <summary>Number of output units.</summary>
    int OutputLength { get; }

    /// <summary>Number of parameters (weights and biases).</summary>
    int ParameterLength { get; }

    /// <summary>All weights and biases in one contiguous buffer, in the documented layout.</summary>
    Span<T> Parameters { get; }

    /// <summary>∂E/∂w accumulated by <see cref="AccumulateGradient"/> since the last update or clear.</summary>
    Span<T> Gradients { get; }

    /// <summary>Δw(t−1), the previous weight change, used by the momentum term.</summary>
    Span<T> PreviousDeltas { get; }

    /// <summary>The learning rate ε.</summary>
    T LearningRate { get; set; }

    /// <summary>The momentum α.</summary>
    T Momentum { get; set; }

    /// <summary>The weight decay λ: after each change, w ← w − λ w.</summary>
    T WeightDecay { get; set; }

    /// <summary>
    /// The rule <see cref="ApplyUpdate"/> uses (<see cref="AdamOptimizer{T}"/>, <see cref="NesterovOptimizer{T}"/>…);
    /// <see langword="null"/> (the default) for the paper's rule with <see cref="LearningRate"/>, <see cref="Momentum"/>,
    /// <see cref="WeightDecay"/> and <see cref="PreviousDeltas"/>. <see cref="Initialize"/> and <see cref="SetParameters"/>
    /// reset its state.
    /// </summary>
    Optimizer<T>? Optimizer { get; set; }

    /// <summary>Computes the output for one input pattern. Allocates nothing.</summary>
    /// <exception cref="ArgumentException">A span's length is not <see cref="InputLength"/> / <see cref="OutputLength"/>.</exception>
    void Forward(ReadOnlySpan<T> input, Span<T> output);

    /// <summary>
    /// Computes the outputs of n input patterns, row by row (pattern c's input at <c>inputs[c · InputLength..]</c>, its
    /// output at <c>outputs[c · OutputLength..]</c>). Allocates nothing.
    /// </summary>
    /// <remarks>
    /// Generated networks implement it SIMD across patterns where the hardware runs vectors (within rounding of
    /// <see cref="Forward"/>; pattern by pattern, bit for bit, when <see cref="VectorizeAcrossPatterns"/> is off). The
    /// default implementation, for a network without one, calls <see cref="Forward"/> for each pattern.
    /// <see cref="NetworkTrainer.Fit"/> and <see cref="Evaluation"/> classify through it, in blocks of patterns.
    /// </remarks>
    /// <param name="inputs">n patterns of <see cref="InputLength"/> values each, one after the other.</param>
    /// <param name="outputs">Receives n patterns of <see cref="OutputLength"/> values each.</param>
    /// <exception cref="ArgumentException"><paramref name="inputs"/> is not a whole number of patterns, or <paramref name="outputs"/> is not as many patterns long.</exception>
    void ForwardBatch(ReadOnlySpan<T> inputs, Span<T> outputs)
    {
        int inputLength = InputLength;
        int outputLength = OutputLength;
        if (inputs.Length % inputLength != 0)
        {
            throw new ArgumentException($"Expected whole patterns of {inputLength} values but got {inputs.Length} values.", nameof(inputs));
        }

        int n = inputs.Length / inputLength;
        Guard.Length(nameof(outputs), n * outputLength, outputs.Length);
        for (int c = 0; c < n; c++)
        {
            Forward(inputs.Slice(c * inputLength, inputLength), outputs.Slice(c * outputLength, outputLength));
        }
    }

    /// <summary>
    /// Forward and backward pass for one pattern: adds ∂E/∂w for every parameter to <see cref="Gradients"/>
    /// and returns the pattern's error E under the network's <see cref="NetworkAttribute.Loss"/> (the paper's
    /// E = ½ Σ_j (y_j − d_j)² unless another loss is declared).
    /// </summary>
    T AccumulateGradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target);

    /// <summary>Sets every accumulated gradient to zero.</summary>
    void ClearGradients();

    /// <summary>
    /// Changes every parameter by <see cref="Optimizer"/>'s rule, or when it is null by the paper's
    /// Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1), then w ← w − λ w; then clears the gradients.
    /// </summary>
    void ApplyUpdate();

    /// <summary>
    /// Whether <see cref="AccumulateBatch"/> may run <see cref="Vector{T}.Count"/> cases at a time (SIMD across patterns)
    /// where the hardware accelerates it. Set it false for the scalar path alone, whose sums run in case order and so
    /// give the same bits on every machine.
    /// </summary>
    /// <remarks>
    /// Generated networks implement it (true unless set). The default implementation, for a network without a SIMD
    /// path, is always false, and setting it changes nothing.
    /// </remarks>
    bool VectorizeAcrossPatterns
    {
        get => false;
        set { }
    }

    /// <summary>
    /// Forward and backward pass for every case of <paramref name="data"/>: adds ∂E/∂w summed over the cases to
    /// <see cref="Gradients"/> and returns E summed over the cases. Changes no weight.
    /// </summary>
    /// <remarks>
    /// Generated networks run it across patterns when <see cref="VectorizeAcrossPatterns"/> allows. The default
    /// implementation calls <see cref="AccumulateGradient"/> for each case in order. <see cref="TrainBatch"/> is
    /// <see cref="ClearGradients"/>, this, then <see cref="ApplyUpdate"/>, and <see cref="NetworkTrainer"/>'s batch
    /// sweep makes the same three calls.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentException">The data set's pattern lengths are not <see cref="InputLength"/> and <see cref="OutputLength"/>.</exception>
    T AccumulateBatch(DataSet<T> data)
    {
        Guard.Shape(data, InputLength, OutputLength);
        T error = T.Zero;
        for (int c = 0; c < data.Count; c++)
        {
            // E = Σ_c E_c;  ∂E/∂w = Σ_c ∂E_c/∂w
            error += AccumulateGradient(data.Input(c), data.Target(c));
        }

        return error;
    }

    /// <summary>One batch sweep: accumulates the gradient over every case (<see cref="AccumulateBatch"/>), then updates once. Returns the sweep's total error.</summary>
    T TrainBatch(DataSet<T> data);

    /// <summary>One online sweep: updates after every case. Returns the sum of the cases' errors (each before its update).</summary>
    T TrainOnline(DataSet<T> data);

    /// <summary>Sets every parameter uniformly in [−range, range) from <paramref name="seed"/> (see <see cref="SeededUniform"/>), and clears the training state.</summary>
    void Initialize(ulong seed, T range);

    /// <summary>Copies <paramref name="values"/> into <see cref="Parameters"/> and clears the training state.</summary>
    void SetParameters(ReadOnlySpan<T> values);
}
