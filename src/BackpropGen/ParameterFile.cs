using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;

namespace BackpropGen;

/// <summary>
/// Saves and loads a network's parameters (weights and biases) in a small, checked binary file.
/// </summary>
/// <remarks>
/// <para>The format (version 1) is little-endian throughout; docs/parameter-file-format.md describes it too.</para>
/// <list type="table">
///   <listheader><term>Bytes</term><description>Field</description></listheader>
///   <item><term>4</term><description>Magic: the ASCII bytes <c>BPGW</c> (0x42 0x50 0x47 0x57).</description></item>
///   <item><term>2</term><description>Format version, u16 = 1.</description></item>
///   <item><term>1</term><description>Element size, u8: 4 for <see cref="float"/>, 8 for <see cref="double"/>.</description></item>
///   <item><term>1</term><description>Reserved, u8 = 0.</description></item>
///   <item><term>2</term><description>Name length L, u16: the byte length of the network name.</description></item>
///   <item><term>L</term><description>The network's <see cref="INetwork{T}.Name"/> in UTF-8 (no terminator).</description></item>
///   <item><term>8</term><description>Topology hash, u64: FNV-1a 64 (offset basis 0xCBF29CE484222325, prime 0x100000001B3) over the UTF-8 bytes of <see cref="INetwork{T}.Topology"/>.</description></item>
///   <item><term>4</term><description>Parameter count N, u32.</description></item>
///   <item><term>N × size</term><description>The parameters in <see cref="INetwork{T}.Parameters"/> order, as IEEE 754 binary32 or binary64.</description></item>
///   <item><term>4</term><description>CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320, as in zip and PNG), u32, over every byte before it.</description></item>
/// </list>
/// <para>A file is therefore exactly 26 + L + N × size bytes long.</para>
/// <para><see cref="Load{T}(INetwork{T}, Stream)"/> checks the file's integrity first (magic, version, element
/// size, reserved byte, length, checksum), so a damaged byte is reported as damage rather than as a misleading
/// mismatch, and then that it fits the network (precision, name, topology hash, parameter count). Only a file
/// that passes every check is copied into the network, with <see cref="INetwork{T}.SetParameters"/> (which also
/// clears the gradients and momentum); otherwise a <see cref="ParameterFileException"/> is thrown and the
/// network is unchanged.</para>
/// <para>Only the parameters are saved, not the training state (gradients, Δw(t−1), ε, α, λ).</para>
/// </remarks>
public static class ParameterFile
{
    // The format's constants and topology hash live in ParameterFileFormat.cs, which the generator shares.
    private const ushort FormatVersion = ParameterFileFormat.Version;
    private const int PrefixLength = ParameterFileFormat.PrefixLength;
    private const int MiddleLength = ParameterFileFormat.MiddleLength;
    private const int ChecksumLength = ParameterFileFormat.ChecksumLength;
    private const int MinimumLength = ParameterFileFormat.MinimumLength;

    // Parameters are written and read through a buffer of this many bytes (a multiple of 8).
    private const int ChunkLength = 4096;

    private static ReadOnlySpan<byte> Magic => "BPGW"u8;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Saves <paramref name="network"/>'s parameters to <paramref name="path"/>, atomically: the file is
    /// written to a temporary file in the same directory, flushed to disk, then moved over <paramref name="path"/>.
    /// </summary>
    /// <remarks>
    /// If anything fails, the temporary file is deleted and whatever was at <paramref name="path"/> before is
    /// left as it was. (Whether the final rename itself survives a power cut depends on the file system; the
    /// file's contents are on disk before it happens.)
    /// </remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network whose parameters are saved.</param>
    /// <param name="path">The file to create or replace.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty, or the network's name is longer than 65,535 bytes of UTF-8.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="IOException">The file could not be written (for example, its directory does not exist).</exception>
    public static void Save<T>(INetwork<T> network, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        _ = ElementSize<T>();

        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new IOException($"Cannot save parameters to '{fullPath}': it is a directory; give a file name, e.g. '{Path.Combine(fullPath, (network.Name ?? "network") + ".bpgw")}'.");
        }

        string? folder = Path.GetDirectoryName(fullPath);
        if (folder is not null && !Directory.Exists(folder))
        {
            // Checked here so the message names the folder, not the temporary file the save writes first.
            throw new DirectoryNotFoundException($"Cannot save parameters to '{fullPath}': the folder '{folder}' does not exist. Create it first (Directory.CreateDirectory).");
        }

