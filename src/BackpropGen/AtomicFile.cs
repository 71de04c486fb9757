using System;
using System.IO;
using System.Security.Cryptography;

namespace BackpropGen;

/// <summary>
/// Writes a file atomically: to a temporary file in the same directory, flushed to disk, then moved over the target.
/// If anything fails, the temporary file is deleted and whatever was at the target is left as it was. Used by
/// <see cref="ParameterFile"/> and <see cref="OnnxExport"/>.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        string tempPath = fullPath + ".tmp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        bool created = false;
        try
        {
            using (var stream = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                created = true;
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(tempPath, fullPath, overwrite: true);
        }
        catch
        {
            if (created)
            {
                TryDelete(tempPath);
            }

            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original exception is the one to report.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
