using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// A present-day configuration: the paper's network with a softmax over the 24 people and cross-entropy (a two-answer
/// case's target is ½, ½), trained with Adam (decoupled weight decay, as AdamW) on shuffled mini-batches, the step size
/// warmed up linearly and then annealed on a cosine.
/// </summary>
/// <param name="Name">A short name for the table.</param>
/// <param name="InitialRange">Initial weights are uniform in ±this.</param>
/// <param name="LearningRate">Adam's step size at the end of the warm-up.</param>
/// <param name="BatchSize">Cases per mini-batch (the gradient is summed over them, as the paper sums over its sweep).</param>
/// <param name="WarmupSweeps">The step size grows linearly from 0 over this many sweeps.</param>
/// <param name="WeightDecay">Decoupled decay: after each step, w ← w − step · this · w.</param>
/// <param name="Sweeps">How many sweeps (epochs) through the training cases.</param>
public sealed record ModernProcedure(string Name, double InitialRange, double LearningRate, int BatchSize, int WarmupSweeps,
    double WeightDecay, int Sweeps) : Configuration(Name)
{
    /// <inheritdoc/>
    public override AnswerRule Rule => AnswerRule.SoftmaxQuarter;

    /// <inheritdoc/>
    public override string Describe() =>
        $"softmax over the 24 people, cross-entropy; Adam (β 0.9 / 0.999) step {LearningRate}, warm-up {WarmupSweeps} sweeps then cosine to 0; " +
        $"mini-batches of {BatchSize}, shuffled each sweep; decoupled decay {WeightDecay}; weights ±{InitialRange}; {Sweeps:N0} sweeps";

    /// <inheritdoc/>
    public override Trained Train(DataSet<double> training, ulong seed)
    {
        var net = new FamilyTreesSoftmaxNet();
        net.Initialize(seed, InitialRange);
        var adam = new Adam(FamilyTreesSoftmaxNet.ParameterCount);
        var softmax = new SoftmaxCrossEntropy(net);
        int[] order = Enumerable.Range(0, training.Count).ToArray();
        ulong shuffle = seed ^ 0xBA7C_4E5_0F_F1CEUL;
        int batchesPerSweep = (training.Count + BatchSize - 1) / BatchSize;
        int steps = Sweeps * batchesPerSweep;
        int step = 0;
        for (int sweep = 0; sweep < Sweeps; sweep++)
        {
            for (int i = order.Length - 1; i > 0; i--)
            {
                int j = (int)(SeededUniform.Next(ref shuffle) % (ulong)(i + 1));
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (int first = 0; first < order.Length; first += BatchSize)
            {
                net.ClearGradients();
                for (int k = first; k < Math.Min(first + BatchSize, order.Length); k++)
                {
                    softmax.AccumulateGradient(training.Input(order[k]), training.Target(order[k]));
                }

                step++;
                double rate = step <= WarmupSweeps * batchesPerSweep
                    ? LearningRate * step / (WarmupSweeps * batchesPerSweep)
                    : LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (step - WarmupSweeps * batchesPerSweep) / (steps - WarmupSweeps * batchesPerSweep)));
                adam.Step(net.Parameters, net.Gradients, rate, WeightDecay);
            }
        }

        net.ClearGradients();
        return new Trained(softmax.Forward, (j, i) => net.PersonCodeWeight(j, i), Sweeps);
    }
}

/// <summary>Adam (Kingma &amp; Ba 2015) with decoupled weight decay (Loshchilov &amp; Hutter 2019).</summary>
/// <param name="length">The number of parameters.</param>
public sealed class Adam(int length)
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;
    private readonly double[] _m = new double[length];
    private readonly double[] _v = new double[length];
    private int _t;

    /// <summary>One step: m ← β₁m + (1 − β₁)g, v ← β₂v + (1 − β₂)g², w ← w − rate · m̂ / (√v̂ + 10⁻⁸) − rate · decay · w.</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradients, double rate, double decay)
    {
        _t++;
        double c1 = 1 - Math.Pow(Beta1, _t), c2 = 1 - Math.Pow(Beta2, _t);
        for (int k = 0; k < parameters.Length; k++)
        {
            double g = gradients[k];
            _m[k] = Beta1 * _m[k] + (1 - Beta1) * g;
            _v[k] = Beta2 * _v[k] + (1 - Beta2) * g * g;
            parameters[k] -= rate * ((_m[k] / c1) / (Math.Sqrt(_v[k] / c2) + Epsilon) + decay * parameters[k]);
        }
    }
}
