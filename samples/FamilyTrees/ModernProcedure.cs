using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// A present-day configuration: the paper's network with a softmax over the 24 people and cross-entropy
/// (<see cref="FamilyTreesSoftmaxNet"/>; a two-answer case's target is ½, ½), trained by <see cref="NetworkTrainer.Fit"/>
/// with AdamW on shuffled mini-batches, the step size warmed up linearly and then annealed on a cosine.
/// </summary>
/// <param name="Name">A short name for the table.</param>
/// <param name="InitialRange">Initial weights are uniform in ±this.</param>
/// <param name="LearningRate">AdamW's step size at the end of the warm-up.</param>
/// <param name="BatchSize">Cases per mini-batch (the gradient is summed over them, as the paper sums over its sweep).</param>
/// <param name="WarmupSweeps">The step size grows linearly over this many sweeps.</param>
/// <param name="WeightDecay">AdamW's decoupled decay λ: each step, w ← w (1 − ε λ).</param>
/// <param name="Sweeps">How many sweeps (epochs) through the training cases.</param>
/// <param name="LabelSmoothing">s: the targets become (1 − s) d + s / 24; 0 for none.</param>
public sealed record ModernProcedure(string Name, double InitialRange, double LearningRate, int BatchSize, int WarmupSweeps,
    double WeightDecay, int Sweeps, double LabelSmoothing = 0) : Configuration(Name)
{
    /// <inheritdoc/>
    public override AnswerRule Rule => AnswerRule.SoftmaxQuarter;

    /// <inheritdoc/>
    public override string Describe() =>
        $"softmax over the 24 people, cross-entropy; AdamW step {LearningRate} (linear warm-up over {WarmupSweeps} sweeps, then cosine to 0), " +
        $"decay {WeightDecay}; {(LabelSmoothing > 0 ? $"label smoothing {LabelSmoothing}; " : "")}mini-batches of {BatchSize}, reshuffled every sweep; weights ±{InitialRange}; {Sweeps:N0} sweeps";

    /// <inheritdoc/>
    public override Trained Train(DataSet<double> training, ulong seed)
    {
        var net = new FamilyTreesSoftmaxNet();
        net.Initialize(seed, InitialRange);
        NetworkTrainer.Fit(net, Probabilities(training, LabelSmoothing), new FitOptions<double>
        {
            Epochs = Sweeps,
            BatchSize = BatchSize,
            Seed = seed,
            Optimizer = new AdamWOptimizer<double>(LearningRate, weightDecay: WeightDecay),
            Schedule = Schedule.LinearWarmup(WarmupSweeps, Schedule.Cosine(LearningRate, Sweeps - WarmupSweeps)),
        });
        return new Trained(Trained.Of(net), (j, i) => net.PersonCodeWeight(j, i), Sweeps);
    }

    /// <summary>
    /// The same cases with targets that sum to 1: a two-answer case's 1, 1 becomes ½, ½; then smoothed,
    /// d ← (1 − s) d + s / 24.
    /// </summary>
    private static DataSet<double> Probabilities(DataSet<double> data, double smoothing)
    {
        double[] targets = data.Targets.ToArray();
        for (int c = 0; c < data.Count; c++)
        {
            Span<double> row = targets.AsSpan(c * data.TargetLength, data.TargetLength);
            double sum = 0;
            foreach (double d in row)
            {
                sum += d;
            }

            foreach (ref double d in row)
            {
                d = ((1 - smoothing) * d / sum) + (smoothing / row.Length);
            }
        }

        return new DataSet<double>(data.Inputs, data.InputLength, targets, data.TargetLength);
    }
}
