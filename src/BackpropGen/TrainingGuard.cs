using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// When <see cref="NetworkTrainer.Train"/> and <see cref="NetworkTrainer.Fit"/> stop a run as diverged or saturated (<see cref="TrainingOptions{T}.Divergence"/>, <see cref="FitOptions{T}.Divergence"/>).
/// A non-finite error or parameter always stops it; the two checks here catch a run that has failed without NaN.
/// </summary>
/// <remarks>
/// <para>The defaults are far from anything a run that learns does: the paper's samples (XOR, mirror symmetry,
/// family trees, the 8-3-8 encoder) keep every weight within ±25 and their error never stays 10× above its best.</para>
/// </remarks>
public sealed class DivergenceOptions
{
    /// <summary>The defaults: <see cref="MaxSaturatingWeight"/> = 1000, <see cref="ErrorRiseFactor"/> = 10, <see cref="ErrorRiseSweeps"/> = 100.</summary>
    public static DivergenceOptions Default { get; } = new();

    /// <summary>Only NaN and ±∞ stop training (the saturation and error-rise checks are off).</summary>
    public static DivergenceOptions NonFiniteOnly { get; } = new() { MaxSaturatingWeight = null, ErrorRiseSweeps = null };

    /// <summary>
    /// Saturation: training stops when a weight or bias of a sigmoid or tanh layer exceeds this in magnitude (1000 unless
    /// set; <see langword="null"/> turns the check off). Such a unit's net input changes by more than its whole working
    /// range when one input changes by 1 %: it is stuck at 0 or 1 and its gradient is 0, the typical end of a learning
    /// rate that is too large (E stays at its worst while |w| grows without bound). ReLU and identity layers are not
    /// checked: large weights can be right there.
    /// </summary>
    public double? MaxSaturatingWeight { get; init; } = 1000;

    /// <summary>How far above its best the error must be, as a factor, for a sweep to count as rising (10 unless set).</summary>
    public double ErrorRiseFactor { get; init; } = 10;

    /// <summary>
    /// Blow-up: training stops when this many sweeps in a row have an error E above both <see cref="ErrorRiseFactor"/>
    /// × the lowest E so far and the first sweep's E (100 unless set; <see langword="null"/> turns the check off). The
    /// parameters are then put back to those of the best sweep.
    /// </summary>
    public int? ErrorRiseSweeps { get; init; } = 100;
}

