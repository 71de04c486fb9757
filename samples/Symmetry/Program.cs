// Mirror symmetry (Rumelhart, Hinton & Williams 1986, Fig. 1): a 6-2-1 network learns whether a binary vector is
// symmetric about its middle, with the paper's settings, over many seeds; the learned weights are compared with the
// paper's solution and drawn.
using System.Diagnostics;
using System.Globalization;
using BackpropGen;
using BackpropGen.Pictures;
using BackpropGen.Samples;
using Symmetry;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var clock = Stopwatch.StartNew();
const int Seeds = 100;
const int SweepLimit = 60_000;
const int PaperSweeps = 1425;

DataSet<double> data = MirrorSymmetry.Data();
Console.WriteLine("Mirror symmetry (Rumelhart, Hinton & Williams 1986, Fig. 1)");
Console.WriteLine($"6-2-1 sigmoid net with biases; all {data.Count} patterns ({Enumerable.Range(0, 64).Count(MirrorSymmetry.IsSymmetric)} symmetric); " +
    "batch sweeps, ε = 0.1, α = 0.9, initial weights uniform in ±0.3.");
Console.WriteLine($"Trained until every output is within {MirrorSymmetry.Tolerance} of its target, or {SweepLimit:N0} sweeps; seeds 1–{Seeds}.");

var runs = new SymmetryRun[Seeds];
Parallel.For(0, Seeds, k => runs[k] = SymmetryRun.Train((ulong)k + 1, data, SweepLimit));

// ── One run in detail: seed 1, or the first seed that solves it ──
SymmetryRun shown = runs.FirstOrDefault(r => r.Solved) ?? runs[0];
Console.WriteLine();
if (shown.Seed != 1)
{
    Console.WriteLine($"Seed 1 did not solve it within {SweepLimit:N0} sweeps ({runs[0].Right} of 64 right); showing seed {shown.Seed}, the first that did.");
}

Console.WriteLine(shown.Solved
    ? $"Seed {shown.Seed}: solved after {shown.Sweeps:N0} sweeps   (paper: {PaperSweeps:N0})"
    : $"Seed {shown.Seed}: not solved after {shown.Sweeps:N0} sweeps   (paper: {PaperSweeps:N0})");
var solution = new Solution(shown.Net);
Console.WriteLine($"   {"",-9}{string.Join("", Enumerable.Range(1, 6).Select(i => $"{"x" + i,8}"))}{"bias",9}{"→ output",10}");
for (int j = 0; j < 2; j++)
{
    HiddenUnit h = solution.Hidden[j];
    Console.WriteLine($"   hidden {j + 1}{string.Join("", h.Weights.Select(w => $"{w,8:+0.00;−0.00}"))}{h.Bias,9:+0.00;−0.00}{h.OutputWeight,10:+0.00;−0.00}");
}

Console.WriteLine($"   output bias {solution.OutputBias:+0.00;−0.00}");
for (int j = 0; j < 2; j++)
{
    HiddenUnit h = solution.Hidden[j];
    Console.WriteLine($"   hidden {j + 1}: mirror pairs (x1,x6) (x2,x5) (x3,x4) {(h.MirrorPairsOpposite ? "have opposite signs" : "do NOT all have opposite signs")}, " +
        $"equal in size to within {h.PairImbalance:P1}; pair sizes {string.Join(", ", h.PairMagnitudes.Select(m => m.ToString("0.00")))}");
    Console.WriteLine($"             → ratio, smallest first, 1 : {h.Ratios[1]:0.00} : {h.Ratios[2]:0.00}   (paper: 1 : 2 : 4)");
}

Console.WriteLine($"   hidden biases {solution.Hidden[0].Bias:+0.00;−0.00}, {solution.Hidden[1].Bias:+0.00;−0.00} (paper: negative); " +
    $"output bias {solution.OutputBias:+0.00;−0.00} (paper: positive) → {(solution.IsThePapers ? "the paper's solution" : "not the paper's solution")}");

