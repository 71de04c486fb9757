using System.Collections.Immutable;
using System.Reflection;
using System.Runtime.Loader;
using BackpropGen.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Generator.Tests;

/// <summary>Runs the generator over source text in memory, and compiles and loads what it makes.</summary>
internal static class GeneratorHarness
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        string[] platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return platform
            .Where(p => Path.GetFileName(p) is var name && (name.StartsWith("System.", StringComparison.Ordinal) || name is "netstandard.dll" or "mscorlib.dll"))
            .Append(typeof(INetwork<>).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    });

    public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

    /// <summary>
    /// For tests that look for errors only: Roslyn's feature flag that skips nullable analysis, which reports
    /// nothing but warnings and is much of the cost of binding the generated code.
    /// </summary>
    public static CSharpParseOptions ErrorsOnlyParseOptions { get; } = ParseOptions.WithFeatures(new[] { new KeyValuePair<string, string>("run-nullable-analysis", "never") });

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(ParseOptions, sources);

    public static CSharpCompilation CreateCompilation(CSharpParseOptions parseOptions, string[] sources) =>
        CSharpCompilation.Create(
            "Networks" + Guid.NewGuid().ToString("N"),
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, parseOptions, path: $"Network{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(params AdditionalText[] additionalTexts) => CreateDriver(ParseOptions, additionalTexts);

    public static GeneratorDriver CreateDriver(CSharpParseOptions parseOptions, params AdditionalText[] additionalTexts) =>
        CSharpGeneratorDriver.Create(
            new[] { new NetworkGenerator().AsSourceGenerator() },
            additionalTexts: additionalTexts,
            parseOptions: parseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator; returns the compilation with the generated code and everything reported.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(sources, Array.Empty<AdditionalText>());

    /// <summary>Runs the generator with additional files (e.g. base64 copies of weights files).</summary>
    public static GeneratorRun Run(string[] sources, AdditionalText[] additionalTexts)
    {
        CSharpCompilation compilation = CreateCompilation(sources);
        GeneratorDriver driver = CreateDriver(additionalTexts).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        return new GeneratorRun(output, result, driverDiagnostics);
    }

    /// <summary>Emits and loads the compilation (in a collectible context) and returns the assembly.</summary>
    public static Assembly Load(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var emit = compilation.Emit(stream);
        if (!emit.Success)
        {
            throw new InvalidOperationException("The generated code does not compile:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        }

        stream.Position = 0;
        var context = new AssemblyLoadContext("networks", isCollectible: true);
        context.Resolving += (_, name) => name.Name == "BackpropGen" ? typeof(INetwork<>).Assembly : null;
        return context.LoadFromStream(stream);
    }
}

/// <summary>An additional file in memory, as the compiler hands one to a generator.</summary>
internal sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override Microsoft.CodeAnalysis.Text.SourceText GetText(CancellationToken cancellationToken = default) =>
        Microsoft.CodeAnalysis.Text.SourceText.From(text, System.Text.Encoding.UTF8);
}

internal sealed record GeneratorRun(Compilation Output, GeneratorDriverRunResult Result, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    /// <summary>Diagnostics from the generator (BPG…) and any exception it threw.</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>Errors in the compilation after generation, generated code included.</summary>
    public IEnumerable<Diagnostic> CompilationErrors => Output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error);

    public string Source(string hintName) =>
        Result.Results.SelectMany(r => r.GeneratedSources).Single(s => s.HintName == hintName).SourceText.ToString();

    public IEnumerable<Exception> Exceptions => Result.Results.Select(r => r.Exception).OfType<Exception>();
}
