using System.Reflection;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Per-step target masks (<see cref="SequenceDataSet{T}"/>, AccumulateGradient(input, target, mask)) over the random
/// recurrent corpus of <see cref="RecurrentTests"/>: all ones is bit for bit the unmasked pass, a masked step's target has
/// no effect on E or ∂E/∂w, E is the loss of the counted steps' outputs (from Forward), and ∂E/∂w matches central
/// differences of that E.
/// </summary>
public class RecurrentMaskTests
{
    private delegate double MaskedAccumulate(ReadOnlySpan<double> input, ReadOnlySpan<double> target, ReadOnlySpan<double> mask);

    public static IEnumerable<object[]> Indices() => RecurrentTests.Indices();

    private static (INetwork<double> Net, MaskedAccumulate Accumulate, int TargetSteps, int StepOutput) New(int index)
    {
        Type type = RecurrentTests.Compiled.Value.Assembly.GetType($"Recurrent.Net{index}")!;
        var net = (INetwork<double>)Activator.CreateInstance(type)!;
        MethodInfo masked = type.GetMethods().Single(m => m.Name == "AccumulateGradient" && m.GetParameters().Length == 3);
        int targetSteps = (int)type.GetField("TargetSteps")!.GetValue(null)!;
        return (net, masked.CreateDelegate<MaskedAccumulate>(net), targetSteps, net.OutputLength / targetSteps);
    }

    /// <summary>A mask with every third step (from a per-net offset) absent, and at least one step counted.</summary>
    private static double[] SomeMasked(int index, int steps)
    {
        double[] mask = Enumerable.Range(0, steps).Select(s => (s + index) % 3 == 0 ? 0.0 : 1.0).ToArray();
        mask[^1] = steps == 1 ? 1 : mask[^1];
        return mask;
    }

    [Theory]
    [MemberData(nameof(Indices))]
    public void AllOnesIsTheUnmaskedPassBitForBit(int index)
    {
        (INetwork<double> net, MaskedAccumulate accumulate, int steps, int stepOutput) = New(index);
        net.Initialize((ulong)index + 31, 0.8);
        ulong state = (ulong)index + 3;
        double[] input = GradientCheckTests.Draw(net.InputLength, ref state, 1.0);
        double[] target = GradientCheckTests.Targets(net.Topology, stepOutput, steps, ref state);

        net.ClearGradients();
        double plain = net.AccumulateGradient(input, target);
        double[] plainGradient = net.Gradients.ToArray();
        net.ClearGradients();
        double ones = accumulate(input, target, Enumerable.Repeat(1.0, steps).ToArray());
        Assert.Equal(plain, ones);
        Assert.Equal(plainGradient, net.Gradients.ToArray());
    }

    [Theory]
    [MemberData(nameof(Indices))]
    public void AMaskedStepsTargetHasNoEffectAndTheGradientMatchesCentralDifferences(int index)
    {
        (INetwork<double> net, MaskedAccumulate accumulate, int steps, int stepOutput) = New(index);
        net.Initialize((ulong)index + 77, 0.8);
        ulong state = (ulong)index + 5;
        double[] input = GradientCheckTests.Draw(net.InputLength, ref state, 1.0);
        double[] target = GradientCheckTests.Targets(net.Topology, stepOutput, steps, ref state);
        double[] mask = SomeMasked(index, steps);

        net.ClearGradients();
        double error = accumulate(input, target, mask);
        double[] analytic = net.Gradients.ToArray();

        // Other values at the masked steps' targets: the same E and ∂E/∂w, bit for bit.
        double[] other = (double[])target.Clone();
        for (int s = 0; s < steps; s++)
        {
            for (int j = 0; j < stepOutput && mask[s] == 0; j++)
            {
                other[(s * stepOutput) + j] = 1 - other[(s * stepOutput) + j] + 0.25;
            }
        }

        net.ClearGradients();
        Assert.Equal(error, accumulate(input, other, mask));
        Assert.Equal(analytic, net.Gradients.ToArray());

        // E is the loss of the counted steps' outputs, as Forward gives them.
        Assert.Equal(MaskedError(net, input, target, mask, stepOutput), error, 12);
        if (mask.Contains(0.0) && mask.Contains(1.0))
        {
            net.ClearGradients();
            Assert.NotEqual(error, net.AccumulateGradient(input, target));
        }

        for (int k = 0; k < net.ParameterLength; k++)
        {
            const double h = 1e-4;
            double w = net.Parameters[k];
            double At(double value)
            {
                net.Parameters[k] = value;
                return MaskedError(net, input, target, mask, stepOutput);
            }

            double numeric = (-At(w + (2 * h)) + (8 * At(w + h)) - (8 * At(w - h)) + At(w - (2 * h))) / (12 * h);
            net.Parameters[k] = w;
            double relative = Math.Abs(analytic[k] - numeric) / Math.Max(1e-3, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-6, $"parameter {k}: analytic {analytic[k]:R}, numeric {numeric:R}, relative error {relative:E2}, mask {string.Join(",", mask)}\n{RecurrentTests.Compiled.Value.Declarations[index]}");
        }
    }

