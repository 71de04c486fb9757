using System.Numerics;
using System.Reflection;
using System.Runtime.Intrinsics;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// The SIMD-across-patterns sweep against the scalar sweep of the same network, over the random corpus (stacks and
/// DAGs, every activation, float and double) and the networks with looping layers: the sweep's error, its gradient and
/// the weights after the update agree to 1e-12 relative in double and 1e-5 in float. The data has three (or two) whole
/// blocks and three cases over (a padded last block, whose padding lanes compute outputs that the mask must keep out of E
/// and ∂E/∂w; an even or odd count of blocks for the sweeps that run two blocks per pass), or half a block (the fewest cases that run as SIMD). Each of three sweeps starts both networks from the same state.
/// Both widths on this machine: with <see cref="LaneWidth.Allow512"/> (512-bit blocks where the hardware has them, the
/// default) and without it (Vector&lt;T&gt;'s blocks); the test checks which lane buffer the sweep filled.
/// </summary>
/// <remarks>In a collection that runs alone: it sets the process-wide <see cref="LaneWidth.Allow512"/>.</remarks>
[Collection(LaneWidthCollection.Name)]
public class SimdEquivalenceTests
{
    private const int Sweeps = 3;

    /// <summary>The random corpus and the networks with looping layers, by name.</summary>
    public static IEnumerable<object[]> NetworkNames() =>
        Enumerable.Range(0, GradientCheckTests.NetworkCount).Select(i => new object[] { "Random.Net" + i })
            .Concat(LargeNetworkTests.Names().Select(n => new object[] { "Large." + n[0] }));

    /// <summary>Every network of <see cref="NetworkNames"/> with the 512-bit path allowed and not.</summary>
    public static IEnumerable<object[]> Networks() =>
        NetworkNames().SelectMany(n => new[] { new object[] { n[0], true }, new object[] { n[0], false } });

    [Theory]
    [MemberData(nameof(Networks))]
    public void DoubleSweepsAgreeTo1e12(string name, bool allow512)
    {
        Compare<double>(name + "D", 1e-12, (3 * LanesFor<double>(allow512, int.MaxValue)) + 3, allow512);
        Compare<double>(name + "D", 1e-12, (2 * LanesFor<double>(allow512, int.MaxValue)) + 3, allow512);
        Compare<double>(name + "D", 1e-12, FewestSimdCases<double>(allow512), allow512);
    }

    [Theory]
    [MemberData(nameof(Networks))]
    public void FloatSweepsAgreeTo1e5(string name, bool allow512)
    {
        Compare<float>(name + "F", 1e-5, (3 * LanesFor<float>(allow512, int.MaxValue)) + 3, allow512);
        Compare<float>(name + "F", 1e-5, (2 * LanesFor<float>(allow512, int.MaxValue)) + 3, allow512);
        Compare<float>(name + "F", 1e-5, FewestSimdCases<float>(allow512), allow512);
    }

    /// <summary>
    /// The sweeps above run four blocks (two pairs, the last block padded), three (a pair, then an odd padded block) and
    /// one: they cover the two-blocks-per-pass path (Planner.RunsBlockPairs) only if some of their networks take it, which
    /// has the ∂E/∂w parts' two-block overloads (the two blocks' inputs and lane scratches).
    /// </summary>
    [Fact]
    public void SomeNetworksOfTheCorpusRunTwoBlocksPerPass()
    {
        var pairs = NetworkNames().Select(n => (string)n[0] + "F").Where(name =>
        {
            Assembly assembly = name.StartsWith("Large.", StringComparison.Ordinal) ? LargeNetworkTests.Compiled.Value : GradientCheckTests.Compiled.Value;
            return assembly.GetType(name)!.GetMethods(BindingFlags.Instance | BindingFlags.NonPublic)
                .Any(m => m.Name.StartsWith("Gradient_", StringComparison.Ordinal) && m.GetParameters().Length == 4);
        }).ToList();
        Assert.NotEmpty(pairs);
    }

    [Fact]
    public void TheWidthFollowsTheSwitchOnThisHardware()
    {
        bool before = LaneWidth.Allow512;
        try
        {
            LaneWidth.Allow512 = false;
            Assert.Equal(Vector<float>.Count, LaneWidth.Lanes<float>());
            LaneWidth.Allow512 = true;
            Assert.Equal(Vector512.IsHardwareAccelerated ? Math.Max(16, Vector<float>.Count) : Vector<float>.Count, LaneWidth.Lanes<float>());
            Assert.Equal(Vector512.IsHardwareAccelerated ? Math.Max(8, Vector<double>.Count) : Vector<double>.Count, LaneWidth.Lanes<double>());
        }
        finally
        {
            LaneWidth.Allow512 = before;
        }
    }

    /// <summary>
    /// The block width a sweep of <paramref name="count"/> cases uses with the 512-bit path allowed or not, on this
    /// machine: 512 bits only when the cases fill more than one Vector&lt;T&gt; block.
    /// </summary>
    internal static int LanesFor<T>(bool allow512, int count)
        where T : unmanaged
    {
        bool wide = allow512 && Vector512.IsHardwareAccelerated && Vector512<T>.Count > Vector<T>.Count && count > Vector<T>.Count;
        return wide ? Vector512<T>.Count : Vector<T>.Count;
    }

    /// <summary>The fewest cases that run at the width: one more than a Vector&lt;T&gt; block at 512 bits, else half a block.</summary>
    private static int FewestSimdCases<T>(bool allow512)
        where T : unmanaged =>
        LanesFor<T>(allow512, int.MaxValue) != Vector<T>.Count ? Vector<T>.Count + 1 : Vector<T>.Count / 2;

