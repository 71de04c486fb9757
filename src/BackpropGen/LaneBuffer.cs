using System;
using System.ComponentModel;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace BackpropGen;

/// <summary>
/// Memory for SIMD across patterns: <see cref="Length"/> vectors of <see cref="Vector{T}"/> (or of
/// <see cref="Vector512{T}"/>, for the 512-bit path <see cref="LaneWidth"/> chooses) that start on a 64-byte
/// boundary and never move, so none of the vector loads and stores the generated code makes splits a cache line.
/// A generated class keeps its per-lane gradients and its lane scratch in one each. (A <c>Vector&lt;T&gt;[]</c> starts
/// wherever the garbage collector puts it, usually 8 or 16 bytes past a line, which splits every other 256-bit access
/// and every 512-bit one.)
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>For generated code; hidden from IntelliSense.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LaneBuffer<T> where T : unmanaged
{
    private readonly AlignedArray<T> _items;

    /// <summary>Allocates <paramref name="length"/> zeroed vectors, once, on the pinned object heap.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative.</exception>
    public LaneBuffer(int length)
        : this(length, Vector<T>.Count)
    {
    }

    /// <summary>Allocates <paramref name="length"/> zeroed vectors of <paramref name="lanes"/> elements each, once, on the pinned object heap.</summary>
    /// <param name="length">The number of vectors.</param>
    /// <param name="lanes">Elements per vector: <c>Vector&lt;T&gt;.Count</c>, or <c>Vector512&lt;T&gt;.Count</c> for <see cref="Slice512"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or <paramref name="lanes"/> is less than 1.</exception>
    public LaneBuffer(int length, int lanes)
    {
        if (length < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A lane buffer cannot have a negative length.");
        }

        if (lanes < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(lanes), lanes, "A lane buffer's vectors need at least one lane.");
        }

        Length = length;
        Lanes = lanes;
        _items = new AlignedArray<T>(length * lanes);
    }

    /// <summary>The number of vectors.</summary>
    public int Length { get; }

    /// <summary>Elements per vector (the width the buffer was made for).</summary>
    public int Lanes { get; }

    /// <summary>All the vectors, 64-byte aligned (a buffer of <c>Vector&lt;T&gt;.Count</c> lanes).</summary>
    public Span<Vector<T>> Vectors => Slice(0, Length);

    /// <summary>
    /// Vectors [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>). The span's length is
    /// the argument itself, so where the generated code passes a constant the JIT knows it and drops bounds checks.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the buffer.</exception>
    /// <exception cref="InvalidOperationException">The buffer was made for another width.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<Vector<T>> Slice(int start, int length)
    {
        if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start) || Lanes != Vector<T>.Count)
        {
            ThrowOutside(start, length, Vector<T>.Count);
        }

        return MemoryMarshal.CreateSpan(ref Unsafe.As<T, Vector<T>>(ref _items.At(start * Vector<T>.Count)), length);
    }

    /// <summary>
    /// Vectors [<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>) as <see cref="Vector512{T}"/>,
    /// for a buffer made with <c>Vector512&lt;T&gt;.Count</c> lanes (the 512-bit path). Otherwise as <see cref="Slice"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The range is not inside the buffer.</exception>
    /// <exception cref="InvalidOperationException">The buffer was made for another width.</exception>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<Vector512<T>> Slice512(int start, int length)
    {
        if ((uint)start > (uint)Length || (uint)length > (uint)(Length - start) || Lanes != Vector512<T>.Count)
        {
            ThrowOutside(start, length, Vector512<T>.Count);
        }

        return MemoryMarshal.CreateSpan(ref Unsafe.As<T, Vector512<T>>(ref _items.At(start * Vector512<T>.Count)), length);
    }

    /// <summary>
    /// A second buffer of the same length and width, made on first use and kept; its own twin is this buffer. The training
    /// sweep of a network run part by part keeps the units of two blocks in a buffer and its twin (two blocks per pass).
    /// </summary>
    public LaneBuffer<T> Twin => _twin ??= new LaneBuffer<T>(this);

    private LaneBuffer<T>? _twin;

    private LaneBuffer(LaneBuffer<T> twin)
        : this(twin.Length, twin.Lanes)
    {
        _twin = twin;
    }

    /// <summary>Sets every vector to zero.</summary>
    public void Clear() => _items.Span.Clear();

    private void ThrowOutside(int start, int length, int lanes) => throw (lanes != Lanes
        ? new InvalidOperationException($"A lane buffer of {Lanes}-element vectors was read as {lanes}-element vectors.")
        : new ArgumentOutOfRangeException(nameof(start), $"Vectors [{start}, {start} + {length}) are not inside a lane buffer of {Length}."));
}

/// <summary>
/// A zeroed array of <typeparamref name="T"/> that starts on a cache line and stays there: pinned (the GC never moves it), the
/// elements taken from the first 64-byte boundary of a slightly longer array.
/// </summary>
internal readonly struct AlignedArray<T> where T : unmanaged
{
    /// <summary>A cache line, and the size of a 512-bit vector.</summary>
    public const int Alignment = 64;

    private readonly T[] _items;
    private readonly int _offset;
    private readonly int _length;

    public AlignedArray(int length)
    {
        int size = Unsafe.SizeOf<T>();
        _items = GC.AllocateArray<T>(length + (Alignment / size), pinned: true);
        long address = (long)Marshal.UnsafeAddrOfPinnedArrayElement(_items, 0);
        _offset = (int)((Alignment - (address % Alignment)) % Alignment) / size;
        _length = length;
    }

    public Span<T> Span => _items.AsSpan(_offset, _length);

    public Span<T> Slice(int start, int length) => Span.Slice(start, length);

    /// <summary>Element <paramref name="index"/>, which may be the one just past the end (for an empty slice there).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ref T At(int index) => ref _items[_offset + index];
}
