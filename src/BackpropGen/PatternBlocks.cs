using System;

namespace BackpropGen;

/// <summary>
/// A data set's cases regrouped for SIMD across patterns: the first <see cref="Count"/> · <see cref="Lanes"/>
/// cases, <see cref="Lanes"/> at a time. Within block b, unit k's values for the block's cases sit side by side
/// (<c>Input(b)[k · Lanes + lane]</c> is input unit k of case <c>b · Lanes + lane</c>), so a vector load of
/// <see cref="Lanes"/> values reads one unit for every case of the block. The remaining
/// <c>DataSet.Count − Count · Lanes</c> cases are not in any block.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>Made once by <see cref="DataSet{T}.Blocks"/> and kept by the data set, which never changes.</remarks>
public sealed class PatternBlocks<T> where T : unmanaged
{
    private readonly T[] _inputs;
    private readonly T[] _targets;

    internal PatternBlocks(DataSet<T> data, int lanes)
    {
        Lanes = lanes;
        Count = data.Count / lanes;
        InputLength = data.InputLength;
        TargetLength = data.TargetLength;
        _inputs = Transpose(data.Inputs, data.InputLength, lanes, Count);
        _targets = Transpose(data.Targets, data.TargetLength, lanes, Count);
    }

    /// <summary>The number of cases in a block (the vector width it was made for).</summary>
    public int Lanes { get; }

    /// <summary>The number of whole blocks.</summary>
    public int Count { get; }

    /// <summary>The number of cases in the blocks, <see cref="Count"/> · <see cref="Lanes"/>.</summary>
    public int CaseCount => Count * Lanes;

    /// <summary>The length of every input pattern.</summary>
    public int InputLength { get; }

    /// <summary>The length of every target pattern.</summary>
    public int TargetLength { get; }

    /// <summary>Block <paramref name="block"/>'s inputs, unit by unit: <c>InputLength · Lanes</c> values.</summary>
    public ReadOnlySpan<T> Input(int block) => new(_inputs, CheckBlock(block) * InputLength * Lanes, InputLength * Lanes);

    /// <summary>Block <paramref name="block"/>'s desired outputs, unit by unit: <c>TargetLength · Lanes</c> values.</summary>
    public ReadOnlySpan<T> Target(int block) => new(_targets, CheckBlock(block) * TargetLength * Lanes, TargetLength * Lanes);

    private static T[] Transpose(ReadOnlySpan<T> rows, int length, int lanes, int blocks)
    {
        var blocked = new T[blocks * lanes * length];
        for (int b = 0; b < blocks; b++)
        {
            for (int lane = 0; lane < lanes; lane++)
            {
                ReadOnlySpan<T> row = rows.Slice(((b * lanes) + lane) * length, length);
                for (int k = 0; k < length; k++)
                {
                    blocked[(((b * length) + k) * lanes) + lane] = row[k];
                }
            }
        }

        return blocked;
    }

    private int CheckBlock(int block)
    {
        if ((uint)block >= (uint)Count)
        {
            throw new ArgumentOutOfRangeException(nameof(block), block, $"There are {Count} blocks.");
        }

        return block;
    }
}
