using System.Globalization;
using System.IO.Compression;
using BackpropGen;

namespace Digits;

/// <summary>
/// The UCI optical handwritten digits (scikit-learn's copy, see DATA.md): 1,797 images of 8 × 8 pixels, 0–16.
/// </summary>
public sealed class DigitsData
{
    /// <summary>The seed of the sample's stratified 80/20 split (the PyTorch script uses the same split).</summary>
    public const ulong SplitSeed = 2026;

    /// <summary>The fraction held out for testing.</summary>
    public const double TestFraction = 0.2;

    private DigitsData(byte[] pixels, byte[] labels)
    {
        Pixels = pixels;
        Labels = labels;
    }

    /// <summary>Every image's 64 pixels (0–16) row by row, one image after another.</summary>
    public byte[] Pixels { get; }

    /// <summary>Every image's digit.</summary>
    public byte[] Labels { get; }

    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Image <paramref name="index"/>'s pixels.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * 64, 64);

    /// <summary>Reads <c>digits.csv.gz</c> (by default beside the program): 65 integers a line, 64 pixels then the digit.</summary>
    /// <exception cref="InvalidDataException">A line is not 64 pixels in 0–16 and a digit in 0–9.</exception>
    public static DigitsData Load(string? path = null)
    {
        path ??= Path.Combine(AppContext.BaseDirectory, "digits.csv.gz");
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var pixels = new List<byte>(1797 * 64);
        var labels = new List<byte>(1797);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            string[] fields = line.Split(',');
            if (fields.Length != 65)
            {
                throw new InvalidDataException($"{path}, line {lineNumber}: {fields.Length} fields; expected 64 pixels and a digit.");
            }

            for (int k = 0; k < 65; k++)
            {
                if (!int.TryParse(fields[k], NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > (k < 64 ? 16 : 9))
                {
                    throw new InvalidDataException($"{path}, line {lineNumber}, field {k + 1}: '{fields[k]}' is not {(k < 64 ? "a pixel in 0–16" : "a digit in 0–9")}.");
                }

                (k < 64 ? pixels : labels).Add((byte)value);
            }
        }

        return new DigitsData(pixels.ToArray(), labels.ToArray());
    }

    /// <summary>Every image as a case: pixels / 16 in, the digit one-hot out.</summary>
    public DataSet<T> ToDataSet<T>()
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var inputs = new T[Count * 64];
        var targets = new T[Count * 10];
        T sixteen = T.CreateChecked(16);
        for (int k = 0; k < Pixels.Length; k++)
        {
            inputs[k] = T.CreateChecked(Pixels[k]) / sixteen;
        }

        for (int c = 0; c < Count; c++)
        {
            targets[(c * 10) + Labels[c]] = T.One;
        }

        return new DataSet<T>(inputs, 64, targets, 10);
    }

    /// <summary>Which images the sample's split puts in the test part (<see cref="DataSplit.Stratified"/>, seed <see cref="SplitSeed"/>, 20 %).</summary>
    public bool[] TestMask() => DataSplit.StratifiedTestMask(ToDataSet<float>(), TestFraction, SplitSeed);

    /// <summary>The sample's split: 1,437 training and 360 test cases.</summary>
    public (DataSet<T> Train, DataSet<T> Test) Split<T>()
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        DataSplit.Stratified(ToDataSet<T>(), TestFraction, SplitSeed);

    /// <summary>An 8 × 8 image as text, one character per pixel from ' ' (0) to '@' (16).</summary>
    public static string Art(ReadOnlySpan<byte> image)
    {
        const string Ramp = " .:-=+*#%@";
        var text = new System.Text.StringBuilder(8 * 9);
        for (int row = 0; row < 8; row++)
        {
            for (int column = 0; column < 8; column++)
            {
                text.Append(Ramp[image[(row * 8) + column] * (Ramp.Length - 1) / 16]);
            }

            text.Append('\n');
        }

        return text.ToString();
    }
}
