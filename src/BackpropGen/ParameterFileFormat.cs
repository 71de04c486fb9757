// This file is compiled into two assemblies: the runtime (src/BackpropGen, net8.0), whose ParameterFile
// reads and writes the format, and the generator (netstandard2.0, linked as a source file), which checks
// baked weights files at compile time. Keep it to what both need and to APIs both have.
using System.Text;

namespace BackpropGen;

/// <summary>
/// The constants of the parameter file format (version 1) and its topology hash, shared by the runtime's
/// <c>ParameterFile</c> and the generator's compile-time check of baked weights. docs/parameter-file-format.md
/// describes the layout.
/// </summary>
internal static class ParameterFileFormat
{
    /// <summary>The only format version there is.</summary>
    public const ushort Version = 1;

    /// <summary>The ASCII bytes "BPGW", read as a little-endian u32.</summary>
    public const uint MagicValue = 0x57475042u;

    /// <summary>Magic (4) + version (2) + element size (1) + reserved (1) + name length (2).</summary>
    public const int PrefixLength = 10;

    /// <summary>Topology hash (8) + parameter count (4).</summary>
    public const int MiddleLength = 12;

    /// <summary>The CRC-32 at the end.</summary>
    public const int ChecksumLength = 4;

    /// <summary>The length of a file with an empty name and no parameters.</summary>
    public const int MinimumLength = PrefixLength + MiddleLength + ChecksumLength;

    private const ulong FnvOffsetBasis = 0xCBF29CE484222325UL;
    private const ulong FnvPrime = 0x100000001B3UL;

    /// <summary>FNV-1a 64 over the UTF-8 bytes of <paramref name="topology"/>.</summary>
    public static ulong TopologyHash(string topology)
    {
        ulong hash = FnvOffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(topology))
        {
            hash = unchecked((hash ^ b) * FnvPrime);
        }

        return hash;
    }

    /// <summary>"float" for 4-byte elements, "double" for 8-byte ones.</summary>
    public static string PrecisionName(int elementSize) => elementSize == sizeof(float) ? "float" : "double";
}
