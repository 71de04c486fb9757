using Symmetry;

namespace BackpropGen.Tests;

/// <summary>The mirror-symmetry data of samples/Symmetry.</summary>
public class MirrorSymmetryTests
{
    [Fact]
    public void AllSixtyFourPatternsOfWhichEightAreSymmetric()
    {
        DataSet<double> data = MirrorSymmetry.Data();
        Assert.Equal(64, data.Count);
        Assert.Equal(6, data.InputLength);
        Assert.Equal(8, data.Targets.ToArray().Count(d => d == 1));
        Assert.Equal(64, Enumerable.Range(0, 64).Select(c => string.Join("", data.Input(c).ToArray())).Distinct().Count());
        for (int c = 0; c < 64; c++)
        {
            double[] x = data.Input(c).ToArray();
            bool mirror = x.SequenceEqual(x.Reverse());
            Assert.Equal(mirror ? 1 : 0, data.Target(c)[0]);
        }
    }

    [Theory]
    [InlineData(0b000000, true)]
    [InlineData(0b100001, true)]
    [InlineData(0b011110, true)]
    [InlineData(0b101101, true)]
    [InlineData(0b000001, false)]
    [InlineData(0b110000, false)]
    [InlineData(0b101010, false)]
    public void SymmetryIsAboutTheMiddle(int bits, bool symmetric) => Assert.Equal(symmetric, MirrorSymmetry.IsSymmetric(bits));
}
