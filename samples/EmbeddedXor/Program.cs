// XOR from a network whose trained weights are compiled into the program ([BakedWeights("xor.bpgw")]):
// no file is read, nothing is reflected over, nothing is allocated per prediction.
//
//   EmbeddedXor          the four XOR cases, and exit code 0 when all four are right
//   EmbeddedXor A B      the prediction for one input pair, e.g. EmbeddedXor 1 0
using System.Globalization;
using EmbeddedXor;

Span<double> input = stackalloc double[TrainedXor.InputSize];
Span<double> output = stackalloc double[TrainedXor.OutputSize];

if (args.Length == 2)
{
    input[0] = double.Parse(args[0], CultureInfo.InvariantCulture);
    input[1] = double.Parse(args[1], CultureInfo.InvariantCulture);
    TrainedXor.Forward(input, output);
    Console.WriteLine(output[0].ToString("F3", CultureInfo.InvariantCulture));
    return 0;
}

Console.WriteLine($"XOR by network {TrainedXor.NetworkName}: {TrainedXor.ParameterCount} parameters baked in at compile time, none loaded at run time");
int right = 0;
for (int c = 0; c < 4; c++)
{
    input[0] = c >> 1;
    input[1] = c & 1;
    TrainedXor.Forward(input, output);
    int expected = (c >> 1) ^ (c & 1);
    int predicted = output[0] >= 0.5 ? 1 : 0;
    right += predicted == expected ? 1 : 0;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{input[0]} {input[1]}] → {output[0]:F3} → {predicted} (XOR {expected})"));
}

Console.WriteLine($"{right} of 4 right");
return right == 4 ? 0 : 1;
