using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using Avx512F = System.Runtime.Intrinsics.X86.Avx512F;
using X86Fma = System.Runtime.Intrinsics.X86.Fma;

namespace BackpropGen;

/// <summary>A yes/no known when the JIT compiles a generic method (a struct type argument), so a loop has no branch on it.</summary>
internal interface IFlag
{
    /// <summary>The value.</summary>
    static abstract bool On { get; }
}

/// <summary>The flag set.</summary>
internal readonly struct Yes : IFlag
{
    public static bool On => true;
}

/// <summary>The flag not set.</summary>
internal readonly struct No : IFlag
{
    public static bool On => false;
}

/// <summary>
/// The optimizers' lane helpers: whether <typeparamref name="T"/> has vector lanes, and a fused multiply–add a · b + c
/// (one rounding) in hardware at 512 bits and at <see cref="Vector{T}"/>'s width. A rule that uses them takes its
/// vector path only where the hardware fuses (<see cref="Fused512"/>, <see cref="FusedVector"/>) and otherwise runs
/// one element at a time with <see cref="IFloatingPointIeee754{TSelf}.FusedMultiplyAdd"/>, which also rounds once: the
/// same bits in the vector body and the scalar tail, on every machine.
/// </summary>
internal static class Lanes<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary><typeparamref name="T"/> is <see cref="float"/> or <see cref="double"/> (the types with vector lanes).</summary>
    public static bool Vectorizable => typeof(T) == typeof(double) || typeof(T) == typeof(float);

    /// <summary>512-bit lanes with a fused multiply–add (AVX-512F).</summary>
    public static bool Fused512 => Vectorizable && Vector512.IsHardwareAccelerated && Avx512F.IsSupported;

    /// <summary><see cref="Vector{T}"/>'s lanes with a fused multiply–add (AVX-512F, FMA3 or Arm64 AdvSIMD, by width).</summary>
    public static bool FusedVector => Vectorizable && Vector.IsHardwareAccelerated && Vector<byte>.Count switch
    {
        64 => Avx512F.IsSupported,
        32 => X86Fma.IsSupported,
        16 => X86Fma.IsSupported || AdvSimd.Arm64.IsSupported,
        _ => false,
    };

    /// <summary>a · b + c rounded once, 512 bits (only where <see cref="Fused512"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c) => typeof(T) == typeof(double)
        ? Avx512F.FusedMultiplyAdd(a.AsDouble(), b.AsDouble(), c.AsDouble()).As<double, T>()
        : Avx512F.FusedMultiplyAdd(a.AsSingle(), b.AsSingle(), c.AsSingle()).As<float, T>();

    /// <summary>a · b + c rounded once, <see cref="Vector{T}"/>'s width (only where <see cref="FusedVector"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<T> Fma(Vector<T> a, Vector<T> b, Vector<T> c)
    {
        if (Vector<byte>.Count == 64)
        {
            return Fma(a.AsVector512(), b.AsVector512(), c.AsVector512()).AsVector();
        }

        if (Vector<byte>.Count == 32)
        {
            return (typeof(T) == typeof(double)
                ? X86Fma.MultiplyAdd(a.AsVector256().AsDouble(), b.AsVector256().AsDouble(), c.AsVector256().AsDouble()).As<double, T>()
                : X86Fma.MultiplyAdd(a.AsVector256().AsSingle(), b.AsVector256().AsSingle(), c.AsVector256().AsSingle()).As<float, T>()).AsVector();
        }

        Vector128<T> x = a.AsVector128(), y = b.AsVector128(), z = c.AsVector128();
        if (X86Fma.IsSupported)
        {
            return (typeof(T) == typeof(double)
                ? X86Fma.MultiplyAdd(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>()
                : X86Fma.MultiplyAdd(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>()).AsVector();
        }

        return (typeof(T) == typeof(double)
            ? AdvSimd.Arm64.FusedMultiplyAdd(z.AsDouble(), x.AsDouble(), y.AsDouble()).As<double, T>()
            : AdvSimd.FusedMultiplyAdd(z.AsSingle(), x.AsSingle(), y.AsSingle()).As<float, T>()).AsVector();
    }
}
