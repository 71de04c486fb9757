using System;
using System.IO;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// A network's parameters as NumPy <c>.npy</c> arrays, one file per layer's weights and one per layer's biases,
/// in NumPy's own convention, so that a NumPy or PyTorch run and a BackpropGen run can start from the same
/// numbers and their trajectories can be compared.
/// </summary>
/// <remarks>
/// <para><b>Files.</b> For each dense layer <c>L</c>, in a directory: <c>L.weights.npy</c> with shape
/// <c>(fanIn, units)</c> and <c>L.biases.npy</c> with shape <c>(units,)</c> (only when the layer has biases). A recurrent
/// layer's fan-in is its row's columns: its sources at t, then its own units at t − 1, then its FromPrevious layers' units at
/// t − 1 (so W stacks W_x, W_h, … row-wise); a learned initial state h(−1) is <c>L.initial_state.npy</c>, shape <c>(units,)</c>.</para>
/// <para><b>Convention.</b> <c>W[i, j] = w_ji</c>, the weight from input unit i to unit j: row i is an input
/// unit, column j a unit of the layer, so that NumPy computes the layer as <c>x @ W + b</c>, as the seed script
/// does (<c>np.dot(X, W1)</c>). This is the transpose of BackpropGen's in-memory layout (row j = unit j) and of
/// PyTorch's <c>nn.Linear.weight</c> (shape <c>(out, in)</c>): from PyTorch, save <c>linear.weight.T</c>.</para>
/// <para><b>dtype.</b> <c>'&lt;f8'</c> (float64) for a double network, <c>'&lt;f4'</c> (float32) for a float one;
/// a file of the other dtype or another shape is refused, not converted.</para>
/// </remarks>
public static class NumPyParameters
{
    /// <summary>The file that holds layer <paramref name="layer"/>'s weights: <c>{layer}.weights.npy</c>.</summary>
    public static string WeightsFileName(string layer) => layer + ".weights.npy";

    /// <summary>The file that holds layer <paramref name="layer"/>'s biases: <c>{layer}.biases.npy</c>.</summary>
    public static string BiasesFileName(string layer) => layer + ".biases.npy";

    /// <summary>The file that holds recurrent layer <paramref name="layer"/>'s learned initial state h(−1): <c>{layer}.initial_state.npy</c>.</summary>
    public static string InitialStateFileName(string layer) => layer + ".initial_state.npy";

    /// <summary>Writes every layer's weights (and biases) as .npy files into <paramref name="directory"/>, creating it if needed.</summary>
    public static void Save<T>(INetwork<T> network, string directory)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        ReadOnlySpan<T> parameters = network.Parameters;
        foreach (LayerLayout layer in NetworkLayout.Of(network))
        {
            // BackpropGen holds w_ji at j · fanIn + i; NumPy's W[i, j] is at i · units + j: transpose.
            var weights = new T[layer.Size * layer.FanIn];
            for (int j = 0; j < layer.Size; j++)
            {
                for (int i = 0; i < layer.FanIn; i++)
                {
                    weights[(i * layer.Size) + j] = parameters[layer.WeightOffset + (j * layer.FanIn) + i];
                }
            }

            NpyFile.Write<T>(Path.Combine(directory, WeightsFileName(layer.Name)), weights, layer.FanIn, layer.Size);
            if (layer.HasBias)
            {
                NpyFile.Write(Path.Combine(directory, BiasesFileName(layer.Name)), parameters.Slice(layer.BiasOffset, layer.Size), layer.Size);
            }

            if (layer.HasLearnedInitialState)
            {
                NpyFile.Write(Path.Combine(directory, InitialStateFileName(layer.Name)), parameters.Slice(layer.InitialStateOffset, layer.Size), layer.Size);
            }
        }
    }

    /// <summary>
    /// Reads every layer's weights (and biases) from the .npy files in <paramref name="directory"/> and sets them
    /// with <see cref="INetwork{T}.SetParameters"/> (which clears the training state). Every file is read and
    /// checked first; if one is missing or does not fit, nothing is changed.
    /// </summary>
    /// <exception cref="NumPyFormatException">A file is not a .npy file, is damaged, or has another dtype or shape than its layer needs.</exception>
    /// <exception cref="FileNotFoundException">A layer's file does not exist.</exception>
    public static void Load<T>(INetwork<T> network, string directory)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var parameters = new T[network.ParameterLength];
        foreach (LayerLayout layer in NetworkLayout.Of(network))
        {
            string what = $"layer '{layer.Name}' of network '{network.Name}'";
            T[] weights = NpyFile.Read<T>(Existing(directory, WeightsFileName(layer.Name), network, layer), [layer.FanIn, layer.Size], what + " (W[i, j] = w_ji: fan-in × units)");
            for (int j = 0; j < layer.Size; j++)
            {
                for (int i = 0; i < layer.FanIn; i++)
                {
                    parameters[layer.WeightOffset + (j * layer.FanIn) + i] = weights[(i * layer.Size) + j];
                }
            }

            if (layer.HasBias)
            {
                T[] biases = NpyFile.Read<T>(Existing(directory, BiasesFileName(layer.Name), network, layer), [layer.Size], what + " (its biases)");
                biases.CopyTo(parameters, layer.BiasOffset);
            }

            if (layer.HasLearnedInitialState)
            {
                T[] start = NpyFile.Read<T>(Existing(directory, InitialStateFileName(layer.Name), network, layer), [layer.Size], what + " (its learned initial state h(−1))");
                start.CopyTo(parameters, layer.InitialStateOffset);
            }
        }

        network.SetParameters(parameters);
    }

    private static string Existing<T>(string directory, string name, INetwork<T> network, LayerLayout layer)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        string path = Path.Combine(directory, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"Cannot load the parameters of network '{network.Name}' from '{directory}': layer '{layer.Name}' needs '{name}', which does not exist.", path);
    }
}
