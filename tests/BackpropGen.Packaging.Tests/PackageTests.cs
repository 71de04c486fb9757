using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace BackpropGen.Packaging.Tests;

/// <summary>
/// `dotnet pack` gives one BackpropGen package (runtime in lib/, generator in analyzers/dotnet/cs, build targets,
/// README, metadata), and a throwaway consumer that references it by package, from a local folder feed with an
/// isolated packages folder, declares a network, trains it a few sweeps, runs it, and runs a baked network:
/// with the default LangVersion and with C# 10, for net8.0 and net10.0.
/// </summary>
public sealed class PackageTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bpg-package-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void PackageIsConsumedByPackageReference()
    {
        // A version no cache has seen, so that no stale copy can be served.
        string version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..12];
        string feed = Path.Combine(_directory, "feed");
        ProcessResult pack = DotNet.Run(DotNet.Root,
        [
            "pack", Path.Combine(DotNet.Root, "src", "BackpropGen", "BackpropGen.csproj"), "-c", "Release", "-o", feed,
            "--artifacts-path", Path.Combine(_directory, "artifacts"), "-p:Version=" + version, "-nodeReuse:false",
        ]).AssertSuccess();
        output.WriteLine($"pack: {pack.Elapsed.TotalSeconds:F1} s");

        string package = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        Assert.Equal($"BackpropGen.{version}.nupkg", Path.GetFileName(package));
        AssertPackageLayout(package, version);

        string consumer = WriteConsumer(version, feed);
        ProcessResult build = DotNet.Run(consumer, ["build", "Consumers.slnx", "-c", "Release", "-nodeReuse:false"]).AssertSuccess();
        output.WriteLine($"restore and build of 2 projects × 2 target frameworks: {build.Elapsed.TotalSeconds:F1} s");
        Assert.DoesNotContain(": warning ", build.Output);
        Assert.True(Directory.Exists(Path.Combine(_directory, "packages", "backpropgen", version)), "the package was not restored into the isolated packages folder");

        bool net8Runtime = DotNet.Run(_directory, ["--list-runtimes"]).AssertSuccess().Output.Contains("Microsoft.NETCore.App 8.", StringComparison.Ordinal);
        foreach (string project in new[] { "Default", "CSharp10" })
        {
            foreach (string framework in new[] { "net10.0", "net8.0" })
            {
                string assembly = Path.Combine(consumer, project, "bin", "Release", framework, project + ".dll");
                Assert.True(File.Exists(assembly), assembly + " was not built");
                var environment = new Dictionary<string, string>();
                if (framework == "net8.0" && !net8Runtime)
                {
                    // Built against .NET 8's reference assemblies; only the .NET 10 runtime is installed here,
                    // so the .NET 8 build runs on it (roll forward) rather than not at all.
                    environment["DOTNET_ROLL_FORWARD"] = "Major";
                    output.WriteLine($"{project} {framework}: no .NET 8 runtime here; built for net8.0 and run on .NET 10 with DOTNET_ROLL_FORWARD=Major");
                }

                ProcessResult run = DotNet.Run(consumer, [assembly], environment).AssertSuccess();
                output.WriteLine($"{project} {framework}:\n{run.Output}");
                AssertConsumerOutput(run.Output, framework);
            }
        }
    }

    private static void AssertPackageLayout(string package, string version)
    {
        using ZipArchive zip = ZipFile.OpenRead(package);
        string[] entries = zip.Entries.Select(e => e.FullName).ToArray();
        foreach (string expected in new[]
        {
            "lib/net8.0/BackpropGen.dll", "lib/net8.0/BackpropGen.xml", "analyzers/dotnet/cs/BackpropGen.Generator.dll",
            "build/BackpropGen.targets", "buildTransitive/BackpropGen.targets", "README.md",
            "docs/diagnostics/BPG001.md", "docs/diagnostics/BPG023.md", "docs/diagnostics/BPG108.md",
        })
        {
            Assert.Contains(expected, entries);
        }

        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) && e.Contains("Generator", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal) && e.Contains("CodeAnalysis", StringComparison.Ordinal));

        using Stream nuspecStream = zip.Entries.Single(e => e.FullName == "BackpropGen.nuspec").Open();
        XElement metadata = XDocument.Load(nuspecStream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Assert.Equal("BackpropGen", Value("id"));
        Assert.Equal(version, Value("version"));
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Contains("source generator", Value("description"));
        Assert.Contains("source-generator", Value("tags"));
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "dependency");
        Assert.DoesNotContain(metadata.Descendants(), e => e.Name.LocalName == "projectUrl" || e.Attribute("url") is not null);
    }

    private static void AssertConsumerOutput(string text, string framework)
    {
        string[] lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
        Assert.Contains(lines, l => l.StartsWith("framework .NETCoreApp,Version=v" + framework[3..], StringComparison.Ordinal));
        string trained = Assert.Single(lines, l => l.StartsWith("trained: ", StringComparison.Ordinal));
        double[] errors = trained["trained: E ".Length..].Split(" -> ").Select(s => double.Parse(s, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.True(errors[1] < errors[0] / 2, $"training did not lower the error: {trained}");
        Assert.Contains("baked [0 1]: 0.975", lines);
        Assert.Contains("baked [1 1]: 0.023", lines);
        Assert.Contains("topology input x[2]; dense hidden[4] sigmoid nobias <- x; dense output[1] sigmoid nobias <- hidden; loss sse", lines);

        // [OnnxModel] from the package: the .onnx reached the generator through buildTransitive/BackpropGen.targets.
        Assert.Contains("onnx input image[64]; dense layer0_1[24] tanh bias <- image; dense layer0_3[10] softmax bias <- layer0_1; loss crossentropy", lines);
        Assert.Contains("exported yes", lines);
    }

    /// <summary>Two projects (default LangVersion, and C# 10), each for net8.0 and net10.0, sharing their code.</summary>
    private string WriteConsumer(string version, string feed)
    {
        string consumer = Directory.CreateDirectory(Path.Combine(_directory, "consumer")).FullName;
        string machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        // The local feed, then the machine's package cache as a read-only feed (so reference packs need no
        // download when present), then the normal source. Packages are restored into an isolated folder.
        string machineFeed = Directory.Exists(machinePackages) ? $"""    <add key="machine-cache" value="{machinePackages}" />""" + "\n" : "";
        File.WriteAllText(Path.Combine(consumer, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
            {machineFeed}    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(_directory, "packages")}" />
              </config>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(consumer, "Consumers.slnx"), """
            <Solution>
              <Project Path="Default/Default.csproj" />
              <Project Path="CSharp10/CSharp10.csproj" />
            </Solution>
            """);
        // An empty Directory.Build.props stops MSBuild from importing the repository's from /tmp's parents (none
        // expected, but the consumer must stand alone).
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(consumer, "Directory.Build.targets"), "<Project />\n");
        File.Copy(Path.Combine(DotNet.Root, "samples", "EmbeddedXor", "xor.bpgw"), Path.Combine(consumer, "xor.bpgw"));
        File.Copy(Path.Combine(DotNet.Root, "samples", "FromPyTorch", "digits.onnx"), Path.Combine(consumer, "digits.onnx"));
        File.WriteAllText(Path.Combine(consumer, "Networks.cs"), Networks);
        File.WriteAllText(Path.Combine(consumer, "Program.cs"), Program);
        foreach ((string name, string langVersion) in new[] { ("Default", ""), ("CSharp10", "<LangVersion>10</LangVersion>") })
        {
            Directory.CreateDirectory(Path.Combine(consumer, name));
            File.WriteAllText(Path.Combine(consumer, name, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
                    <Nullable>enable</Nullable>
                    <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                    <IsAotCompatible>true</IsAotCompatible>
                    {langVersion}
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="BackpropGen" Version="{version}" />
                    <Compile Include="../*.cs" />
                    <AdditionalFiles Include="../xor.bpgw" />
                    <AdditionalFiles Include="../digits.onnx" />
                  </ItemGroup>
                </Project>
                """);
        }

        return consumer;
    }

    // C# 10 only: no raw strings, no collection expressions, no required members.
    private const string Networks = """
        using BackpropGen;

        namespace Consumer;

        [Network]
        [Input("x", 2)]
        [Dense("hidden", 4, Activation.Sigmoid)]
        [Dense("output", 1, Activation.Sigmoid)]
        public partial class SmallXor
        {
        }

        [Network(Precision = Precision.Double, Name = "XorNet")]
        [Input("x", 2)]
        [Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
        [Dense("output", 1, Activation.Sigmoid, Bias = false)]
        [BakedWeights("xor.bpgw")]
        public partial class BakedXor
        {
        }

        [OnnxModel("digits.onnx")]
        public partial class Digits
        {
        }
        """;

    private const string Program = """
        using System;
        using System.Globalization;
        using BackpropGen;
        using Consumer;

        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        Console.WriteLine("framework " + AppContext.TargetFrameworkName);

        var net = new SmallXor { LearningRate = 0.5f, Momentum = 0.9f };
        net.Initialize(42, 0.5f);
        var data = new DataSet<float>(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 2, new float[] { 0, 1, 1, 0 }, 1);
        float first = net.TrainBatch(data);
        float last = first;
        for (int sweep = 1; sweep < 300; sweep++)
        {
            last = net.TrainBatch(data);
        }

        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "trained: E {0:F4} -> {1:F4}", first, last));
        Span<float> output = stackalloc float[SmallXor.OutputSize];
        net.Forward(new float[] { 1, 0 }, output);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "trained [1 0]: {0:F3}", output[0]));

        var baked = new double[BakedXor.OutputSize];
        BakedXor.Forward(new double[] { 0, 1 }, baked);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "baked [0 1]: {0:F3}", baked[0]));
        BakedXor.Forward(new double[] { 1, 1 }, baked);
        Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "baked [1 1]: {0:F3}", baked[0]));
        Console.WriteLine("topology " + BakedXor.NetworkTopology);
        Console.WriteLine("onnx " + Digits.NetworkTopology);
        Console.WriteLine("exported " + (OnnxExport.ToBytes(net).Length > 0 ? "yes" : "no"));
        """;
}
