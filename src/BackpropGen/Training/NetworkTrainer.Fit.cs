using System;
using System.Collections.Generic;
using System.Numerics;
using System.Threading;

namespace BackpropGen;

public static partial class NetworkTrainer
{
    /// <summary>
    /// Trains <paramref name="network"/> over epochs of mini-batches, as people train today: an optimizer, a schedule,
    /// a validation set (or a seeded split), metrics per epoch, early stopping with restore-best, cancellation and progress.
    /// </summary>
    /// <remarks>
    /// <para>Each epoch e (from <see cref="FitOptions{T}.InitialEpoch"/> + 1): check cancellation; set ε (and momentum) from
    /// the schedule; run the mini-batches (<see cref="MiniBatchEpoch{T}"/>: a seeded shuffle, then per batch ∂E/∂w over
    /// its cases — SIMD across patterns — and one optimizer step); check the error is finite; measure the validation set
    /// (E of the network's loss summed over its cases, and accuracy, both in blocks, SIMD across patterns); keep the parameters if this is the best epoch; report
    /// <see cref="EpochMetrics"/>; stop early when <see cref="FitOptions{T}.Patience"/> epochs pass without a better one.</para>
    /// <para>Errors are summed over cases (E = Σ_c E_c, as everywhere in BackpropGen); <see cref="FitOptions{T}.GradientScale"/>
    /// decides whether each step's gradient is that sum or the batch mean.</para>
    /// <para>Divergence, and nothing lost, as in <see cref="Train"/>: each epoch is checked by the same guard (a NaN or
    /// ±∞ error or parameter, a validation error that is not finite, and <see cref="FitOptions{T}.Divergence"/>'s
    /// saturation and blow-up checks); on failure the network's parameters, Δw(t−1) and its optimizer's state (moments,
    /// step count) are put back — to the state before the failing epoch, or for a blow-up to the best epoch's — and a
    /// <see cref="TrainingDivergedException"/> says why. Parameters that are not finite before the first epoch are refused.</para>
    /// <para>After the first epoch an epoch allocates nothing (the history and the guard's copies were sized at the
    /// start; what <paramref name="progress"/> does is its own).</para>
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to train; its <see cref="INetwork{T}.Optimizer"/> is set from the options.</param>
    /// <param name="training">The training cases.</param>
    /// <param name="options">Epochs, batch size, optimizer, schedule, validation and early stopping.</param>
    /// <param name="validation">Cases to measure after each epoch, never trained on; null for none (or a split, see <see cref="FitOptions{T}.ValidationFraction"/>).</param>
    /// <param name="progress">Receives every epoch's metrics; may be null.</param>
    /// <param name="cancellationToken">Stops training between epochs (<see cref="TrainingStopReason.Cancelled"/>, not an exception).</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/>, <paramref name="training"/> or <paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A data set's shapes do not fit the network, or <see cref="GradientScale.Mean"/> without an optimizer.</exception>
    /// <exception cref="TrainingDivergedException">An epoch diverged or saturated (see the remarks); the network is put back.</exception>
    public static FitResult Fit<T>(
        INetwork<T> network,
        DataSet<T> training,
        FitOptions<T> options,
        DataSet<T>? validation = null,
        IProgress<EpochMetrics>? progress = null,
        CancellationToken cancellationToken = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        int first = options.InitialEpoch;
        int last = options.Epochs;
        if (first < 0)
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.InitialEpoch)}", first, "InitialEpoch must not be negative.");
        }

        if (last <= first)
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.Epochs)}", last, $"Epochs must be above InitialEpoch ({first}).");
        }

        if (options.Patience is int p && p < 1)
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.Patience)}", p, "Patience must be at least 1 epoch, or null for no early stopping.");
        }

        if (options.GradientScale is not (GradientScale.Sum or GradientScale.Mean))
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.GradientScale)}", options.GradientScale, "GradientScale must be Sum or Mean.");
        }

        double fraction = options.ValidationFraction;
        if (!(fraction >= 0 && fraction < 1))
        {
            throw new ArgumentOutOfRangeException($"{nameof(options)}.{nameof(options.ValidationFraction)}", fraction, "ValidationFraction must be in [0, 1).");
        }

        Guard.Shape(training, network.InputLength, network.OutputLength, nameof(training));
        if (validation is null && fraction > 0)
        {
            (training, validation) = options.Stratify
                ? DataSplit.Stratified(training, fraction, options.Seed)
                : DataSplit.Random(training, fraction, options.Seed);
        }
        else if (validation is not null)
        {
            Guard.Shape(validation, network.InputLength, network.OutputLength, nameof(validation));
        }

        if (options.Optimizer is { } chosen)
        {
            network.Optimizer = chosen;
        }

        Optimizer<T>? optimizer = network.Optimizer;
        optimizer?.EnsureState(network.ParameterLength);
        var epochs = new MiniBatchEpoch<T>(training, options.BatchSize);
        Schedule? schedule = options.Schedule;
        ErrorMargin? margin = options.ErrorMargin;
        var history = new List<EpochMetrics>(last - first);
        T[] best = new T[network.ParameterLength];
        T[] outputs = validation is null ? [] : new T[Evaluation.BlockLength(network, validation.Count)];
        var guard = new TrainingGuard<T>(network, options.Divergence);
        guard.Start();
        double bestError = double.PositiveInfinity;
        int bestEpoch = 0;
        int? patience = options.Patience;
        TrainingStopReason reason = TrainingStopReason.MaxSweeps;

        for (int epoch = first + 1; epoch <= last; epoch++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                reason = TrainingStopReason.Cancelled;
                break;
            }

            if (schedule is not null)
            {
                ApplySchedule(network, optimizer, schedule, epoch);
            }

            double rate = double.CreateTruncating(optimizer?.LearningRate ?? network.LearningRate);
            guard.BeforeSweep();
            T error;
            try
            {
                error = epochs.Run(network, epoch, options.Seed, options.Shuffle, options.GradientScale, margin);
            }
            catch (TrainingDivergedException inner)
            {
                throw guard.Failed(epoch, inner);
            }

            guard.AfterSweep(epoch, error);
            double validationError = double.NaN;
            double accuracy = double.NaN;
            if (validation is not null)
            {
                (validationError, accuracy) = Measure(network, validation, outputs);
                if (!double.IsFinite(validationError))
                {
                    throw guard.FailedValidation(epoch, T.CreateTruncating(validationError));
                }
            }

            double monitored = validation is null ? double.CreateTruncating(error) : validationError;
            if (monitored < bestError)
            {
                bestError = monitored;
                bestEpoch = epoch;
                network.Parameters.CopyTo(best);
            }

            var metrics = new EpochMetrics(epoch, double.CreateTruncating(error), validationError, accuracy, rate, bestEpoch);
            history.Add(metrics);
            progress?.Report(metrics);
            if (patience is int wait && epoch - bestEpoch >= wait)
            {
                reason = TrainingStopReason.EarlyStopping;
                break;
            }
        }

        bool restore = options.RestoreBest && bestEpoch > 0 && history.Count > 0 && bestEpoch != history[^1].Epoch;
        if (restore)
        {
            best.CopyTo(network.Parameters);
        }

        return new FitResult(history, bestEpoch, restore, reason);
    }

    /// <summary>E of the network's loss summed over <paramref name="data"/>, and the fraction classified right. Leaves the gradients zero.</summary>
    /// <remarks>
    /// E comes from one <see cref="INetwork{T}.AccumulateBatch"/> over the whole set, so a generated network measures it
    /// in blocks of cases, SIMD across patterns, as it trains (the gradient it adds is thrown away); it is the loss the
    /// network declares. The classes come from <see cref="INetwork{T}.ForwardBatch"/> over blocks of
    /// <paramref name="outputs"/>' length in cases, as <see cref="Evaluation.Accuracy{T}"/> measures them.
    /// </remarks>
    private static (double Error, double Accuracy) Measure<T>(INetwork<T> network, DataSet<T> data, T[] outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        network.ClearGradients();
        T error = network.AccumulateBatch(data);
        network.ClearGradients();
        int right = Evaluation.CountRight<T>(network, data, outputs, null);
        return (double.CreateTruncating(error), (double)right / data.Count);
    }

    /// <summary>Sets ε (and the momentum, when the schedule gives one) for <paramref name="epoch"/> on the optimizer, or on the network when it has none.</summary>
    internal static void ApplySchedule<T>(INetwork<T> network, Optimizer<T>? optimizer, Schedule schedule, int epoch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T rate = T.CreateChecked(schedule.LearningRate(epoch));
        double? momentum = schedule.Momentum(epoch);
        if (optimizer is not null)
        {
            optimizer.LearningRate = rate;
            if (momentum is double m)
            {
                optimizer.Momentum = T.CreateChecked(m);
            }
        }
        else
        {
            network.LearningRate = rate;
            if (momentum is double m)
            {
                network.Momentum = T.CreateChecked(m);
            }
        }
    }
}
