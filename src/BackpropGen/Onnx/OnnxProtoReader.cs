// This file is compiled into two assemblies: the runtime (src/BackpropGen, net8.0), whose OnnxParameters reads
// ONNX files at run time, and the generator (netstandard2.0, linked as a source file), which reads them at
// compile time. Keep it to what both need and to APIs both have (no Span-only APIs, no BinaryPrimitives).
using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace BackpropGen.Onnx;

/// <summary>Thrown by the ONNX reader for bytes that are not a well-formed ONNX model; caught by its callers.</summary>
internal sealed class OnnxFormatException : Exception
{
    public OnnxFormatException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// A hand-written reader of the protocol buffers wire format, for the messages of onnx.proto that an MLP needs.
/// It trusts nothing: every length is checked against what is left, every count against a limit, so damaged
/// bytes end in an <see cref="OnnxFormatException"/>, never in an index error or a huge allocation.
/// </summary>
internal sealed class ProtoReader
{
    private readonly byte[] data;
    private int position;
    private readonly int end;

    public ProtoReader(byte[] data, int start, int end)
    {
        this.data = data;
        position = start;
        this.end = end;
    }

    public bool More => position < end;

    public int Position => position;

    /// <summary>Reads a field's key: its number and wire type.</summary>
    public (int Field, int Wire) ReadTag()
    {
        ulong key = ReadVarint();
        int field = (int)(key >> 3);
        int wire = (int)(key & 7);
        if (field <= 0 || key >> 3 > int.MaxValue)
        {
            throw new OnnxFormatException(Invariant($"a field number of 0 or more than 2^31 at byte {position}"));
        }

        return (field, wire);
    }

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            if (position >= end)
            {
                throw new OnnxFormatException(Invariant($"the data ends inside a number at byte {position}"));
            }

            byte b = data[position++];
            if (shift == 63 && b > 1)
            {
                throw new OnnxFormatException(Invariant($"a number longer than 64 bits at byte {position - 1}"));
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new OnnxFormatException(Invariant($"a number longer than 10 bytes at byte {position}"));
    }

    public long ReadInt64() => unchecked((long)ReadVarint());

    public int ReadInt32()
    {
        long value = ReadInt64();
        return value < int.MinValue || value > int.MaxValue ? throw new OnnxFormatException(Invariant($"the 32-bit number {value} is out of range")) : (int)value;
    }

    /// <summary>A length-delimited field: the reader over its bytes.</summary>
    public ProtoReader ReadMessage()
    {
        (int start, int length) = ReadSpan();
        return new ProtoReader(data, start, start + length);
    }

    public (int Start, int Length) ReadSpan()
    {
        ulong length = ReadVarint();
        if (length > (ulong)(end - position))
        {
            throw new OnnxFormatException(Invariant($"a field of {length} bytes at byte {position}, but only {end - position} bytes are left"));
        }

        int start = position;
        position += (int)length;
        return (start, (int)length);
    }

    public byte[] ReadBytes()
    {
        (int start, int length) = ReadSpan();
        var bytes = new byte[length];
        Array.Copy(data, start, bytes, 0, length);
        return bytes;
    }

    public string ReadString()
    {
        (int start, int length) = ReadSpan();
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(data, start, length);
        }
        catch (DecoderFallbackException)
        {
            throw new OnnxFormatException(Invariant($"a string at byte {start} is not valid UTF-8"));
        }
    }

    public uint ReadFixed32()
    {
        Need(4);
        uint value = (uint)(data[position] | (data[position + 1] << 8) | (data[position + 2] << 16) | (data[position + 3] << 24));
        position += 4;
        return value;
    }

    public ulong ReadFixed64()
    {
        ulong low = ReadFixed32();
        ulong high = ReadFixed32();
        return low | (high << 32);
    }

    public float ReadFloat() => SingleFromBits(ReadFixed32());

    public double ReadDouble() => BitConverter.Int64BitsToDouble(unchecked((long)ReadFixed64()));

