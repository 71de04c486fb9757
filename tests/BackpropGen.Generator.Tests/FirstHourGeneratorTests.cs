using System.Reflection;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Issue 14's generator side: diagnostics that carry their fix, limits that count only what is unrolled, and a baked
/// class that computes what the trained network's Forward computes, bit for bit, also where Forward groups its sums
/// and vectorises its sigmoid and tanh units.
/// </summary>
public class FirstHourGeneratorTests
{
    [Fact]
    public void EveryDescriptorsDescriptionIsTheFixFromItsPage()
    {
        foreach (DiagnosticDescriptor descriptor in DiagnosticTests.Descriptors())
        {
            string page = File.ReadAllText(Path.Combine(DiagnosticTests.RepositoryRoot(), descriptor.HelpLinkUri));
            string fix = page[(page.IndexOf("## Fix", StringComparison.Ordinal) + "## Fix".Length)..].TrimStart();
            fix = string.Join(" ", fix[..fix.IndexOf("\n\n", StringComparison.Ordinal)].Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries)).Replace("`", "");
            fix = fix.EndsWith(':') ? fix[..^1] + "." : fix;   // a paragraph that leads into its example
            string description = descriptor.Description.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.False(string.IsNullOrWhiteSpace(description), descriptor.Id + " has no description");
            Assert.Equal(fix, description);
        }
    }

    [Fact]
    public void TheReadmesFirstSnippetCompilesAsWritten()
    {
        string readme = File.ReadAllText(Path.Combine(DiagnosticTests.RepositoryRoot(), "README.md"));
        int sectionStart = readme.IndexOf("## Declare a network", StringComparison.Ordinal);
        string section = readme[sectionStart..readme.IndexOf("\n## ", sectionStart, StringComparison.Ordinal)];

        // Every C# block of the section, in order, as one Program.cs: what a reader copies.
        string snippet = string.Concat(section.Split("```csharp\n").Skip(1).Select(block => block[..block.IndexOf("```", StringComparison.Ordinal)]));

        // A console app with the SDK's implicit usings, as `dotnet new console` makes it.
        var compilation = GeneratorHarness.CreateCompilation(snippet, "global using System;\nglobal using System.Collections.Generic;\nglobal using System.Linq;")
            .WithOptions(new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
    }

    [Theory]
    [InlineData(784, 256, 10)]
    [InlineData(2000, 2000, 10)]
    public void NetworksWithLoopedLayersOfTheSizesPeopleUseAreGenerated(int inputs, int hidden, int outputs)
    {
        string source = $$"""
            using BackpropGen;
            namespace Samples;
            [Network]
            [Input("x", {{inputs}})]
            [Dense("hidden", {{hidden}}, Activation.Sigmoid)]
            [Dense("output", {{outputs}}, Activation.Sigmoid)]
            public partial class Big { }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void ABakedNetworkFollowsTheUnrollPolicySoALargeLayerLoopsRatherThanBPG023()
    {
        // 784-256-10: unrolled in full it would be over 200,000 unrolled parameters (BPG023, as it was before baked
        // classes followed the unroll policy); its 784 → 256 layer loops over its weight rows instead.
        string source = """
            using BackpropGen;
            namespace Samples;
            [Network]
            [Input("x", 784)]
            [Dense("hidden", 256, Activation.Sigmoid)]
            [Dense("output", 10, Activation.Sigmoid)]
            [BakedWeights("big.bpgw")]
            public partial class Big { }
            """;
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "BPG023");
    }

    /// <summary>Networks whose trainable Forward groups its sums (over 12 terms) and vectorises sigmoid and tanh (8 units or more).</summary>
    private const string Wide = """
        using BackpropGen;
        namespace Samples;

        [Network(Name = "Medium")]
        [Input("x", 16)]
        [Dense("h1", 32, Activation.Tanh)]
        [Dense("h2", 32, Activation.Tanh)]
        [Dense("y", 4, Activation.Sigmoid)]
        public partial class MediumFloat { }

        [Network(Name = "Medium", Precision = Precision.Double)]
        [Input("x", 16)]
        [Dense("h1", 32, Activation.Tanh)]
        [Dense("h2", 32, Activation.Tanh)]
        [Dense("y", 4, Activation.Sigmoid)]
        public partial class MediumDouble { }

        [Network(Name = "Encoder", Precision = Precision.Double)]
        [Input("pattern", 8)]
        [Dense("code", 3, Activation.Sigmoid)]
        [Dense("output", 8, Activation.Sigmoid)]
        public partial class EncoderDouble { }

        [Network(Name = "Odd")]
        [Input("x", 20)]
        [Dense("h", 13, Activation.Sigmoid)]
        [Dense("y", 9, Activation.Tanh)]
        public partial class OddFloat { }

        // Layers over 4,096 weights loop over their rows (b reads the unrolled a through a span; c is the output and loops).
        [Network(Name = "Looped")]
        [Input("x", 10)]
        [Dense("a", 80, Activation.Tanh)]
        [Dense("b", 60, Activation.Sigmoid)]
        [Dense("c", 70, Activation.Sigmoid)]
        public partial class LoopedFloat { }

        [Network(Name = "Looped", Precision = Precision.Double)]
        [Input("x", 10)]
        [Dense("a", 80, Activation.Tanh)]
        [Dense("b", 60, Activation.Sigmoid)]
        [Dense("c", 70, Activation.Sigmoid)]
        public partial class LoopedDouble { }

        // 100 → 50 loops, 50 → 40 (2,000 terms) unrolled; over the one-method limit with the 40 → 20 layer, so the trainable Forward calls its parts.
        [Network(Name = "Parts")]
        [Input("x", 100)]
        [Dense("a", 50, Activation.ReLU)]
        [Dense("b", 40, Activation.Sigmoid)]
        [Dense("y", 20, Activation.Sigmoid)]
        public partial class PartsFloat { }
        """;

    [Theory]
    [InlineData("FoldedConstants")]
    [InlineData("LiteralArray")]
    public void BakedForwardIsTheTrainableForwardBitForBitWhereSumsAreGroupedAndActivationsVectorised(string form)
    {
        GeneratorRun trainableRun = GeneratorHarness.Run(Wide);
        Assert.Empty(trainableRun.GeneratorDiagnostics);
        Assembly trainable = GeneratorHarness.Load(trainableRun.Output);
        var files = new List<AdditionalText>();
        var networks = new List<(string Class, object Network)>();
        foreach (string name in new[] { "MediumFloat", "MediumDouble", "EncoderDouble", "OddFloat", "LoopedFloat", "LoopedDouble", "PartsFloat" })
        {
            object network = Activator.CreateInstance(trainable.GetType("Samples." + name)!)!;
            byte[] bytes = network is INetwork<float> f ? Initialized(f, 2f) : Initialized((INetwork<double>)network, 2.0);
            files.Add(BakedWeightsTests.Armor(name + ".bpgw", bytes));
            networks.Add((name, network));
        }

        string baked = Wide;
        foreach ((string name, _) in networks)
        {
            baked = baked.Replace("public partial class " + name, $"[BakedWeights(\"{name}.bpgw\", Form = BakedWeightsForm.{form})]\npublic partial class {name}");
        }

        GeneratorRun bakedRun = GeneratorHarness.Run([baked], [.. files]);
        Assert.Empty(bakedRun.GeneratorDiagnostics);
        Assert.Empty(bakedRun.CompilationErrors);
        Assembly assembly = GeneratorHarness.Load(bakedRun.Output);
        var random = new Random(14);
        foreach ((string name, object network) in networks)
        {
            Type type = assembly.GetType("Samples." + name)!;
            if (network is INetwork<float> single)
            {
                Compare(single, BakedWeightsTests.Forward<float>(type), random, x => (float)x);
                BatchInferenceTests.CompareBaked<float>(type, 1e-6, random);
            }
            else
            {
                Compare((INetwork<double>)network, BakedWeightsTests.Forward<double>(type), random, x => x);
                BatchInferenceTests.CompareBaked<double>(type, 1e-12, random);
            }
        }
    }

    private static byte[] Initialized<T>(INetwork<T> network, T range)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        network.Initialize(14, range);
        return BakedWeightsTests.Save(network);
    }

    private static void Compare<T>(INetwork<T> network, Func<T[], T[]> baked, Random random, Func<double, T> convert)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        for (int c = 0; c < 200; c++)
        {
            T[] input = Enumerable.Range(0, network.InputLength).Select(_ => convert((random.NextDouble() * 4) - 2)).ToArray();
            var expected = new T[network.OutputLength];
            network.Forward(input, expected);
            T[] actual = baked(input);
            for (int j = 0; j < expected.Length; j++)
            {
                // Bit for bit: Equal on the raw bits, so even a NaN or a −0 would have to match.
                Assert.True(
                    BitConverter.DoubleToInt64Bits(double.CreateTruncating(expected[j])) == BitConverter.DoubleToInt64Bits(double.CreateTruncating(actual[j])),
                    $"{network.Name} ({typeof(T).Name}) case {c} output {j}: trainable {expected[j]}, baked {actual[j]}");
            }
        }
    }
}
