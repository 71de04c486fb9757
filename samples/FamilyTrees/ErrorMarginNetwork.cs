using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// Trains a network with the paper's error margin: "the error was considered to be zero if output units that should
/// be on had activities above 0.8 and output units that should be off had activities below 0.2". A batch sweep runs
/// each case forward, replaces the desired output d_j by the actual y_j wherever y_j is already on the right side of
/// its margin (so ∂E/∂y_j = y_j − d_j = 0 there), and accumulates the gradient against that; then changes the weights
/// once. Everything else is passed straight to the wrapped network, so <see cref="NetworkTrainer"/> can drive it.
/// </summary>
/// <remarks>The generated network knows nothing of margins; this wrapper adds one without changing it.</remarks>
public sealed class ErrorMarginNetwork : INetwork<double>
{
    private readonly INetwork<double> _net;
    private readonly double[] _output;
    private readonly double[] _target;

    /// <summary>Wraps <paramref name="network"/>.</summary>
    /// <param name="network">The network to train.</param>
    /// <param name="on">An output that should be on counts as right above this (0.8 in the paper).</param>
    /// <param name="off">An output that should be off counts as right below this (0.2 in the paper).</param>
    public ErrorMarginNetwork(INetwork<double> network, double on = 0.8, double off = 0.2)
    {
        _net = network;
        On = on;
        Off = off;
        _output = new double[network.OutputLength];
        _target = new double[network.OutputLength];
    }

    /// <summary>The "on" margin.</summary>
    public double On { get; }

    /// <summary>The "off" margin.</summary>
    public double Off { get; }

    /// <inheritdoc/>
    public string Name => _net.Name;

    /// <inheritdoc/>
    public string Topology => _net.Topology;

    /// <inheritdoc/>
    public int InputLength => _net.InputLength;

    /// <inheritdoc/>
    public int OutputLength => _net.OutputLength;

    /// <inheritdoc/>
    public int ParameterLength => _net.ParameterLength;

    /// <inheritdoc/>
    public Span<double> Parameters => _net.Parameters;

    /// <inheritdoc/>
    public Span<double> Gradients => _net.Gradients;

    /// <inheritdoc/>
    public Span<double> PreviousDeltas => _net.PreviousDeltas;

    /// <inheritdoc/>
    public double LearningRate { get => _net.LearningRate; set => _net.LearningRate = value; }

    /// <inheritdoc/>
    public double Momentum { get => _net.Momentum; set => _net.Momentum = value; }

    /// <inheritdoc/>
    public double WeightDecay { get => _net.WeightDecay; set => _net.WeightDecay = value; }

    /// <inheritdoc/>
    public Optimizer<double>? Optimizer { get => _net.Optimizer; set => _net.Optimizer = value; }

    /// <inheritdoc/>
    public void Forward(ReadOnlySpan<double> input, Span<double> output) => _net.Forward(input, output);

    /// <summary>Forward and backward pass for one pattern, with the error margin. Returns the pattern's error with the margin.</summary>
    public double AccumulateGradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        Guard.Length(nameof(target), OutputLength, target.Length);
        _net.Forward(input, _output);
        for (int j = 0; j < _target.Length; j++)
        {
            double y = _output[j];
            bool right = target[j] >= 0.5 ? y > On : y < Off;
            _target[j] = right ? y : target[j];
        }

        return _net.AccumulateGradient(input, _target);
    }

    /// <inheritdoc/>
    public void ClearGradients() => _net.ClearGradients();

    /// <inheritdoc/>
    public void ApplyUpdate() => _net.ApplyUpdate();

    /// <summary>
    /// Always false: the margin needs each case's output before its gradient, so this wrapper's sweeps run case by
    /// case whatever the wrapped network's switch says; setting it changes nothing.
    /// </summary>
    public bool VectorizeAcrossPatterns
    {
        get => false;
        set { }
    }

    /// <summary>Forward and backward pass with the error margin for every case, in order. Returns the cases' errors summed.</summary>
    public double AccumulateBatch(DataSet<double> data)
    {
        Guard.Shape(data, InputLength, OutputLength);
        double error = 0;
        for (int c = 0; c < data.Count; c++)
        {
            error += AccumulateGradient(data.Input(c), data.Target(c));
        }

        return error;
    }

    /// <summary>One batch sweep with the error margin: accumulates over every case, then changes the weights once.</summary>
    public double TrainBatch(DataSet<double> data)
    {
        Guard.Shape(data, InputLength, OutputLength);
        _net.ClearGradients();
        double error = AccumulateBatch(data);
        _net.ApplyUpdate();
        return error;
    }

    /// <summary>One online sweep with the error margin: changes the weights after every case.</summary>
    public double TrainOnline(DataSet<double> data)
    {
        Guard.Shape(data, InputLength, OutputLength);
        _net.ClearGradients();
        double error = 0;
        for (int c = 0; c < data.Count; c++)
        {
            error += AccumulateGradient(data.Input(c), data.Target(c));
            _net.ApplyUpdate();
        }

        return error;
    }

    /// <inheritdoc/>
    public void Initialize(ulong seed, double range) => _net.Initialize(seed, range);

    /// <inheritdoc/>
    public void SetParameters(ReadOnlySpan<double> values) => _net.SetParameters(values);
}
