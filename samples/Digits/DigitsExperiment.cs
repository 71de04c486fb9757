using BackpropGen;

namespace Digits;

/// <summary>The sample's two training runs on the same split: Adam with mini-batches, and the paper's rule.</summary>
public static class DigitsExperiment
{
    /// <summary>The seed of the initial weights and the shuffles.</summary>
    public const ulong Seed = 1;

    /// <summary>Epochs of the Adam run (the PyTorch calibration: 60).</summary>
    public const int AdamEpochs = 60;

    /// <summary>
    /// The paper's rule: ε for E summed over all 1,437 cases. With α = 0.9, the best of a 10-point grid (ε 0.0001–0.002,
    /// α 0.5 and 0.9, 600 sweeps; <c>--search</c>) by test accuracy, so if anything the comparison flatters it.
    /// </summary>
    public const double PaperLearningRate = 0.0001;

    /// <summary>The paper's α.</summary>
    public const double PaperMomentum = 0.9;

    /// <summary>Sweeps of the paper's rule.</summary>
    public const int PaperSweeps = 600;

    /// <summary>
    /// Adam (ε = 0.005, PyTorch's betas), mini-batches of 32 shuffled each epoch, the gradient averaged over the batch
    /// (PyTorch's CrossEntropyLoss), 60 epochs; the test set is measured after every epoch for the curves only (no
    /// early stopping, no restore: nothing is chosen by the test set).
    /// </summary>
    public static (DigitsNet Net, FitResult Result) TrainAdam(DataSet<float> train, DataSet<float> test, IProgress<EpochMetrics>? progress = null, CancellationToken cancellationToken = default)
    {
        var net = new DigitsNet();
        net.Initialize(Seed, 0.125f);
        FitResult result = NetworkTrainer.Fit(net, train, new FitOptions<float>
        {
            Epochs = AdamEpochs,
            BatchSize = 32,
            Seed = Seed,
            GradientScale = GradientScale.Mean,
            Optimizer = new AdamOptimizer<float>(0.005f),
            RestoreBest = false,
        }, test, progress, cancellationToken);
        return (net, result);
    }

    /// <summary>The paper's rule: batch sweeps over all 1,437 cases, E summed, Δw(t) = −ε ∂E/∂w + α Δw(t−1).</summary>
    public static (DigitsNet Net, FitResult Result) TrainPaperRule(DataSet<float> train, DataSet<float> test, double learningRate = PaperLearningRate, double momentum = PaperMomentum, int sweeps = PaperSweeps, IProgress<EpochMetrics>? progress = null)
    {
        var net = new DigitsNet { LearningRate = (float)learningRate, Momentum = (float)momentum };
        net.Initialize(Seed, 0.125f);
        FitResult result = NetworkTrainer.Fit(net, train, new FitOptions<float>
        {
            Epochs = sweeps,
            BatchSize = FitOptions<float>.FullBatch,
            Shuffle = false,
            GradientScale = GradientScale.Sum,
            RestoreBest = false,
        }, test, progress);
        return (net, result);
    }
}
