// An ONNX model compiled into C# by [OnnxModel] vs ONNX Runtime 1.31.1 on the same .onnx file, float, ORT with one
// thread (intra- and inter-op) and preallocated input/output OrtValues, and the trainable class's Forward; 2-4-1,
// 36-12-12-6-24 (sigmoid, the family-trees size), 64-32-10 (softmax), 784-128-10 (softmax):
//
//   dotnet run -c Release --project tests/BackpropGen.Onnx.Benchmarks                        every benchmark
//   dotnet run -c Release --project tests/BackpropGen.Onnx.Benchmarks -- --filter '*Single*'
//   dotnet run -c Release --project tests/BackpropGen.Onnx.Benchmarks -- --job dry --filter '*'   a quick check that it runs
//   dotnet run -c Release --project tests/BackpropGen.Onnx.Benchmarks -- --write-models       write Models/*.onnx again
using BackpropGen;
using BackpropGen.Onnx.Benchmarks;
using BenchmarkDotNet.Running;

if (args.Length == 1 && args[0] == "--write-models")
{
    string directory = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Models");
    Directory.CreateDirectory(directory);
    Write(new XorTrainable(), "xor-2-4-1.onnx");
    Write(new FamilyTrainable(), "family-36-12-12-6-24.onnx");
    Write(new MediumTrainable(), "medium-64-32-10.onnx");
    Write(new LargeTrainable(), "large-784-128-10.onnx");
    return;

    void Write(INetwork<float> network, string name)
    {
        network.Initialize(seed: 1, range: 0.1f);
        OnnxExport.Save(network, Path.Combine(directory, name));
        Console.WriteLine("Wrote " + Path.GetFullPath(Path.Combine(directory, name)));
    }
}

BenchmarkSwitcher.FromAssembly(typeof(XorTrainable).Assembly).Run(args);
