using BackpropGen;

namespace FamilyTrees;

/// <summary>A training schedule: the initial weights, ε and α (with a warm-up), weight decay, the error margin and the number of sweeps.</summary>
/// <param name="InitialRange">Initial weights are uniform in ±this.</param>
/// <param name="WarmupSweeps">For this many sweeps, ε = <paramref name="WarmupEpsilon"/> and α = <paramref name="WarmupAlpha"/>.</param>
/// <param name="WarmupEpsilon">ε during the warm-up.</param>
/// <param name="WarmupAlpha">α during the warm-up.</param>
/// <param name="Epsilon">ε afterwards.</param>
/// <param name="Alpha">α afterwards.</param>
/// <param name="WeightDecay">λ: after each weight change, w ← w − λ w.</param>
/// <param name="ErrorMargin">Whether outputs on the right side of 0.8 / 0.2 count as having no error.</param>
/// <param name="Sweeps">How many batch sweeps.</param>
public sealed record Schedule(double InitialRange, int WarmupSweeps, double WarmupEpsilon, double WarmupAlpha,
    double Epsilon, double Alpha, double WeightDecay, bool ErrorMargin, int Sweeps)
{
    /// <summary>
    /// The paper's: ε = 0.005, α = 0.5 for the first 20 sweeps, then ε = 0.01, α = 0.9; weights decay by 0.2 % after
    /// each change; no error beyond 0.8 / 0.2; 1,500 sweeps. The paper gives no initial range for this network; ±0.3 is
    /// the range it gives for the symmetry network.
    /// </summary>
    public static Schedule Paper { get; } = new(0.3, 20, 0.005, 0.5, 0.01, 0.9, 0.002, true, 1500);

    /// <summary>One line describing the schedule.</summary>
    public override string ToString() =>
        $"weights ±{InitialRange}; ε {WarmupEpsilon}, α {WarmupAlpha} for {WarmupSweeps} sweeps, then ε {Epsilon}, α {Alpha}; " +
        $"decay {WeightDecay * 100:0.##} % per change; {(ErrorMargin ? "no error beyond 0.8 / 0.2" : "no error margin")}; {Sweeps:N0} sweeps";
}

/// <summary>One training run: which cases were held out, the error per sweep, the trained network and how it does.</summary>
public sealed class Run
{
    internal Run(ulong seed, Schedule schedule, KinshipCase[] training, KinshipCase[] heldOut, FamilyTreesNet net, double[] errors)
    {
        Seed = seed;
        Schedule = schedule;
        Training = training;
        HeldOut = heldOut;
        Net = net;
        Errors = errors;
        TrainingCorrect = training.Count(c => Experiment.IsCorrect(net, c));
        HeldOutCorrect = heldOut.Count(c => Experiment.IsCorrect(net, c));
        HeldOutMostActive = heldOut.Count(c => Experiment.AnswersAreMostActive(net, c));
    }

    /// <summary>The seed of the initial weights and of the held-out draw.</summary>
    public ulong Seed { get; }

    /// <summary>The schedule trained with.</summary>
    public Schedule Schedule { get; }

    /// <summary>The cases trained on.</summary>
    public KinshipCase[] Training { get; }

    /// <summary>The cases held out.</summary>
    public KinshipCase[] HeldOut { get; }

    /// <summary>The trained network.</summary>
    public FamilyTreesNet Net { get; }

    /// <summary>The error E of each sweep (with the margin when the schedule has one).</summary>
    public double[] Errors { get; }

    /// <summary>Training cases answered correctly by the 0.8 / 0.2 criterion.</summary>
    public int TrainingCorrect { get; }

    /// <summary>Held-out cases answered correctly by the 0.8 / 0.2 criterion.</summary>
    public int HeldOutCorrect { get; }

    /// <summary>Held-out cases whose answers are the most active output units (a looser test than 0.8 / 0.2).</summary>
    public int HeldOutMostActive { get; }
}

