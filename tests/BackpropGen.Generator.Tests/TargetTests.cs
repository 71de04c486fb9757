using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// The SIMD path is written only where the consuming framework has the vector math it calls, as read from the
/// compilation: .NET 10 (this test project) has System.Numerics.Vector.Exp; .NET 8 and netstandard2.0 do not.
/// </summary>
public class TargetTests
{
    [Fact]
    public void ANet10CompilationGetsTheSimdPath()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor);
        Assert.True(NetworkGenerator.TargetReader.Read(run.Output).VectorMath);
        Assert.Contains("private double AccumulateLanes(", run.Source("Samples.XorNet.g.cs"));
    }

    [Fact]
    public void ANet8CompilationGetsTheScalarPathOnlyAndItCompiles()
    {
        CSharpCompilation compilation = Compilation(References("Net80References", "*.dll").Append(MetadataReference.CreateFromFile(typeof(INetwork<>).Assembly.Location)));
        Assert.False(NetworkGenerator.TargetReader.Read(compilation).VectorMath);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out _);
        string source = driver.GetRunResult().Results.Single().GeneratedSources.Single().SourceText.ToString();

        Assert.DoesNotContain("Lanes", source.Replace("VectorizeAcrossPatterns", ""));
        Assert.DoesNotContain("global::System.Numerics.Vector", source);
        Assert.Contains("public double AccumulateBatch(", source);
        Assert.Contains("public bool VectorizeAcrossPatterns { get; set; } = true;", source);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
    }

    [Fact]
    public void ANetStandardCompilationHasNoVectorMath()
    {
        CSharpCompilation compilation = Compilation(References("NetStandard20References", "netstandard.dll"));
        Assert.NotNull(compilation.GetTypeByMetadataName("System.Object"));
        Assert.False(NetworkGenerator.TargetReader.Read(compilation).VectorMath);
    }

    private static CSharpCompilation Compilation(IEnumerable<MetadataReference> references) =>
        CSharpCompilation.Create(
            "Target" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(Networks.Xor, GeneratorHarness.ParseOptions, path: "Network0.cs") },
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    private static IEnumerable<MetadataReference> References(string key, string pattern)
    {
        string directory = typeof(TargetTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
        string[] files = Directory.GetFiles(directory, pattern);
        Assert.NotEmpty(files);
        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }
}
