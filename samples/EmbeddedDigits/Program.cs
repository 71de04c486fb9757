// A handwritten digit classifier whose trained weights are compiled into the program ([BakedWeights("digits.bpgw")]).
// It reads an 8 × 8 digit drawn in text, 8 lines of 8 characters, from a file or standard input, and prints the class
// probabilities. Each character is a pixel's ink on the Digits sample's scale " .:-=+*#%@" (blank = none, '@' = full);
// any other visible character is full ink.
//
//   EmbeddedDigits seven.txt          a digit drawn in a file
//   EmbeddedDigits < seven.txt        the same on standard input
using System.Globalization;
using EmbeddedDigits;

const string Ramp = " .:-=+*#%@";
TextReader reader = args.Length > 0 ? File.OpenText(args[0]) : Console.In;
if (args.Length == 0 && !Console.IsInputRedirected)
{
    Console.Error.WriteLine("Draw a digit in 8 lines of 8 characters (\" .:-=+*#%@\", light to dark), then end the input (Ctrl+D):");
}

Span<float> pixels = stackalloc float[TrainedDigits.InputSize];
int row = 0;
while (row < 8 && reader.ReadLine() is { } line)
{
    if (row == 0 && line.Trim().Length == 0)
    {
        continue; // blank lines before the drawing
    }

    for (int column = 0; column < 8; column++)
    {
        char ink = column < line.Length ? line[column] : ' ';
        int level = Ramp.IndexOf(ink);
        int value = level >= 0 ? (int)Math.Round(level * 16.0 / (Ramp.Length - 1)) : (char.IsWhiteSpace(ink) ? 0 : 16);
        pixels[(row * 8) + column] = value / 16f;
    }

    row++;
}

if (row < 8)
{
    Console.Error.WriteLine($"Expected 8 lines of drawing, got {row}.");
    return 2;
}

Span<float> probabilities = stackalloc float[TrainedDigits.OutputSize];
TrainedDigits.Forward(pixels, probabilities);
int best = 0;
for (int digit = 0; digit < 10; digit++)
{
    best = probabilities[digit] > probabilities[best] ? digit : best;
}

Console.WriteLine($"Network {TrainedDigits.NetworkName}: {TrainedDigits.ParameterCount} parameters baked in at compile time.");
for (int digit = 0; digit < 10; digit++)
{
    string bar = new('#', (int)Math.Round(40 * probabilities[digit]));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {digit}: {probabilities[digit],6:P1} {bar}"));
}

Console.WriteLine($"It is a {best}.");
return 0;
