using System.Diagnostics;
using System.Numerics;
using System.Reflection;

namespace BackpropGen.Benchmarks;

/// <summary>
/// `--width-ab`: the generated training sweeps at 512-bit blocks and at Vector&lt;T&gt;'s width, interleaved in one process
/// (LaneWidth.Allow512 switched between rounds), so both see the same machine load. A decision aid for a shared machine,
/// not a BenchmarkDotNet figure: it prints the median of many rounds of each. Found by reflection, so a build against an
/// older runtime without LaneWidth still compiles (the mode then says so).
/// </summary>
/// <remarks>
/// Run it with <c>DOTNET_TieredCompilation=0</c> (every method optimized on its first call): on a loaded machine the
/// background tier-1 compiles of the large generated methods did not finish within the rounds, and a perf profile
/// showed the 512-bit sweeps still running tier-0 (QuickJitted) code, which made them look up to 9× slower.
/// </remarks>
internal static class WidthAB
{
    private const int Rounds = 41;

    public static void Report()
    {
        PropertyInfo? allow = typeof(INetwork<>).Assembly.GetType("BackpropGen.LaneWidth")?.GetProperty("Allow512");
        if (allow is null)
        {
            Console.WriteLine("This runtime has no LaneWidth: nothing to compare.");
            return;
        }

        if (Environment.GetEnvironmentVariable("DOTNET_TieredCompilation") != "0")
        {
            Console.WriteLine("Set DOTNET_TieredCompilation=0: otherwise rounds may time tier-0 code of the larger sweeps.");
        }

        Console.WriteLine("| workload | T | 512-bit blocks | Vector<T> blocks | ratio |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: |");
        Compare<double, XorD>(Workload.Xor, allow);
        Compare<float, XorF>(Workload.Xor, allow);
        Compare<double, SymmetryD>(Workload.Symmetry, allow);
        Compare<float, SymmetryF>(Workload.Symmetry, allow);
        Compare<double, FamilyD>(Workload.Family, allow);
        Compare<float, FamilyF>(Workload.Family, allow);
        allow.SetValue(null, true);
    }

    private static void Compare<T, TNet>(Workload workload, PropertyInfo allow)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TNet : class, INetwork<T>, new()
    {
        // One network and one data set per width (a data set keeps the blocks of one width).
        var wide = (New<T, TNet>(workload), workload.Data<T>());
        var narrow = (New<T, TNet>(workload), workload.Data<T>());
        int calls = Math.Max(1, 200_000 / (workload.Count * workload.Sizes.Zip(workload.Sizes.Skip(1), (a, b) => a * b).Sum() / 8 + 1));
        var wideTimes = new List<double>();
        var narrowTimes = new List<double>();
        for (int round = 0; round < Rounds; round++)
        {
            allow.SetValue(null, true);
            wideTimes.Add(Time(wide.Item1, wide.Item2, calls));
            allow.SetValue(null, false);
            narrowTimes.Add(Time(narrow.Item1, narrow.Item2, calls));
        }

        // The first rounds include the JIT's tiers: drop them.
        double w = Median(wideTimes.Skip(5)), n = Median(narrowTimes.Skip(5));
        Console.WriteLine($"| {workload.Name} | {typeof(T).Name} | {w:F1} ns | {n:F1} ns | {w / n:F2} |");
    }

    private static TNet New<T, TNet>(Workload workload)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TNet : class, INetwork<T>, new()
    {
        var net = new TNet { LearningRate = T.CreateChecked(workload.LearningRate), Momentum = T.CreateChecked(workload.Momentum) };
        net.Initialize(42, T.CreateChecked(0.3));
        return net;
    }

    private static double Time<T>(INetwork<T> net, DataSet<T> data, int calls)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long start = Stopwatch.GetTimestamp();
        for (int k = 0; k < calls; k++)
        {
            net.TrainBatch(data);
        }

        return Stopwatch.GetElapsedTime(start).TotalNanoseconds / calls;
    }

    private static double Median(IEnumerable<double> values)
    {
        double[] sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
