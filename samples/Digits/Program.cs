// Handwritten digits (UCI, 8 × 8): a 64 → 32 → 10 softmax net trained with Adam and mini-batches through
// NetworkTrainer.Fit, beside the paper's own rule (batch sweeps with momentum) on the same split, and PyTorch's figure.
//
//   dotnet run -c Release --project samples/Digits                 train, print, draw; save digits.bpgw
//   dotnet run -c Release --project samples/Digits -- --search     the paper's rule over a grid of ε and α
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BackpropGen;
using BackpropGen.Pictures;
using BackpropGen.Samples;
using Digits;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
DigitsData digits = DigitsData.Load();
bool[] testMask = digits.TestMask();
var (train, test) = digits.Split<float>();
Console.WriteLine($"UCI handwritten digits: {digits.Count} images of 8 × 8; stratified 80/20 split (seed {DigitsData.SplitSeed}): {train.Count} training, {test.Count} test.");

if (args.Contains("--search"))
{
    Search(train, test);
    return;
}

// A live progress line: plain Console, rewritten in place with '\r' (no dependency, and NativeAOT/trim-clean; when
// the output is redirected, a line every 10 epochs instead, so logs stay readable).
var progress = new ProgressLine("Adam");
var clock = Stopwatch.StartNew();
var (net, adam) = DigitsExperiment.TrainAdam(train, test, progress);
clock.Stop();
progress.Done();
double accuracy = Evaluation.Accuracy(net, test);
Console.WriteLine($"Adam (ε 0.005), mini-batches of 32, mean gradient, {DigitsExperiment.AdamEpochs} epochs: test accuracy {100 * accuracy:F2} % ({Math.Round(accuracy * test.Count)}/{test.Count}), trained in {clock.Elapsed.TotalSeconds:F2} s");

string torchPath = Path.Combine(AppContext.BaseDirectory, "digits_torch.json");
if (File.Exists(torchPath))
{
    JsonElement torch = JsonDocument.Parse(File.ReadAllText(torchPath)).RootElement;
    double[] runs = torch.GetProperty("test_accuracies").EnumerateArray().Select(e => e.GetDouble()).ToArray();
    Console.WriteLine($"PyTorch {torch.GetProperty("torch").GetString()} on the same split, same net and settings (samples/Digits/pytorch/digits_torch.py): " +
        $"{100 * runs[0]:F2} % (seed 0); over seeds 0–{runs.Length - 1}: {100 * runs.Min():F2}–{100 * runs.Max():F2} %, mean {100 * runs.Average():F2} %");
}

var paperProgress = new ProgressLine("paper's rule");
clock.Restart();
var (paperNet, paper) = DigitsExperiment.TrainPaperRule(train, test, progress: paperProgress);
clock.Stop();
paperProgress.Done();
double paperAccuracy = Evaluation.Accuracy(paperNet, test);
Console.WriteLine($"The paper's rule (batch sweeps of all {train.Count} cases, E summed, ε {DigitsExperiment.PaperLearningRate}, α {DigitsExperiment.PaperMomentum}), {DigitsExperiment.PaperSweeps} sweeps: test accuracy {100 * paperAccuracy:F2} %, trained in {clock.Elapsed.TotalSeconds:F2} s");
Console.WriteLine($"First epoch at ≥ 97 % test accuracy: Adam {First(adam)} (of {adam.History.Count} epochs, each 45 steps), the paper's rule {First(paper)} (of {paper.History.Count} sweeps, each 1 step)");
Console.WriteLine();

ConfusionMatrix confusion = Evaluation.Confusion(net, test);
Console.WriteLine("Adam's test confusion matrix:");
Console.WriteLine(confusion);

// The misclassified test images, side by side, as 8 × 8 ASCII art.
var wrong = new List<(int Image, int Said, float P)>();
float[] output = new float[10];
for (int image = 0, t = 0; image < digits.Count; image++)
{
    if (!testMask[image])
    {
        continue;
    }

    net.Forward(test.Input(t++), output);
    int said = Evaluation.ClassOf<float>(output);
    if (said != digits.Labels[image])
    {
        wrong.Add((image, said, output[said]));
    }
}

Console.WriteLine($"Misclassified test images ({wrong.Count}): digit → answer (probability)");
for (int start = 0; start < wrong.Count; start += 8)
{
    var row = wrong.Skip(start).Take(8).ToList();
    Console.WriteLine(string.Join("  ", row.Select(w => $"{digits.Labels[w.Image]} → {w.Said} ({w.P:F2})".PadRight(14))));
    string[][] arts = row.Select(w => DigitsData.Art(digits.Image(w.Image)).TrimEnd('\n').Split('\n')).ToArray();
    for (int line = 0; line < 8; line++)
    {
        Console.WriteLine(string.Join("  ", arts.Select(a => ("|" + a[line] + "|").PadRight(14))));
    }

    Console.WriteLine();
}

