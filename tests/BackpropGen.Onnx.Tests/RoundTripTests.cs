using System.Reflection;
using BackpropGen.Generator.Tests;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Onnx.Tests;

/// <summary>
/// Train here → export → import: into a trainable network (OnnxParameters.Load) the parameters come back bit for bit;
/// compiled by [OnnxModel] (the generator run in memory on the exported bytes) Forward gives the same outputs.
/// And the other way: a PyTorch model's weights loaded into a trainable network of its topology, for fine-tuning.
/// </summary>
public class RoundTripTests
{
    [Fact]
    public void TrainedExportedAndLoadedIntoATrainableNetworkIsTheSameNetwork()
    {
        TrainedHere trained = Train();
        byte[] model = OnnxExport.ToBytes(trained);

        var loaded = new TrainedHere();
        OnnxParameters.Load(loaded, model);
        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void TrainedExportedAndCompiledByOnnxModelGivesTheSameOutputs()
    {
        TrainedHere trained = Train();
        Type imported = Import(OnnxExport.ToBytes(trained), "TrainedHere.onnx", "Imported");
        Assert.Equal(TrainedHere.NetworkTopology, (string)imported.GetField("NetworkTopology")!.GetValue(null)!);
        var forward = imported.GetMethod("Forward")!.CreateDelegate<ImportTests.ForwardDouble>();
        var random = new Random(3);
        var ours = new double[2];
        var theirs = new double[2];
        for (int c = 0; c < 100; c++)
        {
            double[] input = Enumerable.Range(0, 5).Select(_ => (random.NextDouble() * 2) - 1).ToArray();
            trained.Forward(input, ours);
            forward(input, theirs);
            Assert.Equal(ours[0], theirs[0], 1e-14);
            Assert.Equal(ours[1], theirs[1], 1e-14);
        }
    }

    [Fact]
    public void FloatRoundTripThroughBothImports()
    {
        var trained = new TrainedHereSingle();
        trained.Initialize(5, 1f);
        byte[] model = OnnxExport.ToBytes(trained);
        var loaded = new TrainedHereSingle();
        OnnxParameters.Load(loaded, model);
        Assert.Equal(trained.Parameters.ToArray(), loaded.Parameters.ToArray());

        Type imported = Import(model, "single.onnx", "ImportedSingle");
        var forward = imported.GetMethod("Forward")!.CreateDelegate<ImportTests.ForwardSingle>();
        float[] input = { 0.5f, -0.25f, 1f, 0.125f, -1f };
        var ours = new float[2];
        var theirs = new float[2];
        trained.Forward(input, ours);
        forward(input, theirs);
        Assert.Equal(ours[0], theirs[0], 1e-6f);
        Assert.Equal(ours[1], theirs[1], 1e-6f);
    }

    [Fact]
    public void PyTorchWeightsLoadIntoATrainableNetworkForFineTuning()
    {
        Reference reference = Reference.Load("gemm");
        var network = new GemmTrainable();
        OnnxParameters.Load(network, Path.Combine(AppContext.BaseDirectory, "Models", "gemm.onnx"));
        var output = new float[3];
        for (int c = 0; c < reference.Cases; c++)
        {
            network.Forward(reference.Input(c).Select(v => (float)v).ToArray(), output);
            for (int j = 0; j < 3; j++)
            {
                ImportTests.Close(reference.Outputs[c][j], output[j], 1e-6, $"case {c} output {j}");
            }
        }

        // Fine-tuning: the loaded network trains like any other (its error on a target falls).
        float[] input = reference.Input(0).Select(v => (float)v).ToArray();
        float[] target = { 0.5f, -0.5f, 0.25f };
        var data = DataSet<float>.FromRows(new[] { input }, new[] { target });
        network.LearningRate = 0.05f;
        float first = network.TrainBatch(data);
        for (int k = 0; k < 20; k++)
        {
            network.TrainBatch(data);
        }

        Assert.True(network.TrainBatch(data) < first / 2, "the loaded network did not train");
    }

    [Fact]
    public void ALoadIntoAnotherTopologyIsRefusedAndChangesNothing()
    {
        var network = new TrainedHere();
        network.Initialize(1, 1.0);
        double[] before = network.Parameters.ToArray();
        var error = Assert.Throws<InvalidDataException>(() => OnnxParameters.Load(network, Path.Combine(AppContext.BaseDirectory, "Models", "concat.onnx")));
        Assert.Contains("TrainedHere", error.Message, StringComparison.Ordinal);
        Assert.Contains("the model's inputs are [person: 3, relation: 4], the network's [a: 3, b: 2]", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());

        var other = new GemmTrainable();
        error = Assert.Throws<InvalidDataException>(() => OnnxParameters.Load(other, Path.Combine(AppContext.BaseDirectory, "Models", "matmul.onnx")));
        Assert.Contains("the model has 2 layers, the network 3", error.Message, StringComparison.Ordinal);
        Assert.Throws<FileNotFoundException>(() => OnnxParameters.Load(other, Path.Combine(AppContext.BaseDirectory, "Models", "missing.onnx")));
    }

    private static TrainedHere Train()
    {
        var network = new TrainedHere { LearningRate = 0.1, Momentum = 0.9 };
        network.Initialize(12, 0.5);
        var random = new Random(12);
        var inputs = Enumerable.Range(0, 16).Select(_ => Enumerable.Range(0, 5).Select(_ => random.NextDouble()).ToArray()).ToArray();
        var targets = inputs.Select(i => new[] { i[0] > i[3] ? 1.0 : 0.0, i[1] * i[4] }).ToArray();
        var data = DataSet<double>.FromRows(inputs, targets);
        for (int sweep = 0; sweep < 200; sweep++)
        {
            network.TrainBatch(data);
        }

        return network;
    }

    /// <summary>Runs the generator in memory on an [OnnxModel] class over <paramref name="model"/>; returns the compiled class.</summary>
    internal static Type Import(byte[] model, string fileName, string className)
    {
        GeneratorRun run = GeneratorHarness.Run(
            new[] { $"using BackpropGen; namespace RoundTrip; [OnnxModel(\"{fileName}\")] public partial class {className} {{ }}" },
            new AdditionalText[] { OnnxFiles.Armored("/models/" + fileName, model) });
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.GeneratorDiagnostics);
        return GeneratorHarness.Load(run.Output).GetType("RoundTrip." + className)!;
    }
}

/// <summary>.onnx bytes as the build targets hand them to the generator: a base64 copy with a header line.</summary>
internal static class OnnxFiles
{
    public static InMemoryAdditionalText Armored(string originalPath, byte[] bytes) =>
        new(originalPath + ".b64", "#onnx-base64 " + originalPath + "\n" + Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks) + "\n");
}