/// <summary>Trains the family-trees network on 100 cases and tests it on the other 4.</summary>
public static class Experiment
{
    /// <summary>How many cases are held out.</summary>
    public const int HeldOutCount = 4;

    /// <summary>
    /// Splits the cases: a Fisher–Yates shuffle driven by SplitMix64 from <paramref name="seed"/>; the first
    /// <see cref="HeldOutCount"/> are held out, the rest (in their original order) are trained on.
    /// </summary>
    public static (KinshipCase[] Training, KinshipCase[] HeldOut) Split(IReadOnlyList<KinshipCase> cases, ulong seed)
    {
        ulong state = seed ^ 0x5EED_F00D_CAFE_1986UL;
        int[] order = Enumerable.Range(0, cases.Count).ToArray();
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(SeededUniform.Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        var heldOut = order.Take(HeldOutCount).ToHashSet();
        return (
            Enumerable.Range(0, cases.Count).Where(i => !heldOut.Contains(i)).Select(i => cases[i]).ToArray(),
            order.Take(HeldOutCount).Select(i => cases[i]).ToArray());
    }

    /// <summary>Trains a fresh network with <paramref name="schedule"/>, its weights and held-out cases drawn from <paramref name="seed"/>.</summary>
    public static Run Train(Schedule schedule, ulong seed)
    {
        (KinshipCase[] training, KinshipCase[] heldOut) = Split(Kinship.Cases(), seed);
        var data = DataSet<double>.FromRows(training.Select(Kinship.Input).ToArray(), training.Select(Kinship.Target).ToArray());
        var net = new FamilyTreesNet { WeightDecay = schedule.WeightDecay };
        net.Initialize(seed, schedule.InitialRange);
        INetwork<double> trained = schedule.ErrorMargin ? new ErrorMarginNetwork(net) : net;

        var errors = new ErrorRecorder(schedule.Sweeps);
        var options = new TrainingOptions<double>
        {
            MaxSweeps = schedule.Sweeps,
            BeforeSweep = (sweep, n) =>
            {
                bool warmup = sweep <= schedule.WarmupSweeps;
                n.LearningRate = warmup ? schedule.WarmupEpsilon : schedule.Epsilon;
                n.Momentum = warmup ? schedule.WarmupAlpha : schedule.Alpha;
            },
        };
        NetworkTrainer.Train(trained, data, options, errors);
        return new Run(seed, schedule, training, heldOut, net, errors.Errors.ToArray());
    }

    /// <summary>The paper's test: every answer's unit above 0.8 and every other unit below 0.2.</summary>
    public static bool IsCorrect(FamilyTreesNet net, KinshipCase c)
    {
        double[] y = Output(net, c);
        double[] d = Kinship.Target(c);
        for (int j = 0; j < y.Length; j++)
        {
            if (d[j] == 1 ? y[j] <= 0.8 : y[j] >= 0.2)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether every answer's unit is more active than every other unit.</summary>
    public static bool AnswersAreMostActive(FamilyTreesNet net, KinshipCase c)
    {
        double[] y = Output(net, c);
        double[] d = Kinship.Target(c);
        double weakestAnswer = Enumerable.Range(0, y.Length).Where(j => d[j] == 1).Min(j => y[j]);
        double strongestOther = Enumerable.Range(0, y.Length).Where(j => d[j] == 0).Max(j => y[j]);
        return weakestAnswer > strongestOther;
    }

    /// <summary>The network's output for a case.</summary>
    public static double[] Output(FamilyTreesNet net, KinshipCase c)
    {
        var y = new double[FamilyTreesNet.OutputSize];
        net.Forward(Kinship.Input(c), y);
        return y;
    }

    /// <summary>Keeps the error of every sweep, synchronously (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class ErrorRecorder(int capacity) : IProgress<SweepProgress>
    {
        public List<double> Errors { get; } = new(capacity);

        public void Report(SweepProgress value) => Errors.Add(value.Error);
    }
}
