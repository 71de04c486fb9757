using System;
using System.Collections.Generic;
using System.Globalization;

namespace BackpropGen;

/// <summary>One dense layer's place in <see cref="INetwork{T}.Parameters"/>.</summary>
/// <param name="Name">The layer's name.</param>
/// <param name="Size">Its number of units.</param>
/// <param name="FanIn">The number of units it reads (its sources concatenated).</param>
/// <param name="WeightOffset">Where its weights start: w_ji at <c>WeightOffset + j · FanIn + i</c>.</param>
/// <param name="BiasOffset">Where its biases b_j start, or −1 when it has none.</param>
public sealed record LayerLayout(string Name, int Size, int FanIn, int WeightOffset, int BiasOffset)
{
    /// <summary>Whether the layer has biases.</summary>
    public bool HasBias => BiasOffset >= 0;

    /// <summary>
    /// Where a recurrent layer's learned initial state h_k(−1) starts (<c>[Recurrent(InitialState = InitialState.Learned)]</c>,
    /// one per unit, after the biases), or −1 when its initial state is 0 (and for a dense layer).
    /// </summary>
    public int InitialStateOffset { get; init; } = -1;

    /// <summary>Whether the layer has a learned initial state.</summary>
    public bool HasLearnedInitialState => InitialStateOffset >= 0;

    /// <summary>The layer's parameters in all: Size · FanIn weights, then Size biases and Size initial states where it has them.</summary>
    public int ParameterCount => (Size * FanIn) + (HasBias ? Size : 0) + (HasLearnedInitialState ? Size : 0);
}

/// <summary>
/// The layers of a generated network and where their parameters are, read from the network's canonical
/// <see cref="INetwork{T}.Topology"/> text (<c>input x[2]; dense hidden[4] sigmoid nobias &lt;- x; …; loss sse</c>).
/// </summary>
public static class NetworkLayout
{
    /// <summary>
    /// The dense layers of <paramref name="network"/> in declaration order, with their parameter offsets: a generated
    /// network's own static layout (<see cref="ILayeredNetwork"/>), or else its topology text parsed.
    /// </summary>
    /// <exception cref="FormatException">The topology text is not one this version of BackpropGen writes.</exception>
    public static IReadOnlyList<LayerLayout> Of<T>(INetwork<T> network)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        IReadOnlyList<LayerLayout> layers = network is ILayeredNetwork layered ? layered.Layout : Parse(network.Topology);
        LayerLayout last = layers[^1];
        int count = last.WeightOffset + last.ParameterCount;
        if (count != network.ParameterLength)
        {
            throw new FormatException($"The topology of network '{network.Name}' lays out {count} parameters, but the network has {network.ParameterLength}.");
        }

        return layers;
    }

    /// <summary>Parses a canonical topology text into its dense layers.</summary>
    /// <exception cref="FormatException">The text is not one this version of BackpropGen writes.</exception>
    public static IReadOnlyList<LayerLayout> Parse(string topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
        var layers = new List<LayerLayout>();
        int offset = 0;
        string[] parts = topology.Split("; ", StringSplitOptions.RemoveEmptyEntries);

        // Every layer's size first: a recurrent layer may read a later layer at t − 1 ("previous").
        var allSizes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string part in parts)
        {
            string[] words = part.Split(' ');
            if (words.Length >= 2 && words[0] is "dense" or "recurrent" && words[1].IndexOf('[') > 0)
            {
                (string name, int size) = NameAndSize(words[1], topology);
                allSizes[name] = size;
            }
        }

        foreach (string part in parts)
        {
            string[] words = part.Split(' ');
            if (words[0] == "input" && words.Length == 2)
            {
                (string name, int size) = NameAndSize(words[1], topology);
                sizes[name] = size;
            }
            else if (words[0] is "dense" or "recurrent" && words.Length >= 6 && words[4] == "<-" && words[3] is "bias" or "nobias"
                && (words.Length == 6 || (words[0] == "recurrent" && RecurrentOptions(words, out _, out _))))
            {
                (string name, int size) = NameAndSize(words[1], topology);

                // A recurrent layer's row is its sources at t, then its own units at t − 1, then the layers it reads at t − 1.
                int fanIn = words[0] == "recurrent" ? size : 0;
                foreach (string source in words[5].Split(','))
                {
                    fanIn += sizes.TryGetValue(source, out int sourceSize) ? sourceSize : throw Bad(topology, $"'{source}' is read before it is declared");
                }

                RecurrentOptions(words, out string[] previous, out bool learned);
                foreach (string source in previous)
                {
                    fanIn += allSizes.TryGetValue(source, out int sourceSize) ? sourceSize : throw Bad(topology, $"'{source}' (read at t − 1) is not a layer");
                }

                bool bias = words[3] == "bias";
                var layer = new LayerLayout(name, size, fanIn, offset, bias ? offset + (size * fanIn) : -1)
                {
                    InitialStateOffset = learned ? offset + (size * fanIn) + (bias ? size : 0) : -1,
                };
                layers.Add(layer);
                offset += layer.ParameterCount;
                sizes[name] = size;
            }
            else if (words[0] is not ("loss" or "steps"))
            {
                throw Bad(topology, $"'{part}' is neither an input, a dense layer nor the loss");
            }
        }

        return layers.Count > 0 ? layers : throw Bad(topology, "it has no dense layer");
    }

    /// <summary>A recurrent layer's words after its sources: "previous a,b" and "initial learned", each at most once, in that order.</summary>
    private static bool RecurrentOptions(string[] words, out string[] previous, out bool learned)
    {
        previous = Array.Empty<string>();
        learned = false;
        int k = 6;
        if (k + 1 < words.Length && words[k] == "previous")
        {
            previous = words[k + 1].Split(',');
            k += 2;
        }

        if (k + 1 < words.Length && words[k] == "initial" && words[k + 1] == "learned")
        {
            learned = true;
            k += 2;
        }

        return k == words.Length;
    }

    private static (string Name, int Size) NameAndSize(string word, string topology)
    {
        int open = word.IndexOf('[');
        if (open <= 0 || !word.EndsWith(']') || !int.TryParse(word.AsSpan(open + 1, word.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out int size))
        {
            throw Bad(topology, $"'{word}' is not name[size]");
        }

        return (word.Substring(0, open), size);
    }

    private static FormatException Bad(string topology, string reason) =>
        new($"Cannot read the network topology \"{topology}\": {reason}.");
}
