using System.Text;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Plan;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// The pipeline adds each file as a <see cref="SourceText"/> read straight from the writer's buffer
/// (<see cref="SourceWriter.ToSourceTextAndKeep"/>: no string of the whole file, so no large object per run); these
/// tests hold that text to the emitter's string, character for character, across Roslyn's chunks.
/// </summary>
public class GeneratedTextTests
{
    /// <summary>100-100-10 (about 900,000 characters: many of Roslyn's 40 × 1024-character chunks) beside XOR (one chunk and a bit).</summary>
    private const string Large = """
        using BackpropGen;

        namespace Samples;

        [Network]
        [Input("x", 100)]
        [Dense("hidden", 100, Activation.Tanh)]
        [Dense("output", 10, Activation.Sigmoid)]
        public partial class Large { }
        """;

    [Fact]
    public void TheAddedTextIsTheEmittersTextCharacterForCharacter()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.Xor, Large);
        GeneratorRunResult result = run.Result.Results.Single();
        Assert.Null(result.Exception);
        var plans = result.TrackedSteps[TrackingNames.Plans].SelectMany(step => step.Outputs).Select(output => (NetworkPlan)output.Value).ToList();
        Assert.Equal(2, plans.Count);
        foreach (NetworkPlan plan in plans)
        {
            GeneratedSourceResult generated = result.GeneratedSources.Single(source => source.HintName == plan.Model.HintName);
            string emitted = NetworkGenerator.Emitter.Emit(plan, CancellationToken.None);

            Assert.True(emitted.Length > 40 * 1024, $"{plan.Model.ClassName}: {emitted.Length} characters, under one chunk: the test would not cross one");
            Assert.Equal(emitted.Length, generated.SourceText.Length);
            Assert.Equal(emitted, generated.SourceText.ToString());
            Assert.Equal(Encoding.UTF8.WebName, generated.SourceText.Encoding?.WebName);
        }
    }

    [Fact]
    public void AWritersSourceTextIsItsTextAndTheKeptBufferStartsEmpty()
    {
        SourceWriter first = SourceWriter.ForFile();
        for (int i = 0; i < 20_000; i++)
        {
            first.Line("line " + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        string expected = first.ToString();
        SourceText text = first.ToSourceTextAndKeep(Encoding.UTF8);
        Assert.Equal(expected, text.ToString());

        // The next file's writer (on the kept buffer, when this thread got it back) starts with nothing in it.
        SourceWriter second = SourceWriter.ForFile();
        second.Line("only this");
        Assert.Equal("only this\n", second.ToSourceTextAndKeep(Encoding.UTF8).ToString());
    }
}
