namespace BackpropGen.Tests;

/// <summary>The hot paths allocate nothing, measured over many calls after a warm-up.</summary>
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
