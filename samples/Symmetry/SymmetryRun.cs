using BackpropGen;

namespace Symmetry;

/// <summary>One training run of the symmetry net with the paper's settings.</summary>
public sealed class SymmetryRun
{
    private SymmetryRun(ulong seed, SymmetryNet net, int sweeps, bool solved, int right, double[] errors, int sweepsAt56)
    {
        SweepsAt56 = sweepsAt56;
        Seed = seed;
        Net = net;
        Sweeps = sweeps;
        Solved = solved;
        Right = right;
        Errors = errors;
    }

    /// <summary>The seed of the initial weights.</summary>
    public ulong Seed { get; }

    /// <summary>The trained network.</summary>
    public SymmetryNet Net { get; }

    /// <summary>The sweeps done: to the first sweep after which every output was within 0.2 of its target, or the limit.</summary>
    public int Sweeps { get; }

    /// <summary>Whether every output ended within 0.2 of its target.</summary>
    public bool Solved { get; }

    /// <summary>How many of the 64 outputs ended within 0.2 of their targets.</summary>
    public int Right { get; }

    /// <summary>
    /// How many sweeps ended with every asymmetric pattern right and every symmetric one wrong (56 of 64 right): the
    /// plateau where the net answers "not symmetric" to everything.
    /// </summary>
    public int SweepsAt56 { get; }

    /// <summary>The error E of each sweep.</summary>
    public double[] Errors { get; }

    /// <summary>
    /// Trains from weights uniform in ±0.3 drawn with <paramref name="seed"/>: batch sweeps with ε = 0.1 and α = 0.9
    /// until every output is within 0.2 of its target (checked after each sweep's weight change) or
    /// <paramref name="sweepLimit"/> sweeps.
    /// </summary>
    public static SymmetryRun Train(ulong seed, DataSet<double> data, int sweepLimit)
    {
        var net = new SymmetryNet { LearningRate = 0.1, Momentum = 0.9 };
        net.Initialize(seed, 0.3);
        var errors = new ErrorRecorder();
        int sweepsAt56 = 0;
        var options = new TrainingOptions<double>
        {
            MaxSweeps = sweepLimit,
            StopWhen = (_, n) =>
            {
                (int right, int symmetricRight) = MirrorSymmetry.Score(n, data);
                sweepsAt56 += right == 56 && symmetricRight == 0 ? 1 : 0;
                return right == data.Count;
            },
        };
        TrainingResult result = NetworkTrainer.Train(net, data, options, errors);
        return new SymmetryRun(seed, net, result.Sweeps, result.StopReason == TrainingStopReason.StopCondition,
            MirrorSymmetry.CountRight(net, data), errors.Errors.ToArray(), sweepsAt56);
    }

    /// <summary>Keeps the error of every sweep, synchronously (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    private sealed class ErrorRecorder : IProgress<SweepProgress>
    {
        public List<double> Errors { get; } = new();

        public void Report(SweepProgress value) => Errors.Add(value.Error);
    }
}
