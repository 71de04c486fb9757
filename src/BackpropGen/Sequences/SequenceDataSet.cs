using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// Training sequences for a network run in time (<see cref="NetworkAttribute.TimeSteps"/>): cases × T steps × units, with
/// optional per-step target masks. A case's input is its T steps of input units, step after step; its target is the
/// output units of every step (<see cref="SequenceOutputs.EveryStep"/>) or of the last step only
/// (<see cref="SequenceOutputs.LastStep"/>), exactly as the generated <c>Forward</c>, <c>TrainBatch</c> and
/// <c>TrainOnline</c> read a <see cref="DataSet{T}"/> case. A step whose target is absent (mask 0) adds no error and sends
/// back no δ: its ∂E/∂y is 0, and its target values are stored as 0 whatever was given.
/// </summary>
/// <remarks>
/// It converts implicitly to the <see cref="DataSet{T}"/> it holds (<see cref="Data"/>), so it goes wherever a data set
/// goes: <c>TrainBatch</c>, <c>TrainOnline</c>, <c>AccumulateBatch</c>, <see cref="NetworkTrainer"/> (mini-batches and
/// splits keep the masks). Only networks run in time read the masks; a feed-forward network given a masked data set
/// counts every target.
/// </remarks>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class SequenceDataSet<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// Creates sequences from flat arrays, validating their shapes and values (the arrays are copied): case c's step t
    /// input at <c>(c · steps + t) · stepInputLength</c>, its target at <c>(c · TargetSteps + t) · stepTargetLength</c>.
    /// </summary>
    /// <param name="steps">T, the steps of every sequence (the network's TimeSteps).</param>
    /// <param name="stepInputLength">Input units per step (the network's StepInputSize).</param>
    /// <param name="stepTargetLength">Output units per step (the network's StepOutputSize).</param>
    /// <param name="inputs">Every case's T steps of input, one case after another.</param>
    /// <param name="targets">Every case's targets: T steps (every step) or 1 (the last step), one case after another.</param>
    /// <param name="targetMask">
    /// Per case, one flag per target step: true where the target counts, false where it is absent. Empty: every target counts.
    /// </param>
    /// <param name="outputs">At which steps the network's outputs are read (its Outputs).</param>
    /// <exception cref="ArgumentOutOfRangeException">A length is less than 1, or <paramref name="outputs"/> is not a SequenceOutputs.</exception>
    /// <exception cref="ArgumentException">
    /// The inputs are not whole sequences, the targets or masks do not match the number of sequences, no case is given, or
    /// a value of an input or a counted target is NaN or infinite (the message names the case, step and unit).
    /// </exception>
    public SequenceDataSet(int steps, int stepInputLength, int stepTargetLength, ReadOnlySpan<T> inputs, ReadOnlySpan<T> targets, ReadOnlySpan<bool> targetMask = default, SequenceOutputs outputs = SequenceOutputs.EveryStep)
    {
        Positive(steps, nameof(steps), "A sequence needs at least one step.");
        Positive(stepInputLength, nameof(stepInputLength), "A step needs at least one input unit.");
        Positive(stepTargetLength, nameof(stepTargetLength), "A step needs at least one target unit.");
        if (outputs is not (SequenceOutputs.EveryStep or SequenceOutputs.LastStep))
        {
            throw new ArgumentOutOfRangeException(nameof(outputs), outputs, "Use SequenceOutputs.EveryStep or SequenceOutputs.LastStep.");
        }

        Steps = steps;
        StepInputLength = stepInputLength;
        StepTargetLength = stepTargetLength;
        Outputs = outputs;
        int caseInput = steps * stepInputLength;
        if (inputs.IsEmpty || inputs.Length % caseInput != 0)
        {
            throw new ArgumentException(
                $"{inputs.Length} input values are not a whole number (at least one) of sequences of {steps} steps × {stepInputLength} units ({caseInput} values per case).",
                nameof(inputs));
        }

        int count = inputs.Length / caseInput;
        int caseTarget = TargetSteps * stepTargetLength;
        if (targets.Length != count * caseTarget)
        {
            throw new ArgumentException(
                $"{count} sequences need {count} × {TargetSteps} target step(s) × {stepTargetLength} units = {count * caseTarget} target values; there are {targets.Length}" +
                (targets.Length < count * caseTarget ? $" (case {targets.Length / caseTarget}, step {targets.Length % caseTarget / stepTargetLength} is the first incomplete one)." : "."),
                nameof(targets));
        }

        if (!targetMask.IsEmpty && targetMask.Length != count * TargetSteps)
        {
            throw new ArgumentException(
                $"{count} sequences need {count} × {TargetSteps} target mask flags (one per target step); there are {targetMask.Length}.",
                nameof(targetMask));
        }

        var inputValues = inputs.ToArray();
        var targetValues = targets.ToArray();
        T[]? masks = targetMask.IsEmpty ? null : new T[targetMask.Length];
        for (int k = 0; k < targetMask.Length; k++)
        {
            masks![k] = targetMask[k] ? T.One : T.Zero;
            if (!targetMask[k])
            {
                // An absent target is 0, so even a NaN given there has no effect.
                targetValues.AsSpan(k * stepTargetLength, stepTargetLength).Clear();
            }
        }

        CheckFinite(inputValues, steps, stepInputLength, "input", nameof(inputs));
        CheckFinite(targetValues, TargetSteps, stepTargetLength, "target", nameof(targets));
        Data = new DataSet<T>(inputValues, caseInput, targetValues, caseTarget, masks, TargetSteps);
    }

    /// <summary>
    /// Creates sequences from one array of steps per case (each step an array of units), inferring T and the units from
    /// case 0. A target step that is null is absent (masked): it adds no error and no δ.
    /// </summary>
    /// <param name="inputs">Per case, its T steps of input units.</param>
    /// <param name="targets">Per case, its target steps: T (every step) or 1 (the last step); null where a step's target is absent.</param>
    /// <param name="outputs">At which steps the network's outputs are read (its Outputs).</param>
    /// <exception cref="ArgumentException">
    /// No case; the case counts differ; a case's steps or a step's units differ from case 0's (the message names the case,
    /// step and expected length); a case has no target at all; a value is NaN or infinite.
    /// </exception>
    public static SequenceDataSet<T> FromSequences(IReadOnlyList<T[][]> inputs, IReadOnlyList<T[]?[]> targets, SequenceOutputs outputs = SequenceOutputs.EveryStep)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("A data set needs at least one sequence.", nameof(inputs));
        }

        if (inputs.Count != targets.Count)
        {
            throw new ArgumentException($"There are {inputs.Count} input sequences but {targets.Count} target sequences.", nameof(targets));
        }

        T[][] first = inputs[0] ?? throw new ArgumentException("Input sequence 0 is null.", nameof(inputs));
        int steps = first.Length;
        if (steps == 0)
        {
            throw new ArgumentException("Input sequence 0 has no steps; a sequence needs at least one.", nameof(inputs));
        }

        int stepInput = first[0]?.Length ?? 0;
        int targetSteps = outputs == SequenceOutputs.LastStep ? 1 : steps;
        int stepTarget = -1;
        foreach (T[]?[] sequence in targets)
        {
            foreach (T[]? step in sequence ?? Array.Empty<T[]?>())
            {
                if (step is not null)
                {
                    stepTarget = step.Length;
                    break;
                }
            }

            if (stepTarget >= 0)
            {
                break;
            }
        }

        if (stepTarget <= 0)
        {
            throw new ArgumentException("No sequence has a target step with units; every target is absent.", nameof(targets));
        }

        var flatInputs = new T[inputs.Count * steps * stepInput];
        var flatTargets = new T[targets.Count * targetSteps * stepTarget];
        var mask = new bool[targets.Count * targetSteps];
        for (int c = 0; c < inputs.Count; c++)
        {
            T[][] input = inputs[c] ?? throw new ArgumentException($"Input sequence {c} is null.", nameof(inputs));
            if (input.Length != steps)
            {
                throw new ArgumentException($"Case {c} has {input.Length} input steps; expected {steps} (case 0's): every sequence has the same T steps.", nameof(inputs));
            }

            for (int s = 0; s < steps; s++)
            {
                T[] units = input[s] ?? throw new ArgumentException($"Case {c}, step {s}: the input is null; expected {stepInput} units.", nameof(inputs));
                if (units.Length != stepInput)
                {
                    throw new ArgumentException($"Case {c}, step {s}: the input has {units.Length} units; expected {stepInput} (case 0's).", nameof(inputs));
                }

                units.CopyTo(flatInputs, ((c * steps) + s) * stepInput);
            }

            T[]?[] target = targets[c] ?? throw new ArgumentException($"Target sequence {c} is null.", nameof(targets));
            if (target.Length != targetSteps)
            {
                throw new ArgumentException(
                    $"Case {c} has {target.Length} target steps; expected {targetSteps} ({(targetSteps == 1 && outputs == SequenceOutputs.LastStep ? "the last step only" : "one per step")}; a null step is an absent target).",
                    nameof(targets));
            }

            for (int s = 0; s < targetSteps; s++)
            {
                if (target[s] is not { } units)
                {
                    continue;
                }

                if (units.Length != stepTarget)
                {
                    throw new ArgumentException($"Case {c}, step {s}: the target has {units.Length} units; expected {stepTarget}.", nameof(targets));
                }

                units.CopyTo(flatTargets, ((c * targetSteps) + s) * stepTarget);
                mask[(c * targetSteps) + s] = true;
            }
        }

        return new SequenceDataSet<T>(steps, stepInput, stepTarget, flatInputs, flatTargets, mask, outputs);
    }

    /// <summary>The cases as the network reads them, with their per-step target masks (<see cref="DataSet{T}.StepMasks"/>).</summary>
    public DataSet<T> Data { get; }

    /// <summary>The number of sequences.</summary>
    public int Count => Data.Count;

    /// <summary>T, the steps of every sequence.</summary>
    public int Steps { get; }

    /// <summary>Input units per step.</summary>
    public int StepInputLength { get; }

    /// <summary>Target units per step.</summary>
    public int StepTargetLength { get; }

    /// <summary>At which steps the outputs are read and compared with targets.</summary>
    public SequenceOutputs Outputs { get; }

    /// <summary>The target steps of a case: T (every step) or 1 (the last step).</summary>
    public int TargetSteps => Outputs == SequenceOutputs.LastStep ? 1 : Steps;

    /// <summary>Case <paramref name="index"/>'s input at step <paramref name="step"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The case or step is out of range.</exception>
    public ReadOnlySpan<T> Input(int index, int step) =>
        Data.Input(index).Slice(CheckStep(step, Steps) * StepInputLength, StepInputLength);

    /// <summary>Case <paramref name="index"/>'s target at target step <paramref name="step"/> (0 when it is absent).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The case or step is out of range.</exception>
    public ReadOnlySpan<T> Target(int index, int step) =>
        Data.Target(index).Slice(CheckStep(step, TargetSteps) * StepTargetLength, StepTargetLength);

    /// <summary>Whether case <paramref name="index"/>'s target at target step <paramref name="step"/> counts (false where it is absent).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The case or step is out of range.</exception>
    public bool HasTarget(int index, int step)
    {
        ReadOnlySpan<T> mask = Data.StepMask(index);
        int s = CheckStep(step, TargetSteps);
        return mask.IsEmpty || mask[s] != T.Zero;
    }

    /// <summary>The data set the sequences are (<see cref="Data"/>).</summary>
    /// <param name="sequences">The sequences.</param>
    public static implicit operator DataSet<T>(SequenceDataSet<T> sequences)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return sequences.Data;
    }

    /// <summary>The data set the sequences are (<see cref="Data"/>); the named form of the implicit conversion.</summary>
    public DataSet<T> ToDataSet() => Data;

    private static void Positive(int value, string name, string message)
    {
        if (value < 1)
        {
            throw new ArgumentOutOfRangeException(name, value, message);
        }
    }

    private static int CheckStep(int step, int steps) =>
        (uint)step < (uint)steps ? step : throw new ArgumentOutOfRangeException(nameof(step), step, $"A case has {steps} step(s) here.");

    /// <summary>Throws at the first NaN or ±∞, naming its case, step and unit.</summary>
    private static void CheckFinite(T[] values, int steps, int units, string what, string parameterName)
    {
        for (int k = 0; k < values.Length; k++)
        {
            if (!T.IsFinite(values[k]))
            {
                int step = k / units;
                string shown = T.IsNaN(values[k]) ? "NaN" : T.IsPositive(values[k]) ? "+∞" : "−∞";
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Case {step / steps}, step {step % steps}, {what} unit {k % units} is {shown}; a data set holds only finite numbers (mask the step's target if it is absent)."),
                    parameterName);
            }
        }
    }
}
