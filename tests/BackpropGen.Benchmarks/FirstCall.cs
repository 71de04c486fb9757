using System.Diagnostics;
using System.Reflection;

namespace BackpropGen.Benchmarks;

/// <summary>
/// What the unroll policy buys on a large network: the generated source and IL size, and the time of the first calls
/// (JIT included) in a fresh process, for the 784-128-10 network beside the family-trees-sized one.
/// </summary>
internal static class FirstCall
{
    public static void Report()
    {
        // Warm the runtime's own code (DataSet, Guard, UpdateRule) on a tiny network first.
        Measure<double, XorD>(Workload.Xor, print: false);
        Console.WriteLine($"Vector<T>: {System.Numerics.Vector<byte>.Count * 8} bits. First calls include the JIT (tier 0); \"JIT\" is the time spent compiling in that call (System.Runtime.JitInfo).");
        Console.WriteLine("| network | generated source | IL (all methods) | first TrainBatch (JIT) | second TrainBatch | first Forward (JIT) | second Forward |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        Measure<double, FamilyD>(Workload.Family, print: true);
        Measure<float, FamilyF>(Workload.Family, print: true);
        Measure<double, MnistD>(Workload.Mnist, print: true);
        Measure<float, MnistF>(Workload.Mnist, print: true);
    }

    private static void Measure<T, TNet>(Workload workload, bool print)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
        where TNet : class, INetwork<T>, new()
    {
        DataSet<T> data = workload.Data<T>();
        var output = new T[workload.OutputLength];
        var net = new TNet { LearningRate = T.CreateChecked(workload.LearningRate), Momentum = T.CreateChecked(workload.Momentum) };
        net.Initialize(42, T.CreateChecked(0.3));
        data.Blocks(System.Numerics.Vector<T>.Count);

        TimeSpan jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        long start = Stopwatch.GetTimestamp();
        net.TrainBatch(data);
        TimeSpan firstSweep = Stopwatch.GetElapsedTime(start);
        TimeSpan sweepJit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jit;
        start = Stopwatch.GetTimestamp();
        net.TrainBatch(data);
        TimeSpan secondSweep = Stopwatch.GetElapsedTime(start);
        jit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true);
        start = Stopwatch.GetTimestamp();
        net.Forward(data.Input(0), output);
        TimeSpan firstForward = Stopwatch.GetElapsedTime(start);
        TimeSpan forwardJit = System.Runtime.JitInfo.GetCompilationTime(currentThread: true) - jit;
        start = Stopwatch.GetTimestamp();
        net.Forward(data.Input(0), output);
        TimeSpan secondForward = Stopwatch.GetElapsedTime(start);
        if (!print)
        {
            return;
        }

        string directory = typeof(FirstCall).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GeneratedSources").Value!;
        FileInfo? source = Directory.Exists(directory)
            ? new DirectoryInfo(directory).EnumerateFiles(typeof(TNet).FullName + ".g.cs", SearchOption.AllDirectories).FirstOrDefault()
            : null;
        int il = typeof(TNet).GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
            .Sum(m => m.GetMethodBody()?.GetILAsByteArray()?.Length ?? 0);
        Console.WriteLine($"| {workload.Name} ({typeof(T).Name}) | {(source is null ? "?" : $"{source.Length / 1024.0:F0} KiB, {File.ReadLines(source.FullName).Count():N0} lines")} | {il / 1024.0:F1} KiB " +
            $"| {firstSweep.TotalMilliseconds:F1} ms ({sweepJit.TotalMilliseconds:F1} ms) | {secondSweep.TotalMilliseconds:F2} ms | {firstForward.TotalMilliseconds:F2} ms ({forwardJit.TotalMilliseconds:F1} ms) | {secondForward.TotalMicroseconds:F1} µs |");
    }
}
