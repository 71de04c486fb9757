using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// Deterministic uniform initialization, the same on every machine and .NET version (it does not use
/// <see cref="Random"/>, whose sequence is unspecified).
/// </summary>
/// <remarks>
/// The generator is SplitMix64 (Steele, Lea &amp; Flood 2014): state += 0x9E3779B97F4A7C15;
/// z = state; z = (z ^ (z &gt;&gt; 30)) · 0xBF58476D1CE4E5B9; z = (z ^ (z &gt;&gt; 27)) · 0x94D049BB133111EB;
/// z ^= z &gt;&gt; 31. The k-th draw u_k = (z &gt;&gt; 11) · 2⁻⁵³ is in [0, 1), and parameter k is set to
/// −r + 2 r u_k computed in <see cref="double"/>, so in [−r, r); for float networks that value is rounded to
/// <see cref="float"/>, which can (rarely, about 3·10⁻⁸ per draw) give exactly +r.
/// </remarks>
public static class SeededUniform
{
    /// <summary>Fills <paramref name="destination"/> with values uniform in [−range, range) (for float, [−range, range] after rounding).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="range"/> is negative, NaN or infinite.</exception>
    public static void Fill<T>(Span<T> destination, ulong seed, T range)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double r = double.CreateChecked(range);
        if (!double.IsFinite(r) || r < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(range), range, "The range must be finite and not negative.");
        }

        ulong state = seed;
        for (int k = 0; k < destination.Length; k++)
        {
            double u = NextDouble(ref state);
            destination[k] = T.CreateChecked(-r + 2 * r * u);
        }
    }

    /// <summary>The next SplitMix64 draw as a double in [0, 1).</summary>
    public static double NextDouble(ref ulong state) => (Next(ref state) >> 11) * (1.0 / (1UL << 53));

    /// <summary>The next 64-bit SplitMix64 output.</summary>
    public static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