// Pictures: error and accuracy per epoch, and the first layer's weights as one 8 × 8 tile per hidden unit.
string pictures = PictureDirectory.Get();
var errorCurve = new ErrorCurve("Digits: mean cross-entropy per case")
{
    XLabel = "epoch (Adam) / sweep (paper's rule)",
    YLabel = "mean E per case = −(1/n) Σ_c Σ_j d ln y",
};
errorCurve.AddSeries("Adam, training", adam.History.Select(m => m.TrainingError / train.Count).ToArray());
errorCurve.AddSeries("Adam, test", adam.History.Select(m => m.ValidationError / test.Count).ToArray());
errorCurve.AddSeries("paper's rule, test", paper.History.Select(m => m.ValidationError / test.Count).ToArray());
errorCurve.Save(Path.Combine(pictures, "digits-error.svg"));
var accuracyCurve = new ErrorCurve("Digits: test accuracy") { XLabel = "epoch (Adam) / sweep (paper's rule)", YLabel = "test accuracy", LogarithmicError = false };
accuracyCurve.AddSeries("Adam", adam.History.Select(m => m.ValidationAccuracy).ToArray());
accuracyCurve.AddSeries("paper's rule", paper.History.Select(m => m.ValidationAccuracy).ToArray());
accuracyCurve.AddLevel(0.97, "97 %");
accuracyCurve.Save(Path.Combine(pictures, "digits-accuracy.svg"));
var hinton = new HintonDiagram("Digits: each hidden unit's 64 weights from the pixels, as an 8 × 8 tile (white +, black −)") { BlocksPerRow = 8, CellSize = 7 };
for (int j = 0; j < 32; j++)
{
    HintonBlock tile = hinton.AddBlock($"h{j}", 8, 8);
    for (int row = 0; row < 8; row++)
    {
        double[] values = net.HiddenWeights.Slice((j * 64) + (row * 8), 8).ToArray().Select(v => (double)v).ToArray();
        tile.SetRow(row, values);
    }
}

hinton.Save(Path.Combine(pictures, "digits-hidden-weights.svg"));
Console.WriteLine($"Wrote digits-error.svg, digits-accuracy.svg and digits-hidden-weights.svg to {pictures}");

string weights = Path.Combine(pictures, "digits.bpgw");
net.Save(weights);
Console.WriteLine($"Saved the trained weights to {weights} (samples/EmbeddedDigits bakes a copy).");

static string First(FitResult result) =>
    result.History.FirstOrDefault(m => m.ValidationAccuracy >= 0.97) is { Epoch: > 0 } m ? m.Epoch.ToString(CultureInfo.InvariantCulture) : "never";

static void Search(DataSet<float> train, DataSet<float> test)
{
    foreach (double momentum in new[] { 0.5, 0.9 })
    {
        foreach (double rate in new[] { 0.0001, 0.0002, 0.0005, 0.001, 0.002 })
        {
            try
            {
                var (net, result) = DigitsExperiment.TrainPaperRule(train, test, rate, momentum);
                Console.WriteLine($"ε {rate,-7} α {momentum}: test accuracy {100 * Evaluation.Accuracy(net, test):F2} % after {result.LastEpoch} sweeps (best test E at sweep {result.BestEpoch})");
            }
            catch (TrainingDivergedException e)
            {
                Console.WriteLine($"ε {rate,-7} α {momentum}: diverged ({e.Message[..Math.Min(60, e.Message.Length)]}…)");
            }
        }
    }
}

/// <summary>One console line per run, rewritten after every epoch (or a line every 10 epochs when output is redirected).</summary>
internal sealed class ProgressLine(string name) : IProgress<EpochMetrics>
{
    private readonly bool _live = !Console.IsOutputRedirected;
    private EpochMetrics _last;

    public void Report(EpochMetrics value)
    {
        _last = value;
        if (_live)
        {
            Console.Write($"\r{name}: {value}   ");
        }
        else if (value.Epoch % 100 == 0)
        {
            Console.WriteLine($"{name}: {value}");
        }
    }

    public void Done()
    {
        if (_live)
        {
            Console.Write("\r" + new string(' ', Math.Min(Console.BufferWidth - 1, 120)) + "\r");
        }
    }
}
