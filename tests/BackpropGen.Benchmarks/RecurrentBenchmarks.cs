using System.Numerics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace BackpropGen.Benchmarks;

/// <summary>The samples/BinaryAddition network in double: 2 → 16 tanh recurrent → 1 sigmoid per step, 8 steps, binary cross-entropy.</summary>
[Network(TimeSteps = 8, Precision = Precision.Double, Loss = Loss.BinaryCrossEntropy)]
[Input("bits", 2)]
[Recurrent("carry", 16, Activation.Tanh)]
[Dense("sum", 1, Activation.Sigmoid)]
public partial class AdderD
{
}

/// <summary>The samples/BinaryAddition network in float.</summary>
[Network(TimeSteps = 8, Precision = Precision.Single, Loss = Loss.BinaryCrossEntropy)]
[Input("bits", 2)]
[Recurrent("carry", 16, Activation.Tanh)]
[Dense("sum", 1, Activation.Sigmoid)]
public partial class AdderF
{
}

/// <summary>
/// samples/BinaryAddition (issue 11): a batch sweep over its training set (a seeded half of the 65,536 pairs, 32,768
/// sequences of 8 steps: forward, back-propagation through time, one momentum update), and one sequence's inference;
/// BackpropGen's generated class (unrolled in time; the sweep SIMD across sequences, a block of sequences per vector) beside the
/// hand-written loop RNN (<see cref="LoopRnn{T}"/>, the baseline of each group). Both start from weights uniform in ±0.3
/// and train with the sample's ε 0.01 and α 0.5.
/// </summary>
/// <remarks>
/// TorchSharp's <c>nn.RNN</c>: the row is there but skipped. TorchSharp-cpu restores from the registry here but its native
/// library cannot load on this machine (libstdc++ has no GLIBCXX_3.4.32), and the ~1.2 GB package is not referenced, so
/// the row throws that reason and BenchmarkDotNet reports it as NA.
/// </remarks>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByJob)]
[CategoriesColumn]
public abstract class BinaryAdditionBenchmarks<T, TNet>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TNet : class, INetwork<T>, new()
{
    /// <summary>Why there is no TorchSharp figure.</summary>
    public const string TorchSharpSkipped = "TorchSharp row skipped: TorchSharp-cpu restores here but its native library cannot load " +
        "(libstdc++ has no GLIBCXX_3.4.32), and the ~1.2 GB package is not referenced.";

    private const int Steps = 8;
    private const int Hidden = 16;
    private const double Range = 0.3;
    private const double LearningRate = 0.01;
    private const double Momentum = 0.5;

    private DataSet<T> _data = null!;
    private T[][] _inputs = null!;
    private T[][] _targets = null!;
    private T[] _output = null!;
    private TNet _generated = null!;
    private T[] _initial = null!;
    private LoopRnn<T> _loop = null!;

    [GlobalSetup]
    public void Setup()
    {
        // The sample's training half: every pair (a, b) shuffled with seed 1, the first 32,768; bits least significant first.
        int[] pairs = Enumerable.Range(0, 65536).ToArray();
        new Random(1).Shuffle(pairs);
        _inputs = new T[32768][];
        _targets = new T[32768][];
        for (int c = 0; c < _inputs.Length; c++)
        {
            int a = pairs[c] >> 8, b = pairs[c] & 255, sum = a + b;
            _inputs[c] = Enumerable.Range(0, Steps).SelectMany(t => new[] { T.CreateChecked((a >> t) & 1), T.CreateChecked((b >> t) & 1) }).ToArray();
            _targets[c] = Enumerable.Range(0, Steps).Select(t => T.CreateChecked((sum >> t) & 1)).ToArray();
        }

        _data = DataSet<T>.FromRows(_inputs, _targets);
        _output = new T[Steps];
        _generated = new TNet { LearningRate = T.CreateChecked(LearningRate), Momentum = T.CreateChecked(Momentum) };
        _generated.Initialize(42, T.CreateChecked(Range));
        _initial = _generated.Parameters.ToArray();
        _loop = new LoopRnn<T>(2, Hidden, 1, Steps, 42, Range) { LearningRate = T.CreateChecked(LearningRate), Momentum = T.CreateChecked(Momentum) };
        CheckTheLoopComputesTheSame();
    }

