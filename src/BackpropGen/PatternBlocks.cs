using System;
using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BackpropGen;

/// <summary>
/// A data set's cases regrouped for SIMD across patterns, <see cref="Lanes"/> at a time. Within block b, unit k's
/// values for the block's cases sit side by side (<c>Input(b)[k · Lanes + lane]</c> is input unit k of case
/// <c>b · Lanes + lane</c>), so a vector load of <see cref="Lanes"/> values reads one unit for every case of the block.
/// When the case count is not a multiple of <see cref="Lanes"/>, the last block is padded: its lanes past the last case
/// hold zeros, and <see cref="Mask"/> says which lanes hold a case, so the generated code can leave the padding out
/// of E and ∂E/∂w.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>For generated code; hidden from IntelliSense. Made once by <see cref="DataSet{T}.Blocks"/> and kept by the
/// data set, which never changes.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class PatternBlocks<T> where T : unmanaged
{
    // Pinned, from a 64-byte boundary (AlignedArray); each block is a whole number of vectors long, so no vector of a
    // block splits a cache line.
    private readonly AlignedArray<T> _inputs;
    private readonly AlignedArray<T> _targets;
    private readonly AlignedArray<T> _masks;

    internal PatternBlocks(DataSet<T> data, int lanes)
    {
        Lanes = lanes;
        CaseCount = data.Count;
        Count = (data.Count + lanes - 1) / lanes;
        InputLength = data.InputLength;
        TargetLength = data.TargetLength;
        _inputs = Transpose(data.Inputs, data.InputLength, lanes, Count, data.Count);
        _targets = Transpose(data.Targets, data.TargetLength, lanes, Count, data.Count);
        _masks = new AlignedArray<T>(Count * lanes);
        MemoryMarshal.AsBytes(_masks.Slice(0, data.Count)).Fill(0xFF);
    }

    /// <summary>The number of cases in a block (the vector width it was made for).</summary>
    public int Lanes { get; }

    /// <summary>The number of blocks, the last one padded when the case count is not a multiple of <see cref="Lanes"/>.</summary>
    public int Count { get; }

    /// <summary>The number of cases in the blocks: every case of the data set (the padding lanes are not cases).</summary>
    public int CaseCount { get; }

    /// <summary>The number of padding lanes at the end of the last block: <c>Count · Lanes − CaseCount</c>.</summary>
    public int PaddingCount => (Count * Lanes) - CaseCount;

    /// <summary>The length of every input pattern.</summary>
    public int InputLength { get; }

    /// <summary>The length of every target pattern.</summary>
    public int TargetLength { get; }

    /// <summary>Block <paramref name="block"/>'s inputs, unit by unit: <c>InputLength · Lanes</c> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Input(int block) => _inputs.Slice(CheckBlock(block) * InputLength * Lanes, InputLength * Lanes);

    /// <summary>Block <paramref name="block"/>'s desired outputs, unit by unit: <c>TargetLength · Lanes</c> values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Target(int block) => _targets.Slice(CheckBlock(block) * TargetLength * Lanes, TargetLength * Lanes);

    /// <summary>
    /// Block <paramref name="block"/>'s lane mask, <see cref="Lanes"/> values: every bit set in a lane that holds a case,
    /// every bit clear in a padding lane. A bit mask, not a number (a set lane is a NaN): the generated code ANDs ∂E/∂y at
    /// the outputs with it, which zeroes the padding's E and ∂E/∂w whatever the padding's outputs are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<T> Mask(int block) => _masks.Slice(CheckBlock(block) * Lanes, Lanes);

    /// <summary>Writes <paramref name="data"/>'s cases (the same count and shapes as before) into the blocks again.</summary>
    internal void Refill(DataSet<T> data)
    {
        Fill(data.Inputs, InputLength, Lanes, Count, CaseCount, _inputs.Span);
        Fill(data.Targets, TargetLength, Lanes, Count, CaseCount, _targets.Span);
    }

    private static AlignedArray<T> Transpose(ReadOnlySpan<T> rows, int length, int lanes, int blocks, int cases)
    {
        var items = new AlignedArray<T>(blocks * lanes * length);
        Fill(rows, length, lanes, blocks, cases, items.Span);
        return items;
    }

    private static void Fill(ReadOnlySpan<T> rows, int length, int lanes, int blocks, int cases, Span<T> blocked)
    {
        for (int b = 0; b < blocks; b++)
        {
            for (int lane = 0; lane < lanes && (b * lanes) + lane < cases; lane++)
            {
                ReadOnlySpan<T> row = rows.Slice(((b * lanes) + lane) * length, length);
                for (int k = 0; k < length; k++)
                {
                    blocked[(((b * length) + k) * lanes) + lane] = row[k];
                }
            }
        }
    }

    // Inlined into the generated sweep's block loop (three calls a block): the throw is out of line.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int CheckBlock(int block)
    {
        if ((uint)block >= (uint)Count)
        {
            ThrowNoBlock(block);
        }

        return block;
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ThrowNoBlock(int block) => throw new ArgumentOutOfRangeException(nameof(block), block, $"There are {Count} blocks.");
}
