using System;

namespace BackpropGen;

/// <summary>
/// Training produced a non-finite error or parameter (NaN or ±∞), saturated a sigmoid or tanh layer, or blew up (an error
/// that stays far above its best), almost always because the learning rate ε (or the momentum α) is too large. The
/// message gives the cause, the sweep, the parameter and its layer, and ε.
/// </summary>
/// <remarks>
/// <see cref="NetworkTrainer.Train"/> throws it after putting the network back (parameters and Δw(t−1)) to the state
/// before the failing sweep, or, for an error that blew up, to the best sweep's; a generated <c>TrainBatch</c> throws it
/// before changing any weight, <c>TrainOnline</c> before the failing case's change.
/// </remarks>
public sealed class TrainingDivergedException : ArithmeticException
{
    /// <summary>Creates an exception with a default message.</summary>
    public TrainingDivergedException()
        : base("Training diverged.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What diverged.</param>
    public TrainingDivergedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What diverged.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public TrainingDivergedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception that says where training diverged.</summary>
    /// <param name="message">What diverged.</param>
    /// <param name="sweep">The sweep, counting from 1, after which the divergence was seen.</param>
    /// <param name="parameterIndex">The index of the first non-finite parameter, or −1 when every parameter is finite.</param>
    /// <param name="error">The sweep's total error E.</param>
    public TrainingDivergedException(string message, int sweep, int parameterIndex, double error)
        : base(message)
    {
        Sweep = sweep;
        ParameterIndex = parameterIndex;
        Error = error;
    }

    /// <summary>The sweep, counting from 1, after which the divergence was seen; 0 when not known.</summary>
    public int Sweep { get; }

    /// <summary>The index in <see cref="INetwork{T}.Parameters"/> of the first non-finite parameter, or −1 when every parameter is finite.</summary>
    public int ParameterIndex { get; } = -1;

    /// <summary>The sweep's total error E (NaN or ±∞ when the error itself diverged); NaN when not known.</summary>
    public double Error { get; } = double.NaN;
}
