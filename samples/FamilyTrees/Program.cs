// Hinton's family-trees experiment (Rumelhart, Hinton & Williams 1986, Figs. 2–4; Hinton 1986) as a study: a five-layer
// network learns (person 1, relationship) → person 2 from 100 of the 104 cases of two isomorphic family trees and is
// tested on the other 4, over many seeded splits, for several configurations side by side; the person-encoding units
// of one run are drawn as the paper's Fig. 4.
//
//   dotnet run --project samples/FamilyTrees [-- --splits N]      the study (2 splits by default; the README table is --splits 50)
//   dotnet run --project samples/FamilyTrees -- --ablation          row 2 with each of its changes undone in turn (10 splits)
//   dotnet run --project samples/FamilyTrees -- --rows 2,5          only these rows of the table
//   dotnet run --project samples/FamilyTrees -- --threads 1         train one network at a time (a shared machine)
using System.Diagnostics;
using System.Globalization;
using BackpropGen;
using BackpropGen.Samples;
using FamilyTrees;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
string loadAtStart = LoadAverage();
// The study's ten rows train 31 networks per split (rows 4, 6, 8 and 10 are ensembles, of 10, 5, 5 and 5). The default run
// (no arguments) takes rows 1, 2, 3, 9 and 10 on 2 splits, 9 networks a split, to stay under a minute on two cores (all ten
// rows on 2 splits took 89 s, idle); the ablation and the tuning run have fewer networks per split and keep 10.
Arguments arguments = Arguments.Parse(args, defaultSplits: args.Contains("--ablation") || args.Contains("--tune") ? 10 : 2, Configurations.All.Length);
int splitCount = arguments.Splits;

Console.WriteLine("Family trees (Rumelhart, Hinton & Williams 1986, Figs. 2–4)");
Console.WriteLine();

// ── The data ──
IReadOnlyList<Triple> triples = Kinship.Triples();
IReadOnlyList<KinshipCase> cases = Kinship.Cases();
KinshipCase[] twoAnswers = cases.Where(c => c.Answers.Count == 2).ToArray();
Console.WriteLine($"Data, derived from the two trees: {triples.Count} triples ({triples.Count(t => t.Person1.Tree == "English")} English, {triples.Count(t => t.Person1.Tree == "Italian")} Italian)");
Console.WriteLine($"  grouped by (person 1, relationship): {cases.Count} cases (paper: 104), {twoAnswers.Length} with two answers (paper: 8): " +
    string.Join("; ", twoAnswers.Select(c => c.ToString())));
Console.WriteLine("Network: person 24 → 6, relationship 12 → 6, both → central 12 → 6 → 24 people (the paper's Fig. 3, biases on every unit),");
Console.WriteLine($"  {FamilyTreesNet.ParameterCount} weights and biases.");

// ── The study ──
int[][] splits = Study.Splits(splitCount);
if (arguments.Ablation || arguments.Tune)
{
    Console.WriteLine();
    Configuration[] list;
    if (arguments.Ablation)
    {
        Console.WriteLine($"Ablation of row 2 over {splitCount} splits (seed {Study.SplitSeed}): each of its changes to the transcription undone in turn.");
        list = Configurations.Ablation;
    }
    else
    {
        splits = Study.TuningSplits(splitCount);
        Console.WriteLine($"Candidates over {splitCount} tuning splits (seed {Study.TuningSeed}; none holds out the same 4 cases as a reported split).");
        list = Configurations.Candidates;
    }

    ConfigurationResult[] listed = Study.Run(list, splits, arguments.Threads);
    Console.WriteLine($"{"configuration",-44} {"held-out right",14} {"splits 4 of 4",14} {"splits 0·1·2·3·4",17} {"top unit right",14} {"training right",14} {"one-to-one",11} {"the others",11}");
    foreach (ConfigurationResult r in listed)
    {
        Console.WriteLine($"{r.Configuration.Name,-44} {r.HeldOutAccuracy,14:P1} {$"{r.SplitsAllRight} of {r.Splits.Length}",14} {r.Distribution,17} {r.HeldOutTopAccuracy,14:P1} {$"{r.MeanTrainingRight:F1} of 100",14} " +
            $"{Cell(r.HeldOutRightWhere(Kinship.IsOneToOne)),11} {Cell(r.HeldOutRightWhere(c => !Kinship.IsOneToOne(c))),11}");
    }

    Console.WriteLine("  splits 0·1·2·3·4: how many splits got 0, 1, 2, 3 and 4 of their 4 held-out cases right.");

    Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s (wall clock, {Environment.ProcessorCount} cores{loadAtStart}).");
    return;
}

int[] timesHeldOut = new int[cases.Count];
foreach (int i in splits.SelectMany(s => s))
{
    timesHeldOut[i]++;
}

