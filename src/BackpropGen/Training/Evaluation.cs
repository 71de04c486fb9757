using System;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace BackpropGen;

/// <summary>
/// Measures a classifier: accuracy, the confusion matrix, per-class precision and recall. A case's class is the
/// index of its largest target value (one-hot or probabilities, as for a softmax output); the network's answer is the
/// index of its largest output. With a single output unit, the class is 1 when the value is at least ½, else 0.
/// </summary>
public static class Evaluation
{
    /// <summary>The class of a target or output pattern: the index of its largest value (the first on a tie); for one unit, 1 if it is at least ½.</summary>
    public static int ClassOf<T>(ReadOnlySpan<T> values)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (values.Length == 1)
        {
            return values[0] >= T.CreateChecked(0.5) ? 1 : 0;
        }

        int best = 0;
        for (int j = 1; j < values.Length; j++)
        {
            if (values[j] > values[best])
            {
                best = j;
            }
        }

        return best;
    }

    /// <summary>The number of classes of a network with <paramref name="outputLength"/> output units (2 for one unit).</summary>
    public static int ClassCount(int outputLength) => outputLength == 1 ? 2 : outputLength;

    /// <summary>
    /// The fraction of <paramref name="data"/>'s cases whose class the network gets right. The network runs in blocks of
    /// cases (<see cref="INetwork{T}.ForwardBatch"/>: SIMD across patterns in a generated network); the block's outputs
    /// live on the stack when they are small, else in one array.
    /// </summary>
    /// <exception cref="ArgumentException">The data's shapes do not fit the network.</exception>
    public static double Accuracy<T>(INetwork<T> network, DataSet<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        Guard.Shape(data, network.InputLength, network.OutputLength);
        int values = BlockLength(network, data.Count);
        Span<T> outputs = values <= StackValues ? stackalloc T[values] : new T[values];
        return (double)CountRight(network, data, outputs, null) / data.Count;
    }

    /// <summary>At most this many output values of a block live on the stack (and a block holds at least one case).</summary>
    private const int StackValues = 1024;

    /// <summary>The length of an output block for <paramref name="count"/> cases: as many whole cases as fit <see cref="StackValues"/> values, at least one, at most <paramref name="count"/>.</summary>
    internal static int BlockLength<T>(INetwork<T> network, int count)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        Math.Max(1, Math.Min(count, StackValues / network.OutputLength)) * network.OutputLength;

    /// <summary>
    /// Runs <paramref name="data"/> through the network in blocks of <paramref name="outputs"/>' length in cases
    /// (<see cref="INetwork{T}.ForwardBatch"/>) and counts the cases classified right; adds every (true, predicted) pair
    /// to <paramref name="matrix"/> when there is one. Allocates nothing.
    /// </summary>
    internal static int CountRight<T>(INetwork<T> network, DataSet<T> data, Span<T> outputs, ConfusionMatrix? matrix)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputLength = network.InputLength;
        int outputLength = network.OutputLength;
        int block = outputs.Length / outputLength;
        ReadOnlySpan<T> inputs = data.Inputs;
        int right = 0;
        for (int start = 0; start < data.Count; start += block)
        {
            int n = Math.Min(block, data.Count - start);
            Span<T> y = outputs[..(n * outputLength)];
            network.ForwardBatch(inputs.Slice(start * inputLength, n * inputLength), y);
            for (int c = 0; c < n; c++)
            {
                int actual = ClassOf(data.Target(start + c));
                int predicted = ClassOf<T>(y.Slice(c * outputLength, outputLength));
                right += actual == predicted ? 1 : 0;
                matrix?.Add(actual, predicted);
            }
        }

        return right;
    }

    /// <summary>Counts, for every pair (true class, predicted class), the cases of <paramref name="data"/> (run in blocks, as <see cref="Accuracy{T}"/>).</summary>
    /// <exception cref="ArgumentException">The data's shapes do not fit the network.</exception>
    public static ConfusionMatrix Confusion<T>(INetwork<T> network, DataSet<T> data)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(data);
        Guard.Shape(data, network.InputLength, network.OutputLength);
        var matrix = new ConfusionMatrix(ClassCount(network.OutputLength));
        CountRight(network, data, new T[BlockLength(network, data.Count)], matrix);
        return matrix;
    }
}

/// <summary>A confusion matrix: <c>this[actual, predicted]</c> cases, with accuracy and per-class precision and recall.</summary>
public sealed class ConfusionMatrix
{
    private readonly int[] _counts;

    /// <summary>Creates an empty matrix for <paramref name="classes"/> classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is below 2.</exception>
    public ConfusionMatrix(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        Classes = classes;
        _counts = new int[classes * classes];
    }

    /// <summary>The number of classes.</summary>
    public int Classes { get; }

    /// <summary>The number of cases counted.</summary>
    public int Total { get; private set; }

    /// <summary>The cases of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public int this[int actual, int predicted] => _counts[(Check(actual) * Classes) + Check(predicted)];

    /// <summary>Counts one case.</summary>
    public void Add(int actual, int predicted)
    {
        _counts[(Check(actual) * Classes) + Check(predicted)]++;
        Total++;
    }

    /// <summary>The fraction on the diagonal (NaN when empty).</summary>
    public double Accuracy
    {
        get
        {
            int right = 0;
            for (int c = 0; c < Classes; c++)
            {
                right += this[c, c];
            }

            return Total == 0 ? double.NaN : (double)right / Total;
        }
    }

    /// <summary>Of the cases predicted as <paramref name="c"/>, the fraction that are <paramref name="c"/> (NaN when none was predicted).</summary>
    public double Precision(int c)
    {
        int predicted = 0;
        for (int a = 0; a < Classes; a++)
        {
            predicted += this[a, c];
        }

        return predicted == 0 ? double.NaN : (double)this[c, c] / predicted;
    }

    /// <summary>Of the cases of class <paramref name="c"/>, the fraction predicted as <paramref name="c"/> (NaN when there are none).</summary>
    public double Recall(int c)
    {
        int actual = 0;
        for (int p = 0; p < Classes; p++)
        {
            actual += this[c, p];
        }

        return actual == 0 ? double.NaN : (double)this[c, c] / actual;
    }

    /// <summary>The matrix as a text table (rows: actual class; columns: predicted), with recall and precision.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("actual \\ predicted");
        for (int p = 0; p < Classes; p++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{p,5}");
        }

        text.AppendLine("   recall");
        for (int a = 0; a < Classes; a++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{a,18}");
            for (int p = 0; p < Classes; p++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{this[a, p],5}");
            }

            text.AppendLine(CultureInfo.InvariantCulture, $"   {100 * Recall(a),5:F1} %");
        }

        text.Append("         precision");
        for (int p = 0; p < Classes; p++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{100 * Precision(p),5:F0}");
        }

        text.AppendLine(" %");
        return text.ToString();
    }

    private int Check(int c)
    {
        if ((uint)c >= (uint)Classes)
        {
            throw new ArgumentOutOfRangeException(nameof(c), c, $"The matrix has {Classes} classes.");
        }

        return c;
    }
}
