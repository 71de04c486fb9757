using System;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;

namespace BackpropGen.Runtime.Tests;

/// <summary>Independent, deliberately naive implementations of the checksums the parameter file uses.</summary>
internal static class Reference
{
    /// <summary>CRC-32 (IEEE 802.3) computed bit by bit, with no table.</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>FNV-1a 64.</summary>
    public static ulong Fnv1a64(ReadOnlySpan<byte> data)
    {
        ulong hash = 0xCBF29CE484222325;
        foreach (byte b in data)
        {
            hash ^= b;
            hash *= 0x100000001B3;
        }

        return hash;
    }

    /// <summary>The raw bits of every value, so NaN payloads and −0 compare exactly.</summary>
    public static byte[] Bits<T>(ReadOnlySpan<T> values)
        where T : unmanaged => MemoryMarshal.AsBytes(values).ToArray();

    /// <summary>Recomputes the trailing CRC of a parameter file in place, after a deliberate edit.</summary>
    public static void FixChecksum(byte[] file)
    {
        uint crc = Crc32(file.AsSpan(0, file.Length - 4));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), crc);
    }

    public static T[] Snapshot<T>(INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T> => network.Parameters.ToArray();
}

/// <summary>A read-only stream that cannot seek and hands out at most a few bytes per read.</summary>
internal sealed class TrickleStream(byte[] data) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, 7), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A fresh directory under the system temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Path = Directory.CreateTempSubdirectory("bpg-runtime-tests-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string[] Entries() => Directory.GetFileSystemEntries(Path);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
