// Measures the two forms of baked weights against each other (and the trainable network's Forward, which reads
// its parameters from an instance array, for reference), for a tiny and a medium network:
//
//   dotnet run -c Release --project tests/BackpropGen.Embedded.Benchmarks                 every benchmark
//   dotnet run -c Release --project tests/BackpropGen.Embedded.Benchmarks -- --filter '*Xor*'
//   dotnet run -c Release --project tests/BackpropGen.Embedded.Benchmarks -- --write-weights   write medium.bpgw again
using BackpropGen.Embedded.Benchmarks;
using BenchmarkDotNet.Running;

if (args.Length == 1 && args[0] == "--write-weights")
{
    var medium = new MediumTrainable();
    medium.Initialize(seed: 1, range: 0.5f);
    string path = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "medium.bpgw");
    medium.Save(path);
    Console.WriteLine("Wrote " + Path.GetFullPath(path));
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ForwardBenchmarks).Assembly).Run(args);
