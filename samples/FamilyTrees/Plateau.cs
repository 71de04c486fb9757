using BackpropGen;

namespace FamilyTrees;

/// <summary>What keeps the transcribed schedule on its plateau: how flat the outputs are, and the gradient step against the decay, layer by layer.</summary>
/// <param name="OutputSpread">The largest range of any output unit over the 104 questions.</param>
/// <param name="MeanOutput">The mean output.</param>
/// <param name="Layers">
/// Per layer: its name; the mean over its weights of ε |∂E/∂w| / (1 − α), the step per sweep that a steady gradient
/// builds up to with momentum α; and the mean λ |w|, what the decay takes per sweep.
/// </param>
public sealed record Plateau(double OutputSpread, double MeanOutput, IReadOnlyList<(string Layer, double Step, double Decay)> Layers)
{
    /// <summary>Measures <paramref name="net"/>, trained on the split that holds out <paramref name="heldOut"/>, with <paramref name="procedure"/>'s ε, λ and margin.</summary>
    public static Plateau Measure(FamilyTreesNet net, int[] heldOut, PaperProcedure procedure)
    {
        IReadOnlyList<KinshipCase> cases = Kinship.Cases();
        double[][] outputs = cases.Select(c => Trained.Of(net)(Kinship.Input(c))).ToArray();
        double spread = Enumerable.Range(0, Kinship.PersonCount).Max(j => outputs.Max(y => y[j]) - outputs.Min(y => y[j]));

        // One sweep's gradient, as training computes it (the margin's targets), without changing the weights.
        var copy = new FamilyTreesNet();
        copy.SetParameters(net.Parameters);
        var y = new double[Kinship.PersonCount];
        var adjusted = new double[Kinship.PersonCount];
        foreach (KinshipCase c in cases.Where((_, i) => !heldOut.Contains(i)))
        {
            double[] input = Kinship.Input(c);
            copy.Forward(input, y);
            if (procedure.Margin is ErrorMargin margin)
            {
                margin.AdjustTargets<double>(y, Kinship.Target(c), adjusted);
            }
            else
            {
                Kinship.Target(c).CopyTo(adjusted, 0);
            }

            copy.AccumulateGradient(input, adjusted);
        }

        // The documented parameter layout: layers in declaration order, each its weights then its biases.
        (string, int, int)[] layers =
        {
            ("person → code", 0, 144), ("relationship → code", 150, 72), ("codes → central", 228, 144),
            ("central → answer code", 384, 72), ("answer code → people", 462, 144),
        };
        double[] g = copy.Gradients.ToArray();
        double[] w = net.Parameters.ToArray();
        return new Plateau(spread, outputs.Average(o => o.Average()), layers
            .Select(l => (l.Item1,
                procedure.Epsilon / (1 - procedure.Alpha) * g.Skip(l.Item2).Take(l.Item3).Average(Math.Abs),
                procedure.WeightDecay * w.Skip(l.Item2).Take(l.Item3).Average(Math.Abs)))
            .ToArray());
    }
}
