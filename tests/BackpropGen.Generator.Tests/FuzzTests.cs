using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Xunit.Abstractions;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// The generator never throws: over thousands of random, mostly wrong declarations (<see cref="FuzzCorpus"/>)
/// it reports no exception (no CS8785, no AD0001), and for every declaration of a network it either reports an
/// error or generates code that compiles: no error in the generated file, and no error in the declaration's
/// own file that was not there without the generated code. Declarations are batched, one file each, many per
/// compilation, so that the whole corpus takes seconds.
/// </summary>
public partial class FuzzTests(ITestOutputHelper output)
{
    private const int Declarations = 3000;
    private const int PerCompilation = 250;
    private const ulong Seed = 0x5EED_0004;

    /// <summary>
    /// What the corpus must reach for the test to mean something: every diagnostic but BPG015, whose networks
    /// (over 20000 parameters, legal) would take the compiler seconds each.
    /// </summary>
    // Every declaration diagnostic but BPG015 (its large networks take seconds each to compile); the baked-weights
    // ones (BPG100 upward) need weights files, which the corpus does not make: BakedWeightsTests covers them.
    private static readonly string[] ExpectedIds = DiagnosticTests.Descriptors().Select(d => d.Id)
        .Where(id => string.CompareOrdinal(id, "BPG100") < 0).Except(new[] { "BPG015" }).ToArray();

