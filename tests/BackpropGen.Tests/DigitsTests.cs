using System.Text.Json;
using Digits;

namespace BackpropGen.Tests;

/// <summary>The Digits sample: its data, its split (the same as the PyTorch script's), and its real training run.</summary>
public class DigitsTests
{
    [Fact]
    public void The_data_loads_and_the_split_is_the_PyTorch_scripts()
    {
        DigitsData digits = DigitsData.Load();
        Assert.Equal(1797, digits.Count);
        Assert.Equal(178, digits.Labels.Count(l => l == 0));
        var (train, test) = digits.Split<float>();
        Assert.Equal(1437, train.Count);
        Assert.Equal(360, test.Count);

        // digits_torch.py transcribes DataSplit.Stratified and CaseOrder in Python; its test indices must be ours.
        JsonElement torch = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "digits_torch.json"))).RootElement;
        int[] torchIndices = torch.GetProperty("test_indices").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        bool[] mask = digits.TestMask();
        Assert.Equal(Enumerable.Range(0, digits.Count).Where(k => mask[k]), torchIndices);
    }

    [Fact]
    public void Adam_with_mini_batches_reaches_97_percent_on_the_test_set()
    {
        // The sample's real run: 60 epochs of 45 mini-batches (a few seconds).
        var (train, test) = DigitsData.Load().Split<float>();
        var (net, result) = DigitsExperiment.TrainAdam(train, test);
        double accuracy = Evaluation.Accuracy(net, test);
        Assert.True(accuracy >= 0.97, $"test accuracy {accuracy:P2}");
        Assert.Equal(60, result.History.Count);
        Assert.Equal(accuracy, result.History[^1].ValidationAccuracy, 1e-12);
        ConfusionMatrix confusion = Evaluation.Confusion(net, test);
        Assert.Equal(accuracy, confusion.Accuracy, 1e-12);
        Assert.Equal(360, confusion.Total);
    }
}

/// <summary>samples/EmbeddedDigits' network: the Digits sample's Adam-trained weights (digits.bpgw), baked by the real build.</summary>
[Network(Loss = Loss.CrossEntropy, Name = "DigitsNet")]
[Input("pixels", 64)]
[Dense("hidden", 32, Activation.Tanh)]
[Dense("output", 10, Activation.Softmax)]
[BakedWeights("digits.bpgw")]
public partial class BakedDigits
{
}

/// <summary>The weights EmbeddedDigits ships are the trained ones, and baking them changes no answer.</summary>
public class EmbeddedDigitsTests
{
    [Fact]
    public void The_baked_network_answers_as_the_trained_one_and_scores_97_percent()
    {
        var trained = new DigitsNet();
        trained.Load(Path.Combine(AppContext.BaseDirectory, "digits.bpgw"));
        var (_, test) = DigitsData.Load().Split<float>();
        Span<float> expected = stackalloc float[10];
        Span<float> actual = stackalloc float[10];
        int right = 0;
        for (int c = 0; c < test.Count; c++)
        {
            trained.Forward(test.Input(c), expected);
            BakedDigits.Forward(test.Input(c), actual);
            for (int j = 0; j < 10; j++)
            {
                Assert.Equal(expected[j], actual[j], 1e-5f);
            }

            right += Evaluation.ClassOf<float>(actual) == Evaluation.ClassOf(test.Target(c)) ? 1 : 0;
        }

        Assert.True(right >= 0.97 * test.Count, $"{right} of {test.Count} right");
    }
}
