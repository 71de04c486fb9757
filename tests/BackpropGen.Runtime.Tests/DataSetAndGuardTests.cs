using System;
using Xunit;

namespace BackpropGen.Runtime.Tests;

public class DataSetAndGuardTests
{
    [Fact]
    public void Rows_are_flattened_in_order()
    {
        var data = DataSet<float>.FromRows([[0f, 1f], [2f, 3f], [4f, 5f]], [[6f], [7f], [8f]]);
        Assert.Equal(3, data.Count);
        Assert.Equal(2, data.InputLength);
        Assert.Equal(1, data.TargetLength);
        Assert.Equal([0f, 1f, 2f, 3f, 4f, 5f], data.Inputs.ToArray());
        Assert.Equal([2f, 3f], data.Input(1).ToArray());
        Assert.Equal([8f], data.Target(2).ToArray());
    }

    [Fact]
    public void Ragged_input_rows_are_refused()
    {
        var exception = Assert.Throws<ArgumentException>(() => DataSet<float>.FromRows([[0f, 1f], [2f, 3f, 4f]], [[1f], [0f]]));
        Assert.Equal("inputs", exception.ParamName);
        Assert.StartsWith("Input row 1 has length 3; row 0 has length 2.", exception.Message);
    }

    [Fact]
    public void Ragged_target_rows_are_refused()
    {
        var exception = Assert.Throws<ArgumentException>(() => DataSet<float>.FromRows([[0f], [1f]], [[1f], [0f, 1f]]));
        Assert.Equal("targets", exception.ParamName);
        Assert.StartsWith("Target row 1 has length 2; row 0 has length 1.", exception.Message);
    }

    [Fact]
    public void Row_counts_must_match()
    {
        var exception = Assert.Throws<ArgumentException>(() => DataSet<double>.FromRows([[0.0], [1.0]], [[1.0], [0.0], [1.0]]));
        Assert.StartsWith("There are 2 input rows but 3 target rows.", exception.Message);
    }

    [Fact]
    public void Null_and_empty_rows_are_refused()
    {
        Assert.StartsWith("A data set needs at least one case.", Assert.Throws<ArgumentException>(() => DataSet<float>.FromRows([], [])).Message);
        Assert.StartsWith("Input row 1 is null.", Assert.Throws<ArgumentException>(() => DataSet<float>.FromRows([[0f], null!], [[0f], [1f]])).Message);
        Assert.Throws<ArgumentNullException>(() => DataSet<float>.FromRows(null!, [[0f]]));
    }

    [Fact]
    public void Flat_arrays_must_hold_whole_patterns_with_matching_counts()
    {
        Assert.StartsWith(
            "5 input values are not a whole number of patterns of length 2.",
            Assert.Throws<ArgumentException>(() => new DataSet<float>(new float[5], 2, new float[2], 1)).Message);
        Assert.StartsWith(
            "3 target values are not a whole number of patterns of length 2.",
            Assert.Throws<ArgumentException>(() => new DataSet<float>(new float[4], 2, new float[3], 2)).Message);
        Assert.StartsWith(
            "There are 2 input patterns but 3 target patterns.",
            Assert.Throws<ArgumentException>(() => new DataSet<float>(new float[4], 2, new float[3], 1)).Message);
        Assert.Equal("inputLength", Assert.Throws<ArgumentOutOfRangeException>(() => new DataSet<float>(new float[4], 0, new float[3], 1)).ParamName);
        Assert.Equal("targetLength", Assert.Throws<ArgumentOutOfRangeException>(() => new DataSet<float>(new float[4], 2, new float[3], -1)).ParamName);
    }

    [Fact]
    public void The_data_set_copies_its_input()
    {
        float[] inputs = [1f, 2f];
        var data = new DataSet<float>(inputs, 1, [0f, 0f], 1);
        inputs[0] = 99f;
        Assert.Equal(1f, data.Input(0)[0]);
    }

    [Fact]
    public void A_case_index_out_of_range_is_refused()
    {
        var data = new DataSet<float>([1f, 2f], 1, [0f, 0f], 1);
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => data.Input(2).ToArray());
        Assert.StartsWith("The data set has 2 cases.", exception.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Target(-1).ToArray());
    }

    [Fact]
    public void Guard_length_names_the_expected_and_actual_lengths()
    {
        Guard.Length("input", 2, 2);
        var exception = Assert.Throws<ArgumentException>(() => Guard.Length("input", 2, 3));
        Assert.Equal("input", exception.ParamName);
        Assert.StartsWith("Expected a span of length 2 but got length 3.", exception.Message);
    }

    [Fact]
    public void Guard_shape_names_both_shapes()
    {
        var data = new DataSet<double>(new double[6], 3, new double[4], 2);
        Guard.Shape(data, 3, 2);
        var exception = Assert.Throws<ArgumentException>(() => Guard.Shape(data, 2, 1, "training"));
        Assert.Equal("training", exception.ParamName);
        Assert.StartsWith("The data set has patterns of 3 inputs and 2 targets; the network needs 2 inputs and 1 targets.", exception.Message);
        Assert.Equal("data", Assert.Throws<ArgumentNullException>(() => Guard.Shape<double>(null!, 2, 1)).ParamName);
    }
}
