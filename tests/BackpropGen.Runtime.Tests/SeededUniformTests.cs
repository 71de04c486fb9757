using System;
using System.Linq;
using Xunit;

namespace BackpropGen.Runtime.Tests;

public class SeededUniformTests
{
    [Fact]
    public void SplitMix64_matches_the_published_reference_outputs_for_seed_0()
    {
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, SeededUniform.Next(ref state));
        Assert.Equal(0x6E789E6AA1B965F4UL, SeededUniform.Next(ref state));
        Assert.Equal(0x06C45D188009454FUL, SeededUniform.Next(ref state));
    }

    [Fact]
    public void Next_double_is_the_top_53_bits_scaled_to_the_unit_interval()
    {
        ulong state = 0;
        Assert.Equal((0xE220A8397B1DCDAFUL >> 11) / 9007199254740992.0, SeededUniform.NextDouble(ref state));
    }

    [Fact]
    public void Fill_maps_each_draw_to_minus_r_plus_2_r_u()
    {
        var values = new double[3];
        SeededUniform.Fill<double>(values, 0, 0.5);
        ulong state = 0;
        for (int k = 0; k < 3; k++)
        {
            Assert.Equal(-0.5 + 2 * 0.5 * SeededUniform.NextDouble(ref state), values[k]);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_values_and_another_seed_does_not()
    {
        var a = new float[100];
        var b = new float[100];
        var c = new float[100];
        SeededUniform.Fill<float>(a, 42, 1f);
        SeededUniform.Fill<float>(b, 42, 1f);
        SeededUniform.Fill<float>(c, 43, 1f);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Float_values_are_the_double_values_rounded()
    {
        var single = new float[50];
        var dual = new double[50];
        SeededUniform.Fill<float>(single, 9, 0.3f);
        SeededUniform.Fill<double>(dual, 9, (double)0.3f);
        Assert.Equal(dual.Select(d => (float)d), single);
    }

    [Fact]
    public void Values_stay_in_range_and_cover_it()
    {
        var values = new double[20_000];
        SeededUniform.Fill<double>(values, 7, 0.25);
        Assert.All(values, v => Assert.InRange(v, -0.25, 0.25));
        Assert.DoesNotContain(0.25, values);
        Assert.True(values.Min() < -0.24 && values.Max() > 0.24);
        Assert.InRange(values.Average(), -0.01, 0.01);

        // A float draw is rounded from the double, so only [−r, r] is guaranteed for float.
        var floats = new float[20_000];
        SeededUniform.Fill<float>(floats, 7, 2f);
        Assert.All(floats, v => Assert.InRange(v, -2f, 2f));
    }

    [Fact]
    public void A_zero_range_gives_zeros()
    {
        var values = new double[10];
        Array.Fill(values, 1.0);
        SeededUniform.Fill<double>(values, 3, 0.0);
        Assert.All(values, v => Assert.Equal(0.0, Math.Abs(v)));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_bad_range_is_refused(double range)
    {
        var exception = Assert.Throws<ArgumentOutOfRangeException>(() => SeededUniform.Fill<double>(new double[1], 0, range));
        Assert.Equal("range", exception.ParamName);
        Assert.StartsWith("The range must be finite and not negative.", exception.Message);
    }
}
