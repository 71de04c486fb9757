// samples/BinaryAddition: a 2 → 16 → 1 recurrent net, run for 8 steps, learns to add two 8-bit numbers bit by bit
// (least significant first; the sum's ninth bit, the final carry, is not asked for). It is trained online on a seeded
// half of the 65,536 pairs and must then get every bit of every pair of the other half right.
//
// A recurrent task from the paper's own work (the companion PDP chapter's shift register or sequence completion) is not
// run: the paper facts and founding documents this project works from give only Fig. 5's principle (a net run for T
// steps is a layered net of T layers with shared weights), no set-up and no reported figure for such a task, so none is
// invented here; the program says so when it ends.
//
//   dotnet run --project samples/BinaryAddition -c Release [-- --seed N --rate ε --momentum α]
using System.Diagnostics;
using System.Globalization;
using BackpropGen;
using BackpropGen.Pictures;
using BackpropGen.Samples;
using BinaryAddition;

CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
ulong seed = 1;
double rate = 0.01, momentum = 0.5;
for (int a = 0; a + 1 < args.Length; a += 2)
{
    double value = double.Parse(args[a + 1], CultureInfo.InvariantCulture);
    switch (args[a])
    {
        case "--seed": seed = (ulong)value; break;
        case "--rate": rate = value; break;
        case "--momentum": momentum = value; break;
        default: Console.Error.WriteLine($"Unknown option '{args[a]}'. Options: --seed N, --rate ε, --momentum α."); return 2;
    }
}

// Every pair (a, b), shuffled with the seed, split in two halves.
int[] pairs = Enumerable.Range(0, 65536).ToArray();
new Random((int)seed).Shuffle(pairs);
DataSet<double> train = Sequences(pairs.Take(32768));
DataSet<double> heldOut = Sequences(pairs.Skip(32768));

var net = new AdderNet { LearningRate = rate, Momentum = momentum };
net.Initialize(seed, 0.5);
Console.WriteLine("Binary addition, 8 bits, one bit per step: bits (2) → carry (16, tanh, recurrent) → sum (1, sigmoid), binary cross-entropy");
Console.WriteLine($"Trained online on {train.Count} pairs (seed {seed}), ε = {net.LearningRate}, α = {net.Momentum}; tested on the other {heldOut.Count}.");
Console.WriteLine();
var clock = Stopwatch.StartNew();
int wrong = int.MaxValue;
for (int sweep = 1; sweep <= 20 && wrong > 0; sweep++)
{
    double error = net.TrainOnline(train);
    wrong = WrongPairs(net, heldOut);
    Console.WriteLine($"sweep {sweep,2}: E = {error,10:F2}   held-out pairs with a wrong bit: {wrong,5}   ({clock.Elapsed.TotalSeconds:F1} s)");
}

Console.WriteLine();
Console.WriteLine(wrong == 0 ? $"Every bit of every one of the {heldOut.Count} held-out pairs is right." : $"{wrong} held-out pairs still have a wrong bit.");
Console.WriteLine("Not run: a recurrent task from the paper's own work. The paper facts and founding documents give only Fig. 5's");
Console.WriteLine("principle, no set-up (e.g. of the PDP chapter's shift register or sequence completion) and no reported figure to");
Console.WriteLine("print beside ours, so none was invented.");

// The carry unit: the recurrent states step by step (Step, the streaming API), for a few pairs.
Console.WriteLine();
Console.WriteLine("The recurrent states step by step (least significant bit first), with the true carry into the next step:");
foreach ((int a, int b) in new[] { (1, 1), (127, 1), (170, 85), (255, 0), (200, 100) })
{
    var state = new double[AdderNet.StateSize];
    net.ResetState(state);
    var output = new double[1];
    Console.WriteLine($"{a} + {b} = {(a + b) & 255} (mod 256)");
    int carry = 0;
    for (int t = 0; t < AdderNet.TimeSteps; t++)
    {
        int x = (a >> t) & 1, y = (b >> t) & 1;
        net.Step(new double[] { x, y }, state, output);
        carry = (x + y + carry) >> 1;
        Console.WriteLine($"  t {t}: a {x} b {y} → sum {output[0]:F3}  carry {carry}  first 6 states [{string.Join(", ", state.Take(6).Select(s => s.ToString("+0.00;-0.00", CultureInfo.InvariantCulture)))}]");
    }
}

// The recurrent weights as the paper drew them: white positive, black negative, area ∝ magnitude.
const int units = 16;
var diagram = new HintonDiagram($"Binary addition: weights into the carry units (a, b, the {units} carry units at t − 1, bias)");
for (int j = 0; j < units; j++)
{
    HintonBlock block = diagram.AddBlock($"carry unit {j + 1}", rows: 1, columns: units + 3);
    for (int i = 0; i < units + 2; i++)
    {
        block[0, i] = net.CarryWeight(j, i);
    }

    block[0, units + 2] = net.CarryBiases[j];
}

string path = Path.Combine(PictureDirectory.Get(), "binary-addition.svg");
diagram.Save(path);
Console.WriteLine();
Console.WriteLine($"Hinton diagram of the weights into the carry units: {path}");
return wrong == 0 ? 0 : 1;

static DataSet<double> Sequences(IEnumerable<int> pairs)
{
    var inputs = new List<double[]>();
    var targets = new List<double[]>();
    foreach (int pair in pairs)
    {
        int a = pair >> 8, b = pair & 255, sum = a + b;
        inputs.Add(Enumerable.Range(0, 8).SelectMany(t => new double[] { (a >> t) & 1, (b >> t) & 1 }).ToArray());
        targets.Add(Enumerable.Range(0, 8).Select(t => (double)((sum >> t) & 1)).ToArray());
    }

    return DataSet<double>.FromRows(inputs, targets);
}

static int WrongPairs(AdderNet net, DataSet<double> data)
{
    var output = new double[AdderNet.OutputSize];
    int wrong = 0;
    for (int c = 0; c < data.Count; c++)
    {
        net.Forward(data.Inputs.Slice(c * AdderNet.InputSize, AdderNet.InputSize), output);
        ReadOnlySpan<double> target = data.Targets.Slice(c * AdderNet.OutputSize, AdderNet.OutputSize);
        for (int t = 0; t < output.Length; t++)
        {
            if ((output[t] > 0.5) != (target[t] > 0.5))
            {
                wrong++;
                break;
            }
        }
    }

    return wrong;
}
