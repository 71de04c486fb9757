using BackpropGen;

namespace FamilyTrees;

/// <summary>
/// Stand-in for the generator's softmax output layer and cross-entropy loss until they land (branch issue-9-core):
/// <see cref="FamilyTreesSoftmaxNet"/>'s output layer is linear (its outputs are the logits z_j), the probabilities are
/// p_j = e^(z_j − max z) / Σ_k e^(z_k − max z), and the gradient of E = −Σ_j d_j ln p_j is obtained from the network's
/// squared-error back-propagation by training toward z − (p − d): there ∂E/∂z_j = z_j − (z_j − p_j + d_j) = p_j − d_j,
/// exactly the cross-entropy's.
/// </summary>
internal sealed class SoftmaxCrossEntropy(FamilyTreesSoftmaxNet net)
{
    private readonly double[] _z = new double[FamilyTreesSoftmaxNet.OutputSize];
    private readonly double[] _target = new double[FamilyTreesSoftmaxNet.OutputSize];

    /// <summary>The probabilities for one input.</summary>
    public double[] Forward(double[] input)
    {
        var p = new double[FamilyTreesSoftmaxNet.OutputSize];
        net.Forward(input, p);
        Softmax(p);
        return p;
    }

    /// <summary>Adds the cross-entropy gradient of one case (target probabilities <paramref name="target"/> summing to 1) to the network's gradients.</summary>
    public void AccumulateGradient(ReadOnlySpan<double> input, ReadOnlySpan<double> target)
    {
        net.Forward(input, _z);
        double answers = 0;
        foreach (double d in target)
        {
            answers += d;
        }

        Span<double> p = stackalloc double[_z.Length];
        _z.CopyTo(p);
        Softmax(p);
        for (int j = 0; j < _z.Length; j++)
        {
            _target[j] = _z[j] - (p[j] - target[j] / answers);
        }

        net.AccumulateGradient(input, _target);
    }

    private static void Softmax(Span<double> z)
    {
        double max = double.NegativeInfinity;
        foreach (double v in z)
        {
            max = Math.Max(max, v);
        }

        double sum = 0;
        for (int j = 0; j < z.Length; j++)
        {
            z[j] = Math.Exp(z[j] - max);
            sum += z[j];
        }

        for (int j = 0; j < z.Length; j++)
        {
            z[j] /= sum;
        }
    }
}
