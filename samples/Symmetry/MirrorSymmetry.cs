using BackpropGen;

namespace Symmetry;

/// <summary>The task: all 64 binary vectors of length 6; the output should be 1 when the vector is symmetric about its middle.</summary>
public static class MirrorSymmetry
{
    /// <summary>The number of input units.</summary>
    public const int Length = 6;

    /// <summary>A pattern counts as right when its output is within this of the target (the paper's criterion).</summary>
    public const double Tolerance = 0.2;

    /// <summary>Whether pattern <paramref name="bits"/> (bit i = input unit i) reads the same from both ends.</summary>
    public static bool IsSymmetric(int bits)
    {
        for (int i = 0; i < Length / 2; i++)
        {
            if (((bits >> i) & 1) != ((bits >> (Length - 1 - i)) & 1))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The 64 cases, pattern k having input unit i on when bit i of k is set; 8 of them are symmetric.</summary>
    public static DataSet<double> Data()
    {
        var inputs = new double[64 * Length];
        var targets = new double[64];
        for (int k = 0; k < 64; k++)
        {
            for (int i = 0; i < Length; i++)
            {
                inputs[(k * Length) + i] = (k >> i) & 1;
            }

            targets[k] = IsSymmetric(k) ? 1 : 0;
        }

        return new DataSet<double>(inputs, Length, targets, 1);
    }

    /// <summary>How many of the cases have their output within <see cref="Tolerance"/> of the target. Allocates nothing.</summary>
    public static int CountRight(INetwork<double> net, DataSet<double> data) => Score(net, data).Right;

    /// <summary>
    /// How many cases have their output within <see cref="Tolerance"/> of the target, and how many of those are
    /// symmetric patterns. Allocates nothing.
    /// </summary>
    public static (int Right, int SymmetricRight) Score(INetwork<double> net, DataSet<double> data)
    {
        Span<double> y = stackalloc double[1];
        int right = 0, symmetricRight = 0;
        for (int c = 0; c < data.Count; c++)
        {
            net.Forward(data.Input(c), y);
            double d = data.Target(c)[0];
            if (Math.Abs(y[0] - d) < Tolerance)
            {
                right++;
                symmetricRight += d == 1 ? 1 : 0;
            }
        }

        return (right, symmetricRight);
    }
}
