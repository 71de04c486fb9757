using System.Globalization;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Declarations at the edges of what the parser accepts: legal ones that once broke the generator, and wrong
/// ones whose diagnostics depend on how an argument is written.
/// </summary>
public class DeclarationEdgeCaseTests
{
    private const string Prefix = "using BackpropGen;\n\nnamespace Samples;\n\n";
    private const string Layers = "[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\n";

    [Fact]
    public void NetworksWhoseNamesDifferOnlyInCaseGetDistinctHintNames()
    {
        // AddSource compares hint names ignoring case: Net and NET once collided and threw (CS8785).
        GeneratorRun run = GeneratorHarness.Run(Prefix + "[Network]\n" + Layers + "public partial class Net { }\n\n[Network]\n" + Layers + "public partial class NET { }\n\n[Network]\n" + Layers + "public partial class Other { }");
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        string[] hintNames = run.Result.Results.Single().GeneratedSources.Select(s => s.HintName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(3, hintNames.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("Samples.Other.g.cs", hintNames);
        Assert.All(hintNames.Where(n => n != "Samples.Other.g.cs"), n => Assert.Matches(@"^Samples\.(Net|NET)\.[0-9a-f]{8}\.g\.cs$", n));
    }

    [Fact]
    public void KeywordNamesAreWrittenWithTheirAt()
    {
        GeneratorRun run = GeneratorHarness.Run("using BackpropGen;\n\nnamespace @event.Samples;\n\npublic partial class @static\n{\n    [Network]\n" + Layers + "    public partial class @class { }\n}");
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Contains("public const string NetworkName = \"class\";", run.Source("event.Samples.static.class.g.cs"));
    }

    [Fact]
    public void ARecordClassIsANetwork()
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + "[Network]\n" + Layers + "public partial record Net(int Epochs);");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
        Assert.Contains("partial record Net : global::BackpropGen.INetwork<float>", run.Source("Samples.Net.g.cs"));
    }

    [Fact]
    public void ARecordPositionalPropertyCanClash()
    {
        Diagnostic diagnostic = Single(Prefix + "[Network]\n" + Layers + "public partial record Net(int Momentum);", "BPG013");
        Assert.Equal("'Momentum' (a member of Net) has the name of a member that BackpropGen generates in network class 'Net'; rename it", Message(diagnostic));
        Assert.Equal("Momentum", Text(diagnostic));
    }

    [Fact]
    public void AnInheritedMemberCanClash()
    {
        Diagnostic diagnostic = Single(Prefix + "public class Base { public void Save(string path) { } }\n\n[Network]\n" + Layers + "public partial class Net : Base { }", "BPG013");
        Assert.Equal("'Save' (inherited from Base) has the name of a member that BackpropGen generates in network class 'Net'; rename it", Message(diagnostic));
        Assert.Equal("Base", Text(diagnostic));
    }

    [Fact]
    public void AnInheritedPrivateMemberDoesNotClash()
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + "public class Base { private void Save() { } }\n\n[Network]\n" + Layers + "public partial class Net : Base { }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void TheClassNameCanClashWithALayerAccessor()
    {
        Diagnostic diagnostic = Single(Prefix + "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class OWeights { }", "BPG013");
        Assert.Equal("'OWeights' (the network class's own name) has the name of a member that BackpropGen generates in network class 'OWeights'; rename it", Message(diagnostic));
        Assert.Equal("OWeights", Text(diagnostic));
    }

    [Fact]
    public void TooFewArgumentsSayWhatIsExpected()
    {
        Diagnostic diagnostic = Single(Prefix + "[Network]\n[Input(\"x\")]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }", "BPG014");
        Assert.Equal("The [Input] attribute's arguments could not be read as a constant (no constructor takes the 1 positional argument given); pass (string name, int size) as literal or const values", Message(diagnostic));
        Assert.Equal("Input(\"x\")", Text(diagnostic));
    }

    [Fact]
    public void AWrongArgumentTypeIsNotAConstantOfTheParameterType()
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + "[Network]\n[Input(\"x\", \"2\")]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics, d => d.Id == "BPG014");
        Assert.Contains("could not be read as a constant", Message(diagnostic));
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void NamedConstructorArgumentsArePointedAt()
    {
        Diagnostic diagnostic = Single(Prefix + "[Network]\n[Input(size: -3, name: \"x\")]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }", "BPG004");
        Assert.Equal("'x' has size -3; a size must be between 1 and 1000000", Message(diagnostic));
        Assert.Equal("size: -3", Text(diagnostic));
    }

    [Fact]
    public void ACollectionExpressionElementIsPointedAt()
    {
        Diagnostic diagnostic = Single(Prefix + "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid, From = [\"x\", \"nope\"])]\npublic partial class Net { }", "BPG010");
        Assert.Equal("\"nope\"", Text(diagnostic));
    }

    [Fact]
    public void ANullNameIsInvalid()
    {
        Diagnostic diagnostic = Single(Prefix + "[Network]\n[Input(null, 2)]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic partial class Net { }", "BPG012");
        Assert.StartsWith("'null' is not a valid input or layer name", Message(diagnostic));
    }

