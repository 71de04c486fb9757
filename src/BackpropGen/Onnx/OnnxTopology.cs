using System;
using System.Collections.Generic;
using System.Globalization;

namespace BackpropGen.Onnx;

/// <summary>
/// A generated network's inputs and layers with what ONNX needs beyond <see cref="NetworkLayout"/>: each layer's
/// activation and sources, read from the same canonical topology text.
/// </summary>
internal sealed class OnnxTopology
{
    private OnnxTopology(List<(string Name, int Size)> inputs, List<(LayerLayout Layout, int Activation, string[] Sources)> layers)
    {
        Inputs = inputs;
        Layers = layers;
    }

    public List<(string Name, int Size)> Inputs { get; }

    /// <summary>Each layer: its place in the parameters, its activation (BackpropGen's Activation value), its sources.</summary>
    public List<(LayerLayout Layout, int Activation, string[] Sources)> Layers { get; }

    public static OnnxTopology Of<T>(INetwork<T> network)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        IReadOnlyList<LayerLayout> layouts = NetworkLayout.Of(network);
        var inputs = new List<(string, int)>();
        var layers = new List<(LayerLayout, int, string[])>();
        foreach (string part in network.Topology.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            string[] words = part.Split(' ');
            if (words[0] == "input" && words.Length == 2)
            {
                int open = words[1].IndexOf('[', StringComparison.Ordinal);
                inputs.Add((words[1].Substring(0, open), int.Parse(words[1].AsSpan(open + 1, words[1].Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture)));
            }
            else if (words[0] == "dense" && words.Length == 6)
            {
                int activation = words[2] switch
                {
                    "sigmoid" => 0,
                    "tanh" => 1,
                    "relu" => 2,
                    "identity" => 3,
                    "softmax" => 4,
                    _ => throw new FormatException($"Network '{network.Name}' has a layer with the activation '{words[2]}', which ONNX export does not know."),
                };
                layers.Add((layouts[layers.Count], activation, words[5].Split(',')));
            }
        }

        return new OnnxTopology(inputs, layers);
    }

    /// <summary>The ONNX operator of an activation, or null for the identity.</summary>
    public static string? Operator(int activation) => activation switch
    {
        0 => "Sigmoid",
        1 => "Tanh",
        2 => "Relu",
        4 => "Softmax",
        _ => null,
    };

    public static string Name(int activation) => activation switch
    {
        0 => "Sigmoid",
        1 => "Tanh",
        2 => "ReLU",
        3 => "Identity",
        4 => "Softmax",
        _ => "activation " + activation.ToString(CultureInfo.InvariantCulture),
    };
}
