using System.Numerics;
using System.Reflection;
using System.Runtime.Intrinsics;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// SIMD across sequences: the batch sweep of a network run in time, a block of sequences at a time (each lane one sequence,
/// the last block padded and masked), against the scalar sweep of the same network over the random recurrent corpus
/// (<see cref="RecurrentTests"/>' 48 nets: every activation, T 1–6, outputs at every step or the last, stacked and fully
/// recurrent layers, passes in one method and in parts), for every case count from 1 to three blocks and three more, at
/// both widths on this machine (Vector&lt;T&gt; and, where the hardware has it, 512 bits). The lane path's accumulated ∂E/∂w
/// is checked against central differences of E over the batch, and its sweeps allocate nothing.
/// </summary>
/// <remarks>In the lane-width collection, which runs alone: it sets the process-wide <see cref="LaneWidth.Allow512"/>.</remarks>
[Collection(LaneWidthCollection.Name)]
public class RecurrentSimdTests
{
    /// <summary>Every net of the corpus with the 512-bit path allowed and not.</summary>
    public static IEnumerable<object[]> Networks() =>
        Enumerable.Range(0, RecurrentTests.NetworkCount).SelectMany(i => new[] { new object[] { i, true }, new object[] { i, false } });

    [Theory]
    [MemberData(nameof(Networks))]
    public void DoubleSweepsAcrossSequencesAgreeWithTheScalarSweepTo1e12(int index, bool allow512) =>
        CompareEveryCount<double>(RecurrentTests.Compiled.Value.Assembly, index, 1e-12, allow512);

    /// <summary>
    /// Float to 1e-5 relative, as the layered nets' SIMD sweep (SimdEquivalenceTests): the lane dialect rounds differently
    /// from the scalar one (tanh as 1 − 2 / (e^(2x) + 1), Vector.Exp, ∂E/∂w += δ · y fused), and through up to six steps of
    /// back-propagation in float that reaches a few 1e-6 of the gradient's scale (4.2e-6 the most seen over the corpus).
    /// </summary>
    [Theory]
    [MemberData(nameof(Networks))]
    public void FloatSweepsAcrossSequencesAgreeWithTheScalarSweepTo1e5(int index, bool allow512) =>
        CompareEveryCount<float>(RecurrentTests.CompiledSingle.Value, index, 1e-5, allow512);

