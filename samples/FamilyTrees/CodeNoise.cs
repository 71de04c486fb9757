using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// Noise on the person codes during training: before each sweep, Gaussian noise of σ <see cref="Sigma"/> is added to every
/// weight from a person unit to a person-encoding unit, and after the sweep the same noise is taken off again, so the
/// weights keep what the sweep's step did and nothing of the noise. The inputs are one-hot, so the weight from person i to
/// code unit j is the whole of unit j's input from person i: the noise is noise on each person's code (before the
/// sigmoid), drawn afresh every sweep — not noise on the one-hot inputs, which drowns the code (README, row 5).
/// </summary>
/// <remarks>
/// With tied codes (<see cref="TiedCodes"/>) only the input copy gets the noise. Both copies get the same step, but the
/// decay takes λ(w + n) from the noisy copy and λw from the other, so taking the noise off would leave them λn apart; the
/// input copy is set back to the output copy instead (which saw no noise), and the pair is one weight again, bit for bit.
/// </remarks>
public sealed class CodeNoise
{
    private readonly int _offset;
    private readonly double[] _noise;
    private readonly (int Answer, int PersonCode)[] _pairs;
    private ulong _state;

    /// <summary>
    /// Noise of σ <paramref name="sigma"/> on <paramref name="network"/>'s personCode weights, drawn from
    /// <paramref name="seed"/>; <paramref name="tiedPairs"/> are the network's tied pairs (<see cref="TiedCodes.Pairs"/>), if any.
    /// </summary>
    /// <exception cref="ArgumentException">The network has no layer named personCode.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sigma"/> is negative or not finite.</exception>
    public CodeNoise(INetwork<double> network, double sigma, ulong seed, IReadOnlyList<(int PersonCode, int Answer)>? tiedPairs = null)
    {
        if (!double.IsFinite(sigma) || sigma < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "σ must be a finite number, not negative.");
        }

        LayerLayout code = NetworkLayout.Of(network).FirstOrDefault(l => l.Name == "personCode")
            ?? throw new ArgumentException($"Network {network.Name} has no layer named personCode.", nameof(network));
        _offset = code.WeightOffset;
        _noise = new double[code.Size * code.FanIn];
        _state = seed ^ 0xC0DE_0015EUL;
        Sigma = sigma;
        _pairs = tiedPairs?.Select(p => (p.Answer, p.PersonCode)).ToArray() ?? [];   // Equalize copies the first onto the second
    }

    /// <summary>σ of the noise.</summary>
    public double Sigma { get; }

    /// <summary>Draws fresh noise and adds it to the personCode weights in <paramref name="parameters"/>.</summary>
    public void Add(Span<double> parameters)
    {
        for (int k = 0; k < _noise.Length; k += 2)
        {
            // Box–Muller: two independent normal deviates from two uniforms.
            double u1 = 1.0 - SeededUniform.NextDouble(ref _state), u2 = SeededUniform.NextDouble(ref _state);
            double r = Sigma * Math.Sqrt(-2.0 * Math.Log(u1));
            _noise[k] = r * Math.Cos(2 * Math.PI * u2);
            if (k + 1 < _noise.Length)
            {
                _noise[k + 1] = r * Math.Sin(2 * Math.PI * u2);
            }
        }

        Span<double> weights = parameters.Slice(_offset, _noise.Length);
        for (int k = 0; k < weights.Length; k++)
        {
            weights[k] += _noise[k];
        }
    }

    /// <summary>Takes the noise last added off the personCode weights in <paramref name="parameters"/> (for tied pairs: sets the input copy to the output copy).</summary>
    public void Remove(Span<double> parameters)
    {
        Span<double> weights = parameters.Slice(_offset, _noise.Length);
        for (int k = 0; k < weights.Length; k++)
        {
            weights[k] -= _noise[k];
        }

        TiedCodes.Equalize(parameters, _pairs);
        Array.Clear(_noise);
    }
}
