using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics;
using System.Runtime.InteropServices;
using BackpropGen.Onnx;

namespace BackpropGen;

/// <summary>
/// Writes a generated network as an ONNX model (opset 13) that computes the same <c>Forward</c>, for any ONNX runtime
/// (ONNX Runtime, onnx2c, a browser, PyTorch's onnx2torch…). No dependency: the protobuf bytes are written by hand.
/// </summary>
/// <remarks>
/// <para><b>Graph.</b> One graph input per input group, named after the group, of shape <c>[batch, size]</c> (the
/// batch dimension is named "batch"). Per layer, in declaration order: a <c>Concat</c> (axis 1) when it reads more
/// than one source; a <c>Gemm</c> with <c>transB = 1</c> whose B is the layer's weights as BackpropGen holds them
/// (row j = unit j: initializer <c>layer.weight</c>, shape <c>[units, fan-in]</c>) and whose C is its biases
/// (<c>layer.bias</c>, when it has them); then its activation (<c>Sigmoid</c>, <c>Tanh</c>, <c>Relu</c>,
/// <c>Softmax</c> over the last axis; nothing for the identity). A layer's output value is named after the layer;
/// the graph output is the output layer's.</para>
/// <para><b>Precision.</b> A float network gives FLOAT tensors, a double network DOUBLE tensors.</para>
/// <para><b>Reading it back.</b> <c>[OnnxModel("file.onnx")]</c> compiles the file into an inference-only class;
/// <see cref="OnnxParameters.Load{T}(INetwork{T}, string)"/> loads its weights into a trainable network of the same topology.</para>
/// </remarks>
public static class OnnxExport
{
    /// <summary>The opset the exported model imports from the default domain.</summary>
    public const int Opset = 13;

    /// <summary>The ONNX IR version that goes with opset 13.</summary>
    private const int IrVersion = 7;

    /// <summary>
    /// Saves <paramref name="network"/> as an ONNX model at <paramref name="path"/>, atomically: the model is written
    /// to a temporary file in the same directory, flushed to disk, then moved over <paramref name="path"/>; if anything
    /// fails, whatever was at <paramref name="path"/> is left as it was.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to export (its current parameters).</param>
    /// <param name="path">The .onnx file to create or replace.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> is empty.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Save<T>(INetwork<T> network, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(network);
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Saves <paramref name="network"/> as an ONNX model: <see cref="Save{T}(INetwork{T}, string)"/> as an extension.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to export.</param>
    /// <param name="path">The .onnx file to create or replace.</param>
    public static void ExportOnnx<T>(this INetwork<T> network, string path)
        where T : unmanaged, IFloatingPointIeee754<T> => Save(network, path);

    /// <summary>The ONNX model of <paramref name="network"/>, as the bytes of an .onnx file.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">The network to export (its current parameters).</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> is null.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither <see cref="float"/> nor <see cref="double"/>.</exception>
    public static byte[] ToBytes<T>(INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        int dataType = typeof(T) == typeof(float) ? OnnxDataType.Float
            : typeof(T) == typeof(double) ? OnnxDataType.Double
            : throw new NotSupportedException($"ONNX export supports float and double networks, not {typeof(T).Name}.");
        OnnxTopology topology = OnnxTopology.Of(network);
        T[] parameters = network.Parameters.ToArray();
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach ((string name, int size) in topology.Inputs)
        {
            sizes[name] = size;
        }

        var model = new ProtoWriter();
        model.Varint(1, IrVersion);
        model.String(2, "BackpropGen");
        model.String(3, typeof(OnnxExport).Assembly.GetName().Version?.ToString(3) ?? "0");
        model.Message(7, graph =>
        {
            foreach ((LayerLayout layout, int activation, string[] sources) in topology.Layers)
            {
                string input = sources[0];
                if (sources.Length > 1)
                {
                    input = layout.Name + ":in";
                    graph.Message(1, node =>
                    {
                        foreach (string source in sources)
                        {
                            node.String(1, source);
                        }

                        node.String(2, input);
                        node.String(3, layout.Name + "/Concat");
                        node.String(4, "Concat");
                        node.Message(5, attribute => IntAttribute(attribute, "axis", 1));
                    });
                }

                string? op = OnnxTopology.Operator(activation);
                string sum = op is null ? layout.Name : layout.Name + ":x";
                graph.Message(1, node =>
                {
                    node.String(1, input);
                    node.String(1, layout.Name + ".weight");
                    if (layout.HasBias)
                    {
                        node.String(1, layout.Name + ".bias");
                    }

                    node.String(2, sum);
                    node.String(3, layout.Name + "/Gemm");
                    node.String(4, "Gemm");
                    node.Message(5, attribute => IntAttribute(attribute, "transB", 1));
                });
                if (op is not null)
                {
                    graph.Message(1, node =>
                    {
                        node.String(1, sum);
                        node.String(2, layout.Name);
                        node.String(3, layout.Name + "/" + op);
                        node.String(4, op);
                        if (activation == 4)
                        {
                            node.Message(5, attribute => IntAttribute(attribute, "axis", -1));
                        }
                    });
                }

                sizes[layout.Name] = layout.Size;
            }

            graph.String(2, network.Name);
            foreach ((LayerLayout layout, _, _) in topology.Layers)
            {
                graph.Message(5, tensor => Tensor(tensor, layout.Name + ".weight", dataType, new long[] { layout.Size, layout.FanIn }, parameters.AsSpan(layout.WeightOffset, layout.Size * layout.FanIn)));
                if (layout.HasBias)
                {
                    graph.Message(5, tensor => Tensor(tensor, layout.Name + ".bias", dataType, new long[] { layout.Size }, parameters.AsSpan(layout.BiasOffset, layout.Size)));
                }
            }

            foreach ((string name, int size) in topology.Inputs)
            {
                graph.Message(11, value => ValueInfo(value, name, dataType, size));
            }

            LayerLayout output = topology.Layers[^1].Layout;
            graph.Message(12, value => ValueInfo(value, output.Name, dataType, output.Size));
        });
        model.Message(8, opset =>
        {
            opset.String(1, "");
            opset.Varint(2, Opset);
        });
        return model.ToArray();
    }

    private static void IntAttribute(ProtoWriter attribute, string name, long value)
    {
        attribute.String(1, name);
        attribute.Varint(3, value);
        attribute.Varint(20, 2); // AttributeType.INT
    }

    private static void Tensor<T>(ProtoWriter tensor, string name, int dataType, long[] dims, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        foreach (long d in dims)
        {
            tensor.Varint(1, d);
        }

        tensor.Varint(2, dataType);
        tensor.String(8, name);

        // raw_data is little-endian; so is every platform .NET runs BackpropGen on (checked, not assumed).
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX export writes raw little-endian tensors and needs a little-endian machine.");
        }

        tensor.Bytes(9, MemoryMarshal.AsBytes(values));
    }

    private static void ValueInfo(ProtoWriter value, string name, int dataType, int size)
    {
        value.String(1, name);
        value.Message(2, type => type.Message(1, tensorType =>
        {
            tensorType.Varint(1, dataType);
            tensorType.Message(2, shape =>
            {
                shape.Message(1, dim => dim.String(2, "batch"));
                shape.Message(1, dim => dim.Varint(1, size));
            });
        }));
    }
}
