using System.Numerics;
using System.Reflection;
using System.Runtime.Intrinsics;

namespace BackpropGen.Tests;

/// <summary>The hot paths allocate nothing, measured over many calls after a warm-up.</summary>
/// <remarks>In a collection that runs alone: one test sets the process-wide <see cref="LaneWidth.Allow512"/>.</remarks>
[Collection(LaneWidthCollection.Name)]
public class AllocationTests
{
    private const int Calls = 10_000;

    [Fact]
    public void ForwardAllocatesNothing()
    {
        var net = new FamilyNet();
        net.Initialize(1, 0.3f);
        float[] input = new float[FamilyNet.InputSize];
        float[] output = new float[FamilyNet.OutputSize];
        net.Forward(input, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < Calls; k++)
        {
            net.Forward(input, output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void BatchAndOnlineSweepsAllocateNothing()
    {
        var net = new XorNet { LearningRate = 0.5, Momentum = 0.9, WeightDecay = 0.001 };
        net.Initialize(7, 0.3);
        DataSet<double> data = Xor.XorReference.Data();
        net.TrainBatch(data);
        net.TrainOnline(data);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < Calls; k++)
        {
            net.TrainBatch(data);
        }

        long batch = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < Calls; k++)
        {
            net.TrainOnline(data);
        }

        long online = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, batch);
        Assert.Equal(0, online);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SimdBatchSweepsAllocateNothing(bool allow512)
    {
        bool previous = LaneWidth.Allow512;
        LaneWidth.Allow512 = allow512;
        try
        {
            var net = new FamilyNet { LearningRate = 0.1f, Momentum = 0.9f };
            net.Initialize(5, 0.3f);
            DataSet<float> data = RandomData<float>(104, FamilyNet.InputSize, FamilyNet.OutputSize);
            net.TrainBatch(data);
            Assert.True(Vector.IsHardwareAccelerated);
            bool wide = allow512 && Vector512.IsHardwareAccelerated && Vector512<float>.Count > Vector<float>.Count;
            Assert.NotNull(typeof(FamilyNet).GetField(wide ? "_gradientLanes512" : "_gradientLanes", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(net));

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < Calls / 10; k++)
            {
                net.TrainBatch(data);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        finally
        {
            LaneWidth.Allow512 = previous;
        }
    }

    [Fact]
    public void LoopedLayersAllocateNothing()
    {
        var net = new WideNet { LearningRate = 0.1, Momentum = 0.9 };
        net.Initialize(5, 0.1);
        DataSet<double> data = RandomData<double>(3 * Vector<double>.Count + 1, WideNet.InputSize, WideNet.OutputSize);
        double[] output = new double[WideNet.OutputSize];
        net.TrainBatch(data);
        net.TrainOnline(data);
        net.Forward(data.Input(0), output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 100; k++)
        {
            net.TrainBatch(data);
            net.TrainOnline(data);
            net.Forward(data.Input(0), output);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static DataSet<T> RandomData<T>(int count, int inputLength, int targetLength)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var random = new Random(17);
        T[] inputs = Enumerable.Range(0, count * inputLength).Select(_ => T.CreateChecked(random.NextDouble())).ToArray();
        T[] targets = Enumerable.Range(0, count * targetLength).Select(_ => T.CreateChecked(random.NextDouble())).ToArray();
        return new DataSet<T>(inputs, inputLength, targets, targetLength);
    }

    [Fact]
    public void TrainingLoopWithoutProgressAllocatesNothingPerSweep()
    {
        var net = new XorNet { LearningRate = 0.5 };
        net.Initialize(3, 0.3);
        DataSet<double> data = Xor.XorReference.Data();
        var options = new TrainingOptions<double> { MaxSweeps = 10 };
        NetworkTrainer.Train(net, data, options);

        long before = GC.GetAllocatedBytesForCurrentThread();
        NetworkTrainer.Train(net, data, new TrainingOptions<double> { MaxSweeps = 10 });
        long small = GC.GetAllocatedBytesForCurrentThread() - before;
        before = GC.GetAllocatedBytesForCurrentThread();
        NetworkTrainer.Train(net, data, new TrainingOptions<double> { MaxSweeps = 10_010 });
        long large = GC.GetAllocatedBytesForCurrentThread() - before;

        // The same fixed cost (options and result objects) whether it runs 10 sweeps or 10,010.
        Assert.Equal(small, large);
    }
}

/// <summary>Tests that set <see cref="LaneWidth.Allow512"/>, which every network in the process reads, or that must not see it change: run apart from the rest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LaneWidthCollection
{
    public const string Name = "Lane width (process-wide switch)";
}
