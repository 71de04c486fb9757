// Hinton's family-trees experiment (Rumelhart, Hinton & Williams 1986, Figs. 2–4; Hinton 1986): a five-layer network
// learns the 104 (person 1, relationship) → person 2 cases of two isomorphic family trees, English and Italian, from
// 100 of them, is tested on the other 4, and its person-encoding units are drawn as the paper's Fig. 4.
using System.Diagnostics;
using System.Globalization;
using BackpropGen.Pictures;
using BackpropGen.Samples;
using FamilyTrees;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
const int Seeds = 10;

Console.WriteLine("Family trees (Rumelhart, Hinton & Williams 1986, Figs. 2–4)");
Console.WriteLine();

// ── The data ──
IReadOnlyList<Triple> triples = Kinship.Triples();
IReadOnlyList<KinshipCase> cases = Kinship.Cases();
KinshipCase[] twoAnswers = cases.Where(c => c.Answers.Count == 2).ToArray();
Console.WriteLine($"Data, derived from the two trees: {triples.Count} triples ({triples.Count(t => t.Person1.Tree == "English")} English, {triples.Count(t => t.Person1.Tree == "Italian")} Italian)");
Console.WriteLine($"  grouped by (person 1, relationship): {cases.Count} cases (paper: 104), {twoAnswers.Length} with two answers (paper: 8):");
foreach (KinshipCase c in twoAnswers)
{
    Console.WriteLine($"    {c}");
}

Console.WriteLine("Network: person 24 → 6, relationship 12 → 6, both → central 12 → 6 → 24 people (sigmoid units with biases),");
Console.WriteLine($"  {FamilyTreesNet.ParameterCount} weights and biases, batch sweeps over 100 cases; the other 4 are held out (a different 4 for each seed).");
Console.WriteLine("  Correct = every answer's unit above 0.8 and every other unit below 0.2 (the paper's criterion).");

// ── 1. The paper's schedule ──
Schedule paper = Schedule.Paper;
Run[] paperRuns = TrainSeeds(paper);
Console.WriteLine();
Console.WriteLine("1. The paper's schedule");
Console.WriteLine($"   {paper}");
PrintRuns(paperRuns);
Console.WriteLine($"   Held-out cases correct: {paperRuns.Sum(r => r.HeldOutCorrect)} of {Experiment.HeldOutCount * Seeds}; " +
    $"answer is the most active unit: {paperRuns.Sum(r => r.HeldOutMostActive)} of {Experiment.HeldOutCount * Seeds}   " +
    "(paper: all 4 of its 4; the UCI description of the same work: 7 of 8 over two runs)");
Run stuck = paperRuns[0];
double[][] stuckOutputs = stuck.Training.Select(c => Experiment.Output(stuck.Net, c)).ToArray();
double spread = Enumerable.Range(0, FamilyTreesNet.OutputSize).Max(j => stuckOutputs.Max(y => y[j]) - stuckOutputs.Min(y => y[j]));
double largestCodeWeight = stuck.Net.PersonCodeWeights.ToArray().Max(Math.Abs);
Console.WriteLine($"   The net never leaves a plateau. After seed {stuck.Seed}'s 1,500 sweeps its answer does not depend on the question: each output");
Console.WriteLine($"   unit varies by at most {spread:G2} over the 100 cases, all near {stuckOutputs.Average(y => y.Average()):0.00} (just inside the 0.2 \"off\" margin). From ±0.3");
Console.WriteLine($"   the gradient reaching the lower layers is tiny and the 0.2 % decay wins: the largest person-encoding weight is now {largestCodeWeight:0.000}.");
double[] lateErrors = paperRuns.SelectMany(r => r.Errors.Skip(100)).ToArray();
Console.WriteLine($"   (With the margin the error chatters between {lateErrors.Min():0} and {lateErrors.Max():0} from sweep to sweep after sweep 100; see the error curve.)");

// ── 2. A schedule that learns here ──
var ours = new Schedule(InitialRange: 1.0, WarmupSweeps: 20, WarmupEpsilon: 0.005, WarmupAlpha: 0.5,
    Epsilon: 0.05, Alpha: 0.9, WeightDecay: 0.0005, ErrorMargin: false, Sweeps: 3000);
Run[] ourRuns = TrainSeeds(ours);
Console.WriteLine();
Console.WriteLine("2. A schedule that gets off the plateau (larger initial weights and ε, a quarter of the decay, no margin, 3,000 sweeps)");
Console.WriteLine($"   {ours}");
PrintRuns(ourRuns);
Console.WriteLine($"   Held-out cases correct: {ourRuns.Sum(r => r.HeldOutCorrect)} of {Experiment.HeldOutCount * Seeds}; " +
    $"answer is the most active unit: {ourRuns.Sum(r => r.HeldOutMostActive)} of {Experiment.HeldOutCount * Seeds}   (paper: 4 of 4; UCI: 7 of 8)");