        AtomicFile.Write(fullPath, stream => Save(network, stream));
    }

    /// <summary>
    /// Writes <paramref name="network"/>'s parameters to <paramref name="stream"/> at its current position.
    /// The stream is neither flushed nor closed.
    /// </summary>
    /// <remarks>Everything is read from the network before the first byte is written.</remarks>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network whose parameters are saved.</param>
    /// <param name="stream">A writable stream.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not writable, or the network's name is longer than 65,535 bytes of UTF-8.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static void Save<T>(INetwork<T> network, Stream stream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        int elementSize = ElementSize<T>();
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        string networkName = network.Name ?? string.Empty;
        byte[] name = Encoding.UTF8.GetBytes(networkName);
        if (name.Length > ushort.MaxValue)
        {
            throw new ArgumentException(
                $"The network's name is {name.Length} bytes of UTF-8; a parameter file holds names of at most {ushort.MaxValue} bytes.",
                nameof(network));
        }

        ulong topologyHash = TopologyHash(network.Topology ?? string.Empty);
        ReadOnlySpan<T> parameters = network.Parameters;

        uint crc = Crc32.InitialState;

        Span<byte> prefix = stackalloc byte[PrefixLength];
        Magic.CopyTo(prefix);
        BinaryPrimitives.WriteUInt16LittleEndian(prefix.Slice(4), FormatVersion);
        prefix[6] = (byte)elementSize;
        prefix[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(prefix.Slice(8), (ushort)name.Length);
        Write(stream, prefix, ref crc);
        Write(stream, name, ref crc);

        Span<byte> middle = stackalloc byte[MiddleLength];
        BinaryPrimitives.WriteUInt64LittleEndian(middle, topologyHash);
        BinaryPrimitives.WriteUInt32LittleEndian(middle.Slice(8), (uint)parameters.Length);
        Write(stream, middle, ref crc);

        Span<byte> chunk = stackalloc byte[ChunkLength];
        int used = 0;
        foreach (T value in parameters)
        {
            if (used == chunk.Length)
            {
                Write(stream, chunk, ref crc);
                used = 0;
            }

            FloatBytes.Write(value, chunk.Slice(used));
            used += elementSize;
        }

        Write(stream, chunk.Slice(0, used), ref crc);

        Span<byte> checksum = stackalloc byte[ChecksumLength];
        BinaryPrimitives.WriteUInt32LittleEndian(checksum, Crc32.Finish(crc));
        stream.Write(checksum);
    }

    /// <summary>
    /// Loads parameters saved by <see cref="Save{T}(INetwork{T}, string)"/> into <paramref name="network"/>,
    /// after checking that the file is intact and was saved from this network.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to load into; unchanged if anything is wrong.</param>
    /// <param name="path">The file to read.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="ParameterFileException">The file is not a parameter file, is damaged, or does not fit the network.</exception>
    /// <exception cref="IOException">The file could not be read (for example, it does not exist).</exception>
    public static void Load<T>(INetwork<T> network, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        _ = ElementSize<T>();

        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            // Otherwise the OS reports "access denied", which sends people looking at permissions.
            throw new IOException($"Cannot load parameters from '{fullPath}': it is a directory, not a parameter file.");
        }

        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkLength, FileOptions.SequentialScan);
        LoadCore(network, stream, fullPath);
    }

    /// <summary>
    /// Loads parameters from <paramref name="stream"/>, from its current position to its end, into
    /// <paramref name="network"/>, after checking that they are intact and were saved from this network.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to load into; unchanged if anything is wrong.</param>
    /// <param name="stream">A readable stream holding exactly one parameter file from its current position.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException">The stream is not readable.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="ParameterFileException">The data is not a parameter file, is damaged, or does not fit the network.</exception>
    public static void Load<T>(INetwork<T> network, Stream stream)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(stream);
        _ = ElementSize<T>();
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        LoadCore(network, stream, (stream as FileStream)?.Name);
    }

    /// <summary>FNV-1a 64 over the UTF-8 bytes of <paramref name="topology"/>.</summary>
    internal static ulong TopologyHash(string topology) => ParameterFileFormat.TopologyHash(topology);

    private static void LoadCore<T>(INetwork<T> network, Stream stream, string? path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int elementSize = ElementSize<T>();

        // The number of bytes from here to the end, when the stream can tell; −1 when it cannot.
        long available = stream.CanSeek ? Math.Max(0, stream.Length - stream.Position) : -1;
        long consumed = 0;
        uint crc = Crc32.InitialState;

        // Magic, version, element size, reserved byte, name length.
        Span<byte> prefix = stackalloc byte[PrefixLength];
        int got = Read(stream, prefix, ref consumed, ref crc);
        int magicLength = Math.Min(got, Magic.Length);
        if (!prefix.Slice(0, magicLength).SequenceEqual(Magic.Slice(0, magicLength)))
        {
            throw Fail(path, $"it does not start with \"BPGW\" (42 50 47 57) but with {Hex(prefix.Slice(0, magicLength))}, so it is not a BackpropGen parameter file.");
        }

        if (got < PrefixLength)
        {
            throw Fail(path, $"the file is truncated (expected at least {MinimumLength} bytes, found {Found(available, consumed)}).");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(4));
        if (version != FormatVersion)
        {
            throw Fail(path, $"the file has format version {version}, but this version of BackpropGen reads only version {FormatVersion}.");
        }

        int fileElementSize = prefix[6];
        if (fileElementSize != sizeof(float) && fileElementSize != sizeof(double))
        {
            throw Fail(path, $"the file's element size is {fileElementSize} bytes, but only 4 (float) and 8 (double) are defined; the file is corrupt.");
        }

        if (prefix[7] != 0)
        {
            throw Fail(path, $"the file's reserved header byte is {prefix[7]}, but it must be 0; the file is corrupt.");
        }

        // The name: at most 65,535 bytes, and checked against the stream's length before it is allocated.
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(prefix.Slice(8));
        long minimum = MinimumLength + nameLength;
        if (available >= 0 && available < PrefixLength + nameLength + MiddleLength)
        {
            throw Fail(path, $"the file is truncated (expected at least {minimum} bytes for a {nameLength}-byte network name, found {available}).");
        }

        byte[] name = new byte[nameLength];
        Span<byte> middle = stackalloc byte[MiddleLength];
        if (Read(stream, name, ref consumed, ref crc) < nameLength || Read(stream, middle, ref consumed, ref crc) < MiddleLength)
        {
            throw Fail(path, $"the file is truncated (expected at least {minimum} bytes for a {nameLength}-byte network name, found {Found(available, consumed)}).");
        }

        // Topology hash and parameter count.
        ulong fileHash = BinaryPrimitives.ReadUInt64LittleEndian(middle);
        uint fileCount = BinaryPrimitives.ReadUInt32LittleEndian(middle.Slice(8));
        long payloadLength = fileCount * (long)fileElementSize;
        long expected = minimum + payloadLength;
        string shape = $"{nameLength}-byte network name and {fileCount} {PrecisionName(fileElementSize)} parameters";
        if (available >= 0 && available != expected)
        {
            throw Fail(path, LengthMessage(expected, available, shape));
        }

        // The parameters. They are decoded only when they can fit the network, into a buffer the network's own
        // size; otherwise they are only checksummed, so a corrupt count never decides an allocation.
        bool fits = fileElementSize == elementSize && fileCount == (long)network.ParameterLength;
        T[]? values = fits ? new T[fileCount] : null;
        Span<byte> chunk = stackalloc byte[ChunkLength];
        int index = 0;
        for (long remaining = payloadLength; remaining > 0;)
        {
            int want = (int)Math.Min(remaining, ChunkLength);
            if (Read(stream, chunk.Slice(0, want), ref consumed, ref crc) < want)
            {
                throw Fail(path, LengthMessage(expected, consumed, shape));
            }

            if (values is not null)
            {
                for (int offset = 0; offset < want; offset += elementSize)
                {
                    values[index++] = FloatBytes.Read<T>(chunk.Slice(offset));
                }
            }

            remaining -= want;
        }

        // The checksum, then (when the stream cannot tell its length) anything after it.
        uint computed = Crc32.Finish(crc);
        Span<byte> checksum = stackalloc byte[ChecksumLength];
        if (Read(stream, checksum, ref consumed, ref crc) < ChecksumLength)
        {
            throw Fail(path, LengthMessage(expected, consumed, shape));
        }

        if (available < 0)
        {
            int extra;
            while ((extra = stream.Read(chunk)) > 0)
            {
                consumed += extra;
            }

            if (consumed != expected)
            {
                throw Fail(path, LengthMessage(expected, consumed, shape));
            }
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(checksum);
        if (stored != computed)
        {
            throw Fail(path, $"the checksum does not match (stored 0x{stored:X8}, computed 0x{computed:X8}); the file is corrupt.");
        }

        // The file is intact; now check that it was saved from this network.
        string networkName = network.Name ?? string.Empty;
        if (fileElementSize != elementSize)
        {
            throw Fail(path, $"the file holds {PrecisionName(fileElementSize)} ({fileElementSize}-byte) parameters; network '{networkName}' is {PrecisionName(elementSize)}.");
        }

        string fileName;
        try
        {
            fileName = StrictUtf8.GetString(name);
        }
        catch (DecoderFallbackException)
        {
            throw Fail(path, $"the network name in the file ({Hex(name)}) is not valid UTF-8.");
        }

        if (!string.Equals(fileName, networkName, StringComparison.Ordinal))
        {
            throw Fail(path, $"the file holds parameters for network '{fileName}'; this network is '{networkName}'.");
        }

        ulong networkHash = TopologyHash(network.Topology ?? string.Empty);
        if (fileHash != networkHash)
        {
            throw Fail(path, $"the file was saved from a network '{fileName}' with a different topology (topology hash 0x{fileHash:X16}; this network's is 0x{networkHash:X16}). Its inputs, layers or sizes have changed since the file was saved. {TopologyDifference(network, fileCount)}");
        }

        if (values is null)
        {
            throw Fail(path, $"the file holds {fileCount} parameters; network '{networkName}' has {network.ParameterLength}.");
        }

        network.SetParameters(values);
    }

    private static string LengthMessage(long expected, long found, string shape) =>
        found < expected
            ? $"the file is truncated (expected {expected} bytes for a {shape}, found {found})."
            : $"the file has {found - expected} unexpected bytes after the checksum (expected {expected} bytes for a {shape}, found {found}).";

    // When the stream's length is unknown, a short read has reached its end, so what was read is all there is.
    private static long Found(long available, long consumed) => available >= 0 ? available : consumed;

    private static ParameterFileException Fail(string? path, string reason)
    {
        string source = path is null ? "the stream" : $"'{path}'";
        return new ParameterFileException(string.Create(CultureInfo.InvariantCulture, $"Cannot load parameters from {source}: {reason}"), path);
    }

    private static string Hex(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return "nothing";
        }

        // A long run of bytes (a bad name can be 65,535 of them) is cut short: the start is enough to recognise.
        const int Shown = 32;
        var text = new StringBuilder(Shown * 3 + 4);
        foreach (byte b in bytes.Length > Shown ? bytes.Slice(0, Shown) : bytes)
        {
            text.Append(text.Length == 0 ? string.Empty : " ").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return bytes.Length > Shown ? text.Append(" …").ToString() : text.ToString();
    }

    private static string PrecisionName(int elementSize) => ParameterFileFormat.PrecisionName(elementSize);

    private static int ElementSize<T>()
    {
        if (typeof(T) == typeof(float))
        {
            return sizeof(float);
        }

        if (typeof(T) == typeof(double))
        {
            return sizeof(double);
        }

        throw new NotSupportedException($"Parameter files hold float or double parameters; {typeof(T)} is not supported.");
    }

    private static void Write(Stream stream, ReadOnlySpan<byte> bytes, ref uint crc)
    {
        crc = Crc32.Append(crc, bytes);
        stream.Write(bytes);
    }

    // Fills as much of buffer as the stream has; returns how much that was (less only at the end of the stream).
    private static int Read(Stream stream, Span<byte> buffer, ref long consumed, ref uint crc)
    {
        int got = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        consumed += got;
        crc = Crc32.Append(crc, buffer.Slice(0, got));
        return got;
    }

    /// <summary>
    /// What can be said about a topology mismatch: the file keeps only the topology's hash and the parameter count,
    /// so this names this network's layers and, when the counts differ, by how much.
    /// </summary>
    private static string TopologyDifference<T>(INetwork<T> network, long fileCount)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string layers;
        try
        {
            layers = string.Join(", ", NetworkLayout.Parse(network.Topology ?? string.Empty)
                .Select(l => $"{l.Name} {l.Size.ToString(CultureInfo.InvariantCulture)} × {l.FanIn.ToString(CultureInfo.InvariantCulture)}{(l.HasBias ? " + bias" : "")}"));
        }
        catch (FormatException)
        {
            layers = network.Topology ?? string.Empty;
        }

        string count = fileCount == network.ParameterLength
            ? $"Both have {fileCount.ToString(CultureInfo.InvariantCulture)} parameters"
            : $"The file holds {fileCount.ToString(CultureInfo.InvariantCulture)} parameters, this network {network.ParameterLength.ToString(CultureInfo.InvariantCulture)}";
        return $"This network's layers (units × fan-in): {layers}. {count}. (A parameter file keeps only the topology's hash, so it cannot name the layer.)";
    }
}
