using System;
using System.Collections.Generic;
using System.Numerics;

namespace BackpropGen;

/// <summary>Seeded train/test (or train/validation) splits, the same on every machine.</summary>
public static class DataSplit
{
    /// <summary>
    /// Splits <paramref name="data"/> so that each class (<see cref="Evaluation.ClassOf"/> of its target) gives
    /// round(n_class · <paramref name="testFraction"/>) cases to the test part: class by class, the class's case indices
    /// in data-set order are shuffled (<see cref="CaseOrder.Shuffle"/> with <paramref name="seed"/> and the class number
    /// as the epoch) and the first ones go to the test part. Both parts keep data-set order.
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

        var test = new bool[data.Count];
        for (int c = 0; c < classes; c++)
        {
            List<int> cases = members[c];
            var order = new int[cases.Count];
            CaseOrder.Shuffle(order, seed, c);
            int n = (int)Math.Round(cases.Count * testFraction, MidpointRounding.AwayFromZero);
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

        var inputs = new T[count * data.InputLength];
        var targets = new T[count * data.TargetLength];
        int row = 0;
        for (int k = 0; k < data.Count; k++)
        {
            if (test[k] == wanted)
            {
                data.Input(k).CopyTo(inputs.AsSpan(row * data.InputLength));
                data.Target(k).CopyTo(targets.AsSpan(row * data.TargetLength));
                row++;
            }
        }

        return new DataSet<T>(inputs, data.InputLength, targets, data.TargetLength);
    }
}
