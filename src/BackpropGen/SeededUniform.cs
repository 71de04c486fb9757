using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// Deterministic uniform initialization, the same on every machine and .NET version (it does not use
/// <see cref="Random"/>, whose sequence is unspecified).
/// </summary>
/// <remarks>
/// The generator is SplitMix64 (Steele, Lea &amp; Flood 2014): state += 0x9E3779B97F4A7C15;
/// z = state; z = (z ^ (z &gt;&gt; 30)) · 0xBF58476D1CE4E5B9; z = (z ^ (z &gt;&gt; 27)) · 0x94D049BB133111EB;
/// z ^= z &gt;&gt; 31. The k-th draw u_k = (z &gt;&gt; 11) · 2⁻⁵³ is in [0, 1), and parameter k is set to
/// −r + 2 r u_k computed in <see cref="double"/>, so in [−r, r); for float networks that value is rounded to
/// <see cref="float"/>, which can (rarely, about 3·10⁻⁸ per draw) give exactly +r.
/// </remarks>
public static class SeededUniform
{
    /// <summary>Fills <paramref name="destination"/> with values uniform in [−range, range) (for float, [−range, range] after rounding).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="range"/> is negative, NaN or infinite.</exception>
    public static void Fill<T>(Span<T> destination, ulong seed, T range)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double r = double.CreateChecked(range);
        if (!double.IsFinite(r) || r < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "The range must be finite and not negative.");
        }

        ulong state = seed;
        for (int k = 0; k < destination.Length; k++)
        {
            double u = NextDouble(ref state);
            destination[k] = T.CreateChecked(-r + 2 * r * u);
        }
    }

    /// <summary>The seed a new network's parameters are drawn from (see <see cref="FanInScaled{T}"/>): 1986, the paper's year.</summary>
    public const ulong DefaultSeed = 1986;

    /// <summary>
    /// A new parameter array in the layout of <paramref name="topology"/>, fan-in scaled: each weight and bias of a layer
    /// that reads n units is uniform in [−1/√n, 1/√n) (PyTorch's default for a linear layer), and so is a recurrent layer's
    /// learned initial state (its recurrent units count in n). Parameter k is the k-th
    /// draw of the same SplitMix64 sequence as <see cref="Fill{T}"/>, u_k in [0, 1), set to (−1 + 2 u_k)/√n computed in
    /// <see cref="double"/>. Every generated network starts from this with <see cref="DefaultSeed"/>, so it learns
    /// without an <see cref="INetwork{T}.Initialize"/> call, and two new networks of one class are equal.
    /// </summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    /// <param name="parameterCount">The network's parameter count.</param>
    /// <param name="topology">The network's canonical topology (<see cref="INetwork{T}.Topology"/>).</param>
    /// <param name="seed">The seed; <see cref="DefaultSeed"/> unless given.</param>
    /// <returns>The parameters.</returns>
    /// <exception cref="FormatException">The topology is not one this version writes, or lays out another count.</exception>
    public static T[] FanInScaled<T>(int parameterCount, string topology, ulong seed = DefaultSeed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var parameters = new T[parameterCount];
        FillFanInScaled<T>(parameters, topology, seed);
        return parameters;
    }

    /// <summary>
    /// Fills <paramref name="parameters"/> fan-in scaled, as a new network is (see <see cref="FanInScaled{T}"/>); to
    /// redraw a network's: <c>SeededUniform.FillFanInScaled(net.Parameters, net.Topology, seed)</c>, then clear its
    /// training state with <c>net.SetParameters(net.Parameters)</c>.
    /// </summary>
    /// <exception cref="FormatException">The topology is not one this version writes, or lays out another count.</exception>
    public static void FillFanInScaled<T>(Span<T> parameters, string topology, ulong seed = DefaultSeed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ulong state = seed;
        int k = 0;
        foreach (LayerLayout layer in NetworkLayout.Parse(topology))
        {
            double bound = 1 / Math.Sqrt(layer.FanIn);
            // Weights, biases and a recurrent layer's learned initial state h(−1) alike: 1/√n.
            int end = layer.WeightOffset + layer.ParameterCount;
            if (layer.WeightOffset != k || end > parameters.Length)
            {
                throw new FormatException($"The topology \"{topology}\" does not lay out {parameters.Length} parameters.");
            }

            for (; k < end; k++)
            {
                parameters[k] = T.CreateChecked(-bound + (2 * bound * NextDouble(ref state)));
            }
        }

        if (k != parameters.Length)
        {
            throw new FormatException($"The topology \"{topology}\" lays out {k} parameters, not {parameters.Length}.");
        }
    }

    /// <summary>The next SplitMix64 draw as a double in [0, 1).</summary>
    public static double NextDouble(ref ulong state) => (Next(ref state) >> 11) * (1.0 / (1UL << 53));

    /// <summary>The next 64-bit SplitMix64 output.</summary>
    public static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