    /// <summary>Skips a field of a type this reader does not keep.</summary>
    public void Skip(int wire)
    {
        switch (wire)
        {
            case 0: ReadVarint(); break;
            case 1: Need(8); position += 8; break;
            case 2: ReadSpan(); break;
            case 5: Need(4); position += 4; break;
            default: throw new OnnxFormatException(Invariant($"wire type {wire} at byte {position}, which protocol buffers do not define (or a group, which ONNX does not use)"));
        }
    }

    /// <summary>A repeated number field, packed (wire type 2) or not: adds its values.</summary>
    public void ReadRepeatedInt64(int wire, List<long> into, int limit)
    {
        if (wire == 2)
        {
            ProtoReader packed = ReadMessage();
            while (packed.More)
            {
                Add(into, packed.ReadInt64(), limit);
            }
        }
        else if (wire == 0)
        {
            Add(into, ReadInt64(), limit);
        }
        else
        {
            throw WrongWire(wire);
        }
    }

    public void ReadRepeatedFloat(int wire, List<double> into, int limit)
    {
        if (wire == 2)
        {
            ProtoReader packed = ReadMessage();
            while (packed.More)
            {
                Add(into, packed.ReadFloat(), limit);
            }
        }
        else if (wire == 5)
        {
            Add(into, ReadFloat(), limit);
        }
        else
        {
            throw WrongWire(wire);
        }
    }

    public void ReadRepeatedDouble(int wire, List<double> into, int limit)
    {
        if (wire == 2)
        {
            ProtoReader packed = ReadMessage();
            while (packed.More)
            {
                Add(into, packed.ReadDouble(), limit);
            }
        }
        else if (wire == 1)
        {
            Add(into, ReadDouble(), limit);
        }
        else
        {
            throw WrongWire(wire);
        }
    }

    public OnnxFormatException WrongWire(int wire) => new(Invariant($"a field with the wrong wire type {wire} before byte {position}"));

    public static float SingleFromBits(uint bits) => BitConverter.ToSingle(BitConverter.GetBytes(bits), 0);

    private static void Add<T>(List<T> into, T value, int limit)
    {
        if (into.Count >= limit)
        {
            throw new OnnxFormatException(Invariant($"more than {limit} values in one field"));
        }

        into.Add(value);
    }

    private void Need(int count)
    {
        if (end - position < count)
        {
            throw new OnnxFormatException(Invariant($"the data ends at byte {end}, inside a {count}-byte number that starts at byte {position}"));
        }
    }

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>ONNX's TensorProto.DataType values that this reader names.</summary>
internal static class OnnxDataType
{
    public const int Float = 1;
    public const int Int32 = 6;
    public const int Int64 = 7;
    public const int Double = 11;

