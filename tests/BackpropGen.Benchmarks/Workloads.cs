using System.Numerics;

namespace BackpropGen.Benchmarks;

/// <summary>A benchmark workload: a layer-size chain, a training set, and the paper-style ε and α.</summary>
public sealed record Workload(string Name, int[] Sizes, int Count, double LearningRate, double Momentum, Func<int, (double[] Input, double[] Target)> Case)
{
    /// <summary>XOR: the four cases, ε = 0.5, no momentum (the seed's run).</summary>
    public static Workload Xor { get; } = new("XOR 2-4-1", new[] { 2, 4, 1 }, 4, 0.5, 0.0,
        c => (new double[] { c >> 1, c & 1 }, new double[] { (c >> 1) ^ (c & 1) }));

    /// <summary>Symmetry: all 64 six-bit patterns, 1 where the pattern is its own mirror image; ε = 0.1, α = 0.9 (the paper's).</summary>
    public static Workload Symmetry { get; } = new("symmetry 6-2-1", new[] { 6, 2, 1 }, 64, 0.1, 0.9,
        c =>
        {
            double[] bits = Enumerable.Range(0, 6).Select(b => (double)((c >> b) & 1)).ToArray();
            bool mirror = Enumerable.Range(0, 3).All(b => bits[b] == bits[5 - b]);
            return (bits, new double[] { mirror ? 1 : 0 });
        });

    /// <summary>Family-trees sized: 104 cases of a person (one of 24) and a relation (one of 12), each with 1–3 answers of 24.</summary>
    public static Workload Family { get; } = new("family-trees size 36-12-12-6-24", new[] { 36, 12, 12, 6, 24 }, 104, 0.005, 0.9,
        c =>
        {
            var input = new double[36];
            input[c % 24] = 1;
            input[24 + (c * 7 % 12)] = 1;
            var target = new double[24];
            for (int k = 0; k <= c % 3; k++)
            {
                target[(c * 5 + (k * 11)) % 24] = 1;
            }

            return (input, target);
        });

    /// <summary>MNIST sized: 784-128-10, 256 cases of pseudo-random pixels and one-hot classes.</summary>
    public static Workload Mnist { get; } = new("784-128-10", new[] { 784, 128, 10 }, 256, 0.001, 0.9,
        c =>
        {
            ulong state = (ulong)c + 1;
            double[] pixels = Enumerable.Range(0, 784).Select(_ => SeededUniform.NextDouble(ref state)).ToArray();
            var target = new double[10];
            target[c % 10] = 1;
            return (pixels, target);
        });

    public int InputLength => Sizes[0];

    public int OutputLength => Sizes[^1];

    public DataSet<T> Data<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var cases = Enumerable.Range(0, Count).Select(Case).ToArray();
        return new DataSet<T>(
            cases.SelectMany(c => c.Input).Select(T.CreateChecked).ToArray(), InputLength,
            cases.SelectMany(c => c.Target).Select(T.CreateChecked).ToArray(), OutputLength);
    }

    public override string ToString() => Name;
}
