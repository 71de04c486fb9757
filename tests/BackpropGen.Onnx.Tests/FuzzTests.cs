using System.Text;
using BackpropGen.Generator.Tests;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Onnx.Tests;

/// <summary>
/// Damaged .onnx bytes (truncated, bits flipped, bytes overwritten), from the committed PyTorch models and an exported
/// network: the generator gives a diagnostic or a class that compiles, never an exception (CS8785) or broken code;
/// OnnxParameters.Load throws nothing but InvalidDataException.
/// </summary>
public class FuzzTests
{
    private const int MutationsPerModel = 12;

    [Fact]
    public void DamagedModelsGiveDiagnosticsNeverExceptions()
    {
        var random = new Random(2026);
        var sources = new StringBuilder("using BackpropGen;\nnamespace Fuzz;\n");
        var files = new List<AdditionalText>();
        List<byte[]> mutants = Mutants(random).ToList();
        for (int k = 0; k < mutants.Count; k++)
        {
            sources.Append("[OnnxModel(\"f").Append(k).Append(".onnx\")] public partial class F").Append(k).Append(" { }\n");
            files.Add(OnnxFiles.Armored("/fuzz/f" + k + ".onnx", mutants[k]));
        }

        var parse = GeneratorHarness.ErrorsOnlyParseOptions;
        var compilation = GeneratorHarness.CreateCompilation(parse, new[] { sources.ToString() });
        GeneratorDriver driver = GeneratorHarness.CreateDriver(parse, files.ToArray()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out var driverDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();

        Assert.Empty(result.Results.Select(r => r.Exception).OfType<Exception>());
        Assert.DoesNotContain(driverDiagnostics, d => d.Id == "CS8785");
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        // Every class is either generated or has one BPG2xx diagnostic (BPG108 warns of NaN weights from a flipped bit).
        var generated = result.GeneratedTrees.Select(t => Path.GetFileName(t.FilePath)).ToHashSet();
        var reported = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.All(reported, d => Assert.StartsWith("BPG2", d.Id, StringComparison.Ordinal));
        for (int k = 0; k < mutants.Count; k++)
        {
            bool made = generated.Contains("Fuzz.F" + k + ".g.cs");
            int errors = reported.Count(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains("'F" + k + "'", StringComparison.Ordinal));
            Assert.True(made != (errors == 1), $"mutant {k}: generated {made}, {errors} errors");
        }

        // Most damage is caught: a truncated file is never a valid model of the same graph.
        Assert.True(reported.Count > mutants.Count / 3, $"only {reported.Count} of {mutants.Count} damaged models were refused");
    }

    [Fact]
    public void DamagedModelsLoadOnlyWithInvalidDataException()
    {
        var random = new Random(12);
        foreach (byte[] mutant in Mutants(random))
        {
            var network = new GemmTrainable();
            try
            {
                OnnxParameters.Load(network, mutant);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    private static IEnumerable<byte[]> Mutants(Random random)
    {
        var originals = new[] { "xor", "concat", "gemm", "matmul", "gemm_double" }
            .Select(n => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Models", n + ".onnx")))
            .ToList();
        var exported = new TrainedHere();
        exported.Initialize(3, 1.0);
        originals.Add(OnnxExport.ToBytes(exported));
        foreach (byte[] original in originals)
        {
            for (int m = 0; m < MutationsPerModel; m++)
            {
                byte[] bytes = (byte[])original.Clone();
                switch (m % 3)
                {
                    case 0:
                        bytes = bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
                        break;
                    case 1:
                        for (int flips = 1 + random.Next(3); flips > 0; flips--)
                        {
                            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                        }

                        break;
                    default:
                        bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                        break;
                }

                yield return bytes;
            }
        }
    }
}