    public static string Name(int type) => type switch
    {
        0 => "UNDEFINED",
        1 => "FLOAT",
        2 => "UINT8",
        3 => "INT8",
        4 => "UINT16",
        5 => "INT16",
        6 => "INT32",
        7 => "INT64",
        8 => "STRING",
        9 => "BOOL",
        10 => "FLOAT16",
        11 => "DOUBLE",
        12 => "UINT32",
        13 => "UINT64",
        14 => "COMPLEX64",
        15 => "COMPLEX128",
        16 => "BFLOAT16",
        _ => "data type " + type.ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>ModelProto: the opsets it imports and its graph.</summary>
internal sealed class OnnxModelProto
{
    /// <summary>The most values one tensor or field may hold (about 64 MB of doubles): a bound on allocation.</summary>
    public const int MaxElements = 8 * 1024 * 1024;

    public long IrVersion { get; private set; }

    public string ProducerName { get; private set; } = "";

    public List<KeyValuePair<string, long>> Opsets { get; } = new();

    public OnnxGraphProto? Graph { get; private set; }

    /// <summary>Reads a whole .onnx file.</summary>
    /// <exception cref="OnnxFormatException">The bytes are not a well-formed ONNX model.</exception>
    public static OnnxModelProto Parse(byte[] bytes)
    {
        var model = new OnnxModelProto();
        var reader = new ProtoReader(bytes, 0, bytes.Length);
        while (reader.More)
        {
            (int field, int wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 0: model.IrVersion = reader.ReadInt64(); break;
                case 2 when wire == 2: model.ProducerName = reader.ReadString(); break;
                case 7 when wire == 2: model.Graph = OnnxGraphProto.Parse(reader.ReadMessage()); break;
                case 8 when wire == 2:
                    ProtoReader opset = reader.ReadMessage();
                    string domain = "";
                    long version = 0;
                    while (opset.More)
                    {
                        (int f, int w) = opset.ReadTag();
                        if (f == 1 && w == 2) domain = opset.ReadString();
                        else if (f == 2 && w == 0) version = opset.ReadInt64();
                        else opset.Skip(w);
                    }

                    model.Opsets.Add(new KeyValuePair<string, long>(domain, version));
                    break;
                default:
                    if (field is 1 or 2 or 7 or 8)
                    {
                        throw reader.WrongWire(wire);
                    }

                    reader.Skip(wire);
                    break;
            }
        }

        return model;
    }
}

/// <summary>GraphProto: nodes, initializers, inputs and outputs.</summary>
internal sealed class OnnxGraphProto
{
    public string Name { get; private set; } = "";

    public List<OnnxNodeProto> Nodes { get; } = new();

    public List<OnnxTensorProto> Initializers { get; } = new();

    public List<OnnxValueInfo> Inputs { get; } = new();

    public List<OnnxValueInfo> Outputs { get; } = new();

    public int SparseInitializerCount { get; private set; }

    internal static OnnxGraphProto Parse(ProtoReader reader)
    {
        var graph = new OnnxGraphProto();
        while (reader.More)
        {
            (int field, int wire) = reader.ReadTag();
            if (field is 1 or 2 or 5 or 11 or 12 or 15 && wire != 2)
            {
                throw reader.WrongWire(wire);
            }

            switch (field)
            {
                case 1: Limit(graph.Nodes).Add(OnnxNodeProto.Parse(reader.ReadMessage())); break;
                case 2: graph.Name = reader.ReadString(); break;
                case 5: Limit(graph.Initializers).Add(OnnxTensorProto.Parse(reader.ReadMessage())); break;
                case 11: Limit(graph.Inputs).Add(OnnxValueInfo.Parse(reader.ReadMessage())); break;
                case 12: Limit(graph.Outputs).Add(OnnxValueInfo.Parse(reader.ReadMessage())); break;
                case 15: reader.Skip(wire); graph.SparseInitializerCount++; break;
                default: reader.Skip(wire); break;
            }
        }

        return graph;
    }

    private static List<T> Limit<T>(List<T> list) =>
        list.Count < 100_000 ? list : throw new OnnxFormatException("more than 100000 nodes, initializers, inputs or outputs in the graph");
}

/// <summary>NodeProto: one operator call.</summary>
internal sealed class OnnxNodeProto
{
    public string Name { get; private set; } = "";

    public string OpType { get; private set; } = "";

    public string Domain { get; private set; } = "";

    public List<string> Inputs { get; } = new();

    public List<string> Outputs { get; } = new();

    public List<OnnxAttributeProto> Attributes { get; } = new();

    public OnnxAttributeProto? Attribute(string name) => Attributes.Find(a => a.Name == name);

    internal static OnnxNodeProto Parse(ProtoReader reader)
    {
        var node = new OnnxNodeProto();
        while (reader.More)
        {
            (int field, int wire) = reader.ReadTag();
            if (field is 1 or 2 or 3 or 4 or 5 or 7 && wire != 2)
            {
                throw reader.WrongWire(wire);
            }

            switch (field)
            {
                case 1: node.Inputs.Add(reader.ReadString()); break;
                case 2: node.Outputs.Add(reader.ReadString()); break;
                case 3: node.Name = reader.ReadString(); break;
                case 4: node.OpType = reader.ReadString(); break;
                case 5: node.Attributes.Add(OnnxAttributeProto.Parse(reader.ReadMessage())); break;
                case 7: node.Domain = reader.ReadString(); break;
                default: reader.Skip(wire); break;
            }

            if (node.Inputs.Count + node.Outputs.Count + node.Attributes.Count > 10_000)
            {
                throw new OnnxFormatException("a node with more than 10000 inputs, outputs and attributes");
            }
        }

        return node;
    }

    /// <summary>How a diagnostic names the node: its name, or its op type and first output when it has none.</summary>
    public string Display => Name.Length > 0 ? Name : OpType + " → " + (Outputs.Count > 0 ? Outputs[0] : "(no output)");
}

/// <summary>AttributeProto: the kinds an MLP's nodes use (int, float, ints, tensor).</summary>
internal sealed class OnnxAttributeProto
{
    public string Name { get; private set; } = "";

    public long I { get; private set; }

    public double F { get; private set; }

    public List<long> Ints { get; } = new();

    public OnnxTensorProto? T { get; private set; }

    internal static OnnxAttributeProto Parse(ProtoReader reader)
    {
        var attribute = new OnnxAttributeProto();
        while (reader.More)
        {
            (int field, int wire) = reader.ReadTag();
            switch (field)
            {
                case 1 when wire == 2: attribute.Name = reader.ReadString(); break;
                case 2 when wire == 5: attribute.F = reader.ReadFloat(); break;
                case 3 when wire == 0: attribute.I = reader.ReadInt64(); break;
                case 5 when wire == 2: attribute.T = OnnxTensorProto.Parse(reader.ReadMessage()); break;
                case 8: reader.ReadRepeatedInt64(wire, attribute.Ints, 1024); break;
                default:
                    if (field is 1 or 2 or 3 or 5)
                    {
                        throw reader.WrongWire(wire);
                    }

                    reader.Skip(wire);
                    break;
            }
        }

        return attribute;
    }
}

/// <summary>TensorProto: an initializer or a constant, with its values as doubles (floats convert exactly).</summary>
internal sealed class OnnxTensorProto
{
    private readonly List<double> floats = new();
    private readonly List<long> integers = new();
    private byte[]? raw;

    public string Name { get; private set; } = "";

    public int DataType { get; private set; }

    public List<long> Dims { get; } = new();

    /// <summary>Whether the values live in another file (data_location = EXTERNAL), which this reader does not follow.</summary>
    public bool External { get; private set; }

    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long d in Dims)
            {
                if (d < 0 || (d > 0 && count > OnnxModelProto.MaxElements / d))
                {
                    return -1;
                }

                count *= d;
            }

            return count;
        }
    }

