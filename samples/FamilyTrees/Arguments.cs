using System.Globalization;

namespace FamilyTrees;

/// <summary>The sample's command line.</summary>
public static class Arguments
{
    /// <summary>The number of splits: <c>--splits N</c> (N ≥ 1), or <paramref name="defaultCount"/>.</summary>
    /// <exception cref="ArgumentException">An argument is not understood, or N is not a whole number of at least 1.</exception>
    public static int SplitCount(string[] args, int defaultCount)
    {
        int count = defaultCount;
        for (int k = 0; k < args.Length; k++)
        {
            if (args[k] == "--splits" && k + 1 < args.Length)
            {
                if (!int.TryParse(args[k + 1], NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1)
                {
                    throw new ArgumentException($"--splits takes a whole number of at least 1, not \"{args[k + 1]}\".", nameof(args));
                }

                k++;
            }
            else
            {
                throw new ArgumentException($"Unknown argument \"{args[k]}\". Usage: dotnet run --project samples/FamilyTrees [-- --splits N]", nameof(args));
            }
        }

        return count;
    }
}