    [Theory]
    [MemberData(nameof(Networks))]
    public void LaneGradientsMatchCentralDifferences(int index, bool allow512)
    {
        // A padded last block: one block and three more sequences.
        Type type = RecurrentTests.Compiled.Value.Assembly.GetType($"Recurrent.Net{index}")!;
        int lanes = SimdEquivalenceTests.LanesFor<double>(allow512, int.MaxValue);
        int count = lanes + 3;
        var net = (INetwork<double>)Activator.CreateInstance(type)!;
        net.Initialize((ulong)index + 77, 0.8);
        DataSet<double> data = Data<double>(net, count, (ulong)index + 5);

        double[] analytic;
        bool before = LaneWidth.Allow512;
        LaneWidth.Allow512 = allow512;
        try
        {
            net.ClearGradients();
            Accumulate(type, net, data);
            AssertRanAtWidth(type, net, SimdEquivalenceTests.LanesFor<double>(allow512, count) != Vector<double>.Count);
            analytic = net.Gradients.ToArray();
        }
        finally
        {
            LaneWidth.Allow512 = before;
        }

        Assert.Contains(analytic, g => g != 0);
        double[] inputs = data.Inputs.ToArray();
        double[] targets = data.Targets.ToArray();
        double BatchError()
        {
            // E over the batch from Forward's outputs, written here independently of the generator's training code.
            double e = 0;
            for (int c = 0; c < count; c++)
            {
                e += GradientCheckTests.Error(net, inputs.AsSpan(c * net.InputLength, net.InputLength).ToArray(), targets.AsSpan(c * net.OutputLength, net.OutputLength).ToArray());
            }

            return e;
        }

        const double h = 1e-4;
        for (int k = 0; k < net.ParameterLength; k++)
        {
            double w = net.Parameters[k];
            double At(double value)
            {
                net.Parameters[k] = value;
                return BatchError();
            }

            double numeric = (-At(w + (2 * h)) + (8 * At(w + h)) - (8 * At(w - h)) + At(w - (2 * h))) / (12 * h);
            net.Parameters[k] = w;
            double relative = Math.Abs(analytic[k] - numeric) / Math.Max(1e-3, Math.Max(Math.Abs(analytic[k]), Math.Abs(numeric)));
            Assert.True(relative <= 1e-6, $"parameter {k}: lane analytic {analytic[k]:R}, numeric {numeric:R}, relative error {relative:E2}\n{RecurrentTests.Compiled.Value.Declarations[index]}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void SweepsAcrossSequencesAllocateNothing(bool allow512)
    {
        // Small nets in one method, and the samples/BinaryAddition shape (a pass in parts sharing the lane scratch).
        foreach (int index in new[] { 0, 2 })
        {
            SweepAllocatesNothing<float>(RecurrentTests.CompiledSingle.Value, index, allow512);
            SweepAllocatesNothing<double>(RecurrentTests.Compiled.Value.Assembly, index, allow512);
        }

        Assembly adder = AdderAssembly.Value;
        SweepAllocatesNothing<float>(adder, -1, allow512);
        SweepAllocatesNothing<double>(adder, -2, allow512);
    }

    [Fact]
    public void TheAdderShapeRunsInPartsAcrossSequences()
    {
        // The check above would pass trivially if the large pass fell back to the scalar sweep: it has lane parts, at both widths.
        Type type = AdderAssembly.Value.GetType("Lanes.AdderF")!;
        Assert.NotNull(type.GetMethod("AccumulateLanesPart1", BindingFlags.Instance | BindingFlags.NonPublic));
        Assert.NotNull(type.GetMethod("AccumulateLanes512Part1", BindingFlags.Instance | BindingFlags.NonPublic));
        CompareAt<float>(type, 1e-5, (3 * SimdEquivalenceTests.LanesFor<float>(true, int.MaxValue)) + 3, allow512: true, seed: 1);
        CompareAt<double>(AdderAssembly.Value.GetType("Lanes.AdderD")!, 1e-12, (3 * SimdEquivalenceTests.LanesFor<double>(false, int.MaxValue)) + 3, allow512: false, seed: 2);
    }

    private static readonly Lazy<Assembly> AdderAssembly = new(() =>
    {
        const string source = """
            using BackpropGen;
            namespace Lanes;
            [Network(TimeSteps = 8, Precision = Precision.Single, Loss = Loss.BinaryCrossEntropy)]
            [Input("bits", 2)]
            [Recurrent("carry", 16, Activation.Tanh)]
            [Dense("sum", 1, Activation.Sigmoid)]
            public partial class AdderF { }

            [Network(TimeSteps = 8, Precision = Precision.Double, Loss = Loss.BinaryCrossEntropy)]
            [Input("bits", 2)]
            [Recurrent("carry", 16, Activation.Tanh)]
            [Dense("sum", 1, Activation.Sigmoid)]
            public partial class AdderD { }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        return GeneratorHarness.Load(run.Output);
    });

    private static void SweepAllocatesNothing<T>(Assembly assembly, int index, bool allow512)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Type type = index switch
        {
            -1 => assembly.GetType("Lanes.AdderF")!,
            -2 => assembly.GetType("Lanes.AdderD")!,
            _ => assembly.GetType($"Recurrent.Net{index}")!,
        };
        var net = (INetwork<T>)Activator.CreateInstance(type)!;
        net.Initialize(3, T.CreateChecked(0.3));
        net.LearningRate = T.CreateChecked(0.01);
        int count = (2 * SimdEquivalenceTests.LanesFor<T>(allow512, int.MaxValue)) + 1;
        DataSet<T> data = Data<T>(net, count, 7);
        MethodInfo trainBatch = type.GetMethod("TrainBatch")!;
        var sweep = trainBatch.CreateDelegate<Func<DataSet<T>, T>>(net);
        bool before = LaneWidth.Allow512;
        LaneWidth.Allow512 = allow512;
        try
        {
            sweep(data);
            AssertRanAtWidth(type, net, SimdEquivalenceTests.LanesFor<T>(allow512, count) != Vector<T>.Count);
            long start = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 100; k++)
            {
                sweep(data);
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - start);
        }
        finally
        {
            LaneWidth.Allow512 = before;
        }
    }

    private static void CompareEveryCount<T>(Assembly assembly, int index, double tolerance, bool allow512)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.True(Vector.IsHardwareAccelerated, "this test needs Vector<T> hardware acceleration to run the SIMD path");
        Type type = assembly.GetType($"Recurrent.Net{index}")!;
        int most = (3 * SimdEquivalenceTests.LanesFor<T>(allow512, int.MaxValue)) + 3;
        for (int count = 1; count <= most; count++)
        {
            CompareAt<T>(type, tolerance, count, allow512, (ulong)(index * 1000) + (ulong)count);
        }
    }

    /// <summary>
    /// One sweep of <paramref name="count"/> sequences with the SIMD path on and off, from the same parameters: E, ∂E/∂w and
    /// the weights after the update agree to <paramref name="tolerance"/> relative to the vector's scale.
    /// </summary>
    private static void CompareAt<T>(Type type, double tolerance, int count, bool allow512, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var simd = (INetwork<T>)Activator.CreateInstance(type)!;
        var scalar = (INetwork<T>)Activator.CreateInstance(type)!;
        type.GetProperty("VectorizeAcrossPatterns")!.SetValue(scalar, false);
        simd.Initialize(seed, T.CreateChecked(0.8));
        scalar.SetParameters(simd.Parameters);
        simd.LearningRate = scalar.LearningRate = T.CreateChecked(0.05);
        simd.Momentum = scalar.Momentum = T.CreateChecked(0.9);
        DataSet<T> data = Data<T>(simd, count, seed);

        bool before = LaneWidth.Allow512;
        LaneWidth.Allow512 = allow512;
        try
        {
            T simdError = Accumulate(type, simd, data);
            T scalarError = Accumulate(type, scalar, data);
            bool vectorized = 2 * count >= Vector<T>.Count;
            if (vectorized)
            {
                AssertRanAtWidth(type, simd, SimdEquivalenceTests.LanesFor<T>(allow512, count) != Vector<T>.Count);
            }

            string what = $"{type.Name}, {count} sequences, 512 bits {(allow512 ? "allowed" : "off")}";
            SimdEquivalenceTests.AssertClose(new[] { scalarError }, new[] { simdError }, tolerance, what + ": E");
            SimdEquivalenceTests.AssertClose(scalar.Gradients.ToArray(), simd.Gradients.ToArray(), tolerance, what + ": ∂E/∂w");
            simd.ApplyUpdate();
            scalar.ApplyUpdate();
            SimdEquivalenceTests.AssertClose(scalar.Parameters.ToArray(), simd.Parameters.ToArray(), tolerance, what + ": w after the update");
        }
        finally
        {
            LaneWidth.Allow512 = before;
        }
    }

    private static T Accumulate<T>(Type type, INetwork<T> net, DataSet<T> data)
        where T : unmanaged, IFloatingPointIeee754<T> =>
        (T)type.GetMethod("AccumulateBatch")!.Invoke(net, new object[] { data })!;

    /// <summary>The sweep set the lane mask of the width it should have taken (per block, so not zero after it) and left the other's alone.</summary>
    private static void AssertRanAtWidth(Type type, object net, bool wide)
    {
        // A net below Planner.Takes512BitBlocks' size has no 512-bit path (no _laneMask512): it runs at Vector<T>'s width.
        FieldInfo? wideMask = type.GetField("_laneMask512", BindingFlags.Instance | BindingFlags.NonPublic);
        wide &= wideMask is not null;
        FieldInfo lanes = type.GetField(wide ? "_laneMask512" : "_laneMask", BindingFlags.Instance | BindingFlags.NonPublic)!;
        FieldInfo? other = type.GetField(wide ? "_laneMask" : "_laneMask512", BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.False(lanes.GetValue(net)!.Equals(Activator.CreateInstance(lanes.FieldType)), $"{type.Name}: the sweep did not run SIMD across sequences at the width expected ({lanes.Name} is zero)");
        if (other is not null)
        {
            Assert.True(other.GetValue(net)!.Equals(Activator.CreateInstance(other.FieldType)), $"{type.Name}: the sweep ran at the other width ({other.Name} is set)");
        }
    }

    /// <summary><paramref name="count"/> random sequences; with cross-entropy, each step's targets sum to 1.</summary>
    private static DataSet<T> Data<T>(INetwork<T> net, int count, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int stepOutput = (int)net.GetType().GetField("StepOutputSize")!.GetValue(null)!;
        ulong state = seed;
        T[] inputs = GradientCheckTests.Draw(count * net.InputLength, ref state, 1.0).Select(T.CreateChecked).ToArray();
        T[] targets = GradientCheckTests.Targets(net.Topology, stepOutput, count * (net.OutputLength / stepOutput), ref state).Select(T.CreateChecked).ToArray();
        return new DataSet<T>(inputs, net.InputLength, targets, net.OutputLength);
    }
}