    internal static OnnxTensorProto Parse(ProtoReader reader)
    {
        var tensor = new OnnxTensorProto();
        while (reader.More)
        {
            (int field, int wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.ReadRepeatedInt64(wire, tensor.Dims, 64); break;
                case 2 when wire == 0: tensor.DataType = reader.ReadInt32(); break;
                case 4: reader.ReadRepeatedFloat(wire, tensor.floats, OnnxModelProto.MaxElements); break;
                case 5: reader.ReadRepeatedInt64(wire, tensor.integers, OnnxModelProto.MaxElements); break;
                case 7: reader.ReadRepeatedInt64(wire, tensor.integers, OnnxModelProto.MaxElements); break;
                case 8 when wire == 2: tensor.Name = reader.ReadString(); break;
                case 9 when wire == 2: tensor.raw = reader.ReadBytes(); break;
                case 10: reader.ReadRepeatedDouble(wire, tensor.floats, OnnxModelProto.MaxElements); break;
                case 13 when wire == 2: reader.Skip(wire); tensor.External = true; break;
                case 14 when wire == 0: tensor.External |= reader.ReadInt64() == 1; break;
                default:
                    if (field is 2 or 8 or 9 or 13 or 14)
                    {
                        throw reader.WrongWire(wire);
                    }

                    reader.Skip(wire);
                    break;
            }
        }

        return tensor;
    }

