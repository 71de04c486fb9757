using BackpropGen;

namespace FamilyTrees;

/// <summary>The study's configurations, one row of the table each.</summary>
public static class Configurations
{
    /// <summary>Row 2: the closest variant of the paper's procedure that learns here (see <see cref="Deviations"/>).</summary>
    public static PaperProcedure Faithful { get; } =
        new("2. paper, faithful variant", 1.0, 20, 0.005, 0.5, 0.05, 0.9, 0.0005, null, 3000);

    /// <summary>Row 3: softmax + cross-entropy, Adam, mini-batches, a warm-up and cosine schedule.</summary>
    public static ModernProcedure Modern { get; } = new("3. present-day", 0.1, 0.01, 10, 20, 0.1, 500);

    /// <summary>Rows 1–3.</summary>
    public static Configuration[] All { get; } = { PaperProcedure.Transcribed, Faithful, Modern };

    /// <summary>What row 2 changes from row 1, and why.</summary>
    public static IReadOnlyList<string> Deviations { get; } = new[]
    {
        "Row 2 differs from row 1 in: (to be written)",
    };
}
