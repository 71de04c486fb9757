using System;
using System.Numerics;

namespace BackpropGen.Runtime.Tests;

/// <summary>
/// A hand-written <see cref="INetwork{T}"/> for testing the runtime without the generator: a linear model
/// y_j = Σ_i w_ji x_i (no bias, no activation) with E = ½ Σ_j (y_j − d_j)², so ∂E/∂w_ji = (y_j − d_j) x_i.
/// Allocates nothing after construction. Counters and hooks let tests see and steer what the trainer does.
/// </summary>
internal class FakeNetwork<T> : INetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _parameters;
    private readonly T[] _gradients;
    private readonly T[] _previousDeltas;
    private readonly T[] _output;
    private int _sweeps;

    public FakeNetwork(int inputLength, int outputLength, string name = "FakeNet", string? topology = null)
    {
        InputLength = inputLength;
        OutputLength = outputLength;
        Name = name;
        Topology = topology ?? $"input {inputLength}; linear {outputLength}";
        _parameters = new T[inputLength * outputLength];
        _gradients = new T[_parameters.Length];
        _previousDeltas = new T[_parameters.Length];
        _output = new T[outputLength];
    }

    public string Name { get; }

    public string Topology { get; }

    public int InputLength { get; }

    public int OutputLength { get; }

    public int ParameterLength => _parameters.Length;

    /// <summary>When set, the <see cref="Parameters"/> getter throws (to make a save fail).</summary>
    public bool FailParameters { get; set; }

    public Span<T> Parameters => FailParameters
        ? throw new InvalidOperationException("The test double was told to fail.")
        : _parameters;

    public Span<T> Gradients => _gradients;

    public Span<T> PreviousDeltas => _previousDeltas;

    public T LearningRate { get; set; } = T.CreateChecked(0.1);

    public T Momentum { get; set; }

    public T WeightDecay { get; set; }

    public int BatchSweeps { get; private set; }

    public int OnlineSweeps { get; private set; }

    public int SetParametersCalls { get; private set; }

    /// <summary>
    /// Called at the end of every sweep's passes (in a batch sweep, before its update) with the sweep's number on this
    /// network (from 1), the network and the sweep's error; returns the error the sweep reports. Lets a test poison a
    /// parameter or the error.
    /// </summary>
    public Func<int, FakeNetwork<T>, T, T>? AfterSweep { get; set; }

    public void Forward(ReadOnlySpan<T> input, Span<T> output)
    {
        Guard.Length(nameof(input), InputLength, input.Length);
        Guard.Length(nameof(output), OutputLength, output.Length);

        // y_j = Σ_i w_ji x_i
        for (int j = 0; j < OutputLength; j++)
        {
            T y = T.Zero;
            for (int i = 0; i < InputLength; i++)
            {
                y += _parameters[j * InputLength + i] * input[i];
            }

            output[j] = y;
        }
    }

    public T AccumulateGradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target)
    {
        Guard.Length(nameof(target), OutputLength, target.Length);
        Forward(input, _output);
        T two = T.One + T.One;
        T error = T.Zero;
        for (int j = 0; j < OutputLength; j++)
        {
            // ∂E/∂y_j = y_j − d_j; ∂E/∂w_ji = (y_j − d_j) x_i
            T dy = _output[j] - target[j];
            error += dy * dy / two;
            for (int i = 0; i < InputLength; i++)
            {
                _gradients[j * InputLength + i] += dy * input[i];
            }
        }

        return error;
    }

    public void ClearGradients() => Array.Clear(_gradients);

    public Optimizer<T>? Optimizer { get; set; }

    public void ApplyUpdate()
    {
        if (Optimizer is { } optimizer)
        {
            optimizer.Step(_parameters, _gradients);
            return;
        }

        UpdateRule.Apply<T>(_parameters, _gradients, _previousDeltas, LearningRate, Momentum, WeightDecay);
    }

    public bool VectorizeAcrossPatterns { get; set; } = true;

    /// <summary>Counts a batch sweep and calls <see cref="AfterSweep"/> (before the sweep's update).</summary>
    public T AccumulateBatch(DataSet<T> data)
    {
        Guard.Shape(data, InputLength, OutputLength);
        BatchSweeps++;
        T error = T.Zero;
        for (int c = 0; c < data.Count; c++)
        {
            error += AccumulateGradient(data.Input(c), data.Target(c));
        }

        return EndSweep(error);
    }

    public T TrainBatch(DataSet<T> data)
    {
        Guard.Shape(data, InputLength, OutputLength);
        ClearGradients();
        T error = AccumulateBatch(data);
        ApplyUpdate();
        return error;
    }

    public T TrainOnline(DataSet<T> data)
    {
        Guard.Shape(data, InputLength, OutputLength);
        OnlineSweeps++;
        T error = T.Zero;
        for (int c = 0; c < data.Count; c++)
        {
            error += AccumulateGradient(data.Input(c), data.Target(c));
            ApplyUpdate();
        }

        return EndSweep(error);
    }

    public void Initialize(ulong seed, T range)
    {
        SeededUniform.Fill<T>(_parameters, seed, range);
        ClearTrainingState();
    }

    public void SetParameters(ReadOnlySpan<T> values)
    {
        Guard.Length(nameof(values), ParameterLength, values.Length);
        values.CopyTo(_parameters);
        ClearTrainingState();
        SetParametersCalls++;
    }

    private T EndSweep(T error)
    {
        _sweeps++;
        return AfterSweep is null ? error : AfterSweep(_sweeps, this, error);
    }

    private void ClearTrainingState()
    {
        Array.Clear(_gradients);
        Array.Clear(_previousDeltas);
    }
}