    /// <summary>
    /// The values of a FLOAT or DOUBLE tensor as doubles, or of an INT64/INT32 one as doubles of its integers;
    /// null with <paramref name="error"/> set when the count does not match the shape.
    /// </summary>
    public double[]? Values(out string? error)
    {
        error = null;
        long count = ElementCount;
        if (count < 0)
        {
            error = "its shape [" + string.Join(", ", Dims) + "] is negative or holds more than " + OnnxModelProto.MaxElements + " values";
            return null;
        }

        int size = DataType switch { OnnxDataType.Float => 4, OnnxDataType.Double => 8, OnnxDataType.Int64 => 8, OnnxDataType.Int32 => 4, _ => 0 };
        if (size == 0)
        {
            error = "its data type is " + OnnxDataType.Name(DataType);
            return null;
        }

        var values = new double[count];
        if (raw is not null)
        {
            if (raw.Length != count * size)
            {
                error = ProtoReader.Invariant($"its raw data holds {raw.Length} bytes, but its shape [{string.Join(", ", Dims)}] of {OnnxDataType.Name(DataType)} needs {count * size}");
                return null;
            }

            var reader = new ProtoReader(raw, 0, raw.Length);
            for (int k = 0; k < values.Length; k++)
            {
                values[k] = DataType switch
                {
                    OnnxDataType.Float => reader.ReadFloat(),
                    OnnxDataType.Double => reader.ReadDouble(),
                    OnnxDataType.Int64 => unchecked((long)reader.ReadFixed64()),
                    _ => unchecked((int)reader.ReadFixed32()),
                };
            }

            return values;
        }

        bool isInteger = DataType is OnnxDataType.Int64 or OnnxDataType.Int32;
        int found = isInteger ? integers.Count : floats.Count;
        if (found != count)
        {
            error = ProtoReader.Invariant($"it holds {found} values, but its shape [{string.Join(", ", Dims)}] needs {count}");
            return null;
        }

        for (int k = 0; k < values.Length; k++)
        {
            values[k] = isInteger ? integers[k] : floats[k];
        }

        return values;
    }
}

/// <summary>ValueInfoProto of a tensor: its name, element type and shape (each dimension a number or a name).</summary>
internal sealed class OnnxValueInfo
{
    public string Name { get; private set; } = "";

    public int ElementType { get; private set; }

    /// <summary>Whether the type is a tensor type with a shape (a missing shape means nothing is known).</summary>
    public bool HasShape { get; private set; }

    /// <summary>Each dimension: its value, or null when it is a named (dynamic) or unknown dimension.</summary>
    public List<long?> Dims { get; } = new();

    /// <summary>The names of dynamic dimensions, "" where unknown, null where the dimension has a value.</summary>
    public List<string?> DimNames { get; } = new();

    internal static OnnxValueInfo Parse(ProtoReader reader)
    {
        var info = new OnnxValueInfo();
        while (reader.More)
        {
            (int field, int wire) = reader.ReadTag();
            if (field == 1 && wire == 2)
            {
                info.Name = reader.ReadString();
            }
            else if (field == 2 && wire == 2)
            {
                ProtoReader type = reader.ReadMessage();
                while (type.More)
                {
                    (int f, int w) = type.ReadTag();
                    if (f == 1 && w == 2)
                    {
                        info.ReadTensorType(type.ReadMessage());
                    }
                    else
                    {
                        type.Skip(w);
                    }
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }

        return info;
    }

    private void ReadTensorType(ProtoReader reader)
    {
        while (reader.More)
        {
            (int field, int wire) = reader.ReadTag();
            if (field == 1 && wire == 0)
            {
                ElementType = reader.ReadInt32();
            }
            else if (field == 2 && wire == 2)
            {
                HasShape = true;
                ProtoReader shape = reader.ReadMessage();
                while (shape.More)
                {
                    (int f, int w) = shape.ReadTag();
                    if (f != 1 || w != 2)
                    {
                        shape.Skip(w);
                        continue;
                    }

                    if (Dims.Count >= 64)
                    {
                        throw new OnnxFormatException("a tensor type with more than 64 dimensions");
                    }

                    ProtoReader dim = shape.ReadMessage();
                    long? value = null;
                    string? name = "";
                    while (dim.More)
                    {
                        (int df, int dw) = dim.ReadTag();
                        if (df == 1 && dw == 0) { value = dim.ReadInt64(); name = null; }
                        else if (df == 2 && dw == 2) { name = dim.ReadString(); value = null; }
                        else dim.Skip(dw);
                    }

                    Dims.Add(value);
                    DimNames.Add(name);
                }
            }
            else
            {
                reader.Skip(wire);
            }
        }
    }
}
