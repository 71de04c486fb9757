// A PyTorch model as plain C#: digits.onnx (trained and exported by train.py) is compiled into the class Digits at
// build time. This program classifies the held-out images in digits-test.csv and prints one of them.
//
//   FromPyTorch            accuracy on the held-out images; exit code 0 when it is at least 85 %
using System.Globalization;
using FromPyTorch;

string path = Path.Combine(AppContext.BaseDirectory, "digits-test.csv");
Span<float> image = stackalloc float[Digits.InputSize];
Span<float> probabilities = stackalloc float[Digits.OutputSize];
Console.WriteLine($"Network {Digits.NetworkName}: {Digits.ParameterCount} parameters compiled in from digits.onnx");
Console.WriteLine($"  {Digits.NetworkTopology}");

int right = 0, total = 0;
foreach (string line in File.ReadLines(path))
{
    string[] fields = line.Split(',');
    int label = int.Parse(fields[0], CultureInfo.InvariantCulture);
    for (int k = 0; k < image.Length; k++)
    {
        image[k] = float.Parse(fields[k + 1], CultureInfo.InvariantCulture);
    }

    Digits.Forward(image, probabilities);
    int predicted = 0;
    for (int c = 1; c < probabilities.Length; c++)
    {
        predicted = probabilities[c] > probabilities[predicted] ? c : predicted;
    }

    if (total == 0)
    {
        // The first image, drawn, with the network's answer.
        for (int row = 0; row < 8; row++)
        {
            Console.Write("  ");
            for (int column = 0; column < 8; column++)
            {
                float v = image[(row * 8) + column];
                Console.Write(v > 0.66f ? "██" : v > 0.33f ? "▒▒" : "  ");
            }

            Console.WriteLine();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  label {label}, predicted {predicted} with probability {probabilities[predicted]:F3}"));
    }

    right += predicted == label ? 1 : 0;
    total++;
}

double accuracy = (double)right / total;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{right} of {total} held-out images right ({accuracy:P1}; PyTorch: 91.2 %)"));
return accuracy >= 0.85 ? 0 : 1;
