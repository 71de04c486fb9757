using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;

namespace BackpropGen.Onnx;

/// <summary>
/// A hand-written writer of the protocol buffers wire format, enough for the ONNX messages <see cref="OnnxExport"/>
/// writes: varints, strings, bytes, fixed32 floats, and nested messages (written to their own buffer first, since a
/// message's length comes before it).
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream buffer = new();

    public void Varint(int field, long value)
    {
        Tag(field, 0);
        Raw(unchecked((ulong)value));
    }

    public void String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public void Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Raw((ulong)value.Length);
        buffer.Write(value);
    }

    public void Float(int field, float value)
    {
        Tag(field, 5);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        buffer.Write(bytes);
    }

    public void Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        Bytes(field, inner.ToArray());
    }

    public byte[] ToArray() => buffer.ToArray();

    private void Tag(int field, int wire) => Raw((ulong)((field << 3) | wire));

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.WriteByte((byte)value);
    }
}
