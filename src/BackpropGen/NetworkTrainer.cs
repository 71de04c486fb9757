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
    /// <para>Divergence, and nothing lost (<see cref="TrainingGuard{T}"/>): the parameters and Δw(t−1) are kept before
    /// every sweep and checked after it. A NaN or ±∞ error or parameter, a sigmoid or tanh weight beyond
    /// <see cref="DivergenceOptions.MaxSaturatingWeight"/>, or an error that stays far above its best
    /// (<see cref="DivergenceOptions.ErrorRiseSweeps"/>) puts the network back (to the state before that sweep, or for a
    /// rising error to the best sweep's) and throws a <see cref="TrainingDivergedException"/> naming the sweep, ε, and the
    /// parameter and its layer. This method never returns normally with a non-finite parameter. Non-finite data cannot
    /// reach it: <see cref="DataSet{T}"/> refuses it.</para>
    /// <para>The error E is summed over the cases (not averaged), so its gradient, and the step ε ∂E/∂w, grow with the
    /// number of cases: a rate that works for 4 cases can saturate the network with 200. Scale ε by 1 / cases when the
    /// data set grows (averaging over mini-batches is the training options' work, on its way).</para>
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
        var guard = new TrainingGuard<T>(network, options.Divergence);
        guard.Start();

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

            guard.BeforeSweep();
            T error;
            try
            {
                error = margin is not null ? margin.Sweep(data, mode)
                    : mode == TrainingMode.Batch ? BatchSweep(network, data) : network.TrainOnline(data);
            }
            catch (TrainingDivergedException inner)
            {
                throw guard.Failed(sweep, inner);
            }

            guard.AfterSweep(sweep, error);

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
}
