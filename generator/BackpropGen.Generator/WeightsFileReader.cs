using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Linq;
using System.Text;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator;

/// <summary>
/// The generator's side of the parameter file format: decodes the base64 copy that the build targets make of a
/// .bpgw file, and checks the bytes as <c>ParameterFile.Load</c> does, integrity first (magic, version, element
/// size, reserved byte, length, checksum). The format's constants, the topology hash and the CRC-32 are not
/// repeated here: ParameterFileFormat.cs and Crc32.cs are linked from src/BackpropGen. Only this whole-file
/// reader is the generator's own (the runtime's reads a stream, chunk by chunk, without trusting the sizes).
/// </summary>
internal static class WeightsFileReader
{
    /// <summary>The first line of a base64 copy: this, a space, and the full path of the original file.</summary>
    public const string ArmorHeader = "#bpgw-base64";

    /// <summary>The extension of a parameter file, and of its base64 copy.</summary>
    public const string Extension = ".bpgw";
    public const string ArmoredExtension = ".bpgw.b64";

    /// <summary>Whether an additional file is a parameter file or a base64 copy of one.</summary>
    public static bool IsWeightsFile(string path) =>
        path.EndsWith(ArmoredExtension, StringComparison.OrdinalIgnoreCase) || path.EndsWith(Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>The file name the original had: the additional file's name without ".b64".</summary>
    public static string OriginalFileName(string path)
    {
        string name = WeightsFile.FileNameOf(path);
        return name.EndsWith(ArmoredExtension, StringComparison.OrdinalIgnoreCase) ? name.Substring(0, name.Length - 4) : name;
    }

    /// <summary>The first line of a base64 copy of an .onnx file: this, a space, and the original's full path.</summary>
    public const string OnnxArmorHeader = "#onnx-base64";

    /// <summary>Whether an additional file is an ONNX model or a base64 copy of one.</summary>
    public static bool IsOnnxFile(string path) =>
        path.EndsWith(".onnx.b64", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Decodes an additional file's text into the original file's path and bytes.</summary>
    public static WeightsFile Decode(string path, string? text) => Decode(path, text, ArmorHeader, Extension);

    /// <summary>Decodes an additional file's text, a base64 copy whose first line starts with <paramref name="header"/>.</summary>
    public static WeightsFile Decode(string path, string? text, string header, string extension)
    {
        if (text is null)
        {
            return new WeightsFile(path, EquatableArray<byte>.Empty, "the compiler could not read it");
        }

        int newline = text.IndexOf('\n');
        string first = (newline < 0 ? text : text.Substring(0, newline)).TrimEnd('\r');
        if (!first.StartsWith(header + " ", StringComparison.Ordinal))
        {
            return new WeightsFile(path, EquatableArray<byte>.Empty,
                "it reached the generator as text, not as the base64 copy that BackpropGen's build targets make of a " + extension + " file " +
                "(a project that references BackpropGen by project reference must import build/BackpropGen.targets)");
        }

        string original = first.Substring(header.Length + 1);
        try
        {
            byte[] bytes = Convert.FromBase64String(newline < 0 ? string.Empty : text.Substring(newline + 1));
            return new WeightsFile(original, bytes.ToEquatableArray(), null);
        }
        catch (FormatException)
        {
            return new WeightsFile(original, EquatableArray<byte>.Empty, "its base64 copy in obj/ is damaged; rebuild to make it again");
        }
    }

    /// <summary>Reads and checks a whole parameter file. Returns null and sets <paramref name="error"/> when the file is damaged.</summary>
    public static Contents? Read(ReadOnlySpan<byte> file, out string? error)
    {
        error = null;
        int magicLength = Math.Min(file.Length, 4);
        if (magicLength < 4 || BinaryPrimitives.ReadUInt32LittleEndian(file) != ParameterFileFormat.MagicValue)
        {
            error = "it does not start with \"BPGW\" (42 50 47 57) but with " + Hex(file.Slice(0, magicLength)) + ", so it is not a BackpropGen parameter file";
            return null;
        }

        if (file.Length < ParameterFileFormat.MinimumLength)
        {
            error = Invariant($"the file is truncated (expected at least {ParameterFileFormat.MinimumLength} bytes, found {file.Length})");
            return null;
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(4));
        if (version != ParameterFileFormat.Version)
        {
            error = Invariant($"the file has format version {version}, but this version of BackpropGen reads only version {ParameterFileFormat.Version}");
            return null;
        }

        int elementSize = file[6];
        if (elementSize is not (4 or 8))
        {
            error = Invariant($"the file's element size is {elementSize} bytes, but only 4 (float) and 8 (double) are defined; the file is corrupt");
            return null;
        }

        if (file[7] != 0)
        {
            error = Invariant($"the file's reserved header byte is {file[7]}, but it must be 0; the file is corrupt");
            return null;
        }

        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(file.Slice(8));
        long minimum = ParameterFileFormat.MinimumLength + nameLength;
        if (file.Length < ParameterFileFormat.PrefixLength + nameLength + ParameterFileFormat.MiddleLength)
        {
            error = Invariant($"the file is truncated (expected at least {minimum} bytes for a {nameLength}-byte network name, found {file.Length})");
            return null;
        }

        int middle = ParameterFileFormat.PrefixLength + nameLength;
        ulong topologyHash = BinaryPrimitives.ReadUInt64LittleEndian(file.Slice(middle));
        uint count = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(middle + 8));
        long expected = minimum + (count * (long)elementSize);
        if (file.Length != expected)
        {
            string shape = Invariant($"{nameLength}-byte network name and {count} {ParameterFileFormat.PrecisionName(elementSize)} parameters");
            error = file.Length < expected
                ? Invariant($"the file is truncated (expected {expected} bytes for a {shape}, found {file.Length})")
                : Invariant($"the file has {file.Length - expected} unexpected bytes after the checksum (expected {expected} bytes for a {shape}, found {file.Length})");
            return null;
        }

        int payload = middle + ParameterFileFormat.MiddleLength;
        int checksumOffset = file.Length - ParameterFileFormat.ChecksumLength;
        uint computed = Crc32.Compute(file.Slice(0, checksumOffset));
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file.Slice(checksumOffset));
        if (stored != computed)
        {
            error = Invariant($"the checksum does not match (stored 0x{stored:X8}, computed 0x{computed:X8}); the file is corrupt");
            return null;
        }

        string name;
        try
        {
            name = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(file.Slice(ParameterFileFormat.PrefixLength, nameLength).ToArray());
        }
        catch (DecoderFallbackException)
        {
            error = "the network name in the file (" + Hex(file.Slice(ParameterFileFormat.PrefixLength, nameLength)) + ") is not valid UTF-8";
            return null;
        }

        var values = new double[count];
        for (int k = 0; k < values.Length; k++)
        {
            ReadOnlySpan<byte> bytes = file.Slice(payload + (k * elementSize), elementSize);
            values[k] = elementSize == 8
                ? BitConverter.Int64BitsToDouble(BinaryPrimitives.ReadInt64LittleEndian(bytes))
                : SingleFromBits(BinaryPrimitives.ReadInt32LittleEndian(bytes));
        }

        return new Contents(elementSize, name, topologyHash, values, stored);
    }

    private static float SingleFromBits(int bits)
    {
        // netstandard2.0 has no BitConverter.Int32BitsToSingle.
        byte[] bytes = BitConverter.GetBytes(bits);
        return BitConverter.ToSingle(bytes, 0);
    }

    private static string Hex(ReadOnlySpan<byte> bytes) =>
        bytes.IsEmpty ? "nothing" : string.Join(" ", bytes.ToArray().Take(32).Select(b => b.ToString("X2", CultureInfo.InvariantCulture))) + (bytes.Length > 32 ? " …" : "");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A checked parameter file: element size, network name, topology hash, parameters (as doubles), CRC-32.</summary>
    internal sealed class Contents
    {
        public Contents(int elementSize, string name, ulong topologyHash, double[] values, uint checksum)
        {
            ElementSize = elementSize;
            Name = name;
            TopologyHash = topologyHash;
            Values = values;
            Checksum = checksum;
        }

        public int ElementSize { get; }

        public string Name { get; }

        public ulong TopologyHash { get; }

        public double[] Values { get; }

        public uint Checksum { get; }
    }
}
