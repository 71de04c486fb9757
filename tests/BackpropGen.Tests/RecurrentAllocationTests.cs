namespace BackpropGen.Tests;

/// <summary>The samples/BinaryAddition network in float, for the allocation tests of a network run in time.</summary>
[Network(TimeSteps = 8, Precision = Precision.Single, Loss = Loss.BinaryCrossEntropy)]
[Input("bits", 2)]
[Recurrent("carry", 16, Activation.Tanh)]
[Dense("sum", 1, Activation.Sigmoid)]
public partial class RecurrentAdderNet
{
}

/// <summary>A network run in time allocates nothing per sweep, per sequence or per stream step, measured as the layered nets' are.</summary>
public class RecurrentAllocationTests
{
    private const int Calls = 1_000;

    [Fact]
    public void BatchAndOnlineSweepsThroughTimeAllocateNothing()
    {
        var net = new RecurrentAdderNet { LearningRate = 0.01f, Momentum = 0.5f };
        net.Initialize(3, 0.3f);
        DataSet<float> data = AllocationTests.RandomData<float>(37, RecurrentAdderNet.InputSize, RecurrentAdderNet.OutputSize);
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
        Assert.True(float.IsFinite(net.TrainBatch(data)));
    }

    [Fact]
    public void SweepsOverMaskedSequencesAllocateNothing()
    {
        var net = new RecurrentAdderNet { LearningRate = 0.01f, Momentum = 0.5f };
        net.Initialize(3, 0.3f);
        DataSet<float> random = AllocationTests.RandomData<float>(37, RecurrentAdderNet.InputSize, RecurrentAdderNet.OutputSize);
        bool[] mask = Enumerable.Range(0, random.Count * RecurrentAdderNet.TargetSteps).Select(k => k % 3 != 0).ToArray();
        DataSet<float> data = new SequenceDataSet<float>(RecurrentAdderNet.TimeSteps, RecurrentAdderNet.StepInputSize, RecurrentAdderNet.StepOutputSize, random.Inputs, random.Targets, mask);
        net.TrainBatch(data);
        net.TrainOnline(data);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < Calls; k++)
        {
            net.TrainBatch(data);
            net.TrainOnline(data);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(float.IsFinite(net.TrainBatch(data)));
    }

    [Fact]
    public void ForwardAndStepAllocateNothing()
    {
        var net = new RecurrentAdderNet();
        float[] input = new float[RecurrentAdderNet.InputSize];
        float[] output = new float[RecurrentAdderNet.OutputSize];
        float[] state = new float[RecurrentAdderNet.StateSize];
        float[] stepOutput = new float[RecurrentAdderNet.StepOutputSize];
        net.Forward(input, output);
        net.Step(input.AsSpan(0, RecurrentAdderNet.StepInputSize), state, stepOutput);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < Calls * 10; k++)
        {
            net.Forward(input, output);
            net.Step(input.AsSpan(0, RecurrentAdderNet.StepInputSize), state, stepOutput);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
