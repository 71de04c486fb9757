using System.Collections.Generic;
using System.Globalization;

namespace BackpropGen;

/// <summary>What one epoch of <see cref="NetworkTrainer.Fit"/> measured. A struct, so reporting it allocates nothing.</summary>
/// <param name="Epoch">The epoch's number, from 1.</param>
/// <param name="TrainingError">E summed over the training cases, each taken before its batch's weight change.</param>
/// <param name="ValidationError">E summed over the validation cases after the epoch; NaN without a validation set.</param>
/// <param name="ValidationAccuracy">The fraction of validation cases classified right (<see cref="Evaluation.Accuracy"/>); NaN without a validation set.</param>
/// <param name="LearningRate">ε during the epoch.</param>
/// <param name="BestEpoch">The epoch with the lowest validation (or training) error so far.</param>
public readonly record struct EpochMetrics(int Epoch, double TrainingError, double ValidationError, double ValidationAccuracy, double LearningRate, int BestEpoch)
{
    /// <summary>One line, e.g. "epoch 12: E 3.21, validation E 1.05, accuracy 97.50 %, ε 0.005 (best 11)".</summary>
    public override string ToString() => double.IsNaN(ValidationError)
        ? string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}: E {TrainingError:G4}, ε {LearningRate:G4} (best {BestEpoch})")
        : string.Create(CultureInfo.InvariantCulture, $"epoch {Epoch}: E {TrainingError:G4}, validation E {ValidationError:G4}, accuracy {100 * ValidationAccuracy:F2} %, ε {LearningRate:G4} (best {BestEpoch})");
}

/// <summary>The outcome of <see cref="NetworkTrainer.Fit"/>.</summary>
public sealed class FitResult
{
    internal FitResult(IReadOnlyList<EpochMetrics> history, int bestEpoch, bool restored, TrainingStopReason stopReason)
    {
        History = history;
        BestEpoch = bestEpoch;
        RestoredBest = restored;
        StopReason = stopReason;
    }

    /// <summary>Every epoch run, in order.</summary>
    public IReadOnlyList<EpochMetrics> History { get; }

    /// <summary>The last epoch run (<see cref="FitOptions{T}.InitialEpoch"/> when none ran).</summary>
    public int LastEpoch => History.Count == 0 ? 0 : History[^1].Epoch;

    /// <summary>The epoch with the lowest validation (or training) error; 0 when none ran.</summary>
    public int BestEpoch { get; }

    /// <summary>Whether the parameters were put back to <see cref="BestEpoch"/>'s.</summary>
    public bool RestoredBest { get; }

    /// <summary>Why training stopped: <see cref="TrainingStopReason.MaxSweeps"/> (all epochs), <see cref="TrainingStopReason.EarlyStopping"/> or <see cref="TrainingStopReason.Cancelled"/>.</summary>
    public TrainingStopReason StopReason { get; }

    /// <summary>A one-line summary.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Stopped by {StopReason} after epoch {LastEpoch}; best epoch {BestEpoch}{(RestoredBest ? " (restored)" : "")}");
}
