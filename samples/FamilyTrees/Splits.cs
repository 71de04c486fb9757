using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// Seeded, balanced train / held-out splits: each split holds out a few cases, and over many splits every case is held
/// out about equally often.
/// </summary>
public static class Splits
{
    /// <summary>
    /// Draws <paramref name="count"/> splits of <paramref name="caseCount"/> cases, each holding out
    /// <paramref name="heldOut"/> different cases, in ascending order. The held-out sets are consecutive groups of a
    /// stream of random permutations of all the cases (Fisher–Yates, driven by SplitMix64 from
    /// <paramref name="seed"/>), so across the splits every case is held out ⌊count · heldOut / caseCount⌋ or one more
    /// times. A group that would straddle two permutations takes its missing cases from the start of the next
    /// permutation, skipping any it already holds.
    /// </summary>
    /// <returns>For each split, the indices of its held-out cases; the other cases are its training cases.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A count is below 1, or <paramref name="heldOut"/> is not below <paramref name="caseCount"/>.</exception>
    public static int[][] Generate(int count, int caseCount, int heldOut, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(caseCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(heldOut, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(heldOut, caseCount);

        ulong state = seed;
        var pending = new List<int>();
        var splits = new int[count][];
        for (int s = 0; s < count; s++)
        {
            var group = new List<int>(heldOut);
            while (group.Count < heldOut)
            {
                if (pending.Count == 0)
                {
                    pending.AddRange(Permutation(caseCount, ref state));
                }

                int k = pending.FindIndex(c => !group.Contains(c));
                if (k < 0)
                {
                    // Everything left of this permutation is already in the group: start the next one.
                    pending.InsertRange(pending.Count, Permutation(caseCount, ref state));
                    continue;
                }

                group.Add(pending[k]);
                pending.RemoveAt(k);
            }

            group.Sort();
            splits[s] = group.ToArray();
        }

        return splits;
    }

    /// <summary>A uniformly random permutation of 0 … n − 1 (Fisher–Yates with SplitMix64).</summary>
    private static int[] Permutation(int n, ref ulong state)
    {
        int[] order = Enumerable.Range(0, n).ToArray();
        for (int i = n - 1; i > 0; i--)
        {
            int j = (int)(SeededUniform.Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }
}