    /// <summary>The baseline is only fair if it computes the same thing: with the generated net's weights, the same outputs.</summary>
    private void CheckTheLoopComputesTheSame()
    {
        var copy = new LoopRnn<T>(2, Hidden, 1, Steps, 0, 0);
        copy.SetParameters(_generated.Parameters);
        var a = new T[Steps];
        var b = new T[Steps];
        for (int c = 0; c < 16; c++)
        {
            copy.Forward(_inputs[c], a);
            _generated.Forward(_inputs[c], b);
            for (int t = 0; t < Steps; t++)
            {
                if (T.Abs(a[t] - b[t]) > T.CreateChecked(1e-5))
                {
                    throw new InvalidOperationException($"The loop RNN gives {a[t]} at step {t} of case {c}, the generated net {b[t]}.");
                }
            }
        }
    }

    // Each sweep starts from the same initial weights (and no previous change), as a first sweep of training does: run on
    // and on, the summed gradient's steps (ε 0.01 over 32,768 sequences) drive the weights until |x| passes 709, where
    // e^x in double leaves the vector path for glibc's slow overflow handling, in both nets: a measure of that, not of a sweep.
    // Restoring 321 parameters costs nothing beside a sweep.
    [Benchmark(Baseline = true, Description = "Loop RNN")]
    [BenchmarkCategory("AdditionSweep")]
    public T LoopSweep()
    {
        _loop.Restart(_initial);
        return _loop.TrainBatch(_inputs, _targets);
    }

    [Benchmark(Description = "BackpropGen")]
    [BenchmarkCategory("AdditionSweep")]
    public T GeneratedSweep()
    {
        _generated.SetParameters(_initial);
        return _generated.TrainBatch(_data);
    }

    [Benchmark(Description = "TorchSharp nn.RNN")]
    [BenchmarkCategory("AdditionSweep")]
    public T TorchSharpSweep() => throw new NotSupportedException(TorchSharpSkipped);

    [Benchmark(Baseline = true, Description = "Loop RNN")]
    [BenchmarkCategory("AdditionInference")]
    public T LoopInference()
    {
        _loop.Forward(_inputs[0], _output);
        return _output[0];
    }

    [Benchmark(Description = "BackpropGen")]
    [BenchmarkCategory("AdditionInference")]
    public T GeneratedInference()
    {
        _generated.Forward(_inputs[0], _output);
        return _output[0];
    }
}

#pragma warning disable SA1402 // one file: the two precisions and the loop RNN
public class BinaryAdditionDouble : BinaryAdditionBenchmarks<double, AdderD>
{
}

public class BinaryAdditionFloat : BinaryAdditionBenchmarks<float, AdderF>
{
}

