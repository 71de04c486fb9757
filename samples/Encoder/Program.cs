using System.Globalization;
using BackpropGen;
using Encoder;

// The 8-3-8 encoder: train it, then look at what the three hidden units learned for each of the eight patterns.
// The network is used as constructed (fan-in-scaled random weights, seed SeededUniform.DefaultSeed): no Initialize call.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
int maxSweeps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50_000;
double rate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.1;
double momentum = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 0.9;
ulong seed = args.Length > 3 ? ulong.Parse(args[3], CultureInfo.InvariantCulture) : SeededUniform.DefaultSeed;

var inputs = new double[8 * 8];
for (int p = 0; p < 8; p++)
{
    inputs[(p * 8) + p] = 1;
}

var data = new DataSet<double>(inputs, 8, inputs, 8);
var net = new EncoderNet { LearningRate = rate, Momentum = momentum };
if (seed != SeededUniform.DefaultSeed)
{
    SeededUniform.FillFanInScaled(net.Parameters, EncoderNet.NetworkTopology, seed);
}

TrainingResult result = NetworkTrainer.Train(net, data, new TrainingOptions<double> { MaxSweeps = maxSweeps, ErrorGoal = 0.001 });
Console.WriteLine($"8-3-8 encoder: {result.StopReason} after {result.Sweeps} sweeps, E = {result.FinalError:G4} (ε = {rate}, α = {momentum}, batch)");
Console.WriteLine();
Console.WriteLine("pattern   code (y of the 3 hidden units)   bits   output right?");

// Inspect fills every layer's x_j and y_j for one pattern; the buffer is made once and reused (no allocation per call).
var activations = new EncoderNet.Activations();
var codes = new HashSet<string>();
double distance = 0;
int near = 0;
bool allRight = true;
for (int p = 0; p < 8; p++)
{
    net.Inspect(data.Input(p), activations);
    Span<double> code = activations.CodeY;
    string bits = string.Concat(code.ToArray().Select(y => y >= 0.5 ? '1' : '0'));
    codes.Add(bits);
    foreach (double y in code)
    {
        double d = Math.Min(y, 1 - y);
        distance += d;
        near += d < 0.1 ? 1 : 0;
    }

    int winner = ArgMax(activations.OutputY);
    allRight &= winner == p;
    Console.WriteLine($"{p,7}   {string.Join("  ", code.ToArray().Select(y => y.ToString("F3", CultureInfo.InvariantCulture))),-30}   {bits}    {(winner == p ? "yes" : "no, unit " + winner)}");
}

Console.WriteLine();
// How binary: the paper's encoders mostly find binary codes, sometimes using an intermediate value for a unit.
Console.WriteLine($"{codes.Count} distinct codes (rounded to bits) for 8 patterns; {near} of 24 hidden values within 0.1 of 0 or 1, " +
    $"mean distance from the nearer of 0 and 1 {distance / 24:F3}; every output right: {(allRight ? "yes" : "no")}.");
return allRight ? 0 : 1;

static int ArgMax(ReadOnlySpan<double> values)
{
    int best = 0;
    for (int k = 1; k < values.Length; k++)
    {
        if (values[k] > values[best])
        {
            best = k;
        }
    }

    return best;
}
