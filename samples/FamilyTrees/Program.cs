// Hinton's family-trees experiment (Rumelhart, Hinton & Williams 1986, Figs. 2–4; Hinton 1986) as a study: a five-layer
// network learns (person 1, relationship) → person 2 from 100 of the 104 cases of two isomorphic family trees and is
// tested on the other 4, over many seeded splits, for several configurations side by side; the person-encoding units
// of one run are drawn as the paper's Fig. 4.
//
//   dotnet run --project samples/FamilyTrees [-- --splits N]      (default 50 splits)
using System.Diagnostics;
using System.Globalization;
using BackpropGen;
using BackpropGen.Samples;
using FamilyTrees;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
int splitCount = Arguments.SplitCount(args, defaultCount: 50);

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
int[] timesHeldOut = new int[cases.Count];
foreach (int i in splits.SelectMany(s => s))
{
    timesHeldOut[i]++;
}

Configuration[] configurations = Configurations.All;
Console.WriteLine();
Console.WriteLine($"Study: {splitCount} seeded splits (seed {Study.SplitSeed}) of 100 training / 4 held-out cases, the same splits and the same initial-weight");
Console.WriteLine($"  seeds for every configuration; every case held out {timesHeldOut.Min()}–{timesHeldOut.Max()} times. " +
    $"{configurations.Length} configurations × {splitCount} splits trained in parallel on {Environment.ProcessorCount} cores.");
ConfigurationResult[] results = Study.Run(configurations, splits);
double studySeconds = clock.Elapsed.TotalSeconds;

Console.WriteLine();
Console.WriteLine("A case is answered right when every answer's unit is on and every other unit is off; a case with two answers (the");
Console.WriteLine("uncles and aunts of the youngest generation) is right only when BOTH answer units are on and the other 22 off.");
foreach (ConfigurationResult r in results)
{
    Console.WriteLine($"  {r.Configuration.Name}: {r.Configuration.Rule}");
}

Console.WriteLine();
Console.WriteLine($"{"configuration",-34} {"held-out right",15} {"splits 4 of 4",14} {"training right",15} {"sweeps",7}");
foreach (ConfigurationResult r in results)
{
    Console.WriteLine($"{r.Configuration.Name,-34} {r.HeldOutAccuracy,14:P1} {$"{r.SplitsAllRight} of {r.Splits.Length}",14} " +
        $"{$"{r.MeanTrainingRight:F1} of 100",15} {r.MeanSweeps,7:N0}");
}

Console.WriteLine($"{"the paper (one split)",-34} {"4 of 4",14} {"1 of 1",14} {"",15} {"1,500",7}");
Console.WriteLine($"{"UCI description (two runs)",-34} {"7 of 8",14} {"",14} {"",15} {"1,500",7}");
Console.WriteLine($"{"2025 re-run (AdamW, batch norm…)",-34} {"~67–74 %",14} {"",14} {"",15} {"",7}   (over 50 random splits)");
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
ConfigurationResult transcribed = results[0];
double[][] stuck = cases.Select(transcribed.Shown.Output).ToArray();
double spread = Enumerable.Range(0, Kinship.PersonCount).Max(j => stuck.Max(y => y[j]) - stuck.Min(y => y[j]));
double largest = Enumerable.Range(0, 6).SelectMany(j => Enumerable.Range(0, Kinship.PersonCount).Select(i => Math.Abs(transcribed.Shown.PersonCodeWeight(j, i)))).Max();
Console.WriteLine();
Console.WriteLine($"Row 1 on split 0 after {transcribed.Shown.Sweeps:N0} sweeps: every output unit varies by at most {spread:G2} over the 104 questions, all near " +
    $"{stuck.Average(y => y.Average()):0.00};");
Console.WriteLine($"  the largest person-encoding weight is {largest:0.000}. The answer does not depend on the question: the net sits on the plateau.");

// ── What the person-encoding units learned (Fig. 4) ──
ConfigurationResult best = results.Skip(1).OrderByDescending(r => r.HeldOutAccuracy).First();
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
    Console.WriteLine($"   unit {unit + 1}{string.Join("", r.Select(v => $"{v,14:+0.00;−0.00}"))}{reading}");
}

Console.WriteLine("  (Paper: one unit separates English from Italian, one encodes generation, one the branch of the family.)");

string pictures = PictureDirectory.Get();
string hinton = Path.Combine(pictures, "family-trees-person-units.svg");
Figures.PersonEncoding(shown, $"Family trees: person-encoding units ({best.Configuration.Name}, split 0)").Save(hinton);
Console.WriteLine();
Console.WriteLine($"Picture written to {hinton}");
Console.WriteLine($"  (the paper's Fig. 4: white = positive, black = negative, area ∝ |w|; English on top, Italians beneath in the same positions)");
Console.WriteLine($"Study {studySeconds:F1} s, everything {clock.Elapsed.TotalSeconds:F1} s (wall clock, {Environment.ProcessorCount} cores).");
