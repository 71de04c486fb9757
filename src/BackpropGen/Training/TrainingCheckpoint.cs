using System;
using System.Buffers.Binary;
using System.Globalization;
using System.IO;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace BackpropGen;

/// <summary>
/// Saves and restores everything needed to resume training: the parameters, the optimizer's state (Δw(t−1), or Adam's
/// moments) and step count t, and the number of epochs done. Written atomically and checked as strictly as
/// <see cref="ParameterFile"/>; docs/checkpoint-format.md describes the format.
/// </summary>
/// <remarks>
/// <para>The optimizer's hyperparameters (ε, β…) are not saved: make the same optimizer again (a schedule sets ε per
/// epoch anyway), assign it to the network, then <see cref="Load{T}"/>. The kind must match (<c>adam</c> into Adam…);
/// a network without an optimizer saves and restores its own <see cref="INetwork{T}.PreviousDeltas"/> (kind <c>network</c>).</para>
/// <para>Resume with <see cref="FitOptions{T}.InitialEpoch"/> = the epoch <see cref="Load{T}"/> returns: the shuffles and the
/// schedule depend only on the seed and the epoch, so 5 epochs, save, load into a new instance, 5 more is the same
/// as 10 (bit for bit on the scalar path).</para>
/// </remarks>
public static class TrainingCheckpoint
{
    /// <summary>The format version.</summary>
    public const ushort FormatVersion = 1;

    // magic 4, version 2, element size 1, reserved 1, epoch 4, step count 8, kind length 1, buffer count 1, parameter file length 4
    private const int HeaderLength = 26;
    private const int ChecksumLength = 4;
    private const string NetworkKind = "network";

    private static ReadOnlySpan<byte> Magic => "BPGC"u8;

    /// <summary>
    /// Saves <paramref name="network"/>'s parameters and optimizer state, with <paramref name="epoch"/>, to
    /// <paramref name="path"/> atomically (a temporary file in the same directory, flushed, then moved over it).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative.</exception>
    /// <exception cref="IOException">The file could not be written; whatever was at <paramref name="path"/> is unchanged.</exception>
    public static void Save<T>(INetwork<T> network, string path, int epoch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        byte[] bytes = Encode(network, epoch);
        string fullPath = Path.GetFullPath(path);
        string tempPath = fullPath + ".tmp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(tempPath);
            }
            catch (IOException)
            {
                // Best effort: the original exception is the one to report.
            }

