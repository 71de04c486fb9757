namespace BackpropGen.Samples;

/// <summary>Where the samples write their pictures: <c>artifacts/pictures/</c> under the repository root.</summary>
internal static class PictureDirectory
{
    /// <summary>
    /// <c>artifacts/pictures</c> under the nearest directory above the current one that holds BackpropGen.sln, or
    /// under the current directory when there is none; created if needed. Its full path is returned.
    /// </summary>
    public static string Get()
    {
        string? directory = Environment.CurrentDirectory;
        while (directory is not null && !File.Exists(Path.Combine(directory, "BackpropGen.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        string pictures = Path.Combine(directory ?? Environment.CurrentDirectory, "artifacts", "pictures");
        Directory.CreateDirectory(pictures);
        return pictures;
    }
}
