using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

namespace BackpropGen.Generator.Benchmarks;

/// <summary>dotnet run -c Release --project tests/BackpropGen.Generator.Benchmarks -- --filter '*' --job short</summary>
public static class Program
{
    /// <summary>
    /// Runs the benchmarks; <c>--baseline DIR</c> adds a job built against the generator of another checkout DIR (e.g. main
    /// before a change), so before and after come from one run (with <c>--short</c>, both as ShortRun jobs).
    /// </summary>
    public static void Main(string[] args)
    {
        if (args.Contains("--harness"))
        {
            Harness.Run(args);
            return;
        }

        int at = System.Array.IndexOf(args, "--baseline");
        if (at < 0 || at + 1 >= args.Length)
        {
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
            return;
        }

        string root = System.IO.Path.GetFullPath(args[at + 1]).TrimEnd('/') + "/";
        // --short: both jobs as BenchmarkDotNet's ShortRun (3 warm-ups, 3 iterations), for a loaded machine; the ratio within the run is what counts.
        bool shortRun = args.Contains("--short");
        var job = shortRun ? BenchmarkDotNet.Jobs.Job.ShortRun : BenchmarkDotNet.Jobs.Job.Default;
        var config = BenchmarkDotNet.Configs.DefaultConfig.Instance
            .AddJob(job.WithId("This tree"))
            .AddJob(job.WithId("Baseline").WithArguments(new[]
            {
                new BenchmarkDotNet.Jobs.MsBuildArgument("/p:BackpropGenRoot=" + root),
                new BenchmarkDotNet.Jobs.MsBuildArgument("/p:BaseIntermediateOutputPath=obj/baseline/;OutputPath=bin/baseline/"),
            }));
        string[] rest = args.Take(at).Concat(args.Skip(at + 2)).Where(a => a != "--short").ToArray();
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(rest, config);
    }
}
