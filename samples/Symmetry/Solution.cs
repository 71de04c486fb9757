namespace Symmetry;

/// <summary>What a hidden unit of a trained symmetry net does with the mirror pairs (x1, x6), (x2, x5), (x3, x4).</summary>
public sealed class HiddenUnit
{
    /// <summary>Reads hidden unit <paramref name="j"/> of <paramref name="net"/>.</summary>
    public HiddenUnit(SymmetryNet net, int j)
    {
        Weights = Enumerable.Range(0, MirrorSymmetry.Length).Select(i => net.HiddenWeight(j, i)).ToArray();
        Bias = net.HiddenBiases[j];
        OutputWeight = net.OutputWeight(0, j);
        PairMagnitudes = Enumerable.Range(0, 3).Select(k => (Math.Abs(Weights[k]) + Math.Abs(Weights[5 - k])) / 2).ToArray();
        double smallest = PairMagnitudes.Min();
        Ratios = PairMagnitudes.Order().Select(m => m / smallest).ToArray();
    }

    /// <summary>w_ji for inputs x1 … x6.</summary>
    public double[] Weights { get; }

    /// <summary>The unit's bias.</summary>
    public double Bias { get; }

    /// <summary>The weight from this unit to the output.</summary>
    public double OutputWeight { get; }

    /// <summary>Whether every mirror pair has weights of opposite sign.</summary>
    public bool MirrorPairsOpposite => Enumerable.Range(0, 3).All(k => Weights[k] * Weights[5 - k] < 0);

    /// <summary>The largest relative difference of magnitude within a mirror pair, |(|a| − |b|)| / max(|a|, |b|).</summary>
    public double PairImbalance => Enumerable.Range(0, 3).Max(k =>
        Math.Abs(Math.Abs(Weights[k]) - Math.Abs(Weights[5 - k])) / Math.Max(Math.Abs(Weights[k]), Math.Abs(Weights[5 - k])));

    /// <summary>The mean magnitude of each mirror pair: outer (x1, x6), middle (x2, x5), inner (x3, x4).</summary>
    public double[] PairMagnitudes { get; }

    /// <summary>The pair magnitudes, smallest first, divided by the smallest: the paper's 1 : 2 : 4.</summary>
    public double[] Ratios { get; }

    /// <summary>Whether the ratios are 1 : 2 : 4 within 20 %.</summary>
    public bool RatiosNear124 => Math.Abs(Ratios[1] - 2) <= 0.4 && Math.Abs(Ratios[2] - 4) <= 0.8;

    /// <summary>
    /// Whether the ratios are 2 : 3 : 4 (1 : 1.5 : 2) within 20 %: another set of sizes for which no combination
    /// ±a ± b ± c, or any two of them, is zero, so it also tells every asymmetric pattern from the symmetric ones.
    /// </summary>
    public bool RatiosNear234 => Math.Abs(Ratios[1] - 1.5) <= 0.3 && Math.Abs(Ratios[2] - 2) <= 0.4;
}

/// <summary>The structure of a trained symmetry net, compared with the paper's solution.</summary>
public sealed class Solution
{
    /// <summary>Reads <paramref name="net"/>.</summary>
    public Solution(SymmetryNet net)
    {
        Hidden = new[] { new HiddenUnit(net, 0), new HiddenUnit(net, 1) };
        OutputBias = net.OutputBiases[0];
    }

    /// <summary>The two hidden units.</summary>
    public HiddenUnit[] Hidden { get; }

    /// <summary>The output unit's bias.</summary>
    public double OutputBias { get; }

    /// <summary>
    /// The paper's solution: in both hidden units mirror pairs have opposite signs and magnitudes about 1 : 2 : 4; the
    /// hidden biases are negative and the output bias positive.
    /// </summary>
    public bool IsThePapers =>
        Hidden.All(h => h.MirrorPairsOpposite && h.RatiosNear124 && h.Bias < 0) && OutputBias > 0;
}
