using BackpropGen;

namespace FamilyTrees;

/// <summary>The study's configurations, one row of the table each, and the ablation of row 2.</summary>
public static class Configurations
{
    /// <summary>
    /// Row 2: the closest variant of the paper's procedure that learns here — the paper's network, sigmoid units, squared
    /// error, batch sweeps, the momentum rule with its warm-up, decay of every weight after each change, and the 0.8 / 0.2
    /// margin in training — with four changes (see <see cref="Deviations"/>).
    /// </summary>
    public static PaperProcedure Faithful { get; } =
        new("2. paper, faithful variant", InitialRange: 1.0, WarmupSweeps: 20, WarmupEpsilon: 0.005, WarmupAlpha: 0.5,
            Epsilon: 0.05, Alpha: 0.9, WeightDecay: 0.0005, Margin: ErrorMargin.Paper, Sweeps: 6000);

    /// <summary>Row 3: softmax + cross-entropy, AdamW, mini-batches, a warm-up and a cosine schedule.</summary>
    public static ModernProcedure Modern { get; } =
        new("3. present-day", InitialRange: 1.0, LearningRate: 0.01, BatchSize: 100, WarmupSweeps: 20, WeightDecay: 0.01, Sweeps: 3000, LabelSmoothing: 0.2);

    /// <summary>
    /// Row 4: an ensemble of 10 row-2 networks from different initial weights, answering with the mean of their sigmoid
    /// outputs (chosen on the tuning splits, <c>--tune</c>).
    /// </summary>
    public static Ensemble FaithfulEnsemble { get; } = new("4. ensemble of 10 × row 2", Faithful, 10);

    /// <summary>
    /// Row 5: row 2's procedure on a wider network (<see cref="FamilyTreesWideNet"/>: 12 person-code units, a central
    /// layer of 24, 12 answer-code units), chosen on the tuning splits (<c>--tune</c>).
    /// </summary>
    public static PaperProcedure FaithfulWide { get; } = Faithful with { Name = "5. row 2, wider network", Wide = true };

    /// <summary>
    /// Row 6: an ensemble of 5 row-5 networks (row 4's idea on row 5: on the tuning splits 5 and 10 members of row 2 tied,
    /// and 5 costs half).
    /// </summary>
    public static Ensemble WideEnsemble { get; } = new("6. ensemble of 5 × row 5", FaithfulWide, 5);

    /// <summary>
    /// Row 7: row 5 with the person codes tied (<see cref="TiedCodes"/>: the weights from the people to the person code are
    /// the weights from the answer code to the people, one set), chosen on the tuning splits (<c>--tune</c>).
    /// </summary>
    public static PaperProcedure TiedWide { get; } = FaithfulWide with { Name = "7. row 5, person codes tied", Tied = true };

    /// <summary>
    /// Row 8: an ensemble of 5 row-7 networks (row 6's idea on row 7), chosen on the tuning splits (<c>--tune</c>).
    /// </summary>
    public static Ensemble TiedWideEnsemble { get; } = new("8. ensemble of 5 × row 7", TiedWide, 5);

    /// <summary>
    /// Row 9: row 7 with noise on the person codes during training (<see cref="CodeNoise"/>: Gaussian noise of σ 1 on the
    /// person → code weights for each sweep, taken off after it), chosen on the tuning splits (<c>--tune</c>).
    /// </summary>
    public static PaperProcedure NoisyTiedWide { get; } = TiedWide with { Name = "9. row 7, noise on the person codes", CodeNoise = 1.0 };

    /// <summary>
    /// Row 10: an ensemble of 5 row-9 networks (row 8's idea on row 9: the ensemble lifts the questions with several
    /// people alike, the code noise the one-to-one ones), chosen on the tuning splits (<c>--tune</c>).
    /// </summary>
    public static Ensemble NoisyTiedWideEnsemble { get; } = new("10. ensemble of 5 × row 9", NoisyTiedWide, 5);

    /// <summary>The rows the sample runs when it is given no arguments (1-based): 1, 2, 3, 9 and 10.</summary>
    public static int[] DefaultRows { get; } = { 1, 2, 3, 9, 10 };

    /// <summary>Rows 1–10.</summary>
    public static Configuration[] All { get; } = { PaperProcedure.Transcribed, Faithful, Modern, FaithfulEnsemble, FaithfulWide, WideEnsemble, TiedWide, TiedWideEnsemble, NoisyTiedWide, NoisyTiedWideEnsemble };

    /// <summary>
    /// Candidates for a better row, run on the tuning splits (<c>--tune</c>), never on the reported ones: the list that chose
    /// row 10: row 9, row 8 and 5 × row 9. (The lists that chose rows 4–9 are in the README with their figures.) Ensembles
    /// of one member configuration share their members (<see cref="Ensemble"/>), so this list costs 10 networks a split.
    /// </summary>
    public static Configuration[] Candidates { get; } =
    {
        NoisyTiedWide,
        TiedWideEnsemble,
        new Ensemble("5 × row 9", NoisyTiedWide, 5),
    };

    /// <summary>Row 2, then row 2 with each of its changes undone in turn.</summary>
    public static Configuration[] Ablation { get; } =
    {
        Faithful,
        Faithful with { Name = "  weights ±0.3 (as transcribed)", InitialRange = 0.3 },
        Faithful with { Name = "  ε 0.01 after the warm-up (as transcribed)", Epsilon = 0.01 },
        Faithful with { Name = "  decay 0.2 % (as transcribed)", WeightDecay = 0.002 },
        Faithful with { Name = "  1,500 sweeps (as transcribed)", Sweeps = 1500 },
        Faithful with { Name = "  and without the error margin", Margin = null },
        PaperProcedure.Transcribed,
    };

    /// <summary>What row 2 changes from row 1, and why; the ablation (<c>--ablation</c>) measures each.</summary>
    public static IReadOnlyList<string> Deviations { get; } = new[]
    {
        "Row 2 changes four things in the transcription (run with --ablation to see each undone in turn):",
        "  • initial weights ±1, not ±0.3 — the paper gives no range for this net (±0.3 is the symmetry net's). The person and",
        "    relationship inputs are one-hot, so one weight is an encoding unit's whole input: at ±0.3 the codes hardly differ",
        "    between people, and the part of the gradient that depends on the question is far below the decay (see below);",
        "  • ε 0.05 after the warm-up, not 0.01 — E is summed over the 100 cases, but the steps that separate people come from",
        "    the few cases each person appears in; at 0.01 the net is still learning when it stops;",
        "  • decay 0.05 % per sweep, not 0.2 % — the weakest change: at 3,000 sweeps 0.2 % left a tenth of the training cases",
        "    unlearned; at 6,000 it does about as well on the held-out cases (see --ablation);",
        "  • 6,000 sweeps, not 1,500 — held-out answers keep improving after the training cases are learned.",
        "  Kept: the network, sigmoid units, squared error, batch sweeps, Δw = −ε∂E/∂w + αΔw with the 20-sweep warm-up",
        "  (ε 0.005, α 0.5, then α 0.9), decay of every weight and bias after each change, the 0.8 / 0.2 margin in training.",
    };
}
