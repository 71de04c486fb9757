using BackpropGen;

namespace FamilyTrees;

/// <summary>How one configuration did on one split.</summary>
/// <param name="Split">The split's index.</param>
/// <param name="HeldOut">The held-out cases.</param>
/// <param name="HeldOutRight">Which held-out cases it answered right, in the order of <paramref name="HeldOut"/>.</param>
/// <param name="TrainingRight">How many of the training cases it answered right.</param>
/// <param name="TrainingCount">How many training cases there were.</param>
/// <param name="Sweeps">How many sweeps it trained for.</param>
/// <param name="HeldOutTopIsAnswer">For each held-out case, whether its most active output unit is one of its answers (the looser measure of the 2025 re-run).</param>
public sealed record SplitResult(int Split, KinshipCase[] HeldOut, bool[] HeldOutRight, int TrainingRight, int TrainingCount, int Sweeps, bool[] HeldOutTopIsAnswer)
{
    /// <summary>How many held-out cases it answered right.</summary>
    public int HeldOutRightCount => HeldOutRight.Count(r => r);

    /// <summary>Whether it answered every held-out case right.</summary>
    public bool AllHeldOutRight => HeldOutRight.All(r => r);
}

/// <summary>How one configuration did over every split.</summary>
/// <param name="Configuration">The configuration.</param>
/// <param name="Splits">Its result on each split, in split order.</param>
/// <param name="Shown">The network it trained on the first split (the one the sample draws).</param>
public sealed record ConfigurationResult(Configuration Configuration, SplitResult[] Splits, Trained Shown)
{
    /// <summary>The fraction of held-out cases answered right, over all splits.</summary>
    public double HeldOutAccuracy => Splits.Sum(s => s.HeldOutRightCount) / (double)Splits.Sum(s => s.HeldOut.Length);

    /// <summary>The fraction of held-out cases whose most active output unit is an answer, over all splits.</summary>
    public double HeldOutTopAccuracy => Splits.Sum(s => s.HeldOutTopIsAnswer.Count(r => r)) / (double)Splits.Sum(s => s.HeldOut.Length);

    /// <summary>How many of the held-out cases that match <paramref name="which"/> were answered right, of how many, over all splits.</summary>
    public (int Right, int Of) HeldOutRightWhere(Func<KinshipCase, bool> which)
    {
        var held = Splits.SelectMany(s => s.HeldOut.Select((c, k) => (Case: c, Right: s.HeldOutRight[k]))).Where(h => which(h.Case)).ToArray();
        return (held.Count(h => h.Right), held.Length);
    }

    /// <summary>The number of splits on which every held-out case was answered right.</summary>
    public int SplitsAllRight => Splits.Count(s => s.AllHeldOutRight);

    /// <summary>
    /// How many splits got 0, 1, 2, … of their held-out cases right: element k counts the splits with k right (as many
    /// elements as the most held-out cases of a split, plus one).
    /// </summary>
    public int[] SplitsByHeldOutRight
    {
        get
        {
            var counts = new int[Splits.Max(s => s.HeldOut.Length) + 1];
            foreach (SplitResult s in Splits)
            {
                counts[s.HeldOutRightCount]++;
            }

            return counts;
        }
    }

    /// <summary><see cref="SplitsByHeldOutRight"/> as text, "0/1/2/3/4 right: 3 8 15 14 10" written "3·8·15·14·10".</summary>
    public string Distribution => string.Join("·", SplitsByHeldOutRight);

    /// <summary>The mean number of training cases answered right.</summary>
    public double MeanTrainingRight => Splits.Average(s => s.TrainingRight);

    /// <summary>The mean number of sweeps.</summary>
    public double MeanSweeps => Splits.Average(s => s.Sweeps);
}

/// <summary>
/// The family-trees experiment as a study: every configuration trained on every split (the same splits for each), the
/// splits' runs in parallel over the machine's cores.
/// </summary>
public static class Study
{
    /// <summary>How many cases each split holds out, as in the paper.</summary>
    public const int HeldOutCount = 4;

