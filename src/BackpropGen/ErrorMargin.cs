using System;
using System.Globalization;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// The error margin of the paper's family-trees experiment: "the error was considered to be zero if output units that
/// should be on had activities above 0.8 and output units that should be off had activities below 0.2". Set
/// <see cref="TrainingOptions{T}.ErrorMargin"/> to train with one.
/// </summary>
/// <remarks>
/// <para>For each case and each output unit j with desired output d_j and actual output y_j: the unit <i>should be on</i>
/// when d_j ≥ <see cref="On"/> and <i>should be off</i> when d_j ≤ <see cref="Off"/>. A unit that should be on and has
/// y_j &gt; <see cref="On"/>, or should be off and has y_j &lt; <see cref="Off"/>, contributes no error: its desired
/// output is replaced by y_j itself, so ∂E/∂y_j = y_j − d_j = 0 there and nothing flows back from it. Every other unit
/// (on the wrong side of its margin, exactly on it, or with a desired output between the two) keeps its desired output
/// and its plain error ½ (y_j − d_j)² — the error is measured from d_j (1 or 0), not from the margin.</para>
/// <para>With the default loss (squared error, the paper's) the error a sweep returns is the paper's error with the
/// margin: ½ Σ over the units outside their margins of (y_j − d_j)². With a loss whose output δ is also y_j − d_j
/// (cross-entropy) the margin still stops the gradient from those units, but the error returned is the loss measured
/// against the adjusted targets.</para>
/// <para>A sweep with a margin runs every case forward once to find the adjusted targets, then forward and backward
/// with them through <see cref="INetwork{T}.AccumulateGradient"/>, one case at a time; it allocates nothing per sweep.</para>
/// </remarks>
/// <example>
/// <code>
/// var options = new TrainingOptions&lt;double&gt; { MaxSweeps = 1500, ErrorMargin = ErrorMargin.Paper };
/// NetworkTrainer.Train(net, data, options);
/// </code>
/// </example>
public sealed class ErrorMargin
{
    /// <summary>Creates a margin.</summary>
    /// <param name="on">A unit that should be on counts as right above this (0.8 in the paper).</param>
    /// <param name="off">A unit that should be off counts as right below this (0.2 in the paper).</param>
    /// <exception cref="ArgumentOutOfRangeException">A bound is NaN or infinite, or <paramref name="off"/> is not below <paramref name="on"/>.</exception>
    public ErrorMargin(double on, double off)
    {
        if (!double.IsFinite(on))
        {
            throw new ArgumentOutOfRangeException(nameof(on), on, "The \"on\" bound must be a finite number.");
        }

        if (!double.IsFinite(off))
        {
            throw new ArgumentOutOfRangeException(nameof(off), off, "The \"off\" bound must be a finite number.");
        }

        if (off >= on)
        {
            throw new ArgumentOutOfRangeException(nameof(off), off,
                $"The \"off\" bound ({off.ToString(CultureInfo.InvariantCulture)}) must be below the \"on\" bound ({on.ToString(CultureInfo.InvariantCulture)}).");
        }

        On = on;
        Off = off;
    }

    /// <summary>The paper's margin: on above 0.8, off below 0.2.</summary>
    public static ErrorMargin Paper { get; } = new(0.8, 0.2);

    /// <summary>A unit whose desired output is at least this should be on, and is right once its output is above it.</summary>
    public double On { get; }

    /// <summary>A unit whose desired output is at most this should be off, and is right once its output is below it.</summary>
    public double Off { get; }

    /// <summary>Whether an output unit is on the right side of its margin, so that it contributes no error.</summary>
    /// <param name="target">The desired output d_j.</param>
    /// <param name="output">The actual output y_j.</param>
    public bool IsWithin(double target, double output) =>
        target >= On ? output > On : target <= Off && output < Off;

    /// <summary>
    /// Writes the targets training uses: <paramref name="target"/>[j] where unit j is outside its margin,
    /// <paramref name="output"/>[j] where it is within it (see <see cref="IsWithin"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The three spans do not have the same length.</exception>
    public void AdjustTargets<T>(ReadOnlySpan<T> output, ReadOnlySpan<T> target, Span<T> adjusted)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(nameof(target), output.Length, target.Length);
        Guard.Length(nameof(adjusted), output.Length, adjusted.Length);
        for (int j = 0; j < output.Length; j++)
        {
            adjusted[j] = IsWithin(double.CreateTruncating(target[j]), double.CreateTruncating(output[j])) ? output[j] : target[j];
        }
    }

    /// <summary>The margin's sweeps for one network: buffers allocated once, none per sweep.</summary>
    internal sealed class Sweeper<T>
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        private readonly ErrorMargin _margin;
        private readonly INetwork<T> _network;
        private readonly T[] _output;
        private readonly T[] _target;

        private Sweeper(ErrorMargin margin, INetwork<T> network)
        {
            _margin = margin;
            _network = network;
            _output = new T[network.OutputLength];
            _target = new T[network.OutputLength];
        }

        /// <summary>A sweeper for <paramref name="network"/>, or null when there is no margin.</summary>
        public static Sweeper<T>? For(ErrorMargin? margin, INetwork<T> network) =>
            margin is null ? null : new Sweeper<T>(margin, network);

        /// <summary>
        /// One sweep with the margin: in <see cref="TrainingMode.Batch"/> the gradient of every case, then one weight
        /// change; in <see cref="TrainingMode.Online"/> a change after every case. Returns the sum of the cases' errors.
        /// </summary>
        public T Sweep(DataSet<T> data, TrainingMode mode)
        {
            _network.ClearGradients();
            T error = T.Zero;
            for (int c = 0; c < data.Count; c++)
            {
                ReadOnlySpan<T> input = data.Input(c);
                _network.Forward(input, _output);
                _margin.AdjustTargets<T>(_output, data.Target(c), _target);
                error += _network.AccumulateGradient(input, _target);
                if (mode == TrainingMode.Online)
                {
                    _network.ApplyUpdate();
                }
            }

            if (mode == TrainingMode.Batch)
            {
                _network.ApplyUpdate();
            }

            return error;
        }
    }
}