    /// <summary>E over the steps whose mask is 1, from Forward's outputs (the loss named by the topology).</summary>
    private static double MaskedError(INetwork<double> net, double[] input, double[] target, double[] mask, int stepOutput)
    {
        var output = new double[net.OutputLength];
        net.Forward(input, output);
        double e = 0;
        for (int k = 0; k < output.Length; k++)
        {
            if (mask[k / stepOutput] == 0)
            {
                continue;
            }

            double y = output[k];
            double d = target[k];
            e += net.Topology.EndsWith("loss crossentropy", StringComparison.Ordinal) ? -d * Math.Log(y)
                : net.Topology.EndsWith("loss binarycrossentropy", StringComparison.Ordinal) ? -((d * Math.Log(y)) + ((1 - d) * Math.Log(1 - y)))
                : 0.5 * (y - d) * (y - d);
        }

        return e;
    }

    [Fact]
    public void TrainBatchOnlineAndTheTrainerReadTheMasks()
    {
        // Net 3: every step's outputs read. Cases with masks against the same cases unmasked and with the masked targets changed.
        (INetwork<double> net, _, int steps, int stepOutput) = New(3);
        Assert.True(steps > 1);
        ulong state = 17;
        const int Cases = 9;
        double[] inputs = GradientCheckTests.Draw(Cases * net.InputLength, ref state, 1.0);
        double[] targets = GradientCheckTests.Targets(net.Topology, net.OutputLength, Cases, ref state);
        int stepInput = net.InputLength / steps;
        bool[] mask = Enumerable.Range(0, Cases * steps).Select(k => k % 4 != 1).ToArray();
        var masked = new SequenceDataSet<double>(steps, stepInput, stepOutput, inputs, targets, mask);
        var allOnes = new SequenceDataSet<double>(steps, stepInput, stepOutput, inputs, targets, Enumerable.Repeat(true, Cases * steps).ToArray());
        var plain = new DataSet<double>(inputs, net.InputLength, targets, net.OutputLength);

        double[] Run(DataSet<double> data, bool online)
        {
            net.Initialize(4, 0.5);

            // Bit for bit against the unmasked data set: one sequence at a time for both (a masked data set never takes the
            // lane blocks, an unmasked one would, and the lane sums round differently).
            net.VectorizeAcrossPatterns = false;
            net.LearningRate = 0.05;
            net.Momentum = 0.5;
            var errors = new List<double>();
            for (int sweep = 0; sweep < 5; sweep++)
            {
                errors.Add(online ? net.TrainOnline(data) : net.TrainBatch(data));
            }

            return errors.Concat(net.Parameters.ToArray()).ToArray();
        }

        foreach (bool online in new[] { false, true })
        {
            Assert.Equal(Run(plain, online), Run(allOnes, online));
            double[] withMask = Run(masked, online);
            Assert.NotEqual(Run(plain, online), withMask);

            // The masked steps' targets changed (even to values far out of range): the same run.
            double[] changed = (double[])targets.Clone();
            for (int k = 0; k < mask.Length; k++)
            {
                if (!mask[k])
                {
                    changed.AsSpan(k * stepOutput, stepOutput).Fill(1e6);
                }
            }

            Assert.Equal(withMask, Run(new SequenceDataSet<double>(steps, stepInput, stepOutput, inputs, changed, mask), online));
        }

        // The trainer's mini-batches (cut from the masked set, shuffled) keep the masks: batch size 1 in data-set order is TrainOnline.
        double[] online1 = Run(masked, online: true);
        net.Initialize(4, 0.5);
        net.LearningRate = 0.05;
        net.Momentum = 0.5;
        var epoch = new MiniBatchEpoch<double>(masked, 1);
        var errors = new List<double>();
        for (int sweep = 1; sweep <= 5; sweep++)
        {
            errors.Add(epoch.Run(net, sweep, 0, shuffle: false, GradientScale.Sum));
        }

        Assert.Equal(online1, errors.Concat(net.Parameters.ToArray()).ToArray());
    }

    [Fact]
    public void AMaskOfAnotherLengthOrValueIsRefused()
    {
        (INetwork<double> net, MaskedAccumulate accumulate, int steps, int stepOutput) = New(3);
        var input = new double[net.InputLength];
        var target = new double[net.OutputLength];
        ArgumentException wrongLength = Assert.Throws<ArgumentException>(() => accumulate(input, target, new double[steps + 1]));
        Assert.Contains("mask", wrongLength.Message, StringComparison.Ordinal);
        double[] half = Enumerable.Repeat(1.0, steps).ToArray();
        half[0] = 0.5;
        ArgumentException notZeroOrOne = Assert.Throws<ArgumentException>(() => accumulate(input, target, half));
        Assert.Contains("step 0 is 0.5", notZeroOrOne.Message, StringComparison.Ordinal);

        // A data set of the right shapes whose masks are one per case (as for the last step only), given to a net that reads every step.
        int stepInput = net.InputLength / steps;
        var oneMaskPerCase = new SequenceDataSet<double>(steps, stepInput, net.OutputLength, input, target, new[] { true }, SequenceOutputs.LastStep);
        Assert.Equal((net.InputLength, net.OutputLength, 1), (oneMaskPerCase.Data.InputLength, oneMaskPerCase.Data.TargetLength, oneMaskPerCase.Data.MaskLength));
        ArgumentException mismatch = Assert.Throws<ArgumentException>(() => net.TrainBatch(oneMaskPerCase));
        Assert.Contains("1 per-step target masks per case; the network reads its outputs at " + steps + " step(s)", mismatch.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => net.TrainOnline(oneMaskPerCase));
        _ = stepOutput;
    }
}
