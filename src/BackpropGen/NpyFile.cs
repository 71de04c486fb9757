using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace BackpropGen;

/// <summary>
/// Reads and writes NumPy's <c>.npy</c> format (what <c>np.save</c> / <c>np.load</c> use) for float64 and float32
/// arrays in C order: the magic <c>\x93NUMPY</c>, the version, a little-endian header length, an ASCII Python dict
/// <c>{'descr': '&lt;f8', 'fortran_order': False, 'shape': (2, 4), }</c> padded with spaces to a multiple of 64
/// bytes and ended by <c>\n</c>, then the elements, little-endian, last index fastest.
/// </summary>
/// <remarks>
/// Writing gives format version 1.0, byte for byte what NumPy writes for the same array. Reading accepts versions
/// 1.0, 2.0 and 3.0, and only <c>'&lt;f8'</c> (for <see cref="double"/>) or <c>'&lt;f4'</c> (for <see cref="float"/>)
/// in C order: anything else is refused with a <see cref="NumPyFormatException"/> naming what was found and what was
/// expected, never converted silently.
/// </remarks>
public static class NpyFile
{
    // Not "\x93NUMPY"u8: in a u8 literal \x93 is the character U+0093, which UTF-8 writes as two bytes (C2 93).
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    private const int Alignment = 64;

