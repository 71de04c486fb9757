using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace BackpropGen.Onnx.Tests;

/// <summary>ONNX Runtime, the oracle: runs a model on a batch, one thread, no graph optimizations that change arithmetic.</summary>
internal static class Ort
{
    public static SessionOptions Options()
    {
        var options = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 };
        return options;
    }

    /// <summary>Runs the model on <paramref name="inputs"/> (per graph input, in the graph's order: its name and rows); returns the output rows.</summary>
    public static T[][] Run<T>(byte[] model, IReadOnlyList<(string Name, T[][] Rows)> inputs)
        where T : unmanaged
    {
        using SessionOptions options = Options();
        using var session = new InferenceSession(model, options);
        var values = inputs.Select(i =>
        {
            // The graph's own shape for the input (e.g. [batch, 2, 3]), the batch set to the number of rows.
            int[] shape = session.InputMetadata[i.Name].Dimensions.ToArray();
            shape[0] = i.Rows.Length;
            var tensor = new DenseTensor<T>(i.Rows.SelectMany(r => r).ToArray(), shape);
            return NamedOnnxValue.CreateFromTensor(i.Name, tensor);
        }).ToList();
        using IDisposableReadOnlyCollection<DisposableNamedOnnxValue> results = session.Run(values);
        Tensor<T> output = results.Single().AsTensor<T>();
        int rows = inputs[0].Rows.Length;
        int columns = (int)(output.Length / rows);
        T[] flat = output.ToArray();
        return Enumerable.Range(0, rows).Select(r => flat.Skip(r * columns).Take(columns).ToArray()).ToArray();
    }
}

/// <summary>A committed model and PyTorch's outputs for it (Models/NAME.json, written by Models/make_models.py).</summary>
internal sealed record Reference(string Name, byte[] Model, List<(string Name, double[][] Rows)> Inputs, double[][] Outputs)
{
    public static Reference Load(string name)
    {
        string directory = Path.Combine(AppContext.BaseDirectory, "Models");
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, name + ".json")));
        var inputs = json.RootElement.GetProperty("inputs").EnumerateObject()
            .Select(p => (p.Name, Rows(p.Value)))
            .ToList();
        return new Reference(name, File.ReadAllBytes(Path.Combine(directory, name + ".onnx")), inputs, Rows(json.RootElement.GetProperty("outputs")));

        static double[][] Rows(JsonElement element) =>
            element.EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetDouble()).ToArray()).ToArray();
    }

    /// <summary>Case <paramref name="c"/>'s input groups concatenated, as Forward takes them.</summary>
    public double[] Input(int c) => Inputs.SelectMany(i => i.Rows[c]).ToArray();

    public int Cases => Outputs.Length;
}
