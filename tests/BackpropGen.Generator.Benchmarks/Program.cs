using BenchmarkDotNet.Running;

namespace BackpropGen.Generator.Benchmarks;

/// <summary>dotnet run -c Release --project tests/BackpropGen.Generator.Benchmarks -- --filter '*' --job short</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
