using System;
using System.Globalization;
using System.Numerics;
using System.Threading;

namespace BackpropGen;

/// <summary>The training loop: repeated sweeps through a data set until a stop condition holds.</summary>
public static partial class NetworkTrainer
{
    /// <summary>
    /// Trains <paramref name="network"/> on <paramref name="data"/>, one sweep at a time, until
    /// <see cref="TrainingOptions{T}.MaxSweeps"/> sweeps are done, the error goal is met, the stop condition
    /// holds, or <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <remarks>
    /// <para>Each sweep: check cancellation; apply <see cref="TrainingOptions{T}.Schedule"/>; call <see cref="TrainingOptions{T}.BeforeSweep"/>; run
    /// a batch sweep (<see cref="INetwork{T}.ClearGradients"/>, <see cref="INetwork{T}.AccumulateBatch"/>,
    /// <see cref="INetwork{T}.ApplyUpdate"/>, which is what <see cref="INetwork{T}.TrainBatch"/> does) or
    /// <see cref="INetwork{T}.TrainOnline"/>; check the error is finite;
    /// report progress (every <see cref="TrainingOptions{T}.ProgressInterval"/> sweeps); stop if E ≤
    /// <see cref="TrainingOptions{T}.ErrorGoal"/>; stop if <see cref="TrainingOptions{T}.StopWhen"/> says so.</para>
    /// <para>Divergence: the error each sweep returns is checked, and the parameters are scanned for the first
    /// non-finite one only when it is NaN or ±∞ (a non-finite weight makes the next sweep's error non-finite, so a
    /// healthy sweep costs nothing extra). The parameters are also scanned once when training stops, so this method
    /// never returns normally with a non-finite parameter.</para>
    /// <para>The loop itself allocates nothing per sweep (<see cref="SweepProgress"/> is a struct); whether a sweep
    /// allocates is up to the network, the callbacks and <paramref name="progress"/>.</para>
    /// <para>Cancellation is honoured between sweeps: a cancelled token ends training with
    /// <see cref="TrainingStopReason.Cancelled"/> rather than an exception, the weights as the last complete
    /// sweep left them.</para>
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, the network's precision.</typeparam>
    /// <param name="network">The network to train.</param>
    /// <param name="data">The training cases; their shapes must match the network.</param>
    /// <param name="options">How many sweeps, which mode, and when to stop.</param>
    /// <param name="progress">Receives the sweep number and error every <see cref="TrainingOptions{T}.ProgressInterval"/> sweeps; may be null.</param>
    /// <param name="cancellationToken">Stops training between sweeps.</param>
    /// <returns>How many sweeps were done, the last sweep's error, and why training stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="network"/>, <paramref name="data"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (sweeps or interval below 1, a NaN or negative goal, an unknown mode).</exception>
    /// <exception cref="ArgumentException">The data set's pattern lengths do not match the network.</exception>
    /// <exception cref="TrainingDivergedException">A sweep's error or a parameter became NaN or infinite.</exception>
    public static TrainingResult Train<T>(
        INetwork<T> network,
        DataSet<T> data,
        TrainingOptions<T> options,
        IProgress<SweepProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);

