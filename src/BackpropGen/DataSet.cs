using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace BackpropGen;

/// <summary>
/// Training cases: input patterns and their desired outputs d, stored contiguously
/// (case c's input at <c>c · InputLength</c>, its target at <c>c · TargetLength</c>). A data set of sequences made by
/// <see cref="SequenceDataSet{T}"/> may also hold per-step target masks (<see cref="StepMasks"/>), which a network run
/// in time reads.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class DataSet<T> where T : unmanaged
{
    private readonly T[] _inputs;
    private readonly T[] _targets;
    private T[]? _stepMasks;
    private PatternBlocks<T>? _blocks;

    /// <summary>Creates a data set from flat arrays, validating their shapes and values. The arrays are copied.</summary>
    /// <remarks>
    /// Every value must be finite: a NaN or ±∞ in one case makes every weight NaN in the first sweep, so it is refused
    /// here, with the case and unit that hold it, rather than reported later as a diverged training run.
    /// </remarks>
    /// <exception cref="ArgumentException">A length is not a positive multiple of the pattern length (there are no cases),
    /// the case counts differ, or a value is NaN or infinite.</exception>
    public DataSet(ReadOnlySpan<T> inputs, int inputLength, ReadOnlySpan<T> targets, int targetLength)
    {
        if (inputLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(inputLength), inputLength, "The input length must be at least 1.");
        }

        if (targetLength <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(targetLength), targetLength, "The target length must be at least 1.");
        }

        if (inputs.Length % inputLength != 0)
        {
            throw new ArgumentException($"{inputs.Length} input values are not a whole number of patterns of length {inputLength}.", nameof(inputs));
        }

        if (targets.Length % targetLength != 0)
        {
            throw new ArgumentException($"{targets.Length} target values are not a whole number of patterns of length {targetLength}.", nameof(targets));
        }

        int count = inputs.Length / inputLength;
        if (targets.Length / targetLength != count)
        {
            throw new ArgumentException($"There are {count} input patterns but {targets.Length / targetLength} target patterns.", nameof(targets));
        }

        if (count == 0)
        {
            throw new ArgumentException("A data set needs at least one case; the input and target spans are empty.", nameof(inputs));
        }

        CheckFinite(inputs, inputLength, "input", nameof(inputs));
        CheckFinite(targets, targetLength, "target", nameof(targets));
        InputLength = inputLength;
        TargetLength = targetLength;
        Count = count;
        _inputs = inputs.ToArray();
        _targets = targets.ToArray();
    }

    // Sequences with per-step target masks, validated by SequenceDataSet<T>; the arrays are taken, not copied.
    internal DataSet(T[] inputs, int inputLength, T[] targets, int targetLength, T[]? stepMasks, int maskLength)
    {
        Count = inputs.Length / inputLength;
        InputLength = inputLength;
        TargetLength = targetLength;
        _inputs = inputs;
        _targets = targets;
        _stepMasks = stepMasks;
        MaskLength = stepMasks is null ? 0 : maskLength;
    }

    // A mini-batch buffer: count cases of zeros, refilled by CopyCases (the trainer's, never handed out).
    internal DataSet(int count, int inputLength, int targetLength)
    {
        Count = count;
        InputLength = inputLength;
        TargetLength = targetLength;
        _inputs = new T[count * inputLength];
        _targets = new T[count * targetLength];
    }

    /// <summary>
    /// Overwrites this data set (a mini-batch buffer made by the trainer) with the cases of <paramref name="source"/>
    /// at <paramref name="indices"/>, in that order, and refreshes its blocks in place. Allocates nothing.
    /// </summary>
    internal void CopyCases(DataSet<T> source, ReadOnlySpan<int> indices)
    {
        int n = InputLength;
        int m = TargetLength;
        ReadOnlySpan<T> inputs = source.Inputs;
        ReadOnlySpan<T> targets = source.Targets;
        for (int c = 0; c < indices.Length; c++)
        {
            int k = indices[c];
            inputs.Slice(k * n, n).CopyTo(_inputs.AsSpan(c * n, n));
            targets.Slice(k * m, m).CopyTo(_targets.AsSpan(c * m, m));
        }

        if (source._stepMasks is { } masks)
        {
            // The first batch cut from a masked data set makes the buffer's masks (once; later batches reuse them).
            int length = source.MaskLength;
            if (_stepMasks is null || MaskLength != length)
            {
                _stepMasks = new T[Count * length];
                MaskLength = length;
            }

            for (int c = 0; c < indices.Length; c++)
            {
                masks.AsSpan(indices[c] * length, length).CopyTo(_stepMasks.AsSpan(c * length, length));
            }
        }

        _blocks?.Refill(this);
    }

    /// <summary>A new data set of the cases at <paramref name="rows"/>, in that order, with their masks (for splits).</summary>
    internal DataSet<T> Cases(IReadOnlyList<int> rows)
    {
        var inputs = new T[rows.Count * InputLength];
        var targets = new T[rows.Count * TargetLength];
        T[]? masks = _stepMasks is null ? null : new T[rows.Count * MaskLength];
        for (int c = 0; c < rows.Count; c++)
        {
            Input(rows[c]).CopyTo(inputs.AsSpan(c * InputLength));
            Target(rows[c]).CopyTo(targets.AsSpan(c * TargetLength));
            StepMask(rows[c]).CopyTo(masks.AsSpan(c * MaskLength));
        }

        return new DataSet<T>(inputs, InputLength, targets, TargetLength, masks, MaskLength);
    }

    /// <summary>
    /// Case <paramref name="index"/>'s target, writable: for a mini-batch buffer made by the trainer (an error margin
    /// adjusts the targets after <see cref="CopyCases"/>); call <see cref="RefreshBlocks"/> after changing any.
    /// </summary>
    internal Span<T> TargetToAdjust(int index) => _targets.AsSpan(CheckIndex(index) * TargetLength, TargetLength);

    /// <summary>Copies the rows into the blocks SIMD reads again (after <see cref="TargetToAdjust"/>). Allocates nothing.</summary>
    internal void RefreshBlocks() => _blocks?.Refill(this);

    /// <summary>Creates a data set from one array per case, validating that every row has the same length.</summary>
    /// <exception cref="ArgumentException">The rows are ragged, empty, or the case counts differ.</exception>
    public static DataSet<T> FromRows(IReadOnlyList<T[]> inputs, IReadOnlyList<T[]> targets)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputs.Count == 0)
        {
            throw new ArgumentException("A data set needs at least one case.", nameof(inputs));
        }

        if (inputs.Count != targets.Count)
        {
            throw new ArgumentException($"There are {inputs.Count} input rows but {targets.Count} target rows.", nameof(targets));
        }

        int inputLength = inputs[0]?.Length ?? 0;
        int targetLength = targets[0]?.Length ?? 0;
        var flatInputs = new T[inputs.Count * inputLength];
        var flatTargets = new T[targets.Count * targetLength];
        for (int c = 0; c < inputs.Count; c++)
        {
            T[] input = inputs[c] ?? throw new ArgumentException($"Input row {c} is null.", nameof(inputs));
            T[] target = targets[c] ?? throw new ArgumentException($"Target row {c} is null.", nameof(targets));
            if (input.Length != inputLength)
            {
                throw new ArgumentException($"Input row {c} has length {input.Length}; row 0 has length {inputLength}.", nameof(inputs));
            }

            if (target.Length != targetLength)
            {
                throw new ArgumentException($"Target row {c} has length {target.Length}; row 0 has length {targetLength}.", nameof(targets));
            }

            input.CopyTo(flatInputs, c * inputLength);
            target.CopyTo(flatTargets, c * targetLength);
        }

        return new DataSet<T>(flatInputs, inputLength, flatTargets, targetLength);
    }

    /// <summary>The number of cases.</summary>
    public int Count { get; }

    /// <summary>The length of every input pattern.</summary>
    public int InputLength { get; }

    /// <summary>The length of every target pattern.</summary>
    public int TargetLength { get; }

    /// <summary>All input patterns, one after another.</summary>
    public ReadOnlySpan<T> Inputs => _inputs;

    /// <summary>All target patterns, one after another.</summary>
    public ReadOnlySpan<T> Targets => _targets;

    /// <summary>
    /// The number of per-step target mask values per case (the steps whose outputs are read), or 0 when the data set has
    /// no masks (every target counts).
    /// </summary>
    public int MaskLength { get; private set; }

    /// <summary>
    /// Every case's per-step target masks, one after another (<see cref="MaskLength"/> per case): 1 where the step's target
    /// counts, 0 where it is absent (that step adds no error and sends back no δ). Empty when the data set has no masks.
    /// </summary>
    public ReadOnlySpan<T> StepMasks => _stepMasks;

    /// <summary>Case <paramref name="index"/>'s per-step target masks (1 or 0 per step); empty when the data set has no masks.</summary>
    public ReadOnlySpan<T> StepMask(int index) => _stepMasks is null ? default : new(_stepMasks, CheckIndex(index) * MaskLength, MaskLength);

    /// <summary>Case <paramref name="index"/>'s input pattern.</summary>
    public ReadOnlySpan<T> Input(int index) => new(_inputs, CheckIndex(index) * InputLength, InputLength);

    /// <summary>Case <paramref name="index"/>'s desired output d.</summary>
    public ReadOnlySpan<T> Target(int index) => new(_targets, CheckIndex(index) * TargetLength, TargetLength);

    /// <summary>
    /// The cases regrouped <paramref name="lanes"/> at a time for SIMD across patterns (see <see cref="PatternBlocks{T}"/>).
    /// Made on the first call for a lane count and kept, so a training sweep that asks every time allocates nothing.
    /// </summary>
    /// <remarks>For generated code; hidden from IntelliSense.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lanes"/> is less than 1.</exception>
    [EditorBrowsable(EditorBrowsableState.Never)]
    public PatternBlocks<T> Blocks(int lanes)
    {
        if (lanes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "A block needs at least one lane.");
        }

        PatternBlocks<T>? blocks = _blocks;
        if (blocks is null || blocks.Lanes != lanes)
        {
            // The data never changes, so a race only builds the same blocks twice.
            blocks = new PatternBlocks<T>(this, lanes);
            _blocks = blocks;
        }

        return blocks;
    }

    /// <summary>Throws at the first NaN or ±∞, naming its case and unit (float and double; other types hold no such value).</summary>
    private static void CheckFinite(ReadOnlySpan<T> values, int length, string what, string parameterName)
    {
        int bad = -1;
        double value = 0;
        if (typeof(T) == typeof(float))
        {
            ReadOnlySpan<float> floats = MemoryMarshal.Cast<T, float>(values);
            for (int k = 0; k < floats.Length && bad < 0; k++)
            {
                if (!float.IsFinite(floats[k]))
                {
                    (bad, value) = (k, floats[k]);
                }
            }
        }
        else if (typeof(T) == typeof(double))
        {
            ReadOnlySpan<double> doubles = MemoryMarshal.Cast<T, double>(values);
            for (int k = 0; k < doubles.Length && bad < 0; k++)
            {
                if (!double.IsFinite(doubles[k]))
                {
                    (bad, value) = (k, doubles[k]);
                }
            }
        }

        if (bad >= 0)
        {
            string shown = double.IsNaN(value) ? "NaN" : value > 0 ? "+∞" : "−∞";
            throw new ArgumentException(
                $"Case {bad / length}, {what} unit {bad % length} is {shown}; a data set holds only finite numbers " +
                "(one NaN or ∞ would make every weight NaN in the first sweep). Remove or repair that case.",
                parameterName);
        }
    }

    private int CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"The data set has {Count} cases.");
        }

        return index;
    }
}
