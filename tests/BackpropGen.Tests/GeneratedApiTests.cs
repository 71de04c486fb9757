namespace BackpropGen.Tests;

/// <summary>What a user sees of a generated class: constants, argument checks, initialization.</summary>
public class GeneratedApiTests
{
    [Fact]
    public void ConstantsDescribeTheNetwork()
    {
        Assert.Equal(36, FamilyNet.InputSize);
        Assert.Equal(24, FamilyNet.OutputSize);
        Assert.Equal((24 * 6) + 6 + (12 * 6) + 6 + (12 * 12) + 12 + (12 * 6) + 6 + (6 * 24) + 24, FamilyNet.ParameterCount);
        Assert.Equal(12, XorNet.ParameterCount);
        INetwork<double> net = new XorNet();
        Assert.Equal("XorNet", net.Name);
        Assert.Equal(2, net.InputLength);
        Assert.Equal(1, net.OutputLength);
        Assert.Equal(12, net.ParameterLength);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(2, 0)]
    [InlineData(2, 2)]
    public void WrongSpanLengthsNameExpectedAndActual(int inputLength, int outputLength)
    {
        var net = new XorNet();
        var error = Assert.Throws<ArgumentException>(() => net.Forward(new double[inputLength], new double[outputLength]));
        string parameter = inputLength != 2 ? "input" : "output";
        int expected = inputLength != 2 ? 2 : 1;
        int actual = inputLength != 2 ? inputLength : outputLength;
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains($"length {expected} but got length {actual}", error.Message);

        Assert.Throws<ArgumentException>(() => net.AccumulateGradient(new double[2], new double[3]));
        Assert.Throws<ArgumentException>(() => net.SetParameters(new double[11]));
    }

    [Fact]
    public void DataSetOfTheWrongShapeIsRejected()
    {
        var net = new XorNet();
        var data = new DataSet<double>(new double[6], 3, new double[2], 1);
        var error = Assert.Throws<ArgumentException>(() => net.TrainBatch(data));
        Assert.Contains("3 inputs", error.Message);
        Assert.Contains("needs 2 inputs", error.Message);
        Assert.Throws<ArgumentException>(() => net.TrainOnline(data));
    }

    [Fact]
    public void InitializationIsDeterministicAndInRange()
    {
        var a = new FamilyNet();
        var b = new FamilyNet();
        a.Initialize(2024, 0.3f);
        b.Initialize(2024, 0.3f);
        Assert.Equal(a.Parameters.ToArray(), b.Parameters.ToArray());
        Assert.All(a.Parameters.ToArray(), w => Assert.InRange(w, -0.3f, 0.3f));
        b.Initialize(2025, 0.3f);
        Assert.NotEqual(a.Parameters.ToArray(), b.Parameters.ToArray());

        // The float network's values are the double network's draws, rounded: one sequence, two precisions.
        var d = new XorNet();
        var f = new XorNetSingle();
        d.Initialize(99, 0.5);
        f.Initialize(99, 0.5f);
        for (int k = 0; k < XorNet.ParameterCount; k++)
        {
            Assert.Equal((float)d.Parameters[k], f.Parameters[k]);
        }
    }

    [Fact]
    public void SetParametersClearsTheTrainingState()
    {
        var net = new XorNet { LearningRate = 0.5, Momentum = 0.9 };
        net.Initialize(1, 0.3);
        net.TrainBatch(Xor.XorReference.Data());
        Assert.Contains(net.PreviousDeltas.ToArray(), d => d != 0);
        net.SetParameters(new double[12]);
        Assert.All(net.PreviousDeltas.ToArray(), d => Assert.Equal(0, d));
        Assert.All(net.Gradients.ToArray(), d => Assert.Equal(0, d));
    }

    [Fact]
    public void BatchGradientIsTheSumOfThePatternGradients()
    {
        var net = new FamilyNet();
        net.Initialize(5, 0.5f);
        var data = new DataSet<float>(Enumerable.Range(0, 36 * 3).Select(i => (float)(i % 7 == 0 ? 1 : 0)).ToArray(), 36,
            Enumerable.Range(0, 24 * 3).Select(i => (float)(i % 5 == 0 ? 1 : 0)).ToArray(), 24);
        var sum = new double[FamilyNet.ParameterCount];
        for (int c = 0; c < 3; c++)
        {
            net.ClearGradients();
            net.AccumulateGradient(data.Input(c), data.Target(c));
            for (int k = 0; k < sum.Length; k++)
            {
                sum[k] += net.Gradients[k];
            }
        }

        net.ClearGradients();
        for (int c = 0; c < 3; c++)
        {
            net.AccumulateGradient(data.Input(c), data.Target(c));
        }

        for (int k = 0; k < sum.Length; k++)
        {
            Assert.Equal(sum[k], net.Gradients[k], 1e-6);
        }
    }

    [Fact]
    public void TheBatchPathAndItsSwitchAreReachedThroughTheInterface()
    {
        // Code written against INetwork<T> (the trainer, a wrapper) gets the generated members, not the interface's defaults.
        var net = new XorNet { VectorizeAcrossPatterns = false };
        net.SetParameters(Xor.XorReference.InitialParameters());
        INetwork<double> viaInterface = net;
        Assert.False(viaInterface.VectorizeAcrossPatterns);
        viaInterface.VectorizeAcrossPatterns = true;
        Assert.True(net.VectorizeAcrossPatterns);
        viaInterface.VectorizeAcrossPatterns = false;

        var data = Xor.XorReference.Data();
        double direct = net.AccumulateBatch(data);
        double[] directGradients = net.Gradients.ToArray();
        net.ClearGradients();
        double throughInterface = viaInterface.AccumulateBatch(data);

        Assert.Equal(direct, throughInterface);
        Assert.Equal(directGradients, net.Gradients.ToArray());
        Assert.NotEqual(0.0, directGradients.Max(Math.Abs));
    }
}
