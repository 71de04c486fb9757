namespace BackpropGen.Benchmarks;

/// <summary>Why the Digits epoch has no TorchSharp figure on this machine (not in DigitsBenchmarks.cs: Program uses it in baseline builds too).</summary>
public static class TorchSharpRow
{
    /// <summary>The explanation, with what this machine's libstdc++ offers (TorchSharp 0.10x's libtorch needs GLIBCXX_3.4.32).</summary>
    public static string Reason()
    {
        string[] candidates = ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/aarch64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6"];
        string? path = candidates.FirstOrDefault(File.Exists);
        string libstdcxx = path is null
            ? "no libstdc++.so.6 was found in the usual places"
            : File.ReadAllText(path, System.Text.Encoding.Latin1).Contains("GLIBCXX_3.4.32", StringComparison.Ordinal)
                ? $"{path} has GLIBCXX_3.4.32, so TorchSharp could load here: add a PackageReference to TorchSharp-cpu and write the row"
                : $"{path} has no GLIBCXX_3.4.32, which TorchSharp-cpu's libtorch needs, so it cannot load here";
        return "TorchSharp row not run: the benchmarks do not reference TorchSharp-cpu (about 1.2 GB restored, too much for " +
            $"every build); {libstdcxx}.";
    }
}
