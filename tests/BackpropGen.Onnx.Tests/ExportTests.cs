using System.Reflection;
using System.Runtime.CompilerServices;
using BackpropGen.Generator.Tests;

namespace BackpropGen.Onnx.Tests;

/// <summary>
/// OnnxExport, checked by ONNX Runtime: every network of the random corpus (the gradient check's: stacks and DAGs,
/// one or two input groups, every activation, biases on and off) and the samples' networks, in double and float,
/// exported with random parameters; ONNX Runtime's outputs on 100 random inputs equal Forward's to 1e-12 (double)
/// and 1e-5 (float), relative: |a − b| / max(|a|, |b|, 1). (Below 1 that is an absolute bound: an output near 0 is a
/// sum of terms of order 1 that cancel, whose rounding in either program is of the order of the terms, not of the sum.)
/// </summary>
public class ExportTests
{
    private const int Cases = 100;

    internal static readonly Lazy<Assembly> Compiled = new(() =>
    {
        // Errors only (no nullable analysis): the corpus is large, and only whether it runs matters here.
        var parse = GeneratorHarness.ErrorsOnlyParseOptions;
        var compilation = GeneratorHarness.CreateCompilation(parse, new[] { RandomCorpus.Source(), Sample("Xor", "XorNet.cs"), Sample("Symmetry", "SymmetryNet.cs"), BackpropGen.Generator.Tests.Networks.FamilyTreesSample() });
        GeneratorHarness.CreateDriver(parse).RunGeneratorsAndUpdateCompilation(compilation, out Microsoft.CodeAnalysis.Compilation output, out var diagnostics);
        Assert.Empty(diagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return GeneratorHarness.Load(output);
    });

    public static IEnumerable<object[]> AllNetworks() =>
        Enumerable.Range(0, RandomCorpus.NetworkCount).Select(i => "Random.Net" + i)
            .Concat(new[] { "Xor.XorNet", "Symmetry.SymmetryNet", "FamilyTrees.FamilyTreesNet" })
            .Select(n => new object[] { n });

    [Theory]
    [MemberData(nameof(AllNetworks))]
    public void OnnxRuntimeComputesForwardOfTheExportedNetwork(string name)
    {
        Type? doubleType = Compiled.Value.GetType(name + "D") ?? Compiled.Value.GetType(name);
        Type? singleType = Compiled.Value.GetType(name + "F");
        Assert.NotNull(doubleType);
        var network = (INetwork<double>)Activator.CreateInstance(doubleType)!;
        network.Initialize((ulong)name.GetHashCode(StringComparison.Ordinal) & 0xFFFF, 1.0);
        Check(network, 1e-12);

        if (singleType is not null)
        {
            var single = (INetwork<float>)Activator.CreateInstance(singleType)!;
            single.Initialize(7, 1f);
            Check(single, 1e-5);
        }
    }

    [Fact]
    public void TheGraphHasOneInputPerGroupAndOneGemmPerLayer()
    {
        var network = (INetwork<double>)Activator.CreateInstance(Compiled.Value.GetType("FamilyTrees.FamilyTreesNet")!)!;
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(OnnxExport.ToBytes(network));
        Assert.Equal(new[] { "person", "relationship" }, session.InputMetadata.Keys);
        Assert.Equal(new[] { "answer" }, session.OutputMetadata.Keys);
        Assert.Equal(new[] { -1, 24 }, session.InputMetadata["person"].Dimensions);
        Assert.Equal(new[] { -1, 12 }, session.InputMetadata["relationship"].Dimensions);
    }

    [Fact]
    public void SaveIsAtomicAndLeavesTheOldFileWhenItFails()
    {
        var network = (INetwork<double>)Activator.CreateInstance(Compiled.Value.GetType("Xor.XorNet")!)!;
        string directory = Directory.CreateTempSubdirectory("bpg-onnx").FullName;
        try
        {
            string path = Path.Combine(directory, "xor.onnx");
            network.Initialize(1, 1.0);
            network.ExportOnnx(path);
            byte[] first = File.ReadAllBytes(path);
            Assert.Equal(OnnxExport.ToBytes(network), first);
            Assert.Single(Directory.GetFiles(directory));

            // A directory in the way of the rename: the save fails, the temporary file is gone, nothing else changed.
            string blocked = Path.Combine(directory, "blocked.onnx");
            Directory.CreateDirectory(blocked);
            Assert.ThrowsAny<IOException>(() => OnnxExport.Save(network, blocked));
            Assert.Equal(new[] { path }, Directory.GetFiles(directory));
            Assert.Equal(first, File.ReadAllBytes(path));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void Check<T>(INetwork<T> network, double tolerance)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        byte[] model = OnnxExport.ToBytes(network);
        var groups = GroupSizes(network);
        var random = new Random(network.ParameterLength);
        T[][] inputs = Enumerable.Range(0, Cases).Select(_ => Enumerable.Range(0, network.InputLength).Select(_ => T.CreateChecked((random.NextDouble() * 4) - 2)).ToArray()).ToArray();
        var split = new List<(string, T[][])>();
        int offset = 0;
        foreach ((string group, int size) in groups)
        {
            int start = offset;
            split.Add((group, inputs.Select(r => r.AsSpan(start, size).ToArray()).ToArray()));
            offset += size;
        }

        T[][] ort = Ort.Run(model, split);
        var output = new T[network.OutputLength];
        for (int c = 0; c < Cases; c++)
        {
            network.Forward(inputs[c], output);
            for (int j = 0; j < output.Length; j++)
            {
                double ours = double.CreateChecked(output[j]);
                double theirs = double.CreateChecked(ort[c][j]);
                double error = Math.Abs(ours - theirs) / Math.Max(Math.Max(Math.Abs(ours), Math.Abs(theirs)), 1.0);
                Assert.True(error <= tolerance || ours == theirs,
                    $"{network.Name} ({typeof(T).Name}) case {c} output {j}: Forward {ours:R}, ONNX Runtime {theirs:R}, relative error {error:E2}\n{network.Topology}");
            }
        }
    }

    private static List<(string Name, int Size)> GroupSizes<T>(INetwork<T> network)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> =>
        network.Topology.Split("; ").Where(p => p.StartsWith("input ", StringComparison.Ordinal))
            .Select(p => p.Substring(6))
            .Select(w => (w.Substring(0, w.IndexOf('[', StringComparison.Ordinal)), int.Parse(w.AsSpan(w.IndexOf('[', StringComparison.Ordinal) + 1, w.Length - w.IndexOf('[', StringComparison.Ordinal) - 2), System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    private static string Sample(string project, string file, [CallerFilePath] string thisFile = "") =>
        File.ReadAllText(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "samples", project, file));
}
