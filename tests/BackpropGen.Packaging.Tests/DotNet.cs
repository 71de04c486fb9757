using System.Diagnostics;
using System.Text;

namespace BackpropGen.Packaging.Tests;

/// <summary>Runs the dotnet CLI (or a published program) and captures what it prints.</summary>
internal static class DotNet
{
    /// <summary>The repository root: the folder that holds BackpropGen.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static ProcessResult Run(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Start("dotnet", workingDirectory, arguments, environment, timeout ?? TimeSpan.FromMinutes(5));

    public static ProcessResult Start(string fileName, string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs inside `dotnet test`: drop the MSBuild variables it inherited so that the
        // child build resolves its own SDK, and keep the CLI quiet.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var pair in environment ?? new Dictionary<string, string>())
        {
            start.Environment[pair.Key] = pair.Value;
        }

        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {string.Join(' ', arguments)}' did not finish in {timeout}:\n{output}");
        }

        process.WaitForExit();
        return new ProcessResult($"{fileName} {string.Join(' ', arguments)}", process.ExitCode, output.ToString(), stopwatch.Elapsed);
    }

    private static string FindRoot()
    {
        for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "BackpropGen.sln")))
            {
                return directory;
            }
        }

        throw new InvalidOperationException("BackpropGen.sln not found above " + AppContext.BaseDirectory);
    }
}

internal sealed record ProcessResult(string Command, int ExitCode, string Output, TimeSpan Elapsed)
{
    public ProcessResult AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"'{Command}' exited with {ExitCode}:\n{Output}");
        return this;
    }
}
