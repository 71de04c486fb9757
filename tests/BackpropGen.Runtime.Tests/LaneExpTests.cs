using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;

namespace BackpropGen.Runtime.Tests;

/// <summary>
/// LaneExp.Exp (the generated lane code's e^x) against Math.Exp over a sweep of inputs: its largest relative error,
/// beside Vector.Exp's (the call it replaced) on the same inputs; the ends of the range; and the same bits at both
/// widths (the 512-bit and Vector&lt;T&gt; sweeps must compute the same e^x).
/// </summary>
public class LaneExpTests(ITestOutputHelper output)
{
    // Measured on the sweep below (x86-64, AVX-512, .NET 10): float 8.4e-8 (Vector.Exp 1.48e-7), double 3.15e-16
    // (Vector.Exp 4.30e-16). LaneExp's bits are the same on every machine; the bounds leave room for another machine's
    // Math.Exp, the reference (itself within an ulp of e^x).
    private const double FloatBound = 1.2e-7;  // about one ulp of float
    private const double DoubleBound = 6e-16;  // under three ulp of double

    [Fact]
    public void Float_exp_is_within_an_ulp_of_Math_Exp_over_the_normal_range()
    {
        (double ours, double vector) = MaxRelativeError(-87.3f, 88.3f, 2_000_003);
        output.WriteLine($"float: LaneExp max relative error {ours:E3}, Vector.Exp {vector:E3}");
        Assert.True(ours <= FloatBound, $"LaneExp float max relative error {ours:E3} > {FloatBound:E1} (Vector.Exp: {vector:E3})");
    }

    [Fact]
    public void Double_exp_is_within_a_few_ulp_of_Math_Exp_over_the_normal_range()
    {
        (double ours, double vector) = MaxRelativeError(-708.3, 709.4, 2_000_003);
        output.WriteLine($"double: LaneExp max relative error {ours:E3}, Vector.Exp {vector:E3}");
        Assert.True(ours <= DoubleBound, $"LaneExp double max relative error {ours:E3} > {DoubleBound:E1} (Vector.Exp: {vector:E3})");
    }

    [Fact]
    public void Small_arguments_where_sigmoid_lives_are_as_accurate()
    {
        // |x| ≤ 20 holds every sigmoid input that is not saturated: the bound holds there too, sampled finely.
        Assert.True(MaxRelativeError(-20f, 20f, 400_009).Ours <= FloatBound);
        Assert.True(MaxRelativeError(-20.0, 20.0, 400_009).Ours <= DoubleBound);
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(double.NegativeInfinity, 0.0)]
    [InlineData(double.PositiveInfinity, double.PositiveInfinity)]
    [InlineData(-1000.0, 0.0)]
    [InlineData(1000.0, double.PositiveInfinity)]
    public void The_ends_of_the_range(double x, double expected)
    {
        Assert.Equal(expected, LaneExp.Exp(new Vector<double>(x))[0]);
        Assert.Equal(expected, LaneExp.Exp(Vector512.Create(x))[0]);
        Assert.Equal((float)expected, LaneExp.Exp(new Vector<float>((float)x))[0]);
        Assert.Equal((float)expected, LaneExp.Exp(Vector512.Create((float)x))[0]);
    }

    [Fact]
    public void NaN_stays_NaN()
    {
        Assert.True(double.IsNaN(LaneExp.Exp(new Vector<double>(double.NaN))[0]));
        Assert.True(float.IsNaN(LaneExp.Exp(new Vector<float>(float.NaN))[0]));
        Assert.True(double.IsNaN(LaneExp.Exp(Vector512.Create(double.NaN))[0]));
        Assert.True(float.IsNaN(LaneExp.Exp(Vector512.Create(float.NaN))[0]));
    }

    [Fact]
    public void Both_widths_give_the_same_bits()
    {
        for (int i = 0; i < 20_000; i++)
        {
            double x = -700 + (i * 0.0703);
            Assert.Equal(LaneExp.Exp(new Vector<double>(x))[0], LaneExp.Exp(Vector512.Create(x))[0]);
            float f = -87 + (i * 0.00875f);
            Assert.Equal(LaneExp.Exp(new Vector<float>(f))[0], LaneExp.Exp(Vector512.Create(f))[0]);
        }
    }

    /// <summary>The largest |e − e^x| / e^x of LaneExp and of Vector.Exp at <paramref name="count"/> points from <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static (double Ours, double Vector) MaxRelativeError(float from, float to, int count)
    {
        double ours = 0, vector = 0;
        for (int i = 0; i < count; i++)
        {
            float x = from + ((to - from) * i / (count - 1));
            double exact = Math.Exp(x);
            ours = Math.Max(ours, Math.Abs(LaneExp.Exp(new Vector<float>(x))[0] - exact) / exact);
            vector = Math.Max(vector, Math.Abs(Vector.Exp(new Vector<float>(x))[0] - exact) / exact);
        }

        return (ours, vector);
    }

    /// <inheritdoc cref="MaxRelativeError(float, float, int)"/>
    private static (double Ours, double Vector) MaxRelativeError(double from, double to, int count)
    {
        double ours = 0, vector = 0;
        for (int i = 0; i < count; i++)
        {
            double x = from + ((to - from) * i / (count - 1));
            double exact = Math.Exp(x);
            ours = Math.Max(ours, Math.Abs(LaneExp.Exp(new Vector<double>(x))[0] - exact) / exact);
            vector = Math.Max(vector, Math.Abs(Vector.Exp(new Vector<double>(x))[0] - exact) / exact);
        }

        return (ours, vector);
    }
}
