namespace BackpropGen.Tests;

/// <summary>
/// Baked networks as the real build makes them (MSBuild targets, base64 copy, compiler, generator): the same
/// outputs as the trained network loaded from the same file, bit for bit, and no allocation.
/// </summary>
public class BakedWeightsBuildTests
{
    private static readonly string WeightsFile = Path.Combine(AppContext.BaseDirectory, "xor.bpgw");

    [Fact]
    public void BakedForwardMatchesTheTrainedNetworkLoadedFromTheSameFile()
    {
        var trained = new XorNet();
        trained.Load(WeightsFile);
        Assert.Equal(trained.Parameters.ToArray(), BakedXorArray.Parameters.ToArray());

        double[] expected = new double[1], folded = new double[1], array = new double[1];
        var random = new Random(5);
        for (int c = 0; c < 100; c++)
        {
            double[] input = c < 4 ? [c >> 1, c & 1] : [random.NextDouble() * 4 - 2, random.NextDouble() * 4 - 2];
            trained.Forward(input, expected);
            BakedXorFolded.Forward(input, folded);
            BakedXorArray.Forward(input, array);
            // The baked forms compute e^x with Math.Exp; the trainable Forward may compute its sigmoid units with the
            // vectorised Vector.Exp (on .NET 9 and later), which can differ in the last bits.
            Assert.Equal(expected[0], folded[0], 1e-14);
            Assert.Equal(expected[0], array[0], 1e-14);
            Assert.Equal(folded[0], array[0]);
        }
    }

    [Fact]
    public void BakedForwardChecksLengths()
    {
        var error = Assert.Throws<ArgumentException>(() => BakedXorFolded.Forward(new double[3], new double[1]));
        Assert.Equal("input", error.ParamName);
        Assert.StartsWith("Expected a span of length 2 but got length 3.", error.Message);
        error = Assert.Throws<ArgumentException>(() => BakedXorArray.Forward(new double[2], new double[2]));
        Assert.Equal("output", error.ParamName);
    }

    [Fact]
    public void FoldedConstantsAllocateNothingEvenUnoptimized()
    {
        // This test assembly is a Debug build, so this holds for unoptimized code too.
        Assert.Equal(0, AllocatedPerCall("folded"));
    }

    [Fact]
    public void LiteralArrayAllocatesNothingOnlyWhenOptimized()
    {
        // The literal array is RuntimeHelpers.CreateSpan over assembly data: free once the JIT expands it, but
        // unoptimized code (a Debug build, and Tier-0 code before tiering up) calls the managed fallback, which
        // allocates. One reason FoldedConstants is the default.
        bool unoptimized = typeof(BakedXorArray).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            .Cast<System.Diagnostics.DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled);
        long perCall = AllocatedPerCall("array");
        Assert.True(unoptimized ? perCall > 0 : perCall == 0, $"{perCall} bytes per call in {(unoptimized ? "unoptimized" : "optimized")} code");
    }

    private static long AllocatedPerCall(string form)
    {
        double[] input = [1, 0];
        double[] output = new double[1];
        Forward(form, input, output);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10_000; k++)
        {
            Forward(form, input, output);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 10_000;
    }

    private static void Forward(string form, ReadOnlySpan<double> input, Span<double> output)
    {
        if (form == "folded")
        {
            BakedXorFolded.Forward(input, output);
        }
        else
        {
            BakedXorArray.Forward(input, output);
        }
    }
}
