using System.Diagnostics;
using System.Numerics;

namespace BackpropGen.Benchmarks;

/// <summary>
/// `--profile WORKLOAD T OPERATION [SECONDS]`: runs one generated operation in a loop for a while, so that
/// <c>perf record</c> can say where its time goes. WORKLOAD is xor, symmetry, family or mnist; T is float or double;
/// OPERATION is sweep (<c>TrainBatch</c>), forward (one pattern) or batch (<c>ForwardBatch</c> over every case of the
/// workload). Prints the mean time per operation over the last half of the run (not a benchmark: use it under perf).
/// </summary>
/// <example>
/// <code>
/// DOTNET_PerfMapEnabled=1 perf record -e cpu-clock -F 4999 -o family.data -- \
///   dotnet tests/BackpropGen.Benchmarks/bin/Release/net10.0/BackpropGen.Benchmarks.dll --profile family float sweep 10
/// perf report -i family.data --sort symbol --stdio
/// </code>
/// </example>
internal static class Profile
{
    public static void Run(string[] args)
    {
        int at = Array.IndexOf(args, "--profile");
        string[] rest = args.Skip(at + 1).ToArray();
        if (rest.Length < 3)
        {
            Console.Error.WriteLine("--profile WORKLOAD T OPERATION [SECONDS]: WORKLOAD xor|symmetry|family|mnist, T float|double, OPERATION sweep|forward|batch.");
            Environment.Exit(2);
        }

        double seconds = rest.Length > 3 ? double.Parse(rest[3], System.Globalization.CultureInfo.InvariantCulture) : 10;
        string operation = rest[2];
        bool single = rest[1] == "float";
        switch (rest[0])
        {
            case "xor": Go(single, Workload.Xor, new XorF(), new XorD(), operation, seconds); break;
            case "symmetry": Go(single, Workload.Symmetry, new SymmetryF(), new SymmetryD(), operation, seconds); break;
            case "family": Go(single, Workload.Family, new FamilyF(), new FamilyD(), operation, seconds); break;
            case "mnist": Go(single, Workload.Mnist, new MnistF(), new MnistD(), operation, seconds); break;
            default: Console.Error.WriteLine($"Unknown workload '{rest[0]}': xor, symmetry, family or mnist."); Environment.Exit(2); break;
        }
    }

    private static void Go(bool single, Workload workload, INetwork<float> f, INetwork<double> d, string operation, double seconds)
    {
        if (single)
        {
            Loop(workload, f, operation, seconds);
        }
        else
        {
            Loop(workload, d, operation, seconds);
        }
    }

    private static void Loop<T>(Workload workload, INetwork<T> net, string operation, double seconds)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        net.LearningRate = T.CreateChecked(workload.LearningRate);
        net.Momentum = T.CreateChecked(workload.Momentum);
        net.Initialize(42, T.CreateChecked(0.3));
        DataSet<T> data = workload.Data<T>();
        T[] inputs = new T[workload.Count * workload.InputLength];
        for (int c = 0; c < workload.Count; c++)
        {
            workload.Case(c).Input.Select(T.CreateChecked).ToArray().CopyTo(inputs, c * workload.InputLength);
        }

        T[] outputs = new T[workload.Count * workload.OutputLength];
        Action step = operation switch
        {
            "sweep" => () => net.TrainBatch(data),
            "forward" => () => net.Forward(inputs.AsSpan(0, workload.InputLength), outputs.AsSpan(0, workload.OutputLength)),
            "batch" => () => net.ForwardBatch(inputs, outputs),
            _ => throw new ArgumentException($"Unknown operation '{operation}': sweep, forward or batch."),
        };

        // Blocks of 1,000 calls until the time is up; the second half's blocks are timed (the first half includes the JIT's tiers).
        var clock = Stopwatch.StartNew();
        long calls = 0, measuredCalls = 0;
        TimeSpan start = TimeSpan.Zero;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            if (measuredCalls == 0 && clock.Elapsed.TotalSeconds >= seconds / 2)
            {
                start = clock.Elapsed;
                measuredCalls = -1;
            }

            for (int k = 0; k < 1000; k++)
            {
                step();
            }

            calls += 1000;
            if (measuredCalls != 0)
            {
                measuredCalls = Math.Max(0, measuredCalls) + 1000;
            }
        }

        double ns = (clock.Elapsed - start).TotalNanoseconds / Math.Max(1, measuredCalls);
        Console.WriteLine($"{workload.Name} {typeof(T).Name} {operation}: {calls:N0} calls, ≈ {ns:F1} ns per call over the second half (a profiling loop, not a benchmark).");
    }
}
