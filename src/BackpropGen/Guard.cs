using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace BackpropGen;

/// <summary>Argument checks shared by the generated code; each throws with the expected and the actual value.</summary>
/// <remarks>For generated code (and hand-written <see cref="INetwork{T}"/> implementations); hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Guard
{
    /// <summary>Throws unless <paramref name="actual"/> equals <paramref name="expected"/>.</summary>
    /// <param name="parameterName">The span's parameter name.</param>
    /// <param name="expected">The length the network needs.</param>
    /// <param name="actual">The length that was passed.</param>
    public static void Length(string parameterName, int expected, int actual)
    {
        if (actual != expected)
        {
            ThrowLength(parameterName, expected, actual);
        }
    }

    /// <summary>Throws unless the data set's pattern shapes match the network.</summary>
    public static void Shape<T>(DataSet<T> data, int inputLength, int targetLength, string parameterName = "data")
        where T : unmanaged
    {
        if (data is null)
        {
            throw new ArgumentNullException(parameterName);
        }

        if (data.InputLength != inputLength || data.TargetLength != targetLength)
        {
            throw new ArgumentException(
                $"The data set has patterns of {data.InputLength} inputs and {data.TargetLength} targets; " +
                $"the network needs {inputLength} inputs and {targetLength} targets.",
                parameterName);
        }
    }

    /// <summary>
    /// Returns <paramref name="value"/> if it is a finite number that is not negative, else throws naming the
    /// hyperparameter and the value. The generated setters of LearningRate (ε), Momentum (α) and WeightDecay (λ) call it,
    /// so a NaN, infinite or negative value is refused when it is set rather than found as NaN weights later.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="name">The property's name, e.g. LearningRate.</param>
    /// <param name="value">The value being set.</param>
    /// <returns><paramref name="value"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN, infinite or negative.</exception>
    public static T Hyperparameter<T>(string name, T value)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!T.IsFinite(value) || T.IsNegative(value))
        {
            ThrowHyperparameter(name, value);
        }

        return value;
    }

    /// <summary>
    /// Called by a generated TrainBatch or TrainOnline when an error E is NaN or infinite, before the weight change it
    /// would drive: clears the gradients (so no update carries it) and throws, naming the first non-finite parameter
    /// and its layer, or saying that every parameter is finite.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network being trained.</param>
    /// <param name="method">TrainBatch or TrainOnline.</param>
    /// <param name="error">The non-finite error.</param>
    /// <param name="caseIndex">For TrainOnline, the case whose error it is; −1 for a batch.</param>
    /// <exception cref="TrainingDivergedException">Always.</exception>
    [DoesNotReturn]
    public static void ThrowNonFiniteError<T>(INetwork<T> network, string method, T error, int caseIndex)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        network.ClearGradients();
        int bad = TrainingGuard<T>.FirstNonFinite(network.Parameters);
        string where = caseIndex < 0 ? "the error E over the data set" : $"case {caseIndex.ToString(CultureInfo.InvariantCulture)}'s error";
        string cause = bad >= 0
            ? $"parameter {TrainingGuard<T>.Name(network, bad)} is {TrainingGuard<T>.Describe(network.Parameters[bad])} (it was set so, or an earlier step diverged)"
            : $"every parameter is finite, so the sums overflowed: lower the learning rate (ε = {TrainingGuard<T>.Describe(network.LearningRate)})";
        string kept = caseIndex < 0 ? "the weights were not changed" : "the weights are as the cases before it left them";
        throw new TrainingDivergedException(
            $"{method}: {where} is {TrainingGuard<T>.Describe(error)}; {kept}. The data set holds only finite values; {cause}.",
            0,
            bad,
            double.CreateTruncating(error));
    }

    [DoesNotReturn]
    private static void ThrowHyperparameter<T>(string name, T value)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new ArgumentOutOfRangeException(
            name,
            value,
            $"{name} must be a finite number that is not negative; got {TrainingGuard<T>.Describe(value)}.");

    [DoesNotReturn]
    private static void ThrowLength(string parameterName, int expected, int actual) =>
        throw new ArgumentException(
            $"Expected a span of length {expected} but got length {actual}.", parameterName);
}
