using System.Globalization;

namespace FamilyTrees;

/// <summary>The sample's command line: <c>[--splits N] [--threads N] [--ablation | --tune | --rows 2,5]</c>.</summary>
/// <param name="Splits">How many splits (at least 1).</param>
/// <param name="Ablation">Whether to run the ablation of row 2 instead of the study.</param>
/// <param name="Tune">Whether to run the candidate configurations on the tuning splits instead of the study.</param>
/// <param name="Rows">Which rows of the study's table to run (1-based, ascending, no repeats), or null for all.</param>
/// <param name="Threads">How many networks to train at once (at least 1), or null for one per core.</param>
public sealed record Arguments(int Splits, bool Ablation, bool Tune = false, int[]? Rows = null, int? Threads = null)
{
    /// <summary>How to call the sample.</summary>
    public const string Usage = "dotnet run --project samples/FamilyTrees [-- [--splits N] [--threads N] [--ablation | --tune | --rows 2,5]]";

    /// <summary>Reads the command line; <paramref name="defaultSplits"/> when <c>--splits</c> is not given.</summary>
    /// <exception cref="ArgumentException">An argument is not understood, or N is not a whole number of at least 1.</exception>
    public static Arguments Parse(string[] args, int defaultSplits, int rowCount = 10)
    {
        int splits = defaultSplits;
        int? threads = null;
        int[]? rows = null;
        bool ablation = false, tune = false;
        for (int k = 0; k < args.Length; k++)
        {
            if (args[k] is "--splits" or "--threads" && k + 1 < args.Length)
            {
                if (!int.TryParse(args[k + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n) || n < 1)
                {
                    throw new ArgumentException($"{args[k]} takes a whole number of at least 1, not \"{args[k + 1]}\". Usage: {Usage}", nameof(args));
                }

                if (args[k] == "--splits")
                {
                    splits = n;
                }
                else
                {
                    threads = n;
                }

                k++;
            }
            else if (args[k] == "--rows" && k + 1 < args.Length)
            {
                rows = ParseRows(args[k + 1], rowCount);
                k++;
            }
            else if (args[k] == "--ablation")
            {
                ablation = true;
            }
            else if (args[k] == "--tune")
            {
                tune = true;
            }
            else
            {
                throw new ArgumentException($"Unknown argument \"{args[k]}\". Usage: {Usage}", nameof(args));
            }
        }

        if (ablation && tune)
        {
            throw new ArgumentException($"--ablation and --tune are two different runs; give one. Usage: {Usage}", nameof(args));
        }

        if (rows is not null && (ablation || tune))
        {
            throw new ArgumentException($"--rows picks rows of the study; --ablation and --tune run their own lists. Usage: {Usage}", nameof(args));
        }

        return new Arguments(splits, ablation, tune, rows, threads);
    }

    /// <summary>Reads "2,5": row numbers from 1 to <paramref name="rowCount"/>, ascending, no repeats.</summary>
    private static int[] ParseRows(string text, int rowCount)
    {
        string[] parts = text.Split(',');
        var rows = new int[parts.Length];
        for (int k = 0; k < parts.Length; k++)
        {
            if (!int.TryParse(parts[k], NumberStyles.None, CultureInfo.InvariantCulture, out rows[k]) || rows[k] < 1 || rows[k] > rowCount
                || (k > 0 && rows[k] <= rows[k - 1]))
            {
                throw new ArgumentException($"--rows takes ascending row numbers from 1 to {rowCount} separated by commas, not \"{text}\". Usage: {Usage}", "args");
            }
        }

        return rows;
    }
}
