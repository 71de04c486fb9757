using System.Collections.Concurrent;
using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// An ensemble: <paramref name="Members"/> networks of one configuration, trained on the same cases from different
/// initial weights, answering with the mean of their outputs (for softmax members, the mean of their probabilities).
/// Member 0 starts from the split's own seed, so an ensemble of one is its member configuration.
/// </summary>
/// <param name="Name">A short name for the table.</param>
/// <param name="Member">How each member is trained.</param>
/// <param name="Members">How many members (k, at least 1).</param>
/// <remarks>Its <see cref="Trained.Sweeps"/> is each member's; the work is <paramref name="Members"/> times that.</remarks>
public sealed record Ensemble(string Name, Configuration Member, int Members) : Configuration(Name)
{
    /// <summary>The seed of member <paramref name="member"/> of an ensemble whose member 0 has <paramref name="seed"/>.</summary>
    public static ulong MemberSeed(ulong seed, int member) => seed + ((ulong)member * 0x9E3779B97F4A7C15UL);

    /// <inheritdoc/>
    public override AnswerRule Rule => Member.Rule;

    /// <inheritdoc/>
    public override string Describe() => $"the mean output of {Members} networks from different initial weights, each: {Member.Describe()}";

    /// <inheritdoc/>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="Members"/> is below 1.</exception>
    public override Trained Train(DataSet<double> training, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Members, 1);
        ulong data = Fingerprint(training);
        Trained[] members = Enumerable.Range(0, Members)
            .Select(m => TrainedMembers.GetOrAdd((Member, MemberSeed(seed, m), data), key => new Lazy<Trained>(() => Shared(Member.Train(training, key.Seed)))).Value)
            .ToArray();
        return new Trained(x => Mean(members.Select(m => m.Forward(x))), members[0].PersonCodeWeight, members.Max(m => m.Sweeps), members[0].Network);
    }

    // Members trained once per process: ensembles of one member configuration that differ only in size (5, 10, 20 members of
    // row 7 on the tuning splits) share their first members — the seeds are the same — so each is trained once. Training is
    // deterministic, so this changes the time a run takes, not its figures.
    private static readonly ConcurrentDictionary<(Configuration Member, ulong Seed, ulong Data), Lazy<Trained>> TrainedMembers = new();

    // A shared member may be read by two ensembles at once, on two threads; a network's Forward uses its own buffers.
    private static Trained Shared(Trained member)
    {
        var gate = new object();
        return member with
        {
            Forward = x =>
            {
                lock (gate)
                {
                    return member.Forward(x);
                }
            },
        };
    }

    // FNV-1a over the bits of the training set's inputs and targets: which cases an ensemble is trained on.
    private static ulong Fingerprint(DataSet<double> training)
    {
        ulong h = 14695981039346656037UL;
        foreach (double v in training.Inputs)
        {
            h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(v)) * 1099511628211UL;
        }

        foreach (double v in training.Targets)
        {
            h = (h ^ (ulong)BitConverter.DoubleToInt64Bits(v)) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>The element-wise mean of equally long outputs.</summary>
    public static double[] Mean(IEnumerable<double[]> outputs)
    {
        double[]? sum = null;
        int count = 0;
        foreach (double[] y in outputs)
        {
            sum ??= new double[y.Length];
            for (int j = 0; j < y.Length; j++)
            {
                sum[j] += y[j];
            }

            count++;
        }

        if (sum is null)
        {
            throw new ArgumentException("An ensemble needs at least one output to average.", nameof(outputs));
        }

        for (int j = 0; j < sum.Length; j++)
        {
            sum[j] /= count;
        }

        return sum;
    }
}
