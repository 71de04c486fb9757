using System.Collections.Immutable;
using BackpropGen.Generator;
using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Generator.Benchmarks;

/// <summary>
/// How long the generator takes for one network, with a few unrelated files beside it:
/// <see cref="Cold"/> runs a new driver (a first build, or the IDE loading the project);
/// <see cref="UnrelatedEdit"/> runs a driver that has already run, after an edit to another file (every
/// keystroke in the IDE). Each operation gets a new compilation (the other file swapped for one of two
/// pre-parsed versions), as after a real edit, so the attribute binding the generator asks for is not cached.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private CSharpCompilation _compilation = null!;
    private SyntaxTree _other = null!;
    private SyntaxTree[] _edits = null!;
    private GeneratorDriver _warm = null!;
    private int _next;

    [Params("Xor", "FamilyTrees", "Large100x100x10")]
    public string Network { get; set; } = "Xor";

    [GlobalSetup]
    public void Setup()
    {
        _other = Parse(Other(0), "Other.cs");
        _edits = new[] { Parse(Other(1), "Other.cs"), Parse(Other(2), "Other.cs") };
        _compilation = CSharpCompilation.Create(
            "Bench",
            new[] { Parse(Networks.Source(Network), "Network.cs"), _other, Parse(Helpers, "Helpers.cs") },
            References(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        _warm = CreateDriver().RunGenerators(_compilation);
        GeneratorRunResult result = _warm.GetRunResult().Results.Single();
        if (result.Exception is not null || result.GeneratedSources.Length != 1 || result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            throw new InvalidOperationException($"{Network} did not generate cleanly: {result.Exception} {string.Join("; ", result.Diagnostics)}");
        }
    }

    [Benchmark(Baseline = true, Description = "cold (new driver)")]
    public GeneratorDriver Cold() => CreateDriver().RunGenerators(Edited());

    [Benchmark(Description = "unrelated edit (driver re-run)")]
    public GeneratorDriver UnrelatedEdit() => _warm.RunGenerators(Edited());

    private CSharpCompilation Edited() => _compilation.ReplaceSyntaxTree(_other, _edits[_next++ & 1]);

    private static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(new[] { new NetworkGenerator().AsSourceGenerator() }, parseOptions: ParseOptions);

    private static SyntaxTree Parse(string text, string path) => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    private static string Other(int version) =>
        $"namespace Samples;\npublic static class Other\n{{\n    public static int Scale(int x) => x * {version + 2};\n}}\n";

    internal const string Helpers = """
        namespace Samples;

        public sealed class Dataset
        {
            private readonly double[] _values = new double[16];

            public double Mean()
            {
                double sum = 0;
                foreach (double value in _values)
                {
                    sum += value;
                }

                return sum / _values.Length;
            }
        }
        """;

    private static ImmutableArray<MetadataReference> References()
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(INetwork<>).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }
}
