using System;

namespace BackpropGen;

/// <summary>
/// The order in which an epoch visits the cases: a seeded Fisher–Yates shuffle that gives the same permutation on
/// every machine and .NET version (it does not use <see cref="Random"/>).
/// </summary>
/// <remarks>
/// <para>Epoch e's permutation depends only on the seed and e, never on earlier epochs, so training resumed from a
/// checkpoint at epoch e visits the cases exactly as an uninterrupted run. The generator is SplitMix64
/// (<see cref="SeededUniform.Next"/>) started from state = seed ⊕ (e · 0xD1B54A32D192ED03), whose first output is taken
/// as the state (so nearby seeds and epochs do not give overlapping streams).</para>
/// <para>Fisher–Yates (Durstenfeld): order = 0, 1, …, n − 1; then for i = n − 1 down to 1, draw j uniform in
/// [0, i] and swap order[i] and order[j]. j = ⌊(z · (i + 1)) / 2⁶⁴⌋ for the next 64-bit draw z (the high half of the
/// 128-bit product: bias below (i + 1) / 2⁶⁴, no division).</para>
/// </remarks>
public static class CaseOrder
{
    private const ulong EpochMix = 0xD1B54A32D192ED03UL;

    /// <summary>Fills <paramref name="order"/> with epoch <paramref name="epoch"/>'s permutation of 0 … order.Length − 1.</summary>
    public static void Shuffle(Span<int> order, ulong seed, int epoch)
    {
        for (int k = 0; k < order.Length; k++)
        {
            order[k] = k;
        }

        ulong state = seed ^ unchecked((ulong)epoch * EpochMix);
        state = SeededUniform.Next(ref state);
        for (int i = order.Length - 1; i > 0; i--)
        {
            ulong z = SeededUniform.Next(ref state);
            int j = (int)Math.BigMul(z, (ulong)(i + 1), out _);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