Console.WriteLine($"   Training cases learned: {ourRuns.Sum(r => r.TrainingCorrect)} of {100 * Seeds}.");

// ── What the person-encoding units learned (Fig. 4) ──
Run shown = ourRuns[0];
Console.WriteLine();
Console.WriteLine($"What the 6 person-encoding units learned (schedule 2, seed {shown.Seed}): correlation of each unit's 24 incoming weights with");
Console.WriteLine($"   {"",-7}{string.Join("", Figures.Features.Select(f => $"{f.Name.Split(' ')[0],14}"))}");
for (int unit = 0; unit < Figures.PersonCodeUnits; unit++)
{
    double[] r = Figures.Features.Select(f => Figures.Correlation(shown.Net, unit, f.Value)).ToArray();
    int best = Array.IndexOf(r.Select(Math.Abs).ToArray(), r.Max(Math.Abs));
    string reading = Math.Abs(r[best]) >= 0.7 ? $"  ← {Figures.Features[best].Name.Split(' ')[0]}" : "";
    Console.WriteLine($"   unit {unit + 1}{string.Join("", r.Select(v => $"{v,14:+0.00;−0.00}"))}{reading}");
}

int[] BestUnitCounts(int feature) => ourRuns.Select(run => Enumerable.Range(0, Figures.PersonCodeUnits)
    .Count(u => Math.Abs(Figures.Correlation(run.Net, u, Figures.Features[feature].Value)) >= 0.7)).ToArray();
Console.WriteLine($"   Over the {Seeds} seeds, nets with a unit whose |r| ≥ 0.7 for nationality: {BestUnitCounts(0).Count(n => n > 0)}, " +
    $"generation: {BestUnitCounts(1).Count(n => n > 0)}, branch: {BestUnitCounts(2).Count(n => n > 0)}, sex: {BestUnitCounts(3).Count(n => n > 0)}.");
Console.WriteLine("   (Paper: one unit separates English from Italian, one encodes generation, one the branch of the family.)");

// ── Pictures ──
string pictures = PictureDirectory.Get();
string hinton = Path.Combine(pictures, "family-trees-person-units.svg");
Figures.PersonEncoding(shown.Net, $"Family trees: person-encoding units (schedule 2, seed {shown.Seed})").Save(hinton);
string curve = Path.Combine(pictures, "family-trees-error.svg");
var errorCurve = new ErrorCurve("Family trees: error per sweep") { MaxPointsPerSeries = 400, YLabel = "error E (with the 0.8 / 0.2 margin for schedule 1)" };
foreach (Run run in paperRuns.Skip(1).Concat(ourRuns.Skip(1)))
{
    errorCurve.AddSeries("other seeds", run.Errors, faint: true);
}

errorCurve.AddSeries($"1. paper's schedule, seed {paperRuns[0].Seed}", paperRuns[0].Errors)
    .AddSeries($"2. schedule 2, seed {ourRuns[0].Seed}", ourRuns[0].Errors)
    .AddMarker(1500, "paper: 1,500 sweeps")
    .Save(curve);
Console.WriteLine();
Console.WriteLine($"Pictures written to {pictures}:");
Console.WriteLine($"   {Path.GetFileName(hinton)}  (the paper's Fig. 4: white = positive, black = negative, area ∝ |w|)");
Console.WriteLine($"   {Path.GetFileName(curve)}");
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");

static Run[] TrainSeeds(Schedule schedule)
{
    var runs = new Run[Seeds];
    Parallel.For(0, Seeds, k => runs[k] = Experiment.Train(schedule, (ulong)k + 1));
    return runs;
}

static void PrintRuns(Run[] runs)
{
    Console.WriteLine($"   {"seed",4}  {"E at end",8}  {"training",8}  held-out cases (✓ correct, ~ answer most active only, ✗ wrong)");
    foreach (Run run in runs)
    {
        string heldOut = string.Join(", ", run.HeldOut.Select(c =>
            (Experiment.IsCorrect(run.Net, c) ? "✓ " : Experiment.AnswersAreMostActive(run.Net, c) ? "~ " : "✗ ") +
            $"{c.Person1.Name}'s {c.Relationship.ToString().ToLowerInvariant()}"));
        Console.WriteLine($"   {run.Seed,4}  {run.Errors[^1],8:F2}  {run.TrainingCorrect,4}/100  {run.HeldOutCorrect}/4: {heldOut}");
    }
}