/// <summary>
/// <see cref="NetworkTrainer.Train"/>'s and <see cref="NetworkTrainer.Fit"/>'s divergence checks (a Fit epoch is a sweep): keeps the state before each sweep (parameters and Δw(t−1),
/// and the network's <see cref="INetwork{T}.Optimizer"/>'s state and step count when it has one: Adam's moments, the
/// momentum buffers) and the state that gave the lowest error, checks each sweep, and on failure puts the network back and throws a
/// <see cref="TrainingDivergedException"/> that names the cause (the sweep, ε, the parameter and its layer).
/// </summary>
/// <remarks>
/// Each sweep costs two copies and one scan of the parameters (and of the optimizer's state), O(parameters), against the
/// sweep's O(cases × parameters). The buffers are made once per training run, so the loop allocates nothing per sweep.
/// The optimizer is the one the network has when training starts (its state is made then, if no step has made it).
/// </remarks>
internal sealed class TrainingGuard<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly INetwork<T> _network;
    private readonly DivergenceOptions _options;
    private readonly (string Name, int Start, int End, bool Saturating)[] _layers;
    private readonly Optimizer<T>? _optimizer;
    private T[] _before;
    private T[] _best;
    private long _beforeSteps;
    private long _bestSteps;
    private int _bestSweep;
    private T _bestError = T.PositiveInfinity;
    private T _firstError = T.NaN;
    private int _rising;

    public TrainingGuard(INetwork<T> network, DivergenceOptions? options)
    {
        _network = network;
        _options = options ?? DivergenceOptions.Default;
        _layers = Layers(network);
        _optimizer = network.Optimizer;
        _optimizer?.EnsureState(network.ParameterLength);
        int size = (2 * network.ParameterLength) + (_optimizer?.AllState.Length ?? 0);
        _before = new T[size];
        _best = new T[size];
    }

    /// <summary>Before the first sweep: every parameter must be finite (else it was set so).</summary>
    public void Start()
    {
        int bad = FirstNonFinite(_network.Parameters);
        if (bad >= 0)
        {
            throw new TrainingDivergedException(
                $"Training cannot start: parameter {Name(_network, bad)} is {Describe(_network.Parameters[bad])} before the first sweep. " +
                "It was set so (Parameters, SetParameters or Load); initialize the network again (Initialize) or load a good file.",
                0,
                bad,
                double.NaN);
        }
    }

    /// <summary>Keeps the state the coming sweep starts from.</summary>
    public void BeforeSweep() => _beforeSteps = Keep(_before);

    /// <summary>The sweep threw (a generated TrainBatch or TrainOnline found a non-finite error): restore and explain.</summary>
    public TrainingDivergedException Failed(int sweep, TrainingDivergedException inner)
    {
        Restore(_before, _beforeSteps);
        return new TrainingDivergedException(
            $"Training diverged at sweep {sweep.ToString(CultureInfo.InvariantCulture)}: {inner.Message} " +
            $"The parameters and Δw(t−1) are as they were before sweep {sweep.ToString(CultureInfo.InvariantCulture)}.",
            sweep,
            inner.ParameterIndex,
            inner.Error);
    }

    /// <summary>Fit's validation error of <paramref name="sweep"/> (checked by <see cref="AfterSweep"/>) is not finite: restore the state before it and explain.</summary>
    public TrainingDivergedException FailedValidation(int sweep, T error)
    {
        int bad = FirstNonFinite(_network.Parameters);
        string where = bad >= 0
            ? $"parameter {Name(_network, bad)} is {Describe(_network.Parameters[bad])}"
            : "every parameter is finite";
        string number = sweep.ToString(CultureInfo.InvariantCulture);
        var diverged = new TrainingDivergedException(
            $"Training diverged at sweep {number}: the validation error is {Describe(error)}; {where}. {Advice()} " +
            $"The parameters and Δw(t−1) are as they were before sweep {number}.",
            sweep,
            bad,
            double.CreateTruncating(error));

        // After AfterSweep: if this sweep was the best so far, the state it started from is the one kept as the best.
        if (_bestSweep == sweep)
        {
            Restore(_best, _bestSteps);
        }
        else
        {
            Restore(_before, _beforeSteps);
        }

        return diverged;
    }

    /// <summary>Checks a finished sweep; on failure restores the network and throws.</summary>
    public void AfterSweep(int sweep, T error)
    {
        Span<T> parameters = _network.Parameters;
        int bad = FirstNonFinite(parameters);
        if (!T.IsFinite(error) || bad >= 0)
        {
            // Read what broke before putting the network back.
            TrainingDivergedException diverged = NonFinite(sweep, error, bad);
            Restore(_before, _beforeSteps);
            throw diverged;
        }

        if (_options.MaxSaturatingWeight is double bound)
        {
            (int index, T magnitude) = LargestSaturatingWeight(parameters);
            if (index >= 0 && double.CreateTruncating(magnitude) > bound)
            {
                string message =
                    $"Training saturated at sweep {sweep.ToString(CultureInfo.InvariantCulture)}: parameter {Name(_network, index)} is {Describe(parameters[index])}, " +
                    $"beyond ±{bound.ToString(CultureInfo.InvariantCulture)} in a sigmoid or tanh layer, whose units are then stuck at their limits and learn nothing " +
                    $"(E = {Describe(error)}). {Advice()} The parameters and Δw(t−1) are as they were before sweep {sweep.ToString(CultureInfo.InvariantCulture)}. " +
                    "(The bound is TrainingOptions.Divergence.MaxSaturatingWeight.)";
                Restore(_before, _beforeSteps);
                throw new TrainingDivergedException(message, sweep, index, double.CreateTruncating(error));
            }
        }

        if (T.IsNaN(_firstError))
        {
            // The first sweep checked (Fit may resume at a later epoch).
            _firstError = error;
        }

        if (error < _bestError)
        {
            // The error of a sweep is that of the parameters it started from: keep those as the best.
            _bestError = error;
            _bestSweep = sweep;
            (_best, _before) = (_before, _best);
            _bestSteps = _beforeSteps;
            _rising = 0;
        }
        else if (_options.ErrorRiseSweeps is int patience
            && double.CreateTruncating(error) > _options.ErrorRiseFactor * double.CreateTruncating(_bestError)
            && error > _firstError
            && ++_rising >= patience)
        {
            string message =
                $"Training blew up: from sweep {(sweep - patience + 1).ToString(CultureInfo.InvariantCulture)} to {sweep.ToString(CultureInfo.InvariantCulture)} the error E stayed above " +
                $"{_options.ErrorRiseFactor.ToString(CultureInfo.InvariantCulture)} × its best ({Describe(_bestError)}, sweep {_bestSweep.ToString(CultureInfo.InvariantCulture)}) and above the first sweep's " +
                $"({Describe(_firstError)}); now E = {Describe(error)}. {Advice()} The parameters and Δw(t−1) are those of sweep {_bestSweep.ToString(CultureInfo.InvariantCulture)}, the best. " +
                "(The test is TrainingOptions.Divergence.ErrorRiseFactor and ErrorRiseSweeps.)";
            Restore(_best, _bestSteps);
            throw new TrainingDivergedException(message, sweep, -1, double.CreateTruncating(error));
        }
    }

    private TrainingDivergedException NonFinite(int sweep, T error, int parameterIndex)
    {
        INetwork<T> network = _network;
        string what;
        if (!T.IsFinite(error))
        {
            what = parameterIndex >= 0
                ? $"the sweep's error is {Describe(error)}; parameter {Name(network, parameterIndex)} is {Describe(network.Parameters[parameterIndex])}"
                : $"the sweep's error is {Describe(error)}; every parameter is still finite";
        }
        else
        {
            what = $"the sweep's error was {Describe(error)}, but its weight change made parameter {Name(network, parameterIndex)} {Describe(network.Parameters[parameterIndex])}";
        }

        return new TrainingDivergedException(
            $"Training diverged at sweep {sweep.ToString(CultureInfo.InvariantCulture)}: {what}. {Advice()}",
            sweep,
            parameterIndex,
            double.CreateTruncating(error));
    }

    private string Advice()
    {
        T momentum = _network.Momentum;
        return momentum >= T.One
            ? $"Lower the learning rate (ε = {Describe(_network.LearningRate)}) or the momentum (α = {Describe(momentum)}; it must be below 1)."
            : $"Lower the learning rate (ε = {Describe(_network.LearningRate)}).";
    }

    /// <summary>Copies w, Δw(t−1) and the optimizer's state into <paramref name="into"/>; returns the optimizer's step count.</summary>
    private long Keep(T[] into)
    {
        int n = _network.ParameterLength;
        _network.Parameters.CopyTo(into);
        _network.PreviousDeltas.CopyTo(into.AsSpan(n));
        if (_optimizer is null)
        {
            return 0;
        }

        _optimizer.AllState.CopyTo(into.AsSpan(2 * n));
        return _optimizer.StepCount;
    }

    /// <summary>Puts back what <see cref="Keep"/> kept (the optimizer's moments and step count too), gradients cleared.</summary>
    private void Restore(T[] from, long steps)
    {
        int n = _network.ParameterLength;
        from.AsSpan(0, n).CopyTo(_network.Parameters);
        from.AsSpan(n, n).CopyTo(_network.PreviousDeltas);
        if (_optimizer is not null)
        {
            from.AsSpan(2 * n).CopyTo(_optimizer.AllState);
            _optimizer.RestoreStepCount(steps);
        }

        _network.ClearGradients();
    }

    private (int Index, T Magnitude) LargestSaturatingWeight(ReadOnlySpan<T> parameters)
    {
        int index = -1;
        T largest = T.Zero;
        foreach ((_, int start, int end, bool saturating) in _layers)
        {
            if (!saturating)
            {
                continue;
            }

            for (int k = start; k < end; k++)
            {
                T magnitude = T.Abs(parameters[k]);
                if (magnitude > largest)
                {
                    (index, largest) = (k, magnitude);
                }
            }
        }

        return (index, largest);
    }

    /// <summary>The layers' parameter ranges and whether they saturate, from the topology; none when it cannot be read.</summary>
    private static (string Name, int Start, int End, bool Saturating)[] Layers(INetwork<T> network)
    {
        var layers = new List<(string, int, int, bool)>();
        try
        {
            IReadOnlyList<LayerLayout> layout = NetworkLayout.Of(network);
            int k = 0;
            foreach (string part in (network.Topology ?? string.Empty).Split("; "))
            {
                string[] words = part.Split(' ');
                if (words[0] == "dense" && k < layout.Count)
                {
                    LayerLayout layer = layout[k++];
                    int end = layer.WeightOffset + layer.ParameterCount;
                    layers.Add((layer.Name, layer.WeightOffset, end, words.Length > 2 && words[2] is "sigmoid" or "tanh"));
                }
            }
        }
        catch (FormatException)
        {
            // A network whose topology this version cannot read: parameters are named by index only.
            layers.Clear();
        }

        return layers.ToArray();
    }

    /// <summary>"5 (layer hidden, w_2,1)" — the parameter's index, and its layer and place when the topology can be read.</summary>
    internal static string Name(INetwork<T> network, int index)
    {
        string number = index.ToString(CultureInfo.InvariantCulture);
        try
        {
            foreach (LayerLayout layer in NetworkLayout.Of(network))
            {
                int weights = layer.Size * layer.FanIn;
                if (index >= layer.WeightOffset && index < layer.WeightOffset + weights)
                {
                    int offset = index - layer.WeightOffset;
                    return $"{number} (layer {layer.Name}, weight w_{(offset / layer.FanIn).ToString(CultureInfo.InvariantCulture)},{(offset % layer.FanIn).ToString(CultureInfo.InvariantCulture)})";
                }

                if (layer.HasBias && index >= layer.BiasOffset && index < layer.BiasOffset + layer.Size)
                {
                    return $"{number} (layer {layer.Name}, bias b_{(index - layer.BiasOffset).ToString(CultureInfo.InvariantCulture)})";
                }
            }
        }
        catch (FormatException)
        {
            // Not a topology this version writes: the index alone.
        }

        return number;
    }

    internal static int FirstNonFinite(ReadOnlySpan<T> parameters)
    {
        for (int k = 0; k < parameters.Length; k++)
        {
            if (!T.IsFinite(parameters[k]))
            {
                return k;
            }
        }

        return -1;
    }

    internal static string Describe(T value)
    {
        if (T.IsNaN(value))
        {
            return "NaN";
        }

        if (T.IsInfinity(value))
        {
            return T.IsNegative(value) ? "−∞" : "+∞";
        }

        return value.ToString(null, CultureInfo.InvariantCulture);
    }
}
