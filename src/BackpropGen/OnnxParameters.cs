using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using BackpropGen.Onnx;

namespace BackpropGen;

/// <summary>
/// Loads the weights of an ONNX model (for example one trained in PyTorch and written by <c>torch.onnx.export</c>)
/// into a trainable generated network of the same topology, to go on training it here (fine-tuning).
/// </summary>
/// <remarks>
/// <para>The graph is read as <c>[OnnxModel]</c> reads it at compile time (the same reader): Gemm or MatMul + Add
/// layers with Sigmoid, Tanh, Relu, Softmax or no activation, Concat of inputs and layers. It must match the
/// network layer by layer: the same number of input groups of the same sizes in the same order, and per layer the
/// same size, fan-in, activation, bias or not, and sources (by position: which input group or earlier layer).
/// Names need not match. A FLOAT model loads into a double network exactly; a DOUBLE model into a float network
/// is rounded to the nearest float.</para>
/// </remarks>
public static class OnnxParameters
{
    /// <summary>
    /// Reads the ONNX model at <paramref name="path"/> and sets its weights into <paramref name="network"/> with
    /// <see cref="INetwork{T}.SetParameters"/> (which clears the training state). Nothing is changed when the
    /// file is damaged or does not fit.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">A trainable network of the model's topology.</param>
    /// <param name="path">The .onnx file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="path"/> is null.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an ONNX model BackpropGen reads, or its graph does not match the network (the message says where).</exception>
    public static void Load<T>(INetwork<T> network, string path)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(path);
        Load(network, File.ReadAllBytes(path), path);
    }

    /// <summary>Sets the weights of the ONNX model in <paramref name="model"/> (the bytes of an .onnx file) into <paramref name="network"/>.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="network">A trainable network of the model's topology.</param>
    /// <param name="model">The bytes of an .onnx file.</param>
    /// <exception cref="ArgumentNullException"><paramref name="network"/> or <paramref name="model"/> is null.</exception>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model BackpropGen reads, or the graph does not match the network.</exception>
    public static void Load<T>(INetwork<T> network, byte[] model)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(model);
        Load(network, model, "the ONNX model");
    }

    private static void Load<T>(INetwork<T> network, byte[] bytes, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        OnnxNetwork onnx = OnnxNetworkReader.Read(bytes, out OnnxProblem? problem)
            ?? throw new InvalidDataException($"Cannot load {what} into network '{network.Name}': {Describe(problem!)}.");
        OnnxTopology topology = OnnxTopology.Of(network);
        string Mismatch(string reason) => $"Cannot load {what} into network '{network.Name}': {reason}.";

        if (onnx.Inputs.Count != topology.Inputs.Count || onnx.Inputs.Zip(topology.Inputs).Any(p => p.First.Size != p.Second.Size))
        {
            throw new InvalidDataException(Mismatch($"the model's inputs are [{string.Join(", ", onnx.Inputs.Select(i => i.OnnxName + ": " + i.Size))}], the network's [{string.Join(", ", topology.Inputs.Select(i => i.Name + ": " + i.Size))}]"));
        }

        if (onnx.Layers.Count != topology.Layers.Count)
        {
            throw new InvalidDataException(Mismatch($"the model has {onnx.Layers.Count} layers, the network {topology.Layers.Count}"));
        }

        // Sources by position: input group k is "in:k", layer l is "layer:l", in both.
        List<string> onnxNames = onnx.Inputs.Select(i => i.Name).Concat(onnx.Layers.Select(l => l.Name)).ToList();
        List<string> ourNames = topology.Inputs.Select(i => i.Name).Concat(topology.Layers.Select(l => l.Layout.Name)).ToList();
        var values = new T[network.ParameterLength];
        for (int l = 0; l < onnx.Layers.Count; l++)
        {
            OnnxLayer theirs = onnx.Layers[l];
            (LayerLayout ours, int activation, string[] sources) = topology.Layers[l];
            string where = $"layer {l + 1} ('{theirs.Name}' in the model, '{ours.Name}' in the network)";
            if (theirs.Size != ours.Size || theirs.FanIn != ours.FanIn)
            {
                throw new InvalidDataException(Mismatch($"{where} has {theirs.Size} units reading {theirs.FanIn} in the model, {ours.Size} reading {ours.FanIn} in the network"));
            }

            if (theirs.Activation != activation)
            {
                throw new InvalidDataException(Mismatch($"{where} is {OnnxTopology.Name(theirs.Activation)} in the model, {OnnxTopology.Name(activation)} in the network"));
            }

            if ((theirs.Biases is not null) != ours.HasBias)
            {
                throw new InvalidDataException(Mismatch($"{where} has {(ours.HasBias ? "no biases" : "biases")} in the model, {(ours.HasBias ? "biases" : "none")} in the network"));
            }

            string[] theirSources = theirs.Sources.Select(s => Position(onnxNames, s, onnx.Inputs.Count)).ToArray();
            string[] ourSources = sources.Select(s => Position(ourNames, s, topology.Inputs.Count)).ToArray();
            if (!theirSources.SequenceEqual(ourSources))
            {
                throw new InvalidDataException(Mismatch($"{where} reads [{string.Join(", ", theirSources)}] in the model, [{string.Join(", ", ourSources)}] in the network"));
            }

            for (int k = 0; k < theirs.Weights.Length; k++)
            {
                values[ours.WeightOffset + k] = T.CreateChecked(theirs.Weights[k]);
            }

            for (int j = 0; theirs.Biases is not null && j < theirs.Biases.Length; j++)
            {
                values[ours.BiasOffset + j] = T.CreateChecked(theirs.Biases[j]);
            }
        }

        network.SetParameters(values);
    }

    private static string Position(List<string> names, string name, int inputCount)
    {
        int index = names.IndexOf(name);
        return index < inputCount ? "input " + (index + 1) : "layer " + (index - inputCount + 1);
    }

    private static string Describe(OnnxProblem problem) => problem.Kind switch
    {
        OnnxProblemKind.Damaged => problem.Arguments[0],
        OnnxProblemKind.UnsupportedOperator => $"node '{problem.Arguments[0]}' is a {problem.Arguments[1]}, which BackpropGen does not support (supported: {OnnxNetworkReader.SupportedOperators})",
        OnnxProblemKind.UnsupportedDataType => $"{problem.Arguments[0]} is {problem.Arguments[1]}; only FLOAT and DOUBLE are supported",
        OnnxProblemKind.DynamicShape => $"input '{problem.Arguments[0]}' has no fixed size: {problem.Arguments[1]}",
        OnnxProblemKind.UnsupportedOpset => $"it imports opset {problem.Arguments[0]}; opsets {OnnxNetworkReader.MinOpset} to {OnnxNetworkReader.MaxOpset} are supported",
        _ => $"{problem.Arguments[0]}: {problem.Arguments[1]}",
    };
}
