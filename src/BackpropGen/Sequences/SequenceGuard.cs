using System;
using System.ComponentModel;
using System.Numerics;

namespace BackpropGen;

/// <summary>The per-step target masks as the generated code of a network run in time reads them.</summary>
/// <remarks>For generated code; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class SequenceGuard
{
    /// <summary>
    /// Case <paramref name="index"/>'s per-step target masks, or <paramref name="everyStep"/> (all 1) when the data set has
    /// none. Allocates nothing.
    /// </summary>
    /// <param name="data">The data set being swept.</param>
    /// <param name="index">The case.</param>
    /// <param name="everyStep">The network's mask of every read step counted (its length is the network's TargetSteps).</param>
    /// <exception cref="ArgumentException">The data set's masks are not one per read step of the network.</exception>
    public static ReadOnlySpan<T> CaseMask<T>(DataSet<T> data, int index, T[] everyStep)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(everyStep);
        if (data.MaskLength == 0)
        {
            return everyStep;
        }

        if (data.MaskLength != everyStep.Length)
        {
            throw new ArgumentException(
                $"The data set has {data.MaskLength} per-step target masks per case; the network reads its outputs at {everyStep.Length} step(s), so it needs {everyStep.Length} (or none).",
                nameof(data));
        }

        return data.StepMask(index);
    }

    /// <summary>Throws unless <paramref name="mask"/> holds <paramref name="steps"/> values, each 0 or 1.</summary>
    /// <param name="parameterName">The span's parameter name.</param>
    /// <param name="steps">The steps whose outputs the network reads (its TargetSteps).</param>
    /// <param name="mask">1 where a step's target counts, 0 where it is absent.</param>
    /// <exception cref="ArgumentException">The length is not <paramref name="steps"/>, or a value is neither 0 nor 1.</exception>
    public static void Mask<T>(string parameterName, int steps, ReadOnlySpan<T> mask)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(parameterName, steps, mask.Length);
        for (int s = 0; s < mask.Length; s++)
        {
            if (mask[s] != T.Zero && mask[s] != T.One)
            {
                throw new ArgumentException($"The mask of step {s} is {mask[s]}; a step's target mask is 1 (counted) or 0 (absent).", parameterName);
            }
        }
    }
}
