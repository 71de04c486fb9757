using System;
using System.Runtime.Intrinsics;

namespace BackpropGen;

/// <summary>
/// Which vector width the generated SIMD-across-patterns training code uses. .NET's <c>Vector&lt;T&gt;</c> stays 256 bits
/// on AVX-512 hardware unless the process sets <c>DOTNET_MaxVectorTBitWidth=512</c>; generated networks do not wait for
/// that: where <see cref="Vector512.IsHardwareAccelerated"/> and <see cref="Allow512"/>, their batch sweeps run
/// <c>Vector512&lt;T&gt;.Count</c> cases at a time (16 floats, 8 doubles), else <c>Vector&lt;T&gt;.Count</c> (256 or
/// 128 bits), else one case at a time.
/// </summary>
/// <remarks>
/// Turn the 512-bit path off for a whole process with the AppContext switch <see cref="Disable512Switch"/>
/// (<c>&lt;RuntimeHostConfigurationOption Include="BackpropGen.Disable512BitLanes" Value="true" /&gt;</c> in the project,
/// or <c>AppContext.SetSwitch</c> before the first sweep) or the environment variable <see cref="Disable512Variable"/>
/// set to <c>1</c> or <c>true</c>; or set <see cref="Allow512"/> at run time. Either width computes the same sums
/// lane by lane; results differ from each other only in the order the lanes' partial sums are added.
/// </remarks>
public static class LaneWidth
{
    /// <summary>The AppContext switch that turns the 512-bit path off: <c>BackpropGen.Disable512BitLanes</c>.</summary>
    public const string Disable512Switch = "BackpropGen.Disable512BitLanes";

    /// <summary>The environment variable that turns the 512-bit path off when set to <c>1</c> or <c>true</c>: <c>BACKPROPGEN_DISABLE_512</c>.</summary>
    public const string Disable512Variable = "BACKPROPGEN_DISABLE_512";

    /// <summary>
    /// Whether generated batch sweeps may use 512-bit vectors (where the hardware accelerates them). True unless
    /// <see cref="Disable512Switch"/> or <see cref="Disable512Variable"/> says otherwise when the type is first used.
    /// Setting it takes effect at the next sweep; a data set's blocks are regrouped once for the new width.
    /// </summary>
    public static bool Allow512 { get; set; } = !DisabledByConfiguration();

    /// <summary>The number of cases a generated network's batch sweep runs at a time for <typeparamref name="T"/> on this machine now.</summary>
    /// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
    public static int Lanes<T>()
        where T : unmanaged
    {
        if (Allow512 && Vector512.IsHardwareAccelerated && Vector512<T>.Count > System.Numerics.Vector<T>.Count)
        {
            return Vector512<T>.Count;
        }

        return System.Numerics.Vector.IsHardwareAccelerated ? System.Numerics.Vector<T>.Count : 1;
    }

    private static bool DisabledByConfiguration()
    {
        if (AppContext.TryGetSwitch(Disable512Switch, out bool disabled) && disabled)
        {
            return true;
        }

        string? variable = Environment.GetEnvironmentVariable(Disable512Variable);
        return variable is not null && (variable.Trim() == "1" || variable.Trim().Equals("true", StringComparison.OrdinalIgnoreCase));
    }
}