        int maxSweeps = options.MaxSweeps;
        if (maxSweeps <= 0)
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.MaxSweeps)}", maxSweeps, "MaxSweeps must be at least 1.");
        }

        int interval = options.ProgressInterval;
        if (interval <= 0)
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.ProgressInterval)}", interval, "ProgressInterval must be at least 1.");
        }

        TrainingMode mode = options.Mode;
        if (mode is not (TrainingMode.Batch or TrainingMode.Online))
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.Mode)}", mode, "Mode must be Batch or Online.");
        }

        T? errorGoal = options.ErrorGoal;
        if (errorGoal is T goalValue && (T.IsNaN(goalValue) || T.IsNegative(goalValue)))
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.ErrorGoal)}", goalValue, "ErrorGoal must be a number that is not negative (the error E is never below 0), or null for no goal.");
        }

        Guard.Shape(data, network.InputLength, network.OutputLength);

        bool hasGoal = errorGoal.HasValue;
        T goal = errorGoal.GetValueOrDefault();
        Func<int, INetwork<T>, bool>? stopWhen = options.StopWhen;
        Action<int, INetwork<T>>? beforeSweep = options.BeforeSweep;
        Schedule? schedule = options.Schedule;
        ErrorMargin.Sweeper<T>? margin = ErrorMargin.Sweeper<T>.For(options.ErrorMargin, network);

        int sweep = 0;
        double finalError = double.NaN;
        TrainingStopReason reason;
        while (true)
        {
            if (sweep == maxSweeps)
            {
                reason = TrainingStopReason.MaxSweeps;
                break;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                reason = TrainingStopReason.Cancelled;
                break;
            }

            sweep++;
            if (schedule is not null)
            {
                ApplySchedule(network, network.Optimizer, schedule, sweep);
            }

            beforeSweep?.Invoke(sweep, network);

            T error = margin is not null ? margin.Sweep(data, mode)
                : mode == TrainingMode.Batch ? BatchSweep(network, data) : network.TrainOnline(data);
            if (!T.IsFinite(error))
            {
                throw Diverged(network, sweep, error, FirstNonFinite<T>(network.Parameters));
            }

            finalError = double.CreateTruncating(error);
            if (progress is not null && sweep % interval == 0)
            {
                progress.Report(new SweepProgress(sweep, finalError));
            }

            if (hasGoal && error <= goal)
            {
                reason = TrainingStopReason.ErrorGoal;
                break;
            }

            if (stopWhen is not null && stopWhen(sweep, network))
            {
                reason = TrainingStopReason.StopCondition;
                break;
            }
        }

        // The last sweep's update can make a parameter non-finite while its error (computed before that update)
        // was finite; catch that here rather than hand back a broken network.
        if (sweep > 0)
        {
            int bad = FirstNonFinite<T>(network.Parameters);
            if (bad >= 0)
            {
                throw Diverged(network, sweep, T.CreateTruncating(finalError), bad);
            }
        }

        return new TrainingResult(sweep, finalError, reason);
    }

    /// <summary>A batch sweep as <see cref="INetwork{T}.TrainBatch"/> makes it, the accumulation and the update apart.</summary>
    private static T BatchSweep<T>(INetwork<T> network, DataSet<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        network.ClearGradients();
        T error = network.AccumulateBatch(data);
        network.ApplyUpdate();
        return error;
    }

    private static int FirstNonFinite<T>(ReadOnlySpan<T> parameters)
        where T : unmanaged, IFloatingPointIeee754<T>
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

    private static TrainingDivergedException Diverged<T>(INetwork<T> network, int sweep, T error, int parameterIndex)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string what;
        if (!T.IsFinite(error))
        {
            what = parameterIndex >= 0
                ? $"the sweep's error is {Describe(error)}; parameter {parameterIndex} is {Describe(network.Parameters[parameterIndex])}"
                : $"the sweep's error is {Describe(error)}; every parameter is still finite";
        }
        else
        {
            what = $"the sweep's error was {Describe(error)}, but its weight change made parameter {parameterIndex} {Describe(network.Parameters[parameterIndex])}";
        }

        T momentum = network.Momentum;
        string advice = momentum >= T.One
            ? $"Lower the learning rate (ε = {Describe(network.LearningRate)}) or the momentum (α = {Describe(momentum)}; it must be below 1)."
            : $"Lower the learning rate (ε = {Describe(network.LearningRate)}).";

        return new TrainingDivergedException(
            $"Training diverged at sweep {sweep.ToString(CultureInfo.InvariantCulture)}: {what}. {advice}",
            sweep,
            parameterIndex,
            double.CreateTruncating(error));
    }

    private static string Describe<T>(T value)
        where T : unmanaged, IFloatingPointIeee754<T>
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
