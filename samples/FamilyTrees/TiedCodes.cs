using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// Ties the person codes at the two ends of the family-trees network: the weight from person unit i to person-encoding
/// unit j (layer <c>personCode</c>, w_ji) and the weight from answer-code unit j to output unit i (layer <c>answer</c>,
/// w_ij) are one parameter. Each person then has one code, read when they are asked about and written when they are the
/// answer, so what a net learns about "Christopher" as person 1 is also what it uses to name Christopher as person 2.
/// </summary>
/// <remarks>
/// The generator has no attribute for tied weights, so the tie is made the way the paper makes a shared weight (its
/// recurrent nets, p. 535: the change of a shared weight is the sum of the changes of its copies): both copies start
/// equal (<see cref="Equalize"/>) and every step gives both the sum of their two gradients
/// (<see cref="TiedMomentumOptimizer"/>), so they stay bit-for-bit equal. Needs the two layers to have the same number
/// of units (6 in <see cref="FamilyTreesNet"/>, 12 in <see cref="FamilyTreesWideNet"/>).
/// </remarks>
public static class TiedCodes
{
    /// <summary>
    /// The tied pairs of <paramref name="network"/>'s parameter indices: (personCode w_ji, answer w_ij) for every person i
    /// and code unit j.
    /// </summary>
    /// <exception cref="ArgumentException">The network has no personCode or answer layer, or their shapes do not match.</exception>
    public static (int PersonCode, int Answer)[] Pairs(INetwork<double> network)
    {
        IReadOnlyList<LayerLayout> layers = NetworkLayout.Of(network);
        LayerLayout code = layers.FirstOrDefault(l => l.Name == "personCode")
            ?? throw new ArgumentException($"Network {network.Name} has no layer named personCode to tie.", nameof(network));
        LayerLayout answer = layers.FirstOrDefault(l => l.Name == "answer")
            ?? throw new ArgumentException($"Network {network.Name} has no layer named answer to tie.", nameof(network));
        if (code.Size != answer.FanIn || code.FanIn != answer.Size)
        {
            throw new ArgumentException(
                $"Network {network.Name}: personCode is {code.Size} × {code.FanIn} but answer is {answer.Size} × {answer.FanIn}; tying needs one to be the other transposed.",
                nameof(network));
        }

        var pairs = new (int, int)[code.Size * code.FanIn];
        for (int j = 0; j < code.Size; j++)
        {
            for (int i = 0; i < code.FanIn; i++)
            {
                pairs[(j * code.FanIn) + i] = (code.WeightOffset + (j * code.FanIn) + i, answer.WeightOffset + (i * answer.FanIn) + j);
            }
        }

        return pairs;
    }

    /// <summary>Makes each pair's copies equal, both set to the person-code copy (call after initializing the weights).</summary>
    public static void Equalize(Span<double> parameters, IReadOnlyList<(int PersonCode, int Answer)> pairs)
    {
        foreach ((int a, int b) in pairs)
        {
            parameters[b] = parameters[a];
        }
    }
}

/// <summary>
/// The paper's rule, Δw(t) = −ε g(t) + α Δw(t−1), w ← w + Δw(t), then w ← w − λ w, with tied pairs of weights: each
/// copy of a pair gets g = the sum of the pair's two gradients (see <see cref="TiedCodes"/>). With no pairs it is
/// <see cref="MomentumOptimizer{T}"/>.
/// </summary>
public sealed class TiedMomentumOptimizer : Optimizer<double>
{
    private readonly (int A, int B)[] _pairs;
    private double _momentum;
    private double[]? _tied;

    /// <summary>Creates the rule for <paramref name="pairs"/> with ε, α and λ.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ε or λ is negative or not finite, or α is not in [0, 1).</exception>
    public TiedMomentumOptimizer(IEnumerable<(int PersonCode, int Answer)> pairs, double learningRate, double momentum, double weightDecay)
        : base(learningRate)
    {
        _pairs = pairs.Select(p => (p.PersonCode, p.Answer)).ToArray();
        Momentum = momentum;
        WeightDecay = CheckFinite(weightDecay, nameof(weightDecay), allowNegative: false);
    }

    /// <summary>The weight decay λ.</summary>
    public double WeightDecay { get; }

    /// <inheritdoc/>
    public override double Momentum
    {
        get => _momentum;
        set => _momentum = CheckRate(value, nameof(Momentum));
    }

    /// <inheritdoc/>
    public override string Kind => "momentum";

    /// <inheritdoc/>
    public override int StateBufferCount => 1;

    /// <inheritdoc/>
    protected override void StepCore(Span<double> parameters, ReadOnlySpan<double> gradients, long step)
    {
        _tied ??= new double[gradients.Length];
        for (int k = 0; k < gradients.Length; k++)
        {
            _tied[k] = GradientScale * gradients[k];
        }

        foreach ((int a, int b) in _pairs)
        {
            double sum = _tied[a] + _tied[b];
            _tied[a] = sum;
            _tied[b] = sum;
        }

        UpdateRule.Apply<double>(parameters, _tied, State(0), LearningRate, Momentum, WeightDecay);
    }
}