/// <summary>
/// The baseline: the Elman RNN a C# user would write by hand (h_t = tanh(W_x x_t + W_h h_(t−1) + b), y_t = σ(W_y h_t + c),
/// binary cross-entropy per step), with arrays and nested loops, every step's states kept, back-propagation through time
/// from the last step to the first, the gradients summed over the batch, and the paper's momentum update. Same arithmetic
/// as the generated code; no unrolling, no SIMD.
/// </summary>
public sealed class LoopRnn<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _steps;
    private readonly int _in;
    private readonly int _hidden;
    private readonly int _out;

    // Parameters, gradients and previous changes, each: Wx[j][i], Wh[j][k], bh[j], Wy[o][j], by[o].
    private readonly T[][][] _wx;
    private readonly T[][][] _wh;
    private readonly T[][] _bh;
    private readonly T[][][] _wy;
    private readonly T[][] _by;

    // Per step: h[t][j], y[t][o]; δ of the hidden units at t and ∂E/∂h sent back from t + 1.
    private readonly T[][] _h;
    private readonly T[][] _y;
    private readonly T[] _deltaH;
    private readonly T[] _fromNext;
    private readonly T[] _deltaY;

    public LoopRnn(int inputs, int hidden, int outputs, int steps, ulong seed, double range)
    {
        _in = inputs;
        _hidden = hidden;
        _out = outputs;
        _steps = steps;
        _wx = Triple(hidden, inputs);
        _wh = Triple(hidden, hidden);
        _wy = Triple(outputs, hidden);
        _bh = [new T[hidden], new T[hidden], new T[hidden]];
        _by = [new T[outputs], new T[outputs], new T[outputs]];
        _h = Enumerable.Range(0, steps).Select(_ => new T[hidden]).ToArray();
        _y = Enumerable.Range(0, steps).Select(_ => new T[outputs]).ToArray();
        _deltaH = new T[hidden];
        _fromNext = new T[hidden];
        _deltaY = new T[outputs];
        ulong state = seed;
        T Draw() => T.CreateChecked(range * ((2 * SeededUniform.NextDouble(ref state)) - 1));
        foreach (T[] row in _wx[0].Concat(_wh[0]).Concat(_wy[0]).Append(_bh[0]).Append(_by[0]))
        {
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = Draw();
            }
        }
    }

    public T LearningRate { get; set; }

    public T Momentum { get; set; }

    /// <summary>Takes the parameters in the generated layout: per hidden unit its input weights then its recurrent weights, the hidden biases, per output its weights, the output biases.</summary>
    public void SetParameters(ReadOnlySpan<T> p)
    {
        int at = 0;
        for (int j = 0; j < _hidden; j++)
        {
            p.Slice(at, _in).CopyTo(_wx[0][j]);
            p.Slice(at + _in, _hidden).CopyTo(_wh[0][j]);
            at += _in + _hidden;
        }

        p.Slice(at, _hidden).CopyTo(_bh[0]);
        at += _hidden;
        for (int o = 0; o < _out; o++)
        {
            p.Slice(at, _hidden).CopyTo(_wy[0][o]);
            at += _hidden;
        }

        p.Slice(at, _out).CopyTo(_by[0]);
    }

    /// <summary>Takes the parameters (as <see cref="SetParameters"/>) and forgets the previous changes: a sweep from these weights.</summary>
    public void Restart(ReadOnlySpan<T> p)
    {
        SetParameters(p);
        ClearRows(_wx[2]);
        ClearRows(_wh[2]);
        ClearRows(_wy[2]);
        Array.Clear(_bh[2]);
        Array.Clear(_by[2]);
    }

    private static void ClearRows(T[][] rows)
    {
        foreach (T[] row in rows)
        {
            Array.Clear(row);
        }
    }

    /// <summary>One sequence: T steps of the inputs in, T steps of the outputs out.</summary>
    public void Forward(T[] input, T[] output)
    {
        ForwardCore(input);
        for (int t = 0; t < _steps; t++)
        {
            Array.Copy(_y[t], 0, output, t * _out, _out);
        }
    }

    private void ForwardCore(T[] input)
    {
        T[][] wx = _wx[0], wh = _wh[0], wy = _wy[0];
        T[] bh = _bh[0], by = _by[0];
        for (int t = 0; t < _steps; t++)
        {
            T[] h = _h[t];
            for (int j = 0; j < _hidden; j++)
            {
                T sum = bh[j];
                T[] rx = wx[j];
                for (int i = 0; i < _in; i++)
                {
                    sum += rx[i] * input[(t * _in) + i];
                }

                if (t > 0)
                {
                    T[] previous = _h[t - 1];
                    T[] rh = wh[j];
                    for (int k = 0; k < _hidden; k++)
                    {
                        sum += rh[k] * previous[k];
                    }
                }

                h[j] = T.Tanh(sum);
            }

            for (int o = 0; o < _out; o++)
            {
                T sum = by[o];
                T[] ry = wy[o];
                for (int j = 0; j < _hidden; j++)
                {
                    sum += ry[j] * h[j];
                }

                _y[t][o] = T.One / (T.One + T.Exp(-sum));
            }
        }
    }

    /// <summary>One batch sweep: ∂E/∂w summed over the sequences and their steps, then Δw(t) = −ε ∂E/∂w + α Δw(t−1). Returns E.</summary>
    public T TrainBatch(T[][] inputs, T[][] targets)
    {
        T error = T.Zero;
        T tiny = typeof(T) == typeof(float) ? T.CreateChecked(1.17549435E-38f) : T.CreateChecked(2.2250738585072014E-308); // the least normal number, as the generated code
        T[][] wh = _wh[0], wy = _wy[0];
        T[][] gx = _wx[1], gh = _wh[1], gy = _wy[1];
        T[] gbh = _bh[1], gby = _by[1];
        for (int c = 0; c < inputs.Length; c++)
        {
            T[] input = inputs[c];
            T[] target = targets[c];
            ForwardCore(input);
            Array.Clear(_fromNext);
            for (int t = _steps - 1; t >= 0; t--)
            {
                T[] h = _h[t];
                T[] y = _y[t];

                // Output: binary cross-entropy with a sigmoid, δ = y − d.
                for (int o = 0; o < _out; o++)
                {
                    T d = target[(t * _out) + o];
                    error -= (d * T.Log(T.Max(y[o], tiny))) + ((T.One - d) * T.Log(T.Max(T.One - y[o], tiny)));
                    _deltaY[o] = y[o] - d;
                    T[] grow = gy[o];
                    for (int j = 0; j < _hidden; j++)
                    {
                        grow[j] += _deltaY[o] * h[j];
                    }

                    gby[o] += _deltaY[o];
                }

                // Hidden: ∂E/∂h_j(t) = Σ_o δ_o w_oj + what step t + 1 sent back; δ_j = ∂E/∂h_j (1 − h_j²).
                for (int j = 0; j < _hidden; j++)
                {
                    T sum = _fromNext[j];
                    for (int o = 0; o < _out; o++)
                    {
                        sum += _deltaY[o] * wy[o][j];
                    }

                    _deltaH[j] = sum * (T.One - (h[j] * h[j]));
                }

                for (int j = 0; j < _hidden; j++)
                {
                    T delta = _deltaH[j];
                    T[] growX = gx[j];
                    for (int i = 0; i < _in; i++)
                    {
                        growX[i] += delta * input[(t * _in) + i];
                    }

                    gbh[j] += delta;
                    if (t > 0)
                    {
                        T[] previous = _h[t - 1];
                        T[] growH = gh[j];
                        for (int k = 0; k < _hidden; k++)
                        {
                            growH[k] += delta * previous[k];
                        }
                    }
                }

                // What step t sends back to t − 1 through the recurrent weights: Σ_j δ_j(t) w_jk.
                for (int k = 0; k < _hidden; k++)
                {
                    T sum = T.Zero;
                    for (int j = 0; j < _hidden; j++)
                    {
                        sum += _deltaH[j] * wh[j][k];
                    }

                    _fromNext[k] = sum;
                }
            }
        }

        UpdateRows(_wx);
        UpdateRows(_wh);
        UpdateRows(_wy);
        Update(_bh[0], _bh[1], _bh[2]);
        Update(_by[0], _by[1], _by[2]);
        return error;
    }

    private void UpdateRows(T[][][] block)
    {
        for (int r = 0; r < block[0].Length; r++)
        {
            Update(block[0][r], block[1][r], block[2][r]);
        }
    }

    private void Update(T[] w, T[] g, T[] previous)
    {
        for (int i = 0; i < w.Length; i++)
        {
            T change = (-LearningRate * g[i]) + (Momentum * previous[i]);
            previous[i] = change;
            w[i] += change;
            g[i] = T.Zero;
        }
    }

    private static T[][][] Triple(int rows, int columns) =>
        [Enumerable.Range(0, rows).Select(_ => new T[columns]).ToArray(),
         Enumerable.Range(0, rows).Select(_ => new T[columns]).ToArray(),
         Enumerable.Range(0, rows).Select(_ => new T[columns]).ToArray()];
}
