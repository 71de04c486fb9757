using System;
using System.Numerics;
using Xunit;

namespace BackpropGen.Runtime.Tests;

/// <summary>
/// <see cref="INetwork{T}.AccumulateBatch"/> and <see cref="INetwork{T}.VectorizeAcrossPatterns"/>: their default
/// implementations (for a network written before they were on the interface) and the trainer's batch sweep through them.
/// </summary>
public class NetworkInterfaceTests
{
    private static DataSet<double> Cases() => new(
        [0.5, -1.0, 2.0, 0.25, -0.75, 1.5],
        2,
        [1.0, -2.0, 0.5],
        1);

    [Fact]
    public void The_default_AccumulateBatch_adds_each_case_in_order_and_changes_no_weight()
    {
        var inner = new FakeNetwork<double>(2, 1);
        inner.Initialize(3, 0.5);
        INetwork<double> network = new DefaultsOnly<double>(inner);
        double[] before = network.Parameters.ToArray();

        double error = network.AccumulateBatch(Cases());

        // By hand, case by case through AccumulateGradient on a copy.
        var reference = new FakeNetwork<double>(2, 1);
        reference.SetParameters(before);
        DataSet<double> data = Cases();
        double expected = 0;
        for (int c = 0; c < data.Count; c++)
        {
            expected += reference.AccumulateGradient(data.Input(c), data.Target(c));
        }

        Assert.Equal(expected, error);
        Assert.NotEqual(0, expected);
        Assert.Equal(reference.Gradients.ToArray(), network.Gradients.ToArray());
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void The_default_AccumulateBatch_checks_the_shape()
    {
        INetwork<double> network = new DefaultsOnly<double>(new FakeNetwork<double>(3, 1));
        var exception = Assert.Throws<ArgumentException>(() => network.AccumulateBatch(Cases()));
        Assert.Equal("data", exception.ParamName);
        Assert.Throws<ArgumentNullException>(() => network.AccumulateBatch(null!));
    }

    [Fact]
    public void Without_a_SIMD_path_VectorizeAcrossPatterns_is_false_and_setting_it_changes_nothing()
    {
        INetwork<double> network = new DefaultsOnly<double>(new FakeNetwork<double>(2, 1));
        Assert.False(network.VectorizeAcrossPatterns);
        network.VectorizeAcrossPatterns = true;
        Assert.False(network.VectorizeAcrossPatterns);
    }

    [Fact]
    public void The_trainer_batch_sweep_is_TrainBatch_split_into_its_three_calls()
    {
        // The same start, one network trained by NetworkTrainer and one by TrainBatch: the same weights and errors.
        var trained = new FakeNetwork<double>(2, 1) { Momentum = 0.5, WeightDecay = 0.01 };
        trained.Initialize(11, 0.5);
        var byHand = new FakeNetwork<double>(2, 1) { Momentum = 0.5, WeightDecay = 0.01 };
        byHand.Initialize(11, 0.5);

        TrainingResult result = NetworkTrainer.Train(trained, Cases(), new TrainingOptions<double> { MaxSweeps = 7 });
        double last = 0;
        for (int sweep = 0; sweep < 7; sweep++)
        {
            last = byHand.TrainBatch(Cases());
        }

        Assert.Equal(last, result.FinalError);
        Assert.Equal(byHand.Parameters.ToArray(), trained.Parameters.ToArray());
        Assert.Equal(byHand.PreviousDeltas.ToArray(), trained.PreviousDeltas.ToArray());
        Assert.Equal(7, trained.BatchSweeps);
    }

    [Fact]
    public void The_trainer_batch_sweep_reaches_a_network_through_the_default_AccumulateBatch()
    {
        var inner = new FakeNetwork<double>(2, 1);
        inner.Initialize(11, 0.5);
        var reference = new FakeNetwork<double>(2, 1);
        reference.Initialize(11, 0.5);

        NetworkTrainer.Train(new DefaultsOnly<double>(inner), Cases(), new TrainingOptions<double> { MaxSweeps = 4 });
        NetworkTrainer.Train(reference, Cases(), new TrainingOptions<double> { MaxSweeps = 4 });

        Assert.Equal(reference.Parameters.ToArray(), inner.Parameters.ToArray());
        Assert.Equal(0, inner.BatchSweeps); // the default went case by case through AccumulateGradient
    }

    /// <summary>A network written against the interface before AccumulateBatch and VectorizeAcrossPatterns: it implements neither.</summary>
    private sealed class DefaultsOnly<T>(FakeNetwork<T> inner) : INetwork<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        public string Name => inner.Name;

        public string Topology => inner.Topology;

        public int InputLength => inner.InputLength;

        public int OutputLength => inner.OutputLength;

        public int ParameterLength => inner.ParameterLength;

        public Span<T> Parameters => inner.Parameters;

        public Span<T> Gradients => inner.Gradients;

        public Span<T> PreviousDeltas => inner.PreviousDeltas;

        public T LearningRate { get => inner.LearningRate; set => inner.LearningRate = value; }

        public T Momentum { get => inner.Momentum; set => inner.Momentum = value; }

        public T WeightDecay { get => inner.WeightDecay; set => inner.WeightDecay = value; }

        public Optimizer<T>? Optimizer { get => inner.Optimizer; set => inner.Optimizer = value; }

        public void Forward(ReadOnlySpan<T> input, Span<T> output) => inner.Forward(input, output);

        public T AccumulateGradient(ReadOnlySpan<T> input, ReadOnlySpan<T> target) => inner.AccumulateGradient(input, target);

        public void ClearGradients() => inner.ClearGradients();

        public void ApplyUpdate() => inner.ApplyUpdate();

        public T TrainBatch(DataSet<T> data) => throw new InvalidOperationException("The trainer's batch sweep does not call TrainBatch.");

        public T TrainOnline(DataSet<T> data) => inner.TrainOnline(data);

        public void Initialize(ulong seed, T range) => inner.Initialize(seed, range);

        public void SetParameters(ReadOnlySpan<T> values) => inner.SetParameters(values);
    }
}