    /// <summary>Writes <paramref name="data"/> as an array of <paramref name="shape"/> (C order) to <paramref name="path"/>.</summary>
    /// <exception cref="ArgumentException">The shape's product is not <paramref name="data"/>'s length, or a dimension is negative.</exception>
    public static void Write<T>(string path, ReadOnlySpan<T> data, params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None);
        Write(stream, data, shape);
    }

    /// <summary>Writes <paramref name="data"/> as an array of <paramref name="shape"/> (C order) at the stream's position.</summary>
    /// <exception cref="ArgumentException">The shape's product is not <paramref name="data"/>'s length, or a dimension is negative.</exception>
    public static void Write<T>(Stream stream, ReadOnlySpan<T> data, params int[] shape)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            count *= dimension;
        }

        if (count != data.Length)
        {
            throw new ArgumentException($"The shape {ShapeText(shape)} holds {count} elements, but {data.Length} were given.", nameof(shape));
        }

        string dict = "{'descr': '" + Descr<T>() + "', 'fortran_order': False, 'shape': " + ShapeText(shape) + ", }";
        int unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        int padding = (Alignment - (unpadded % Alignment)) % Alignment;
        string header = dict + new string(' ', padding) + "\n";

        Span<byte> prefix = stackalloc byte[Magic.Length + 4];
        Magic.CopyTo(prefix);
        prefix[6] = 1;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix.Slice(8), checked((ushort)header.Length));
        stream.Write(prefix);
        stream.Write(Encoding.ASCII.GetBytes(header));

        int size = Unsafe.SizeOf<T>();
        Span<byte> element = stackalloc byte[8];
        foreach (T value in data)
        {
            FloatBytes.Write(value, element);
            stream.Write(element.Slice(0, size));
        }
    }

    /// <summary>
    /// Reads the array in <paramref name="path"/>, which must have <typeparamref name="T"/>'s dtype
    /// (<c>'&lt;f8'</c> or <c>'&lt;f4'</c>), C order and exactly <paramref name="expectedShape"/>.
    /// </summary>
    /// <param name="path">The .npy file.</param>
    /// <param name="expectedShape">The shape the caller needs.</param>
    /// <param name="what">What the array is for, used in error messages, e.g. "layer 'hidden' of network 'XorNet' (fan-in, units)".</param>
    /// <exception cref="NumPyFormatException">The file is not a .npy file, is damaged, or has another dtype, order or shape.</exception>
    public static T[] Read<T>(string path, ReadOnlySpan<int> expectedShape, string? what = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return Read<T>(stream, expectedShape, what, path);
    }

    /// <summary>Reads one array from <paramref name="stream"/>; see <see cref="Read{T}(string, ReadOnlySpan{int}, string?)"/>.</summary>
    /// <exception cref="NumPyFormatException">The data is not a .npy array, is damaged, or has another dtype, order or shape.</exception>
    public static T[] Read<T>(Stream stream, ReadOnlySpan<int> expectedShape, string? what = null, string? path = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        string source = path is null ? "the stream" : $"'{path}'";
        Span<byte> prefix = stackalloc byte[Magic.Length + 2];
        if (stream.ReadAtLeast(prefix, prefix.Length, throwOnEndOfStream: false) < prefix.Length || !prefix.Slice(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Fail(source, "it does not start with \"\\x93NUMPY\", so it is not a NumPy .npy file");
        }

        int major = prefix[6];
        int lengthBytes = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw Fail(source, $"it has .npy format version {major}.{prefix[7]}; versions 1.0, 2.0 and 3.0 are read"),
        };
        Span<byte> lengthField = stackalloc byte[4];
        if (stream.ReadAtLeast(lengthField.Slice(0, lengthBytes), lengthBytes, throwOnEndOfStream: false) < lengthBytes)
        {
            throw Fail(source, "its header is truncated");
        }

        long headerLength = lengthBytes == 2 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthField) : BinaryPrimitives.ReadUInt32LittleEndian(lengthField);
        if (headerLength > 1 << 20 || (stream.CanSeek && headerLength > stream.Length - stream.Position))
        {
            throw Fail(source, $"its header length {headerLength} is larger than the file");
        }

        byte[] headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
        {
            throw Fail(source, "its header is truncated");
        }

        (string descr, bool fortran, int[] shape) = ParseHeader((major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes), source);
        string expectedDescr = Descr<T>();
        if (descr != expectedDescr)
        {
            throw Fail(source, $"its dtype is '{descr}'{DtypeName(descr)}, but {what ?? "the array"} needs '{expectedDescr}'{DtypeName(expectedDescr)}");
        }

        if (!ShapeEquals(shape, expectedShape))
        {
            throw Fail(source, $"its shape is {ShapeText(shape)}, but {what ?? "the array"} needs {ShapeText(expectedShape)}");
        }

        if (fortran && shape.Length > 1)
        {
            throw Fail(source, "it is stored in Fortran (column-major) order; save a C-ordered array, e.g. np.save(path, np.ascontiguousarray(a))");
        }

        int count = 1;
        foreach (int dimension in shape)
        {
            count *= dimension;
        }

        int size = Unsafe.SizeOf<T>();
        var values = new T[count];
        byte[] payload = new byte[count * size];
        int got = stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false);
        if (got < payload.Length)
        {
            throw Fail(source, $"it holds {got} bytes of data; shape {ShapeText(shape)} of '{descr}' needs {payload.Length}");
        }

        if (stream.ReadByte() >= 0)
        {
            throw Fail(source, $"it has bytes after the {payload.Length} bytes of data that shape {ShapeText(shape)} of '{descr}' needs");
        }

        for (int k = 0; k < count; k++)
        {
            values[k] = FloatBytes.Read<T>(payload.AsSpan(k * size, size));
        }

        return values;
    }

    /// <summary>Python's spelling of a shape: <c>()</c>, <c>(4,)</c>, <c>(2, 4)</c>.</summary>
    internal static string ShapeText(ReadOnlySpan<int> shape)
    {
        var text = new StringBuilder("(");
        for (int k = 0; k < shape.Length; k++)
        {
            text.Append(k == 0 ? "" : ", ").Append(shape[k].ToString(CultureInfo.InvariantCulture));
        }

        return text.Append(shape.Length == 1 ? ",)" : ")").ToString();
    }

    private static (string Descr, bool Fortran, int[] Shape) ParseHeader(string header, string source)
    {
        string? descr = null;
        bool? fortran = null;
        int[]? shape = null;
        string text = header.Trim();
        if (!text.StartsWith('{') || !text.EndsWith('}'))
        {
            throw Fail(source, $"its header {Quote(text)} is not a Python dict");
        }

        int position = 1;
        while (true)
        {
            SkipSpaces(text, ref position);
            if (position >= text.Length - 1)
            {
                break;
            }

            string key = QuotedString(text, ref position, source);
            SkipSpaces(text, ref position);
            Expect(text, ref position, ':', source);
            SkipSpaces(text, ref position);
            switch (key)
            {
                case "descr":
                    descr = QuotedString(text, ref position, source);
                    break;
                case "fortran_order":
                    fortran = text.AsSpan(position).StartsWith("True") ? true : text.AsSpan(position).StartsWith("False") ? false : throw Fail(source, $"its header {Quote(text)} has a fortran_order that is neither True nor False");
                    position += fortran.Value ? 4 : 5;
                    break;
                case "shape":
                    shape = Tuple(text, ref position, source);
                    break;
                default:
                    throw Fail(source, $"its header {Quote(text)} has the unknown key '{key}'");
            }

            SkipSpaces(text, ref position);
            if (position < text.Length && text[position] == ',')
            {
                position++;
            }
        }

        if (descr is null || fortran is null || shape is null)
        {
            throw Fail(source, $"its header {Quote(text)} lacks one of 'descr', 'fortran_order' and 'shape'");
        }

        return (descr, fortran.Value, shape);
    }

    private static int[] Tuple(string text, ref int position, string source)
    {
        Expect(text, ref position, '(', source);
        int close = text.IndexOf(')', position);
        if (close < 0)
        {
            throw Fail(source, $"its header {Quote(text)} has an unclosed shape");
        }

        string[] parts = text.Substring(position, close - position).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var shape = new int[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            string part = parts[k].TrimEnd('L');
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out shape[k]))
            {
                throw Fail(source, $"its shape has the dimension '{parts[k]}', which is not a non-negative int");
            }
        }

        position = close + 1;
        return shape;
    }

    private static string QuotedString(string text, ref int position, string source)
    {
        if (position >= text.Length || text[position] is not ('\'' or '"'))
        {
            throw Fail(source, $"its header {Quote(text)} is not a dict of quoted keys");
        }

        char quote = text[position];
        int end = text.IndexOf(quote, position + 1);
        if (end < 0)
        {
            throw Fail(source, $"its header {Quote(text)} has an unclosed string");
        }

        string value = text.Substring(position + 1, end - position - 1);
        position = end + 1;
        return value;
    }

    private static void Expect(string text, ref int position, char c, string source)
    {
        if (position >= text.Length || text[position] != c)
        {
            throw Fail(source, $"its header {Quote(text)} is not a valid dict (expected '{c}' at {position})");
        }

        position++;
    }

    private static void SkipSpaces(string text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }

    private static bool ShapeEquals(int[] shape, ReadOnlySpan<int> expected) => shape.AsSpan().SequenceEqual(expected);

    private static string Quote(string text) => text.Length > 120 ? "\"" + text.Substring(0, 120) + "…\"" : "\"" + text + "\"";

    private static string DtypeName(string descr) => descr switch
    {
        "<f8" => " (float64, little-endian)",
        "<f4" => " (float32, little-endian)",
        ">f8" => " (float64, big-endian)",
        ">f4" => " (float32, big-endian)",
        "<f2" => " (float16)",
        _ when descr.Contains('i', StringComparison.Ordinal) => " (an integer type)",
        _ => "",
    };

    private static NumPyFormatException Fail(string source, string reason) =>
        new($"Cannot load {source}: {reason}.");

    private static string Descr<T>() =>
        typeof(T) == typeof(double) ? "<f8"
        : typeof(T) == typeof(float) ? "<f4"
        : throw new NotSupportedException($"NumPy arrays are read and written as float64 or float32; {typeof(T)} is not supported.");
}
