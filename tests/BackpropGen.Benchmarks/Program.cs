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

// `--profile WORKLOAD T OPERATION [SECONDS]`: one generated operation in a loop, for perf (Profile.cs).
if (args.Contains("--profile"))
{
    Profile.Run(args);
    return;
}

// `--width-ab`: 512-bit against Vector<T> blocks, interleaved in one process (a decision aid on a loaded machine).
if (args.Contains("--width-ab"))
{
#if !BASELINE_WITHOUT_LANE_WIDTH
    WidthAB.Report();
#endif
    return;
}

// Two jobs in the same run: the default settings (the generated sweeps take 512-bit blocks where Vector512 is accelerated,
// whatever Vector<T>'s width: LaneWidth), and with the 512-bit path turned off (BACKPROPGEN_DISABLE_512=1: Vector<T>'s
// 256 bits on x64, as before it). The loop and FANN rows are the same code in both.
// Enough iterations that the ratios hold on a machine shared with other work.
// `--quick`: fewer iterations and the default width only, for before/after checks of a change (not for the README).
// `--widths` (with --quick): the job with the 512-bit path turned off too, for 512 against 256 bits in the same run.
// `--default-width` (full job): the default settings' job only, without the 512-bit-off one (half the time).
bool quick = args.Contains("--quick");
bool widths = args.Contains("--widths");
bool defaultOnly = args.Contains("--default-width");
args = [.. args.Where(a => a != "--quick" && a != "--widths" && a != "--default-width")];
Job job = quick
    ? Job.Default.WithWarmupCount(3).WithIterationCount(10).WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(150))
    : Job.Default.WithWarmupCount(6).WithMinIterationCount(15).WithMaxIterationCount(40);
IConfig config = DefaultConfig.Instance
    .AddJob(job.WithId("VectorT-default"))
    .WithBuildTimeout(TimeSpan.FromMinutes(15)); // the benchmark's own build runs the generator without a compiler server
if ((!quick && !defaultOnly) || widths)
{
    config = config.AddJob(job.WithId("Lanes-256").WithEnvironmentVariable("BACKPROPGEN_DISABLE_512", "1"));
}
if (!FannNetwork<double>.IsAvailable || !FannNetwork<float>.IsAvailable)
{
    Console.WriteLine("FANN (libdoublefann.so.2 / libfloatfann.so.2) is not installed: the FANN rows are skipped. " +
        "Install it with tests/BackpropGen.Benchmarks/setup.sh (apt-get install libfann-dev).");
    config = config.AddFilter(new SimpleFilter(b => !b.Descriptor.WorkloadMethod.Name.StartsWith("Fann", StringComparison.Ordinal)));
}

// `--baseline DIR`: the same jobs once more, built against the runtime and generator of another checkout DIR (e.g. a
// worktree of main before a change), so "before" and "after" rows come from one run on one machine state.
int baselineAt = Array.IndexOf(args, "--baseline");
if (baselineAt >= 0)
{
    if (baselineAt + 1 >= args.Length || !Directory.Exists(Path.Combine(args[baselineAt + 1], "generator")))
    {
        Console.Error.WriteLine("--baseline needs the root folder of another BackpropGen checkout (with src/ and generator/).");
        Environment.Exit(2);
    }

    string root = Path.GetFullPath(args[baselineAt + 1]).TrimEnd('/') + "/";
    var argument = new BenchmarkDotNet.Jobs.MsBuildArgument("/p:BackpropGenRoot=" + root);
    // Its own obj/ and bin/ for this project, so the two builds of it do not overwrite each other.
    var baseline = new BenchmarkDotNet.Jobs.MsBuildArgument("/p:BackpropGenBaseline=true;BaseIntermediateOutputPath=obj/baseline/;OutputPath=bin/baseline/");
    config = config.AddJob(job.WithId("Baseline-default").WithArguments([argument, baseline]));
    if (!quick)
    {
        config = config.AddJob(job.WithId("Baseline-512").WithEnvironmentVariable("DOTNET_MaxVectorTBitWidth", "512").WithArguments([argument, baseline]));
    }
    args = [.. args.Take(baselineAt), .. args.Skip(baselineAt + 2)];
}

// TorchSharp: no row (see DigitsBenchmarks.cs), for the Digits epoch nor beside the loop and FANN (training sweep and
// inference, one thread). Say so wherever those rows are asked for.
if (args.Any(a => a.Contains("Digits", StringComparison.OrdinalIgnoreCase) || a.Contains("Xor", StringComparison.OrdinalIgnoreCase) ||
    a.Contains("Symmetry", StringComparison.OrdinalIgnoreCase) || a.Contains("Family", StringComparison.OrdinalIgnoreCase) ||
    a.Contains("Mnist", StringComparison.OrdinalIgnoreCase) || a == "*"))
{
    Console.WriteLine(TorchSharpRow.Reason());
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
