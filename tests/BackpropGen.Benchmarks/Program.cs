using BackpropGen.Benchmarks;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// `--first-call`: code size and first-call (JIT) time of the generated classes, in this fresh process.
if (args.Contains("--first-call"))
{
    FirstCall.Report();
    return;
}

// Two jobs in the same run: Vector<T> at the runtime's default width (256 bits on x64, even with AVX-512), and at
// 512 bits (DOTNET_MaxVectorTBitWidth=512, which only changes Vector<T>: the loop and FANN rows are the same code).
// Enough iterations that the ratios hold on a machine shared with other work.
Job job = Job.Default.WithWarmupCount(6).WithMinIterationCount(15).WithMaxIterationCount(40);
IConfig config = DefaultConfig.Instance
    .AddJob(job.WithId("VectorT-default"))
    .AddJob(job.WithId("VectorT-512").WithEnvironmentVariable("DOTNET_MaxVectorTBitWidth", "512"))
    .WithBuildTimeout(TimeSpan.FromMinutes(15)); // the benchmark's own build runs the generator without a compiler server
if (!FannNetwork<double>.IsAvailable || !FannNetwork<float>.IsAvailable)
{
    Console.WriteLine("FANN (libdoublefann.so.2 / libfloatfann.so.2) is not installed: the FANN rows are skipped. " +
        "Install it with tests/BackpropGen.Benchmarks/setup.sh (apt-get install libfann-dev).");
    config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("Fann", StringComparison.Ordinal)));
}

// TorchSharp: no row (see DigitsBenchmarks.cs). Say so wherever a Digits epoch is asked for.
if (args.Any(a => a.Contains("Digits", StringComparison.OrdinalIgnoreCase) || a == "*"))
{
    Console.WriteLine("TorchSharp row skipped: TorchSharp-cpu restores here but its native library cannot load " +
        "(libstdc++ has no GLIBCXX_3.4.32), and the ~1.2 GB package is not referenced.");
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
