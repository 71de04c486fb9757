using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>How <see cref="NetworkTrainer.Train"/> trains: how many sweeps, in which mode, and when to stop.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, the network's precision.</typeparam>
/// <remarks>
/// <see cref="NetworkTrainer.Train"/> reads every option once, when it starts. Learning rate ε, momentum α and
/// weight decay λ are properties of the network itself (or of its optimizer); change them between sweeps with
/// <see cref="Schedule"/> or <see cref="BeforeSweep"/>.
/// </remarks>
/// <example>
/// A schedule in the manner of the paper's family-trees experiment: ε = 0.005 and α = 0.5 for the first 20 sweeps,
/// then ε = 0.01 and α = 0.9, for 1500 sweeps in all.
/// <code>
/// var options = new TrainingOptions&lt;double&gt;
/// {
///     MaxSweeps = 1500,
///     Schedule = Schedule.Constant(0.005, momentum: 0.5).Then(after: 20, Schedule.Constant(0.01, momentum: 0.9)),
/// };
/// </code>
/// </example>
public sealed class TrainingOptions<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The most sweeps to do; at least 1. Required.</summary>
    public required int MaxSweeps { get; set; }

    /// <summary>Whether each sweep changes the weights once (<see cref="TrainingMode.Batch"/>, the default) or after every case.</summary>
    public TrainingMode Mode { get; set; } = TrainingMode.Batch;

    /// <summary>
    /// Stop after the first sweep whose total error E is at most this; <see langword="null"/> (the default)
    /// for no goal. Must not be NaN or negative.
    /// </summary>
    public T? ErrorGoal { get; set; }

    /// <summary>
    /// Called after each sweep (after <see cref="ErrorGoal"/> is checked) with the sweep's number, counting
    /// from 1, and the network; returning <see langword="true"/> stops training.
    /// </summary>
    public Func<int, INetwork<T>, bool>? StopWhen { get; set; }

    /// <summary>
    /// Called before each sweep with the sweep's number, counting from 1, and the network: the place to
    /// change ε, α or λ on a schedule.
    /// </summary>
    public Action<int, INetwork<T>>? BeforeSweep { get; set; }

    /// <summary>
    /// Train with an error margin (<see cref="BackpropGen.ErrorMargin.Paper"/>: no error from outputs that should be on
    /// and are above 0.8, or should be off and are below 0.2); <see langword="null"/> (the default) for none.
    /// </summary>
    public ErrorMargin? ErrorMargin { get; set; }

    /// <summary>
    /// ε and momentum per sweep (<see cref="BackpropGen.Schedule"/>), set on the network's optimizer (or, with none, on the
    /// network) before each sweep, before <see cref="BeforeSweep"/>; <see langword="null"/> (the default) leaves them.
    /// </summary>
    public Schedule? Schedule { get; set; }

    /// <summary>Report progress after every this many sweeps (sweeps k, 2k, 3k, …); at least 1, and 1 by default.</summary>
    public int ProgressInterval { get; set; } = 1;

    /// <summary>
    /// When a run counts as diverged or saturated besides NaN and ±∞ (<see cref="DivergenceOptions.Default"/> unless set;
    /// <see cref="DivergenceOptions.NonFiniteOnly"/> for NaN and ±∞ alone). On any of them training stops with a
    /// <see cref="TrainingDivergedException"/>, the network put back to its last good state.
    /// </summary>
    public DivergenceOptions Divergence { get; set; } = DivergenceOptions.Default;
}