    /// <summary>The seed of the splits.</summary>
    public const ulong SplitSeed = 1986;

    /// <summary><paramref name="count"/> balanced splits of the 104 cases, 4 held out in each (see <see cref="FamilyTrees.Splits.Generate"/>).</summary>
    public static int[][] Splits(int count) => FamilyTrees.Splits.Generate(count, Kinship.Cases().Count, HeldOutCount, SplitSeed);

    /// <summary>The seed of the tuning splits, on which configurations are chosen (never on the reported splits).</summary>
    public const ulong TuningSeed = 2026;

    /// <summary>
    /// <paramref name="count"/> balanced splits for choosing configurations (<c>--tune</c>), from <see cref="TuningSeed"/>,
    /// leaving out any whose held-out cases are those of one of the first <paramref name="reported"/> reported splits.
    /// </summary>
    public static int[][] TuningSplits(int count, int reported = 50)
    {
        var taken = Splits(reported).Select(s => string.Join(",", s)).ToHashSet();
        return FamilyTrees.Splits.Generate(count + reported, Kinship.Cases().Count, HeldOutCount, TuningSeed)
            .Where(s => !taken.Contains(string.Join(",", s))).Take(count).ToArray();
    }

    /// <summary>The initial-weight seed of split <paramref name="split"/>: the same for every configuration.</summary>
    public static ulong WeightSeed(int split) => (ulong)split + 1;

    /// <summary>
    /// Trains every configuration on every split. Runs (configuration, split) pairs in parallel, at most
    /// <paramref name="parallelism"/> at a time (the number of cores when null); the result does not depend on the
    /// order they run in.
    /// </summary>
    public static ConfigurationResult[] Run(IReadOnlyList<Configuration> configurations, int[][] splits, int? parallelism = null)
    {
        IReadOnlyList<KinshipCase> cases = Kinship.Cases();
        var results = new SplitResult[configurations.Count, splits.Length];
        var shown = new Trained[configurations.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism ?? Environment.ProcessorCount };

        Parallel.For(0, configurations.Count * splits.Length, options, k =>
        {
            int c = k / splits.Length, s = k % splits.Length;
            (SplitResult result, Trained trained) = RunOne(configurations[c], cases, splits[s], s);
            results[c, s] = result;
            if (s == 0)
            {
                shown[c] = trained;
            }
        });

        return Enumerable.Range(0, configurations.Count)
            .Select(c => new ConfigurationResult(configurations[c], Enumerable.Range(0, splits.Length).Select(s => results[c, s]).ToArray(), shown[c]))
            .ToArray();
    }

    /// <summary>Trains one configuration on one split and scores it.</summary>
    public static (SplitResult Result, Trained Net) RunOne(Configuration configuration, IReadOnlyList<KinshipCase> cases, int[] heldOutIndices, int split)
    {
        KinshipCase[] heldOut = heldOutIndices.Select(i => cases[i]).ToArray();
        KinshipCase[] training = cases.Where((_, i) => !heldOutIndices.Contains(i)).ToArray();
        var data = DataSet<double>.FromRows(training.Select(Kinship.Input).ToArray(), training.Select(Kinship.Target).ToArray());
        Trained trained = configuration.Train(data, WeightSeed(split));
        AnswerRule rule = configuration.Rule;
        return (new SplitResult(
            split,
            heldOut,
            heldOut.Select(c => rule.IsRight(trained.Output(c), c)).ToArray(),
            training.Count(c => rule.IsRight(trained.Output(c), c)),
            training.Length,
            trained.Sweeps,
            heldOut.Select(c => TopIsAnswer(trained.Output(c), c)).ToArray()), trained);
    }

    /// <summary>Whether the most active output unit is one of the case's answers.</summary>
    public static bool TopIsAnswer(double[] output, KinshipCase c)
    {
        int top = Array.IndexOf(output, output.Max());
        return c.Answers.Any(p => p.Unit == top);
    }
}
