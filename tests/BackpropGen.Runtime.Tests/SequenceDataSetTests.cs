using System;
using System.Linq;
using Xunit;

namespace BackpropGen.Runtime.Tests;

/// <summary>SequenceDataSet&lt;T&gt;: shapes (cases × T × units), per-step target masks, and the data set it converts to.</summary>
public class SequenceDataSetTests
{
    // Two cases of 3 steps, 2 input units and 1 target unit per step.
    private static readonly double[] Inputs = Enumerable.Range(0, 12).Select(i => (double)i).ToArray();
    private static readonly double[] Targets = { 0.1, 0.2, 0.3, 0.4, 0.5, 0.6 };

    [Fact]
    public void Flat_sequences_are_cases_of_T_steps_with_their_masks()
    {
        var data = new SequenceDataSet<double>(3, 2, 1, Inputs, Targets, new[] { true, false, true, true, true, false });
        Assert.Equal((2, 3, 2, 1, 3), (data.Count, data.Steps, data.StepInputLength, data.StepTargetLength, data.TargetSteps));
        DataSet<double> set = data;
        Assert.Same(data.Data, set);
        Assert.Equal((6, 3, 3), (set.InputLength, set.TargetLength, set.MaskLength));
        Assert.Equal(new[] { 1.0, 0, 1, 1, 1, 0 }, set.StepMasks.ToArray());
        Assert.Equal(new[] { 1.0, 1, 0 }, set.StepMask(1).ToArray());

        // An absent target is stored as 0, whatever was given.
        Assert.Equal(new[] { 0.1, 0, 0.3, 0.4, 0.5, 0 }, set.Targets.ToArray());
        Assert.Equal(new[] { 8.0, 9 }, data.Input(1, 1).ToArray());
        Assert.False(data.HasTarget(0, 1));
        Assert.True(data.HasTarget(1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Target(0, 3).ToArray());
    }

    [Fact]
    public void Without_a_mask_every_target_counts_and_the_set_has_no_masks()
    {
        var data = new SequenceDataSet<double>(3, 2, 1, Inputs, Targets);
        Assert.Equal(0, data.Data.MaskLength);
        Assert.True(data.Data.StepMasks.IsEmpty);
        Assert.True(data.Data.StepMask(0).IsEmpty);
        Assert.True(data.HasTarget(1, 2));
        Assert.Equal(Targets, data.Data.Targets.ToArray());
    }

    [Fact]
    public void Last_step_targets_are_one_step_per_case()
    {
        var data = new SequenceDataSet<double>(3, 2, 1, Inputs, new[] { 0.25, 0.75 }, outputs: SequenceOutputs.LastStep);
        Assert.Equal((1, 1), (data.TargetSteps, data.Data.TargetLength));
        Assert.Throws<ArgumentException>(() => new SequenceDataSet<double>(3, 2, 1, Inputs, Targets, outputs: SequenceOutputs.LastStep));
    }

    [Fact]
    public void Shape_errors_name_the_case_step_and_expected_length()
    {
        ArgumentException input = Assert.Throws<ArgumentException>(() => new SequenceDataSet<double>(3, 2, 1, Inputs.AsSpan(0, 10), Targets));
        Assert.Contains("10 input values are not a whole number (at least one) of sequences of 3 steps × 2 units (6 values per case)", input.Message, StringComparison.Ordinal);
        Assert.Equal("inputs", input.ParamName);

        ArgumentException target = Assert.Throws<ArgumentException>(() => new SequenceDataSet<double>(3, 2, 1, Inputs, Targets.AsSpan(0, 4)));
        Assert.Contains("2 sequences need 2 × 3 target step(s) × 1 units = 6 target values; there are 4 (case 1, step 1 is the first incomplete one)", target.Message, StringComparison.Ordinal);

        ArgumentException mask = Assert.Throws<ArgumentException>(() => new SequenceDataSet<double>(3, 2, 1, Inputs, Targets, new[] { true, true }));
        Assert.Contains("2 sequences need 2 × 3 target mask flags (one per target step); there are 2", mask.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceDataSet<double>(0, 2, 1, Inputs, Targets));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SequenceDataSet<double>(3, 2, 1, Inputs, Targets, outputs: (SequenceOutputs)5));

        ArgumentException steps = Assert.Throws<ArgumentException>(() => SequenceDataSet<double>.FromSequences(
            new[] { new[] { new[] { 1.0 }, new[] { 2.0 } }, new[] { new[] { 1.0 } } },
            new[] { new double[]?[] { new[] { 1.0 }, new[] { 1.0 } }, new double[]?[] { new[] { 1.0 }, new[] { 1.0 } } }));
        Assert.Contains("Case 1 has 1 input steps; expected 2 (case 0's)", steps.Message, StringComparison.Ordinal);

        ArgumentException units = Assert.Throws<ArgumentException>(() => SequenceDataSet<double>.FromSequences(
            new[] { new[] { new[] { 1.0 }, new[] { 2.0 } }, new[] { new[] { 1.0 }, new[] { 2.0, 3.0 } } },
            new[] { new double[]?[] { new[] { 1.0 }, new[] { 1.0 } }, new double[]?[] { new[] { 1.0 }, new[] { 1.0 } } }));
        Assert.Contains("Case 1, step 1: the input has 2 units; expected 1 (case 0's)", units.Message, StringComparison.Ordinal);

        ArgumentException targetUnits = Assert.Throws<ArgumentException>(() => SequenceDataSet<double>.FromSequences(
            new[] { new[] { new[] { 1.0 }, new[] { 2.0 } } },
            new[] { new double[]?[] { new[] { 1.0 }, new[] { 1.0, 2.0 } } }));
        Assert.Contains("Case 0, step 1: the target has 2 units; expected 1", targetUnits.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_finite_value_is_named_by_case_step_and_unit_unless_its_target_is_masked()
    {
        double[] inputs = (double[])Inputs.Clone();
        inputs[9] = double.NaN;
        ArgumentException input = Assert.Throws<ArgumentException>(() => new SequenceDataSet<double>(3, 2, 1, inputs, Targets));
        Assert.Contains("Case 1, step 1, input unit 1 is NaN", input.Message, StringComparison.Ordinal);

        double[] targets = (double[])Targets.Clone();
        targets[4] = double.PositiveInfinity;
        ArgumentException target = Assert.Throws<ArgumentException>(() => new SequenceDataSet<double>(3, 2, 1, Inputs, targets));
        Assert.Contains("Case 1, step 1, target unit 0 is +∞", target.Message, StringComparison.Ordinal);

        // Masked, the same target is absent: stored as 0.
        var masked = new SequenceDataSet<double>(3, 2, 1, Inputs, targets, new[] { true, true, true, true, false, true });
        Assert.Equal(0.0, masked.Target(1, 1)[0]);
    }

    [Fact]
    public void Null_target_steps_are_absent()
    {
        var data = SequenceDataSet<float>.FromSequences(
            new[] { new[] { new[] { 1f, 0f }, new[] { 0f, 1f } }, new[] { new[] { 1f, 1f }, new[] { 0f, 0f } } },
            new[] { new float[]?[] { null, new[] { 1f } }, new float[]?[] { new[] { 0f }, new[] { 1f } } });
        Assert.Equal((2, 2, 2, 1), (data.Count, data.Steps, data.StepInputLength, data.StepTargetLength));
        Assert.Equal(new[] { 0f, 1, 1, 1 }, data.Data.StepMasks.ToArray());
        Assert.Equal(new[] { 1f, 0f, 0f, 1f, 1f, 1f, 0f, 0f }, data.Data.Inputs.ToArray());
        Assert.Throws<ArgumentException>(() => SequenceDataSet<float>.FromSequences(
            new[] { new[] { new[] { 1f } } }, new[] { new float[]?[] { null } }));
    }

    [Fact]
    public void Splits_and_mini_batches_keep_the_masks()
    {
        var data = new SequenceDataSet<double>(3, 2, 1, Inputs, Targets, new[] { true, false, true, true, true, false });
        var epoch = new MiniBatchEpoch<double>(data, 1);
        Assert.Equal(2, epoch.BatchCount);
        (DataSet<double> train, DataSet<double> test) = DataSplit.Random<double>(data, 0.5, 7);
        int masked = train.MaskLength + test.MaskLength;
        Assert.Equal(6, masked);
        Assert.Equal(2, train.StepMasks.ToArray().Concat(test.StepMasks.ToArray()).Count(v => v == 0));
    }
}
