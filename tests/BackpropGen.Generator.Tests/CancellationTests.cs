using System.Collections.Immutable;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// A cancelled build stops the generator with <see cref="OperationCanceledException"/>, which Roslyn treats as
/// cancellation (not as a generator failure, CS8785). The parser and emitter check the token in their loops.
/// </summary>
public class CancellationTests
{
    [Fact]
    public void ACancelledTokenStopsTheDriver()
    {
        Compilation compilation = GeneratorHarness.CreateCompilation(Networks.Xor, Networks.TwoInputs);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() =>
            GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out _, cancellation.Token));
    }

    [Fact]
    public void ATokenCancelledDuringARunStopsTheDriver()
    {
        // Far more networks than can be generated before the delay (a full run takes seconds); wherever the run
        // is when the token is cancelled, it stops by cancellation, and soon.
        string many = "using BackpropGen;\nnamespace Many;\n" + string.Concat(Enumerable.Range(0, 2000).Select(i =>
            $"[Network, Input(\"x\", 8), Dense(\"h\", 8, Activation.Tanh), Dense(\"o\", 4, Activation.Sigmoid)] public partial class N{i} {{ }}\n"));
        // The token is cancelled by a dedicated thread, not by CancellationTokenSource's timer: timer callbacks run on
        // the thread pool, which other tests in this assembly (the fuzz test's Parallel.For) can keep busy for the
        // whole run, so a 10 ms timer may fire only after the driver has finished.
        Compilation compilation = GeneratorHarness.CreateCompilation(many);
        using var cancellation = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        var canceller = new Thread(() =>
        {
            started.Wait();
            Thread.Sleep(10);
            cancellation.Cancel();
        }) { IsBackground = true, Name = "canceller" };
        canceller.Start();

        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            started.Set();
            GeneratorHarness.CreateDriver().RunGeneratorsAndUpdateCompilation(compilation, out _, out _, cancellation.Token);
        });
        Assert.True(canceller.Join(TimeSpan.FromMinutes(1)), "the canceller thread did not finish");
    }

    [Fact]
    public void TheParserHonoursTheToken()
    {
        Compilation compilation = GeneratorHarness.CreateCompilation(Networks.Xor);
        SyntaxTree tree = compilation.SyntaxTrees.Single();
        TypeDeclarationSyntax declaration = tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>().Single();
        var type = (INamedTypeSymbol)compilation.GetSemanticModel(tree).GetDeclaredSymbol(declaration)!;
        var attributes = type.GetAttributes().Where(a => a.AttributeClass?.Name == "NetworkAttribute").ToImmutableArray();

        Assert.NotNull(NetworkGenerator.Parser.ParseNetwork(type, declaration, attributes, new List<DiagnosticInfo>(), CancellationToken.None));
        Assert.ThrowsAny<OperationCanceledException>(() => NetworkGenerator.Parser.ParseNetwork(type, declaration, attributes, new List<DiagnosticInfo>(), new CancellationToken(canceled: true)));
    }

    [Fact]
    public void TheEmitterHonoursTheToken()
    {
        GeneratorRun run = GeneratorHarness.Run(Networks.TwoInputs);
        var model = (NetworkModel)run.Result.Results.Single().TrackedSteps[TrackingNames.Models].Single().Outputs.Single().Value;

        Assert.Contains("AccumulateCore", NetworkGenerator.Emitter.Emit(model, new TargetModel(VectorMath: true), CancellationToken.None));
        Assert.ThrowsAny<OperationCanceledException>(() => NetworkGenerator.Emitter.Emit(model, new TargetModel(VectorMath: true), new CancellationToken(canceled: true)));
    }
}
