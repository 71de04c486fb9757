using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BackpropGen;

/// <summary>
/// Memory for SIMD across patterns: <see cref="Length"/> vectors of <see cref="Vector{T}"/> that start on a 64-byte
/// boundary and never move, so none of the vector loads and stores the generated code makes splits a cache line.
/// A generated class keeps its per-lane gradients and its lane scratch in one each. (A <c>Vector&lt;T&gt;[]</c> starts
/// wherever the garbage collector puts it, usually 8 or 16 bytes past a line, which splits every other 256-bit access
/// and every 512-bit one.)
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
public sealed class LaneBuffer<T> where T : unmanaged
{
    private readonly T[] _items;
    private readonly int _offset;

    /// <summary>Allocates <paramref name="length"/> zeroed vectors, once, on the pinned object heap.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public LaneBuffer(int length)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A lane buffer cannot have a negative length.");
        }

        Length = length;
        (_items, _offset) = AlignedMemory.Allocate<T>(length * Vector<T>.Count);
    }

    /// <summary>The number of vectors.</summary>
    public int Length { get; }

    /// <summary>The vectors, 64-byte aligned.</summary>
    public Span<Vector<T>> Vectors => MemoryMarshal.Cast<T, Vector<T>>(_items.AsSpan(_offset, Length * Vector<T>.Count));

    /// <summary>Sets every vector to zero.</summary>
    public void Clear() => _items.AsSpan(_offset, Length * Vector<T>.Count).Clear();
}

/// <summary>Arrays whose element at an offset starts on a cache line and stays there (pinned: the GC never moves them).</summary>
internal static class AlignedMemory
{
    /// <summary>A cache line, and the size of a 512-bit vector.</summary>
    public const int Alignment = 64;

    /// <summary>A zeroed pinned array with room for <paramref name="count"/> elements from <c>Offset</c>, which is 64-byte aligned.</summary>
    public static (T[] Items, int Offset) Allocate<T>(int count) where T : unmanaged
    {
        int size = Unsafe.SizeOf<T>();
        T[] items = GC.AllocateArray<T>(count + (Alignment / size), pinned: true);
        long address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(items, 0);
        int offset = (int)((Alignment - (address % Alignment)) % Alignment) / size;
        return (items, offset);
    }
}