// With no arguments at all, the rows that tell the story — the paper as transcribed (1), the faithful variant (2), the
// present-day one (3), the best network (9) and the best ensemble (10) — so the default run stays under a minute on two
// cores; any argument (e.g. --splits 50) runs every row unless --rows picks some.
int[]? rows = arguments.Rows ?? (args.Length == 0 ? Configurations.DefaultRows : null);
Configuration[] configurations = rows?.Select(row => Configurations.All[row - 1]).ToArray() ?? Configurations.All;
if (rows is not null && arguments.Rows is null)
{
    Console.WriteLine();
    Console.WriteLine($"Rows {string.Join(", ", rows)} of the table on {splitCount} splits (the default: under a minute); `-- --splits 50` runs every row on the 50 splits of the README.");
}

Console.WriteLine();
Console.WriteLine($"Study: {splitCount} seeded splits (seed {Study.SplitSeed}) of 100 training / 4 held-out cases, the same splits and the same initial-weight");
Console.WriteLine($"  seeds for every configuration; every case held out {timesHeldOut.Min()}–{timesHeldOut.Max()} times. " +
    $"{configurations.Length} configurations × {splitCount} splits trained in parallel on {arguments.Threads ?? Environment.ProcessorCount} of {Environment.ProcessorCount} cores.");
ConfigurationResult[] results = Study.Run(configurations, splits, arguments.Threads);
double studySeconds = clock.Elapsed.TotalSeconds;

Console.WriteLine();
Console.WriteLine("A case is answered right when every answer's unit is on and every other unit is off; a case with two answers (the");
Console.WriteLine("uncles and aunts of the youngest generation) is right only when BOTH answer units are on and the other 22 off.");
foreach (ConfigurationResult r in results)
{
    Console.WriteLine($"  {r.Configuration.Name}: {r.Configuration.Rule}");
}

Console.WriteLine();
Console.WriteLine($"{"configuration",-30} {"held-out right",14} {"splits 4 of 4",14} {"splits 0·1·2·3·4",17} {"top unit right",14} {"training right",14} {"sweeps",7}");
foreach (ConfigurationResult r in results)
{
    Console.WriteLine($"{r.Configuration.Name,-30} {r.HeldOutAccuracy,14:P1} {$"{r.SplitsAllRight} of {r.Splits.Length}",14} {r.Distribution,17} {r.HeldOutTopAccuracy,14:P1} " +
        $"{$"{r.MeanTrainingRight:F1} of 100",14} {r.MeanSweeps,7:N0}");
}

Console.WriteLine($"{"the paper (one run)",-30} {"4 of 4",14} {"1 of 1",14} {"0·0·0·0·1",17} {"",14} {"",14} {"1,500",7}");
Console.WriteLine($"{"UCI description (two runs)",-30} {"7 of 8",14} {"",14} {"",17} {"",14} {"",14} {"1,500",7}");
Console.WriteLine($"{"2025 re-run, 50 splits",-30} {"",14} {"",14} {"",17} {"~67–74 %",14} {"",14} {"2,000",7}");
Console.WriteLine("  splits 0·1·2·3·4: how many splits got 0, 1, 2, 3 and 4 of their 4 held-out cases right.");
Console.WriteLine("  held-out right: the rule above; top unit right: the most active output unit is an answer (looser; it is how the 2025");
Console.WriteLine("  re-run — AdamW, batch norm, an extra layer — scores, so compare its figure with that column).");
Console.WriteLine();
Console.WriteLine("Held-out cases right by relationship (right of held out, over all splits). One-to-one cases — husband, wife, brother,");
Console.WriteLine("  sister: no other question of the same relationship has the same answer — can only be answered from the other tree's");
Console.WriteLine("  same question (or by inverting a fact, which a feed-forward net does not learn); the others share an answer with a sibling's question.");
KinshipCase[] oneToOne = cases.Where(Kinship.IsOneToOne).ToArray();
var alike = oneToOne.Where(c => Kinship.AlikeWhenHeldOut(c).Count > 0).Select(c => c.ToString()).ToHashSet();
bool IsAlike(KinshipCase c) => alike.Contains(c.ToString());
Console.WriteLine($"  Of the {oneToOne.Length} one-to-one cases, {alike.Count} leave person 1, once held out, answering every other question like");
Console.WriteLine("  someone else (\"Christopher's wife\" leaves his son and daughter, Penelope's too): \"alike\" below; in the others person 1's");
Console.WriteLine("  other questions tell them from everyone, but the answer still has to be inverted or carried over from the other tree.");
Relationship[] relationships = Enum.GetValues<Relationship>();
Console.WriteLine($"{"configuration",-30}{string.Join("", relationships.Select(r => $"{r.ToString().ToLowerInvariant(),9}"))} {"one-to-one",11} {"alike",7} {"the others",11}");
foreach (ConfigurationResult r in results)
{
    Console.WriteLine($"{r.Configuration.Name,-30}{string.Join("", relationships.Select(rel => $"{Cell(r.HeldOutRightWhere(c => c.Relationship == rel)),9}"))} " +
        $"{Cell(r.HeldOutRightWhere(Kinship.IsOneToOne)),11} {Cell(r.HeldOutRightWhere(c => Kinship.IsOneToOne(c) && IsAlike(c))),7} {Cell(r.HeldOutRightWhere(c => !Kinship.IsOneToOne(c))),11}");
}

