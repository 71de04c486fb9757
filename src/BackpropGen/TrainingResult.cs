using System.Globalization;

namespace BackpropGen;

/// <summary>The outcome of <see cref="NetworkTrainer.Train"/>.</summary>
public sealed class TrainingResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="sweeps">The number of sweeps done.</param>
    /// <param name="finalError">The last sweep's total error E, or <see cref="double.NaN"/> when no sweep was done.</param>
    /// <param name="stopReason">Why training stopped.</param>
    public TrainingResult(int sweeps, double finalError, TrainingStopReason stopReason)
    {
        Sweeps = sweeps;
        FinalError = finalError;
        StopReason = stopReason;
    }

    /// <summary>The number of sweeps done (0 when training was cancelled before the first).</summary>
    public int Sweeps { get; }

    /// <summary>
    /// The last sweep's total error E, as the network computed it during that sweep (before the sweep's last
    /// weight change); <see cref="double.NaN"/> when no sweep was done.
    /// </summary>
    public double FinalError { get; }

    /// <summary>Why training stopped.</summary>
    public TrainingStopReason StopReason { get; }

    /// <summary>A one-line summary, e.g. "Stopped by ErrorGoal after 123 sweeps; final error E = 0.01".</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"Stopped by {StopReason} after {Sweeps} sweeps; final error E = {FinalError:R}");
}