    private static void Compare<T>(string typeName, double tolerance, int count, bool allow512)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        bool before = LaneWidth.Allow512;
        LaneWidth.Allow512 = allow512;
        try
        {
            CompareAtWidth<T>(typeName, tolerance, count, LanesFor<T>(allow512, count) != Vector<T>.Count);
        }
        finally
        {
            LaneWidth.Allow512 = before;
        }
    }

    private static void CompareAtWidth<T>(string typeName, double tolerance, int count, bool wide)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(Vector.IsHardwareAccelerated, "this test needs Vector<T> hardware acceleration to run the SIMD path");
        Assembly assembly = typeName.StartsWith("Large.", StringComparison.Ordinal) ? LargeNetworkTests.Compiled.Value : GradientCheckTests.Compiled.Value;
        Type type = assembly.GetType(typeName)!;
        var simd = (INetwork<T>)Activator.CreateInstance(type)!;
        var scalar = (INetwork<T>)Activator.CreateInstance(type)!;
        type.GetProperty("VectorizeAcrossPatterns")!.SetValue(scalar, false);
        simd.Initialize(42, T.CreateChecked(0.8));
        // A rate at which no network of the corpus diverges in three sweeps: with 0.3, Large.Chunked (ReLU and identity
        // units, 80 wide) reached gradients of 1e18 by the third sweep, where any two roundings differ by more than 1e-12.
        simd.LearningRate = scalar.LearningRate = T.CreateChecked(0.05);
        simd.Momentum = scalar.Momentum = T.CreateChecked(0.9);

        ulong state = (ulong)typeName.Length;
        T[] inputs = GradientCheckTests.Draw(count * simd.InputLength, ref state, 1.0).Select(T.CreateChecked).ToArray();
        T[] targets = GradientCheckTests.Targets(simd.Topology, simd.OutputLength, count, ref state).Select(T.CreateChecked).ToArray();
        var data = new DataSet<T>(inputs, simd.InputLength, targets, simd.OutputLength);
        MethodInfo accumulate = type.GetMethod("AccumulateBatch")!;
        // A network too small for 512-bit blocks (Planner.Takes512BitBlocks) has no 512-bit members, and every sweep of it
        // runs Vector<T>'s blocks.
        FieldInfo? mask512 = type.GetField("_laneMask512", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.Equal(mask512 is not null, type.GetMethod("AccumulateLanes512", BindingFlags.Instance | BindingFlags.NonPublic) is not null);
        wide &= mask512 is not null;

        // The lane mask of the width the sweep should take (set per block, so not all zero after a sweep at that width),
        // and the other width's (if any), which it must leave alone. (Small networks keep ∂E/∂w in locals, with no lane buffer.)
        FieldInfo lanes = type.GetField(wide ? "_laneMask512" : "_laneMask", BindingFlags.Instance | BindingFlags.NonPublic)!;
        FieldInfo? otherLanes = wide ? type.GetField("_laneMask", BindingFlags.Instance | BindingFlags.NonPublic) : mask512;

        for (int sweep = 0; sweep < Sweeps; sweep++)
        {
            scalar.SetParameters(simd.Parameters);
            simd.PreviousDeltas.CopyTo(scalar.PreviousDeltas);

            simd.ClearGradients();
            scalar.ClearGradients();
            T simdError = (T)accumulate.Invoke(simd, new object[] { data })!;
            T scalarError = (T)accumulate.Invoke(scalar, new object[] { data })!;
            Assert.False(IsZero(lanes, simd), $"{typeName}: the sweep did not run at the width expected ({lanes.Name} is zero)");
            Assert.True(otherLanes is null || IsZero(otherLanes, simd), $"{typeName}: the sweep ran at the other width ({otherLanes?.Name} is set)");
            Assert.True(IsZero(lanes, scalar), $"{typeName}: the scalar path set {lanes.Name}");
            AssertClose(new[] { scalarError }, new[] { simdError }, tolerance, $"{typeName} sweep {sweep}: error");
            AssertClose(scalar.Gradients.ToArray(), simd.Gradients.ToArray(), tolerance, $"{typeName} sweep {sweep}: ∂E/∂w");

            simd.ApplyUpdate();
            scalar.ApplyUpdate();
            AssertClose(scalar.Parameters.ToArray(), simd.Parameters.ToArray(), tolerance, $"{typeName} sweep {sweep}: w after the update");
        }
    }

    private static bool IsZero(FieldInfo field, object network) => field.GetValue(network)!.Equals(Activator.CreateInstance(field.FieldType));

    /// <summary>max_k |a_k − e_k| / max_k |e_k|: relative to the vector's scale, since a gradient sum can cancel to ~0 in one component.</summary>
    internal static void AssertClose<T>(T[] expected, T[] actual, double tolerance, string what)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double scale = expected.Max(e => Math.Abs(double.CreateChecked(e)));
        double worst = expected.Zip(actual, (e, a) => Math.Abs(double.CreateChecked(a) - double.CreateChecked(e))).Max();
        Assert.True(worst <= tolerance * Math.Max(scale, 1e-30), $"{what}: largest difference {worst:E3} against scale {scale:E3} (relative {worst / scale:E2}, allowed {tolerance:E0})");
    }
}

/// <summary>Tests that set <see cref="LaneWidth.Allow512"/>, which every network in the process reads: run apart from the rest.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LaneWidthCollection
{
    public const string Name = "Lane width (process-wide switch)";
}
