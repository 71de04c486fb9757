namespace BackpropGen;

/// <summary>Why <see cref="NetworkTrainer.Train"/> or <see cref="NetworkTrainer.Fit"/> stopped.</summary>
public enum TrainingStopReason
{
    /// <summary><see cref="TrainingOptions{T}.MaxSweeps"/> sweeps (or <see cref="FitOptions{T}.Epochs"/> epochs) were done.</summary>
    MaxSweeps = 0,

    /// <summary>A sweep's total error E was at most <see cref="TrainingOptions{T}.ErrorGoal"/>.</summary>
    ErrorGoal = 1,

    /// <summary><see cref="TrainingOptions{T}.StopWhen"/> returned <see langword="true"/>.</summary>
    StopCondition = 2,

    /// <summary>The cancellation token was cancelled; training stopped between sweeps.</summary>
    Cancelled = 3,

    /// <summary><see cref="NetworkTrainer.Fit"/>: the validation error did not improve for <see cref="FitOptions{T}.Patience"/> epochs.</summary>
    EarlyStopping = 4,
}
