using System.Runtime.InteropServices;
using Xunit.Abstractions;

namespace BackpropGen.Packaging.Tests;

/// <summary>
/// samples/EmbeddedXor, whose network is baked in, published trimmed and self-contained (and with NativeAOT where
/// the registry serves its packages) with zero warnings, then run from an empty folder: it reads no file.
/// samples/EmbeddedDigits (the trained Digits net baked in) is published with NativeAOT only — which trims and checks
/// trim and AOT warnings as well — to keep the suite's time to three publishes; it reads only the digit it is given.
/// Each publish builds into its own artifacts folder, so the developer build's obj/ and bin/ are not touched.
/// </summary>
public sealed class PublishTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string[] ExpectedLines =
    [
        "XOR by network XorNet: 12 parameters baked in at compile time, none loaded at run time",
        "  [0 0] → 0.026 → 0 (XOR 0)",
        "  [0 1] → 0.975 → 1 (XOR 1)",
        "  [1 0] → 0.975 → 1 (XOR 1)",
        "  [1 1] → 0.023 → 0 (XOR 0)",
        "4 of 4 right",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("bpg-publish-").FullName;

    private static string Project => Path.Combine(DotNet.Root, "samples", "EmbeddedXor", "EmbeddedXor.csproj");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TrimmedSelfContainedPublishRunsWithoutAnyFile()
    {
        string published = Path.Combine(_directory, "trimmed");
        ProcessResult publish = DotNet.Run(DotNet.Root,
        [
            "publish", Project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained",
            "-p:PublishTrimmed=true", "--artifacts-path", Path.Combine(_directory, "artifacts"), "-o", published, "-nodeReuse:false",
        ]).AssertSuccess();
        AssertNoWarnings(publish);
        Assert.True(File.Exists(Path.Combine(published, "libcoreclr.so")) || File.Exists(Path.Combine(published, "coreclr.dll")), "not self-contained");
        Assert.Empty(Directory.GetFiles(published, "*.bpgw"));
        output.WriteLine($"trimmed self-contained publish: {publish.Elapsed.TotalSeconds:F1} s, {Size(published) / 1e6:F1} MB in {Directory.GetFiles(published).Length} files");

        RunPublished(Path.Combine(published, "EmbeddedXor"));
    }

    [Fact]
    public void NativeAotPublishRunsWithoutAnyFile()
    {
        if (PublishNativeAot(Project, "aot") is not string binary)
        {
            return;
        }

        RunPublished(binary);
    }

    [Fact]
    public void EmbeddedDigitsNativeAotPublishReadsOnlyTheDrawnDigit()
    {
        string project = Path.Combine(DotNet.Root, "samples", "EmbeddedDigits", "EmbeddedDigits.csproj");
        if (PublishNativeAot(project, "digits-aot") is not string binary)
        {
            return;
        }

        // From a folder holding only the drawing: the weights are in the binary.
        string folder = Directory.CreateDirectory(Path.Combine(_directory, "empty-digits")).FullName;
        File.Copy(Path.Combine(DotNet.Root, "samples", "EmbeddedDigits", "seven.txt"), Path.Combine(folder, "seven.txt"));
        string[] lines = DotNet.Start(binary, folder, ["seven.txt"]).AssertSuccess().Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Network DigitsNet: 2410 parameters baked in at compile time.", lines[0].TrimEnd('\r'));
        Assert.Equal(12, lines.Length);
        Assert.Equal("It is a 7.", lines[^1].TrimEnd('\r'));
    }

    /// <summary>Publishes <paramref name="project"/> with NativeAOT; its binary, or null where the compiler package cannot be restored.</summary>
    private string? PublishNativeAot(string project, string name)
    {
        string published = Path.Combine(_directory, name);
        ProcessResult publish = DotNet.Run(DotNet.Root,
        [
            "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier,
            "-p:PublishAot=true", "--artifacts-path", Path.Combine(_directory, "artifacts-" + name), "-o", published, "-nodeReuse:false",
        ], timeout: TimeSpan.FromMinutes(10));
        if (publish.ExitCode != 0 && publish.Output.Contains("NU1101", StringComparison.Ordinal))
        {
            // The NativeAOT compiler comes from runtime.<rid>.Microsoft.DotNet.ILCompiler; where the registry does
            // not serve it, the project stays ready for it and this check cannot run.
            output.WriteLine("Skipped: the NativeAOT compiler package cannot be restored here:\n" + publish.Output);
            return null;
        }

        publish.AssertSuccess();
        AssertNoWarnings(publish);
        string program = Path.GetFileNameWithoutExtension(project);
        string binary = Path.Combine(published, program);
        Assert.False(File.Exists(Path.Combine(published, program + ".dll")), "NativeAOT output should be a single native binary");
        output.WriteLine($"NativeAOT publish of {program}: {publish.Elapsed.TotalSeconds:F1} s, binary {new FileInfo(binary).Length / 1e6:F2} MB");
        return binary;
    }

    private void RunPublished(string binary)
    {
        // From an empty folder: nothing to load even by accident.
        string empty = Directory.CreateDirectory(Path.Combine(_directory, "empty-" + Path.GetFileName(Path.GetDirectoryName(binary)))).FullName;
        ProcessResult run = DotNet.Start(binary, empty, []).AssertSuccess();
        Assert.Equal(ExpectedLines, run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
        Assert.Equal("0.975", DotNet.Start(binary, empty, ["1", "0"]).AssertSuccess().Output.Trim());
    }

    private static void AssertNoWarnings(ProcessResult publish)
    {
        // The repository treats warnings as errors, so a trim (IL2xxx) or AOT (IL3xxx) warning already fails the
        // publish; this also catches one that a later change might demote.
        string[] warnings = publish.Output.Split('\n').Where(l => l.Contains(": warning ", StringComparison.Ordinal) || l.Contains("IL2", StringComparison.Ordinal) || l.Contains("IL3", StringComparison.Ordinal)).ToArray();
        Assert.True(warnings.Length == 0, "warnings:\n" + string.Join('\n', warnings));
    }

    private static long Size(string directory) => Directory.GetFiles(directory, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
}
