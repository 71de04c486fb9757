// Reproduces the seed's NumPy script (shared/seeds/002): a 2-4-1 sigmoid net without biases, full-batch
// gradient descent with ε = 0.5 and no momentum, 10,001 steps, from the weights NumPy draws with seed 42.
//
//   dotnet run --project samples/Xor                          train from XorReference's constants
//   dotnet run --project samples/Xor -- --from-npy DIR        start from DIR/hidden.weights.npy and DIR/output.weights.npy
//   dotnet run --project samples/Xor -- --save xor.bpgw       also save the trained parameters (what samples/EmbeddedXor bakes)
//   dotnet run --project samples/Xor -- --write-seed-npy DIR  write the seed's initial weights as .npy files, and stop
using System.Globalization;
using BackpropGen;
using BackpropGen.Pictures;
using BackpropGen.Samples;
using Xor;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

string? fromNpy = null, save = null, writeSeedNpy = null;
for (int a = 0; a < args.Length; a++)
{
    string? value = a + 1 < args.Length ? args[a + 1] : null;
    switch (args[a])
    {
        case "--from-npy" when value is not null: fromNpy = value; a++; break;
        case "--save" when value is not null: save = value; a++; break;
        case "--write-seed-npy" when value is not null: writeSeedNpy = value; a++; break;
        default:
            Console.Error.WriteLine($"Unknown or incomplete option '{args[a]}'. Options: --from-npy DIR, --save FILE.bpgw, --write-seed-npy DIR.");
            return 2;
    }
}

var net = new XorNet { LearningRate = 0.5, Momentum = 0 };
net.SetParameters(XorReference.InitialParameters());
if (writeSeedNpy is not null)
{
    // W1 (2 × 4) and W2 (4 × 1), exactly the arrays the seed script draws: NumPyParameters' W[i, j] = w_ji.
    NumPyParameters.Save(net, writeSeedNpy);
    Console.WriteLine($"Wrote the seed's initial weights to {Path.Combine(writeSeedNpy, NumPyParameters.WeightsFileName("hidden"))} (W1, 2 × 4) and {NumPyParameters.WeightsFileName("output")} (W2, 4 × 1).");
    return 0;
}

if (fromNpy is not null)
{
    NumPyParameters.Load(net, fromNpy);
    Console.WriteLine($"Initial weights from {Path.GetFullPath(fromNpy)} (.npy, W[i, j] = w_ji)");
}

var data = XorReference.Data();
var errors = new double[XorReference.Steps];
Console.WriteLine("XOR, 2-4-1, no biases, sigmoid, ε = 0.5, full batch (the seed's NumPy script)");
Console.WriteLine();
for (int step = 0; step <= XorReference.Steps - 1; step++)
{
    // TrainBatch returns E = ½ Σ (y − d)² from the forward pass before the update; NumPy prints the mean of (y − d)².
    double error = net.TrainBatch(data);
    errors[step] = error;
    if (step % 2000 == 0)
    {
        double mse = 2 * error / (data.Count * XorNet.OutputSize);
        Console.WriteLine($"Step {step,5} | Loss: {mse:F4}   (NumPy {XorReference.MeanSquaredErrors[step / 2000]:F4})");
    }
}

Console.WriteLine();
Console.WriteLine("Trained predictions vs correct XOR:");
Span<double> output = stackalloc double[XorNet.OutputSize];
for (int c = 0; c < data.Count; c++)
{
    ReadOnlySpan<double> input = data.Input(c);
    net.Forward(input, output);
    Console.WriteLine($"  Input [{input[0]} {input[1]}] → Predicted: {output[0]:F3} | Correct: {data.Target(c)[0]}   (NumPy {XorReference.FinalPredictions[c]:F3})");
}

Console.WriteLine();
Console.WriteLine("Hidden-layer activations y_j = 1 / (1 + e^(−Σ_i y_i w_ji)) for the four inputs:");
Console.WriteLine("  input    h0      h1      h2      h3");
for (int c = 0; c < data.Count; c++)
{
    ReadOnlySpan<double> input = data.Input(c);
    Console.Write($"  [{input[0]} {input[1]}] ");
    for (int j = 0; j < 4; j++)
    {
        double x = input[0] * net.HiddenWeight(j, 0) + input[1] * net.HiddenWeight(j, 1);
        Console.Write($" {1 / (1 + Math.Exp(-x)):F4}");
    }

    Console.WriteLine();
}

Console.WriteLine();
Console.WriteLine("With no biases, input [0 0] puts every hidden unit at exactly 0.5 whatever the weights: the net");
Console.WriteLine("solves XOR by driving Σ_j w_oj negative so that 0.5 · Σ_j w_oj gives a low output.");

// The error curve; its path is the one line added to the seed script's output.
string curve = Path.Combine(PictureDirectory.Get(), "xor-error.svg");
new ErrorCurve("XOR (2-4-1, no biases, ε = 0.5): error per step") { XLabel = "step (one full-batch weight change)" }
    .AddSeries("from NumPy's seed-42 weights", errors, firstSweep: 0)
    .Save(curve);
Console.WriteLine();
Console.WriteLine($"Error curve written to {curve}");

if (save is not null)
{
    net.Save(save);
    Console.WriteLine();
    Console.WriteLine($"Saved the trained parameters to {Path.GetFullPath(save)}.");
}

return 0;
