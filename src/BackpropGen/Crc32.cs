using System;

namespace BackpropGen;

/// <summary>
/// CRC-32 as used by Ethernet, zip and PNG (IEEE 802.3; reflected polynomial 0xEDB88320, initial value
/// 0xFFFFFFFF, final XOR 0xFFFFFFFF). The check value of the ASCII bytes "123456789" is 0xCBF43926.
/// </summary>
/// <remarks>
/// Written here rather than taken from System.IO.Hashing, which is a separate package: the runtime library
/// has no dependencies, and a byte-at-a-time table is fast enough for files that are read once.
/// </remarks>
internal static class Crc32
{
    /// <summary>The running state before any byte has been added.</summary>
    public const uint InitialState = 0xFFFFFFFFu;

    private const uint Polynomial = 0xEDB88320u;

    private static readonly uint[] Table = CreateTable();

    /// <summary>Adds <paramref name="data"/> to a running state and returns the new state.</summary>
    public static uint Append(uint state, ReadOnlySpan<byte> data)
    {
        uint[] table = Table;
        foreach (byte b in data)
        {
            state = table[(byte)(state ^ b)] ^ (state >> 8);
        }

        return state;
    }

    /// <summary>The CRC of everything added to <paramref name="state"/>.</summary>
    public static uint Finish(uint state) => ~state;

    /// <summary>The CRC of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(InitialState, data));

    private static uint[] CreateTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }
}
