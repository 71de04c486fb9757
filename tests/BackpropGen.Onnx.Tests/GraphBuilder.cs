using BackpropGen.Onnx;

namespace BackpropGen.Onnx.Tests;

/// <summary>Builds small ONNX models by hand (with the runtime's protobuf writer), for the diagnostic tests.</summary>
internal sealed class GraphBuilder
{
    public const int Float = 1;
    public const int Double = 11;
    public const int Float16 = 10;
    public const int Int64 = 7;

    private readonly List<Action<ProtoWriter>> nodes = new();
    private readonly List<Action<ProtoWriter>> initializers = new();
    private readonly List<Action<ProtoWriter>> inputs = new();
    private readonly List<Action<ProtoWriter>> outputs = new();

    public long Opset { get; set; } = 13;

    public string Domain { get; set; } = "";

    /// <summary>A graph input or output; each dimension a number, a name (string) or null (unknown); no dims at all = no shape.</summary>
    public GraphBuilder Input(string name, int type, params object?[]? dims)
    {
        inputs.Add(w => ValueInfo(w, name, type, dims));
        return this;
    }

    public GraphBuilder Output(string name, int type = Float, params object?[]? dims)
    {
        outputs.Add(w => ValueInfo(w, name, type, dims));
        return this;
    }

    public GraphBuilder Initializer(string name, int type, long[] dims, bool external = false)
    {
        long count = dims.Aggregate(1L, (a, b) => a * b);
        int size = type is Double or Int64 ? 8 : type == Float16 ? 2 : 4;
        var bytes = new byte[count * size];
        for (int k = 0; k < count; k++)
        {
            if (type == Float) BitConverter.TryWriteBytes(bytes.AsSpan(k * 4), 0.25f * ((k % 7) - 3));
            if (type == Double) BitConverter.TryWriteBytes(bytes.AsSpan(k * 8), 0.25 * ((k % 7) - 3));
        }

        initializers.Add(w =>
        {
            foreach (long d in dims)
            {
                w.Varint(1, d);
            }

            w.Varint(2, type);
            w.String(8, name);
            if (external)
            {
                w.Varint(14, 1);
            }
            else
            {
                w.Bytes(9, bytes);
            }
        });
        return this;
    }

    /// <summary>An initializer with the given raw bytes, whatever its shape says.</summary>
    public GraphBuilder RawInitializer(string name, int type, long[] dims, byte[] raw)
    {
        initializers.Add(w =>
        {
            foreach (long d in dims)
            {
                w.Varint(1, d);
            }

            w.Varint(2, type);
            w.String(8, name);
            w.Bytes(9, raw);
        });
        return this;
    }

    /// <summary>A node; attributes as (name, value) with long, float or long[] values.</summary>
    public GraphBuilder Node(string op, string[] inputNames, string[] outputNames, string? name = null, string domain = "", params (string Name, object Value)[] attributes)
    {
        nodes.Add(w =>
        {
            inputNames.ToList().ForEach(i => w.String(1, i));
            outputNames.ToList().ForEach(o => w.String(2, o));
            w.String(3, name ?? op + "_" + outputNames[0]);
            w.String(4, op);
            if (domain.Length > 0)
            {
                w.String(7, domain);
            }

            foreach ((string attributeName, object value) in attributes)
            {
                w.Message(5, a =>
                {
                    a.String(1, attributeName);
                    switch (value)
                    {
                        case long i: a.Varint(3, i); a.Varint(20, 2); break;
                        case float f: a.Float(2, f); a.Varint(20, 1); break;
                        case long[] ints: ints.ToList().ForEach(i => a.Varint(8, i)); a.Varint(20, 7); break;
                    }
                });
            }
        });
        return this;
    }

    /// <summary>A dense layer as torch exports it: Gemm (transB = 1) with weight [units, fan-in] and bias.</summary>
    public GraphBuilder Gemm(string input, string output, int fanIn, int units, string layer, int type = Float) =>
        Initializer(layer + ".weight", type, new long[] { units, fanIn })
            .Initializer(layer + ".bias", type, new long[] { units })
            .Node("Gemm", new[] { input, layer + ".weight", layer + ".bias" }, new[] { output }, "/" + layer + "/Gemm", "", ("transB", 1L));

    public byte[] Build()
    {
        var model = new ProtoWriter();
        model.Varint(1, 8);
        model.String(2, "tests");
        model.Message(7, g =>
        {
            nodes.ForEach(n => g.Message(1, n));
            g.String(2, "graph");
            initializers.ForEach(i => g.Message(5, i));
            inputs.ForEach(i => g.Message(11, i));
            outputs.ForEach(o => g.Message(12, o));
        });
        model.Message(8, o =>
        {
            o.String(1, Domain);
            o.Varint(2, Opset);
        });
        return model.ToArray();
    }

    /// <summary>The usual start: input x [batch, 4], a Gemm 4 → 3 into "h:x".</summary>
    public static GraphBuilder Mlp(int type = Float) =>
        new GraphBuilder().Input("x", type, "batch", 4L).Gemm("x", "h:x", 4, 3, "h", type);

    private static void ValueInfo(ProtoWriter w, string name, int type, object?[]? dims)
    {
        w.String(1, name);
        w.Message(2, t => t.Message(1, tensor =>
        {
            tensor.Varint(1, type);
            if (dims is { Length: > 0 })
            {
                tensor.Message(2, shape =>
                {
                    foreach (object? d in dims)
                    {
                        shape.Message(1, dim =>
                        {
                            if (d is long value) dim.Varint(1, value);
                            else if (d is string param) dim.String(2, param);
                        });
                    }
                });
            }
        }));
    }
}
