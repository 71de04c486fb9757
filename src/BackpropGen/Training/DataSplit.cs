using System;
using System.Collections.Generic;
using System.Numerics;

namespace BackpropGen;

/// <summary>Seeded train/test (or train/validation) splits, the same on every machine.</summary>
public static class DataSplit
{
    /// <summary>
    /// Splits <paramref name="data"/> keeping each class's share (<see cref="Evaluation.ClassOf"/> of its target), as
    /// scikit-learn's stratified <c>train_test_split</c> sizes it: the test part has ⌈N · f⌉ cases; class c gets
    /// ⌊n_c · f⌋ of them, and the rest go one each to the classes with the largest remainders n_c · f − ⌊n_c · f⌋
    /// (ties to the lower class). Which cases: the class's case indices, in data-set order, are shuffled
    /// (<see cref="CaseOrder.Shuffle"/> with <paramref name="seed"/> and the class number as the epoch) and the first
    /// ones go to the test part. Both parts keep data-set order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">A part would be empty.</exception>
    public static (DataSet<T> Train, DataSet<T> Test) Stratified<T>(DataSet<T> data, double testFraction, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool[] test = StratifiedTestMask(data, testFraction, seed);
        return (Select(data, test, false), Select(data, test, true));
    }

    /// <summary>
    /// Puts round(count · <paramref name="testFraction"/>) cases, chosen by a seeded shuffle (<see cref="CaseOrder.Shuffle"/>
    /// with epoch 0), in the test part. Both parts keep data-set order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testFraction"/> is not in (0, 1).</exception>
    /// <exception cref="ArgumentException">A part would be empty.</exception>
    public static (DataSet<T> Train, DataSet<T> Test) Random<T>(DataSet<T> data, double testFraction, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFraction(testFraction);
        var order = new int[data.Count];
        CaseOrder.Shuffle(order, seed, 0);
        var test = new bool[data.Count];
        int n = (int)Math.Round(data.Count * testFraction, MidpointRounding.AwayFromZero);
        for (int k = 0; k < n; k++)
        {
            test[order[k]] = true;
        }

        return (Select(data, test, false), Select(data, test, true));
    }

    /// <summary>Which cases <see cref="Stratified"/> puts in the test part.</summary>
    public static bool[] StratifiedTestMask<T>(DataSet<T> data, double testFraction, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(data);
        CheckFraction(testFraction);
        int classes = Evaluation.ClassCount(data.TargetLength);
        var members = new List<int>[classes];
        for (int c = 0; c < classes; c++)
        {
            members[c] = [];
        }

        for (int k = 0; k < data.Count; k++)
        {
            members[Evaluation.ClassOf(data.Target(k))].Add(k);
        }

        // ⌈N · f⌉ in all (less a hair, so 100 · 0.2 is 20 and not 21); ⌊n_c · f⌋ per class, the rest by largest remainder.
        int total = (int)Math.Ceiling((data.Count * testFraction) - 1e-9);
        var share = new int[classes];
        var remainder = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            double exact = members[c].Count * testFraction;
            share[c] = (int)Math.Floor(exact);
            remainder[c] = exact - share[c];
            total -= share[c];
        }

        for (; total > 0; total--)
        {
            int most = -1;
            for (int c = 0; c < classes; c++)
            {
                if (share[c] < members[c].Count && (most < 0 || remainder[c] > remainder[most]))
                {
                    most = c;
                }
            }

            if (most < 0)
            {
                break;
            }

            share[most]++;
            remainder[most] = -1;
        }

        var test = new bool[data.Count];
        for (int c = 0; c < classes; c++)
        {
            List<int> cases = members[c];
            var order = new int[cases.Count];
            CaseOrder.Shuffle(order, seed, c);
            int n = share[c];
            for (int k = 0; k < n; k++)
            {
                test[cases[order[k]]] = true;
            }
        }

        return test;
    }

    private static void CheckFraction(double testFraction)
    {
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be in (0, 1).");
        }
    }

    private static DataSet<T> Select<T>(DataSet<T> data, bool[] test, bool wanted)
        where T : unmanaged
    {
        int count = 0;
        foreach (bool t in test)
        {
            count += t == wanted ? 1 : 0;
        }

        if (count == 0)
        {
            throw new ArgumentException($"The split leaves the {(wanted ? "test" : "training")} part empty ({data.Count} cases).", nameof(test));
        }

        // The cases in order, with their per-step target masks when the data set has them.
        var rows = new List<int>(count);
        for (int k = 0; k < data.Count; k++)
        {
            if (test[k] == wanted)
            {
                rows.Add(k);
            }
        }

        return data.Cases(rows);
    }
}