    [Fact]
    public void EveryDeclarationGivesDiagnosticsOrCompilingCodeAndNeverAnException()
    {
        var timer = Stopwatch.StartNew();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var failures = new ConcurrentQueue<string>();
        var outcomes = new ConcurrentDictionary<string, int>();
        var ids = new ConcurrentDictionary<string, int>();
        int batches = Declarations / PerCompilation;
        Parallel.For(0, batches, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, batch =>
        {
            var corpus = new FuzzCorpus(Seed + (ulong)batch);
            string[] sources = Enumerable.Range(batch * PerCompilation, PerCompilation).Select(corpus.Declaration).ToArray();
            CheckBatch(batch * PerCompilation, sources, failures, outcomes, ids);
        });

        output.WriteLine($"{Declarations} declarations in {batches} compilations, {timer.Elapsed.TotalSeconds:F1} s ({(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s of CPU in the test process)");
        output.WriteLine(string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        output.WriteLine(string.Join(", ", ids.OrderBy(o => o.Key).Select(o => $"{o.Key}: {o.Value}")));
        Assert.True(failures.IsEmpty, $"{failures.Count} failures; the first:\n\n" + string.Join("\n\n", failures.Take(5)));
        Assert.Empty(ExpectedIds.Except(ids.Keys));
        Assert.True(outcomes.GetValueOrDefault("generated") >= Declarations / 20, "too few declarations were valid to test the emitter");
    }

    [Fact]
    public void TheCorpusIsDeterministic()
    {
        var first = new FuzzCorpus(Seed);
        var second = new FuzzCorpus(Seed);
        Assert.Equal(Enumerable.Range(0, 50).Select(first.Declaration), Enumerable.Range(0, 50).Select(second.Declaration));
    }

    private static void CheckBatch(int first, string[] sources, ConcurrentQueue<string> failures, ConcurrentDictionary<string, int> outcomes, ConcurrentDictionary<string, int> ids)
    {
        // Errors are what is checked, so nullable analysis (warnings only) is skipped: a third of the time.
        CSharpCompilation input = GeneratorHarness.CreateCompilation(GeneratorHarness.ErrorsOnlyParseOptions, sources);
        input = input.WithOptions(input.Options.WithConcurrentBuild(false)); // the batches already run in parallel
        GeneratorDriver driver = GeneratorHarness.CreateDriver(GeneratorHarness.ErrorsOnlyParseOptions).RunGeneratorsAndUpdateCompilation(input, out Compilation compiled, out var driverDiagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        if (result.Exception is not null || driverDiagnostics.Any(d => d.Id is "CS8785" or "AD0001"))
        {
            failures.Enqueue($"batch at {first}: generator exception {result.Exception}\n{string.Join("\n", driverDiagnostics)}");
            return;
        }

        foreach (Diagnostic diagnostic in result.Diagnostics)
        {
            ids.AddOrUpdate(diagnostic.Id, 1, (_, n) => n + 1);
        }

        bool helperChecked = false;
        ILookup<string, Diagnostic> diagnosticsByFile = result.Diagnostics.ToLookup(d => d.Location.SourceTree?.FilePath ?? "");
        ILookup<int, GeneratedSourceResult> generatedByDeclaration = result.GeneratedSources.ToLookup(s => int.Parse(HintPrefix().Match(s.HintName).Groups[1].Value) - first);
        for (int index = 0; index < sources.Length; index++)
        {
            // The file's helpers (a valid base network B{k}, a class with only [Input] Orphan{k}) have their own
            // code and diagnostics; the rest is the declaration under test.
            int k = first + index;
            SyntaxTree tree = input.SyntaxTrees.ElementAt(index);
            TypeDeclarationSyntax[] helpers = tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()
                .Where(t => t.Identifier.ValueText == $"B{k}" || t.Identifier.ValueText == $"Orphan{k}").ToArray();
            List<Diagnostic> reported = diagnosticsByFile[tree.FilePath].Where(d => !helpers.Any(h => h.Span.Contains(d.Location.SourceSpan))).ToList();
            List<GeneratedSourceResult> generatedInFile = generatedByDeclaration[index].ToList();
            List<GeneratedSourceResult> generated = generatedInFile.Where(s => !s.HintName.EndsWith($".B{k}.g.cs", StringComparison.Ordinal)).ToList();
            string Describe(string problem) => $"declaration {k}: {problem}\n--- source ---\n{sources[index]}\n--- reported ---\n{string.Join("\n", reported)}";

            // The helper base network's code is the same in every file but for its names: compiled once a batch.
            foreach (GeneratedSourceResult source in generatedInFile.Where(s => generated.Contains(s) || !helperChecked))
            {
                helperChecked |= !generated.Contains(source);
                var errors = compiled.GetSemanticModel(source.SyntaxTree).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                if (errors.Count > 0)
                {
                    failures.Enqueue(Describe($"the generated {source.HintName} does not compile:\n{string.Join("\n", errors.Take(5))}"));
                }
            }

            if (generated.Count > 0)
            {
                Count(outcomes, "generated");
                if (reported.Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    failures.Enqueue(Describe("code was generated although an error was reported"));
                }

                var before = Errors(input, tree);
                var after = Errors(compiled, compiled.SyntaxTrees.ElementAt(index));
                var added = after.Except(before).ToList();
                if (added.Count > 0)
                {
                    failures.Enqueue(Describe($"the generated code adds errors to the declaration: {string.Join("; ", added)}"));
                }
            }
            else if (reported.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("BPG", StringComparison.Ordinal)))
            {
                Count(outcomes, "BackpropGen error");
            }
            else if (Errors(input, tree).Count > 0)
            {
                Count(outcomes, "C# error only");
            }
            else if (!DeclaresNetwork(input, tree, helpers))
            {
                Count(outcomes, "no network");
            }
            else
            {
                failures.Enqueue(Describe("a valid network class got neither code nor an error"));
            }
        }
    }

    private static HashSet<string> Errors(Compilation compilation, SyntaxTree tree) =>
        compilation.GetSemanticModel(tree).GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => $"{d.Id} at {d.Location.SourceSpan}")
            .ToHashSet();

    /// <summary>Whether a type in the file, not a helper, carries an attribute that binds to [Network].</summary>
    private static bool DeclaresNetwork(Compilation compilation, SyntaxTree tree, TypeDeclarationSyntax[] helpers)
    {
        SemanticModel model = compilation.GetSemanticModel(tree);
        return tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>()
            .Where(t => !helpers.Contains(t))
            .Select(t => model.GetDeclaredSymbol(t))
            .Any(symbol => symbol?.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "BackpropGen.NetworkAttribute") == true);
    }

    private static void Count(ConcurrentDictionary<string, int> counts, string key) => counts.AddOrUpdate(key, 1, (_, n) => n + 1);

    [GeneratedRegex(@"^F(\d+)\.")]
    private static partial Regex HintPrefix();
}
