using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;

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

    [DoesNotReturn]
    private static void ThrowLength(string parameterName, int expected, int actual) =>
        throw new ArgumentException(
            $"Expected a span of length {expected} but got length {actual}.", parameterName);
}
