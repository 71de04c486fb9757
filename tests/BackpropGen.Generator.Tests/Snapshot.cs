using System;
using System.IO;
using System.Runtime.CompilerServices;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Snapshot files with Verify's conventions: <c>Snapshots/{name}.verified.cs</c> beside the test holds the
/// accepted text; on a mismatch the actual text is written to <c>{name}.received.cs</c> and the test fails.
/// Set BACKPROPGEN_ACCEPT_SNAPSHOTS=1 to accept the received text (it then overwrites the verified file).
/// Another folder (relative to the test file's) and extension can be given; the runtime tests link this file for
/// their public-API snapshot (<c>PublicApi/BackpropGen.verified.txt</c>).
/// </summary>
internal static class Snapshot
{
    public const string AcceptVariable = "BACKPROPGEN_ACCEPT_SNAPSHOTS";

    public static void Verify(string actual, string name, string folder = "Snapshots", string extension = ".cs", [CallerFilePath] string testFile = "")
    {
        string directory = Path.Combine(Path.GetDirectoryName(testFile)!, folder);
        string verified = Path.Combine(directory, name + ".verified" + extension);
        string received = Path.Combine(directory, name + ".received" + extension);
        actual = actual.Replace("\r\n", "\n");
        bool accept = Environment.GetEnvironmentVariable(AcceptVariable) == "1";

        string? expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }

        if (accept)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verified, actual);
            File.Delete(received);
            return;
        }

        Directory.CreateDirectory(directory);
        File.WriteAllText(received, actual);
        string reason = expected is null ? "there is no verified snapshot yet" : "the text differs from the verified snapshot";
        throw new Xunit.Sdk.XunitException(
            $"Snapshot '{name}': {reason}. Compare {received} with {verified}; if the change is right, rerun with {AcceptVariable}=1 or copy the received file over the verified one.\n" +
            FirstDifference(expected ?? "", actual));
    }

    private static string FirstDifference(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int line = 0; line < Math.Max(e.Length, a.Length); line++)
        {
            string el = line < e.Length ? e[line] : "<end>";
            string al = line < a.Length ? a[line] : "<end>";
            if (el != al)
            {
                return $"First difference at line {line + 1}:\n  verified: {el}\n  received: {al}";
            }
        }

        return "";
    }
}