    [Fact]
    public void ALayerReadingItselfIsUnknownSource()
    {
        Diagnostic diagnostic = Single(Prefix + "[Network]\n[Input(\"x\", 2)]\n[Dense(\"o\", 1, Activation.Sigmoid, From = new[] { \"o\" })]\npublic partial class Net { }", "BPG010");
        Assert.StartsWith("Layer 'o' reads from 'o', which is not an input or a layer declared before it", Message(diagnostic));
    }

    [Fact]
    public void EveryErrorIsReportedNotOnlyTheFirst()
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + "[Network(Precision = (Precision)9)]\n[Input(\"x\", 0)]\n[Dense(\"h\", 2, (Activation)5, From = new[] { \"nope\" })]\n[Dense(\"o\", 1, Activation.Sigmoid)]\npublic class Net\n{\n    public int Forward;\n}");
        Assert.Equal(
            new[] { "BPG001", "BPG004", "BPG005", "BPG006", "BPG010", "BPG013" },
            run.GeneratorDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EachOrphanAttributeIsReported()
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + Layers + "public partial class Net { }");
        Assert.Equal(new[] { "Dense(\"o\", 1, Activation.Sigmoid)", "Input(\"x\", 2)" }, run.GeneratorDiagnostics.Where(d => d.Id == "BPG020").Select(Text).Order(StringComparer.Ordinal));
        Assert.Equal(2, run.GeneratorDiagnostics.Length);
    }

    [Fact]
    public void AGenericContainingTypeIsReportedAndNotTheClassInIt()
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + "public partial class Outer<T>\n{\n    [Network]\n" + Layers + "    public partial class Net { }\n}");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("BPG003", diagnostic.Id);
        Assert.Equal("Outer", Text(diagnostic));
        Assert.StartsWith("'Outer' is generic", Message(diagnostic));
    }

    [Theory]
    [InlineData("namespace Samples;\n\n[Network]\n" + Layers + "public partial class ")]
    [InlineData("namespace Samples;\n\npublic partial class \n{\n    [Network]\n" + Layers + "    public partial class Net { }\n}")]
    [InlineData("namespace \n{\n    [Network]\n" + Layers + "    public partial class Net { }\n}")]
    public void AMissingNameIsLeftToTheCompiler(string declaration)
    {
        // Found by the fuzz test: text cut off after "class" once generated "partial class " with no name.
        GeneratorRun run = GeneratorHarness.Run("using BackpropGen;\n\n" + declaration);
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.Result.GeneratedTrees);
        Assert.Contains(run.CompilationErrors, d => d.Id == "CS1001");
    }

    [Fact]
    public void NetworkOnAStructIsLeftToTheCompiler()
    {
        // CS0592 (the attribute is valid on classes only) already says what is wrong.
        GeneratorRun run = GeneratorHarness.Run(Prefix + "[Network]\n" + Layers + "public partial struct Net { }");
        Assert.Empty(run.Exceptions);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Result.GeneratedTrees);
        Assert.Contains(run.CompilationErrors, d => d.Id == "CS0592");
    }

    [Fact]
    public void ThreeDeclarationsWithNetworkReportTwoDuplicatesOnce()
    {
        GeneratorRun run = GeneratorHarness.Run(Prefix + "[Network]\n" + Layers + "public partial class Net { }\n[Network]\npublic partial class Net { }\n[Network, Network]\npublic partial class Net { }");
        Assert.Equal(3, run.GeneratorDiagnostics.Count(d => d.Id == "BPG019"));
        Assert.Equal(3, run.GeneratorDiagnostics.Select(d => d.Location.SourceSpan).Distinct().Count());
        Assert.Empty(run.Result.GeneratedTrees);
    }

    [Fact]
    public void APartialDeclarationWithoutPartialIsReportedWhereItIs()
    {
        // The compiler says CS0260 too; the declaration that lacks 'partial' is the one pointed at.
        GeneratorRun run = GeneratorHarness.Run(Prefix + "[Network]\n" + Layers + "public partial class Net { }\n\npublic class Net { public int Other; }");
        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("BPG001", diagnostic.Id);
        Assert.Equal(10, diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1);
    }

    [Fact]
    public void TheLargestAllowedSizesAreAccepted()
    {
        // 10000 inputs into one unit: 10001 parameters, under both limits; generated without a diagnostic.
        GeneratorRun run = GeneratorHarness.Run(Prefix + "[Network]\n[Input(\"x\", 10000)]\n[Dense(\"o\", 1, Activation.Identity)]\npublic partial class Net { }");
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("public const int ParameterCount = 10001;", run.Source("Samples.Net.g.cs"));
    }

    private static Diagnostic Single(string source, string id)
    {
        GeneratorRun run = GeneratorHarness.Run(source);
        Assert.Empty(run.Exceptions);
        return Assert.Single(run.GeneratorDiagnostics, d => d.Id == id);
    }

    private static string Message(Diagnostic diagnostic) => diagnostic.GetMessage(CultureInfo.InvariantCulture);

    private static string Text(Diagnostic diagnostic) => diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);
}
