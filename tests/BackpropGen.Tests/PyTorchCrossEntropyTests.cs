namespace BackpropGen.Tests;

/// <summary>The PyTorch reference's softmax + cross-entropy network (tests/references/softmax_ce_momentum.py).</summary>
[Network(Precision = Precision.Double, Loss = Loss.CrossEntropy)]
[Input("x", 4)]
[Dense("h1", 5, Activation.Tanh)]
[Dense("h2", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 3, Activation.Softmax, From = new[] { "h2", "h1" })]
public partial class SoftmaxCrossEntropyNet
{
}

/// <summary>The same network with sigmoid outputs and binary cross-entropy.</summary>
[Network(Precision = Precision.Double, Loss = Loss.BinaryCrossEntropy)]
[Input("x", 4)]
[Dense("h1", 5, Activation.Tanh)]
[Dense("h2", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 3, Activation.Sigmoid, From = new[] { "h2", "h1" })]
public partial class SigmoidBinaryCrossEntropyNet
{
}

/// <summary>
/// Cross-checks against PyTorch (Debian's python3-torch, float64): the committed script
/// <c>tests/references/softmax_ce_momentum.py</c> trained both networks for 20 full-batch sweeps with the paper's
/// momentum and weight decay (written out by hand as <see cref="UpdateRule"/> has it) from the same start, and wrote
/// E per sweep (summed over the 12 cases) and the final parameters per layer to the committed JSON, which this reads.
/// No Python at test time. (The same file's squared-error run, which needs nothing new, is PyTorchSumSquaredErrorTests.)
/// </summary>
public class PyTorchCrossEntropyTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SoftmaxCrossEntropyWithMomentumMatchesPyTorch(bool vectorize) =>
        PyTorchReference.TrainAndCompare(new SoftmaxCrossEntropyNet { VectorizeAcrossPatterns = vectorize }, "softmax_ce", "CrossEntropy", "Softmax");

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SigmoidBinaryCrossEntropyWithMomentumMatchesPyTorch(bool vectorize) =>
        PyTorchReference.TrainAndCompare(new SigmoidBinaryCrossEntropyNet { VectorizeAcrossPatterns = vectorize }, "sigmoid_bce", "BinaryCrossEntropy", "Sigmoid");

    [Fact]
    public void TheNetworksAreTheReferencesShape()
    {
        Assert.Equal(SigmoidSumSquaredErrorNet.ParameterCount, SoftmaxCrossEntropyNet.ParameterCount);
        Assert.Equal(SigmoidSumSquaredErrorNet.ParameterCount, SigmoidBinaryCrossEntropyNet.ParameterCount);
    }
}
