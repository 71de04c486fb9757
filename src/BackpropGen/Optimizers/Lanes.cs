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

/// <summary>
/// One width of the optimizers' loops: <typeparamref name="TV"/> holds <see cref="Count"/> values of
/// <typeparamref name="T"/> (a 512-bit vector, a <see cref="Vector{T}"/>, or one value). A rule writes its loop body
/// once against these members and runs it at each width (struct type arguments: the JIT compiles one body per width
/// and inlines every member, so nothing is called). Every member is the same IEEE operation at every width, lane by
/// lane, so a body gives the same bits at every width.
/// </summary>
/// <typeparam name="TV">The vector (or the value itself).</typeparam>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
internal interface IWidth<TV, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The values in one <typeparamref name="TV"/>.</summary>
    static abstract int Count { get; }

    /// <summary><paramref name="x"/> in every lane.</summary>
    static abstract TV Create(T x);

    /// <summary>The <see cref="Count"/> values from <paramref name="source"/> + <paramref name="i"/>.</summary>
    static abstract TV Load(ref T source, nuint i);

    /// <summary>Stores <paramref name="x"/> at <paramref name="destination"/> + <paramref name="i"/>.</summary>
    static abstract void Store(TV x, ref T destination, nuint i);

    /// <summary>a + b.</summary>
    static abstract TV Add(TV a, TV b);

    /// <summary>a − b.</summary>
    static abstract TV Subtract(TV a, TV b);

    /// <summary>a · b.</summary>
    static abstract TV Multiply(TV a, TV b);

    /// <summary>a / b.</summary>
    static abstract TV Divide(TV a, TV b);

    /// <summary>−a.</summary>
    static abstract TV Negate(TV a);

    /// <summary>√a, correctly rounded.</summary>
    static abstract TV Sqrt(TV a);

    /// <summary>a · b + c rounded once (only where the hardware fuses at this width, or for one value).</summary>
    static abstract TV Fma(TV a, TV b, TV c);

    /// <summary>Whether every lane of <paramref name="a"/> and of <paramref name="b"/> lies in [lo, hi] (NaN does not).</summary>
    static abstract bool AllWithin(TV a, TV b, TV lo, TV hi);

    /// <summary>Lane by lane: <paramref name="ifWithin"/> where a and b both lie in [lo, hi], else <paramref name="otherwise"/>.</summary>
    static abstract TV SelectWithin(TV a, TV b, TV lo, TV hi, TV ifWithin, TV otherwise);
}

/// <summary>512-bit lanes (<see cref="Vector512{T}"/>).</summary>
internal readonly struct Width512<T> : IWidth<Vector512<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector512<T>.Count;

    public static Vector512<T> Create(T x) => Vector512.Create(x);

    public static Vector512<T> Load(ref T source, nuint i) => Vector512.LoadUnsafe(ref source, i);

    public static void Store(Vector512<T> x, ref T destination, nuint i) => x.StoreUnsafe(ref destination, i);

    public static Vector512<T> Add(Vector512<T> a, Vector512<T> b) => a + b;

    public static Vector512<T> Subtract(Vector512<T> a, Vector512<T> b) => a - b;

    public static Vector512<T> Multiply(Vector512<T> a, Vector512<T> b) => a * b;

    public static Vector512<T> Divide(Vector512<T> a, Vector512<T> b) => a / b;

    public static Vector512<T> Negate(Vector512<T> a) => -a;

    public static Vector512<T> Sqrt(Vector512<T> a) => Vector512.Sqrt(a);

    public static Vector512<T> Fma(Vector512<T> a, Vector512<T> b, Vector512<T> c) => Lanes<T>.Fma(a, b, c);

    public static bool AllWithin(Vector512<T> a, Vector512<T> b, Vector512<T> lo, Vector512<T> hi) =>
        Vector512.GreaterThanOrEqualAll(a, lo) && Vector512.LessThanOrEqualAll(a, hi)
        && Vector512.GreaterThanOrEqualAll(b, lo) && Vector512.LessThanOrEqualAll(b, hi);

    public static Vector512<T> SelectWithin(Vector512<T> a, Vector512<T> b, Vector512<T> lo, Vector512<T> hi, Vector512<T> ifWithin, Vector512<T> otherwise) =>
        Vector512.ConditionalSelect(
            Vector512.GreaterThanOrEqual(a, lo) & Vector512.LessThanOrEqual(a, hi) & Vector512.GreaterThanOrEqual(b, lo) & Vector512.LessThanOrEqual(b, hi),
            ifWithin,
            otherwise);
}