// ── Every seed ──
SymmetryRun[] solved = runs.Where(r => r.Solved).ToArray();
int[] sweeps = solved.Select(r => r.Sweeps).Order().ToArray();
Console.WriteLine();
Console.WriteLine($"Over {Seeds} seeds: {solved.Length} solved it within {SweepLimit:N0} sweeps.");
if (sweeps.Length > 0)
{
    Console.WriteLine($"   Sweeps to solve: median {Median(sweeps):N0}, quartiles {Quantile(sweeps, 0.25):N0}–{Quantile(sweeps, 0.75):N0}, range {sweeps[0]:N0}–{sweeps[^1]:N0}   " +
        $"(paper: {PaperSweeps:N0}; a published 1,000-seed re-run: median 2,715, range 333–54,770)");
    if (solved.Length < Seeds)
    {
        Console.WriteLine($"   Counting the unsolved seeds as taking longer than {SweepLimit:N0}, the median over all {Seeds} is " +
            (solved.Length * 2 > Seeds ? $"{Median(runs.Select(r => r.Solved ? r.Sweeps : int.MaxValue).Order().ToArray()):N0}." : $"above {SweepLimit:N0}."));
    }

    Console.WriteLine("   How many seeds solved it by sweep:");
    foreach (int bound in new[] { 1000, 1425, 2000, 3000, 5000, 10_000, 20_000, SweepLimit })
    {
        int count = sweeps.Count(s => s <= bound);
        Console.WriteLine($"   {bound,9:N0}  {count,3}  {new string('█', count)}");
    }

    Solution[] solutions = solved.Select(r => new Solution(r.Net)).ToArray();
    int opposite = solutions.Count(s => s.Hidden.All(h => h.MirrorPairsOpposite));
    int papers = solutions.Count(s => s.IsThePapers);
    int ratios124 = solutions.Count(s => s.Hidden.All(h => h.MirrorPairsOpposite && h.RatiosNear124));
    int ratios234 = solutions.Count(s => s.Hidden.All(h => h.MirrorPairsOpposite && h.RatiosNear234));
    Console.WriteLine($"   Of the {solved.Length} solutions, {opposite} have opposite signs on every mirror pair in both hidden units;");
    Console.WriteLine($"   {ratios124} have pair sizes 1 : 2 : 4 within 20 % ({papers} with the paper's bias signs too: the paper's solution), and");
    Console.WriteLine($"   {ratios234} another exact solution, pair sizes 2 : 3 : 4 (1 : 1.5 : 2), for which no sum ±a ± b ± c (or of two of them) is");
    Console.WriteLine($"   zero either; {solved.Length - ratios124 - ratios234} something else.");
}

int longPlateau = runs.Count(r => r.SweepsAt56 > 1000);
Console.WriteLine($"   Plateaus: {longPlateau} of {Seeds} seeds spent more than 1,000 sweeps answering \"not symmetric\" to every pattern (all 56");
Console.WriteLine($"   asymmetric ones right, all 8 symmetric ones wrong: 87.5 %); the longest such stay was {runs.Max(r => r.SweepsAt56):N0} sweeps.");
SymmetryRun[] stuck = runs.Where(r => !r.Solved).ToArray();
if (stuck.Length > 0)
{
    Console.WriteLine($"   {stuck.Length} did not solve it within {SweepLimit:N0} sweeps; they end with {string.Join(", ", stuck.Select(r => r.Right))} of 64 right.");
    Console.WriteLine("   As the paper says, nets with just enough hidden units for the task can stall in local minima.");
}
else
{
    Console.WriteLine($"   None stalled for good within {SweepLimit:N0} sweeps, but the slowest seed took {(double)sweeps[^1] / sweeps[0]:0} times the sweeps of the fastest.");
}

// ── Pictures ──
string pictures = PictureDirectory.Get();
string weights = Path.Combine(pictures, "symmetry-weights.svg");
SymmetryFigure.Weights(shown).Save(weights);
string curve = Path.Combine(pictures, "symmetry-error.svg");
var errorCurve = new ErrorCurve($"Mirror symmetry: error per sweep, {Seeds} seeds") { MaxPointsPerSeries = 400 };
foreach (SymmetryRun run in runs.Where(r => r != shown))
{
    errorCurve.AddSeries("other seeds", run.Errors, faint: true);
}

errorCurve.AddSeries($"seed {shown.Seed}", shown.Errors)
    .AddMarker(PaperSweeps, "paper: 1,425")
    .AddLevel(4, "E ≈ 4: \"not symmetric\" to all 64")
    .Save(curve);
Console.WriteLine();
Console.WriteLine($"Pictures written to {pictures}:");
Console.WriteLine($"   {Path.GetFileName(weights)}  (the paper's Fig. 1 as a Hinton diagram: white = positive, black = negative, area ∝ |w|)");
Console.WriteLine($"   {Path.GetFileName(curve)}");
Console.WriteLine($"Done in {clock.Elapsed.TotalSeconds:F1} s.");

static double Median(int[] sorted) =>
    sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + (double)sorted[sorted.Length / 2]) / 2;

// The nearest-rank quantile of a sorted array.
static int Quantile(int[] sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