            throw;
        }
    }

    /// <summary>
    /// Restores a checkpoint saved by <see cref="Save{T}"/> into <paramref name="network"/> (and its optimizer) and returns
    /// the epoch it was saved at. Everything is checked first; on any problem a <see cref="ParameterFileException"/> is
    /// thrown and the network and optimizer are unchanged.
    /// </summary>
    /// <exception cref="ParameterFileException">The file is not a checkpoint, is damaged, or does not fit the network or its optimizer.</exception>
    /// <exception cref="IOException">The file could not be read.</exception>
    public static int Load<T>(INetwork<T> network, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        string fullPath = Path.GetFullPath(path);
        return Decode(network, File.ReadAllBytes(fullPath), fullPath);
    }

    private static byte[] Encode<T>(INetwork<T> network, int epoch)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameterFile = new MemoryStream();
        ParameterFile.Save(network, parameterFile);
        Optimizer<T>? optimizer = network.Optimizer;
        string kind = optimizer?.Kind ?? NetworkKind;
        int buffers = optimizer?.StateBufferCount ?? 1;
        int size = FloatSize<T>();
        int n = network.ParameterLength;
        optimizer?.EnsureState(n);
        ReadOnlySpan<T> state = optimizer is null ? network.PreviousDeltas : optimizer.AllState;
        byte[] kindBytes = Encoding.ASCII.GetBytes(kind);
        int length = HeaderLength + kindBytes.Length + (int)parameterFile.Length + (buffers * n * size) + ChecksumLength;
        var bytes = new byte[length];
        Span<byte> s = bytes;
        Magic.CopyTo(s);
        BinaryPrimitives.WriteUInt16LittleEndian(s.Slice(4), FormatVersion);
        s[6] = (byte)size;
        s[7] = 0;
        BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(8), (uint)epoch);
        BinaryPrimitives.WriteInt64LittleEndian(s.Slice(12), optimizer?.StepCount ?? 0);
        s[20] = (byte)kindBytes.Length;
        s[21] = (byte)buffers;
        BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(22), (uint)parameterFile.Length);
        int at = HeaderLength;
        kindBytes.CopyTo(s.Slice(at));
        at += kindBytes.Length;
        parameterFile.GetBuffer().AsSpan(0, (int)parameterFile.Length).CopyTo(s.Slice(at));
        at += (int)parameterFile.Length;
        foreach (T value in state)
        {
            FloatBytes.Write(value, s.Slice(at));
            at += size;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(s.Slice(at), Crc32.Compute(s.Slice(0, at)));
        return bytes;
    }

    private static int Decode<T>(INetwork<T> network, byte[] bytes, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ReadOnlySpan<byte> s = bytes;
        if (s.Length < Magic.Length || !s.Slice(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Fail(path, "it does not start with \"BPGC\" (42 50 47 43), so it is not a BackpropGen training checkpoint.");
        }

        if (s.Length < HeaderLength + ChecksumLength)
        {
            throw Fail(path, $"the file is truncated ({s.Length} bytes; a checkpoint has at least {HeaderLength + ChecksumLength}).");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(s.Slice(4));
        if (version != FormatVersion)
        {
            throw Fail(path, $"the file has format version {version}, but this version of BackpropGen reads only version {FormatVersion}.");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(s.Length - ChecksumLength));
        uint computed = Crc32.Compute(s.Slice(0, s.Length - ChecksumLength));
        if (stored != computed)
        {
            throw Fail(path, $"the checksum does not match (stored 0x{stored:X8}, computed 0x{computed:X8}); the file is corrupt or truncated.");
        }

        int size = s[6];
        if ((size != 4 && size != 8) || s[7] != 0)
        {
            throw Fail(path, $"the header is corrupt (element size {size}, reserved byte {s[7]}).");
        }

        int epoch = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(8)), int.MaxValue);
        long steps = BinaryPrimitives.ReadInt64LittleEndian(s.Slice(12));
        int kindLength = s[20];
        int buffers = s[21];
        long parameterFileLength = BinaryPrimitives.ReadUInt32LittleEndian(s.Slice(22));
        long stateLength = s.Length - ChecksumLength - HeaderLength - kindLength - parameterFileLength;
        if (stateLength < 0 || steps < 0)
        {
            throw Fail(path, $"the section lengths do not add up ({kindLength}-byte kind, {parameterFileLength}-byte parameter file, {s.Length} bytes in all).");
        }

        string kind = Encoding.ASCII.GetString(s.Slice(HeaderLength, kindLength));
        Optimizer<T>? optimizer = network.Optimizer;
        string expectedKind = optimizer?.Kind ?? NetworkKind;
        if (kind != expectedKind)
        {
            throw Fail(path, $"the checkpoint holds the state of a '{kind}' optimizer; this network's is '{expectedKind}'. Assign the same kind of optimizer before loading.");
        }

        int expectedSize = FloatSize<T>();
        int n = network.ParameterLength;
        int expectedBuffers = optimizer?.StateBufferCount ?? 1;
        if (size != expectedSize)
        {
            throw Fail(path, $"the checkpoint holds {(size == 4 ? "float" : "double")} values; network '{network.Name}' is {(expectedSize == 4 ? "float" : "double")}.");
        }

        if (buffers != expectedBuffers || stateLength != (long)buffers * n * size)
        {
            throw Fail(path, $"the optimizer state is {stateLength} bytes in {buffers} buffer(s); network '{network.Name}' with a '{kind}' optimizer needs {expectedBuffers} buffer(s) of {n} values ({(long)expectedBuffers * n * size} bytes).");
        }

        // The parameters: ParameterFile checks name, topology and count, and changes nothing when they do not fit.
        int at = HeaderLength + kindLength;
        try
        {
            ParameterFile.Load(network, new MemoryStream(bytes, at, (int)parameterFileLength, writable: false));
        }
        catch (ParameterFileException e)
        {
            throw new ParameterFileException($"Cannot load the checkpoint '{path}': {e.Message}", path);
        }

        // Only now is anything changed: the parameters are in; the state follows (SetParameters cleared it).
        at += (int)parameterFileLength;
        optimizer?.EnsureState(n);
        Span<T> state = optimizer is null ? network.PreviousDeltas : optimizer.AllState;
        for (int k = 0; k < state.Length; k++, at += size)
        {
            state[k] = FloatBytes.Read<T>(s.Slice(at));
        }

        optimizer?.RestoreStepCount(steps);
        return epoch;
    }

    private static int FloatSize<T>() =>
        typeof(T) == typeof(float) ? 4
        : typeof(T) == typeof(double) ? 8
        : throw new NotSupportedException($"Checkpoints hold float or double values; {typeof(T)} is not supported.");

    private static ParameterFileException Fail(string path, string reason) =>
        new(string.Create(CultureInfo.InvariantCulture, $"Cannot load the checkpoint '{path}': {reason}"), path);
}