/// <summary><see cref="Vector{T}"/>'s lanes.</summary>
internal readonly struct WidthVector<T> : IWidth<Vector<T>, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => Vector<T>.Count;

    public static Vector<T> Create(T x) => new(x);

    public static Vector<T> Load(ref T source, nuint i) => Vector.LoadUnsafe(ref source, i);

    public static void Store(Vector<T> x, ref T destination, nuint i) => x.StoreUnsafe(ref destination, i);

    public static Vector<T> Add(Vector<T> a, Vector<T> b) => a + b;

    public static Vector<T> Subtract(Vector<T> a, Vector<T> b) => a - b;

    public static Vector<T> Multiply(Vector<T> a, Vector<T> b) => a * b;

    public static Vector<T> Divide(Vector<T> a, Vector<T> b) => a / b;

    public static Vector<T> Negate(Vector<T> a) => -a;

    public static Vector<T> Sqrt(Vector<T> a) => Vector.SquareRoot(a);

    public static Vector<T> Fma(Vector<T> a, Vector<T> b, Vector<T> c) => Lanes<T>.Fma(a, b, c);

    public static bool AllWithin(Vector<T> a, Vector<T> b, Vector<T> lo, Vector<T> hi) =>
        Vector.GreaterThanOrEqualAll(a, lo) && Vector.LessThanOrEqualAll(a, hi)
        && Vector.GreaterThanOrEqualAll(b, lo) && Vector.LessThanOrEqualAll(b, hi);

    public static Vector<T> SelectWithin(Vector<T> a, Vector<T> b, Vector<T> lo, Vector<T> hi, Vector<T> ifWithin, Vector<T> otherwise) =>
        Vector.ConditionalSelect(
            Vector.GreaterThanOrEqual(a, lo) & Vector.LessThanOrEqual(a, hi) & Vector.GreaterThanOrEqual(b, lo) & Vector.LessThanOrEqual(b, hi),
            ifWithin,
            otherwise);
}

/// <summary>One value at a time (the scalar tail; <see cref="Fma"/> is <see cref="IFloatingPointIeee754{TSelf}.FusedMultiplyAdd"/>).</summary>
internal readonly struct WidthOne<T> : IWidth<T, T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    public static int Count => 1;

    public static T Create(T x) => x;

    public static T Load(ref T source, nuint i) => Unsafe.Add(ref source, i);

    public static void Store(T x, ref T destination, nuint i) => Unsafe.Add(ref destination, i) = x;

    public static T Add(T a, T b) => a + b;

    public static T Subtract(T a, T b) => a - b;

    public static T Multiply(T a, T b) => a * b;

    public static T Divide(T a, T b) => a / b;

    public static T Negate(T a) => -a;

    public static T Sqrt(T a) => T.Sqrt(a);

    public static T Fma(T a, T b, T c) => T.FusedMultiplyAdd(a, b, c);

    public static bool AllWithin(T a, T b, T lo, T hi) => a >= lo && a <= hi && b >= lo && b <= hi;

    public static T SelectWithin(T a, T b, T lo, T hi, T ifWithin, T otherwise) => AllWithin(a, b, lo, hi) ? ifWithin : otherwise;
}
