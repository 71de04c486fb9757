using System;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace BackpropGen;

/// <summary>A float or double as little-endian IEEE 754 bytes: shared by the parameter file and the .npy reader/writer.</summary>
internal static class FloatBytes
{
    /// <summary>Writes <paramref name="value"/> (float or double) as 4 or 8 little-endian bytes.</summary>
    public static void Write<T>(T value, Span<byte> destination)
    {
        if (typeof(T) == typeof(float))
        {
            BinaryPrimitives.WriteSingleLittleEndian(destination, Unsafe.As<T, float>(ref value));
        }
        else
        {
            BinaryPrimitives.WriteDoubleLittleEndian(destination, Unsafe.As<T, double>(ref value));
        }
    }

    /// <summary>Reads a float or double from 4 or 8 little-endian bytes.</summary>
    public static T Read<T>(ReadOnlySpan<byte> source)
    {
        if (typeof(T) == typeof(float))
        {
            float value = BinaryPrimitives.ReadSingleLittleEndian(source);
            return Unsafe.As<float, T>(ref value);
        }

        double wide = BinaryPrimitives.ReadDoubleLittleEndian(source);
        return Unsafe.As<double, T>(ref wide);
    }
}
