using System.Numerics;

namespace BackpropGen.Benchmarks;

/// <summary>
/// The baseline: the layered sigmoid network a C# user would write by hand, with arrays and nested loops
/// (w[layer][j][i], b[layer][j]), batch back-propagation and the paper's momentum update. Same arithmetic as the
/// generated code; no unrolling, no SIMD.
/// </summary>
public sealed class LoopNetwork<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int[] _sizes;
    private readonly T[][][] _w;
    private readonly T[][] _b;
    private readonly T[][][] _gw;
    private readonly T[][] _gb;
    private readonly T[][][] _dw;
    private readonly T[][] _db;
    private readonly T[][] _y;
    private readonly T[][] _delta;

    public LoopNetwork(int[] sizes, ulong seed, double range)
    {
        _sizes = sizes;
        int layers = sizes.Length - 1;
        _w = new T[layers][][];
        _gw = new T[layers][][];
        _dw = new T[layers][][];
        _b = new T[layers][];
        _gb = new T[layers][];
        _db = new T[layers][];
        _y = new T[sizes.Length][];
        _delta = new T[sizes.Length][];
        for (int l = 0; l < sizes.Length; l++)
        {
            _y[l] = new T[sizes[l]];
            _delta[l] = new T[sizes[l]];
        }

        ulong state = seed;
        for (int l = 0; l < layers; l++)
        {
            _w[l] = new T[sizes[l + 1]][];
            _gw[l] = new T[sizes[l + 1]][];
            _dw[l] = new T[sizes[l + 1]][];
            _b[l] = new T[sizes[l + 1]];
            _gb[l] = new T[sizes[l + 1]];
            _db[l] = new T[sizes[l + 1]];
            for (int j = 0; j < sizes[l + 1]; j++)
            {
                _w[l][j] = new T[sizes[l]];
                _gw[l][j] = new T[sizes[l]];
                _dw[l][j] = new T[sizes[l]];
                for (int i = 0; i < sizes[l]; i++)
                {
                    _w[l][j][i] = T.CreateChecked(range * ((2 * SeededUniform.NextDouble(ref state)) - 1));
                }

                _b[l][j] = T.CreateChecked(range * ((2 * SeededUniform.NextDouble(ref state)) - 1));
            }
        }
    }

    public T LearningRate { get; set; }

    public T Momentum { get; set; }

    public void Forward(T[] input, T[] output)
    {
        ForwardCore(input);
        Array.Copy(_y[^1], output, output.Length);
    }

    private void ForwardCore(T[] input)
    {
        Array.Copy(input, _y[0], input.Length);
        for (int l = 0; l < _w.Length; l++)
        {
            T[] x = _y[l];
            T[] y = _y[l + 1];
            for (int j = 0; j < y.Length; j++)
            {
                T sum = _b[l][j];
                T[] row = _w[l][j];
                for (int i = 0; i < x.Length; i++)
                {
                    sum += row[i] * x[i];
                }

                y[j] = T.One / (T.One + T.Exp(-sum));
            }
        }
    }

    /// <summary>One batch sweep: ∂E/∂w summed over the cases, then Δw(t) = −ε ∂E/∂w + α Δw(t−1). Returns E.</summary>
    public T TrainBatch(T[][] inputs, T[][] targets)
    {
        T error = T.Zero;
        for (int c = 0; c < inputs.Length; c++)
        {
            ForwardCore(inputs[c]);
            T[] output = _y[^1];
            T[] delta = _delta[^1];
            for (int j = 0; j < output.Length; j++)
            {
                T d = output[j] - targets[c][j];
                error += T.CreateChecked(0.5) * d * d;
                delta[j] = d * output[j] * (T.One - output[j]);
            }

            for (int l = _w.Length - 1; l >= 0; l--)
            {
                T[] x = _y[l];
                T[] below = _delta[l];
                T[] d = _delta[l + 1];
                for (int j = 0; j < d.Length; j++)
                {
                    T[] grow = _gw[l][j];
                    for (int i = 0; i < x.Length; i++)
                    {
                        grow[i] += d[j] * x[i];
                    }

                    _gb[l][j] += d[j];
                }

                if (l == 0)
                {
                    break;
                }

                // δ_i = f′(x_i) Σ_j δ_j w_ji for the layer below
                for (int i = 0; i < x.Length; i++)
                {
                    T sum = T.Zero;
                    for (int j = 0; j < d.Length; j++)
                    {
                        sum += d[j] * _w[l][j][i];
                    }

                    below[i] = sum * x[i] * (T.One - x[i]);
                }
            }
        }

        for (int l = 0; l < _w.Length; l++)
        {
            for (int j = 0; j < _w[l].Length; j++)
            {
                for (int i = 0; i < _w[l][j].Length; i++)
                {
                    T change = (-LearningRate * _gw[l][j][i]) + (Momentum * _dw[l][j][i]);
                    _dw[l][j][i] = change;
                    _w[l][j][i] += change;
                    _gw[l][j][i] = T.Zero;
                }

                T biasChange = (-LearningRate * _gb[l][j]) + (Momentum * _db[l][j]);
                _db[l][j] = biasChange;
                _b[l][j] += biasChange;
                _gb[l][j] = T.Zero;
            }
        }

        return error;
    }
}