Console.WriteLine();
foreach (Configuration c in configurations)
{
    Console.WriteLine($"{c.Name}: {c.Describe()}");
}

Console.WriteLine();
foreach (string line in Configurations.Deviations)
{
    Console.WriteLine(line);
}

// ── Why the transcription does not learn ──
if (results.FirstOrDefault(r => r.Configuration == PaperProcedure.Transcribed) is ConfigurationResult transcribed)
{
    Plateau plateau = Plateau.Measure(transcribed.Shown.Network!, splits[0], PaperProcedure.Transcribed);
    Console.WriteLine();
    Console.WriteLine($"Why row 1 does not learn (split 0, after {transcribed.Shown.Sweeps:N0} sweeps): every output unit varies by at most {plateau.OutputSpread:G2} over the");
    Console.WriteLine($"  104 questions, all near {plateau.MeanOutput:0.00} — just inside the 0.2 \"off\" margin; the answer does not depend on the question.");
    Console.WriteLine($"  Per sweep, the step a steady gradient builds up to, ε|∂E/∂w|/(1 − α), against what the decay takes, λ|w| (means over");
    Console.WriteLine($"  each layer's weights; the gradient of one sweep over split 0's training cases with the margin, at the end):");
    foreach ((string layer, double step, double decay) in plateau.Layers)
    {
        Console.WriteLine($"    {layer,-22} step {step,8:0.0E+0}   decay {decay,8:0.0E+0}   {(step < decay ? "the decay takes more" : "")}");
    }

    Console.WriteLine("  Where the question enters (the encoding layers) the decay takes as much as the gradient gives or more, so those weights");
    Console.WriteLine("  stay near 0, every question gets the same codes, and the layers above can only learn the average answer. See the README");
    Console.WriteLine("  for what each change does on its own.");
}

// ── What the person-encoding units learned (Fig. 4) ──
// Row 2: the paper's network and procedure, as in its Fig. 4.
if (results.FirstOrDefault(r => r.Configuration == Configurations.Faithful) is ConfigurationResult best)
{
    Trained shown = best.Shown;
    SplitResult shownSplit = best.Splits[0];
    Console.WriteLine();
    Console.WriteLine($"What the 6 person-encoding units learned ({best.Configuration.Name}, split 0, held out: " +
        $"{string.Join(", ", shownSplit.HeldOut.Select((c, k) => $"{c.Person1}'s {c.Relationship.ToString().ToLowerInvariant()} {(shownSplit.HeldOutRight[k] ? "✓" : "✗")}"))}).");
    Console.WriteLine("  Measure: Pearson's r between a unit's 24 incoming weights and a feature of the 24 people; |r| ≥ 0.7 names the unit.");
    Console.WriteLine($"   {"",-7}{string.Join("", Figures.Features.Select(f => $"{f.Name.Split(' ')[0],14}"))}");
    for (int unit = 0; unit < Figures.PersonCodeUnits; unit++)
    {
        double[] r = Figures.Features.Select(f => Figures.Correlation(shown, unit, f.Value)).ToArray();
        int strongest = Array.IndexOf(r.Select(Math.Abs).ToArray(), r.Max(Math.Abs));
        string reading = Math.Abs(r[strongest]) >= 0.7 ? $"  ← {Figures.Features[strongest].Name.Split(' ')[0]}" : "";
        Console.WriteLine($"   unit {unit + 1}{string.Join("", r.Select(v => $"{Math.Round(v, 2) + 0.0,14:+0.00;−0.00;0.00}"))}{reading}");
    }

    Console.WriteLine("  (Paper: one unit separates English from Italian, one encodes generation, one the branch of the family.)");

    string pictures = PictureDirectory.Get();
    string hinton = Path.Combine(pictures, "family-trees-person-units.svg");
    Figures.PersonEncoding(shown, $"Family trees: person-encoding units ({best.Configuration.Name}, split 0)").Save(hinton);
    Console.WriteLine();
    Console.WriteLine($"Picture written to {hinton}");
    Console.WriteLine($"  (the paper's Fig. 4: white = positive, black = negative, area ∝ |w|; English on top, Italians beneath in the same positions)");
}

Console.WriteLine($"Study {studySeconds:F1} s, everything {clock.Elapsed.TotalSeconds:F1} s (wall clock, {Environment.ProcessorCount} cores{loadAtStart}).");

// The machine's load when the sample started (Linux), since a shared machine's run time says little without it.
static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? $"; load average at start {string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3))}" : "";

// One cell of the by-relationship columns: right of held out.
static string Cell((int Right, int Of) n) => $"{n.Right}/{n.Of}";
