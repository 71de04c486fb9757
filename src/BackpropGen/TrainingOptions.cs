using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>How <see cref="NetworkTrainer.Train"/> trains: how many sweeps, in which mode, and when to stop.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, the network's precision.</typeparam>
/// <remarks>
/// <see cref="NetworkTrainer.Train"/> reads every option once, when it starts. Learning rate ε, momentum α and
/// weight decay λ are properties of the network itself; change them between sweeps with
/// <see cref="BeforeSweep"/>.
/// </remarks>
/// <example>
/// The schedule of the paper's family-trees experiment: ε = 0.005 and α = 0.5 for the first 20 sweeps,
/// then α = 0.9, for 1500 sweeps in all.
/// <code>
/// var options = new TrainingOptions&lt;double&gt;
/// {
///     MaxSweeps = 1500,
///     BeforeSweep = (sweep, net) =&gt;
///     {
///         net.LearningRate = 0.005;
///         net.Momentum = sweep &lt;= 20 ? 0.5 : 0.9;
///     },
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

    /// <summary>Report progress after every this many sweeps (sweeps k, 2k, 3k, …); at least 1, and 1 by default.</summary>
    public int ProgressInterval { get; set; } = 1;

    /// <summary>
    /// When a run counts as diverged or saturated besides NaN and ±∞ (<see cref="DivergenceOptions.Default"/> unless set;
    /// <see cref="DivergenceOptions.NonFiniteOnly"/> for NaN and ±∞ alone). On any of them training stops with a
    /// <see cref="TrainingDivergedException"/>, the network put back to its last good state.
    /// </summary>
    public DivergenceOptions Divergence { get; set; } = DivergenceOptions.Default;
}
