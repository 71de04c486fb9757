using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>How <see cref="NetworkTrainer.Fit"/> trains: epochs, mini-batches, optimizer, schedule, validation, early stopping.</summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>, the network's precision.</typeparam>
/// <remarks><see cref="NetworkTrainer.Fit"/> reads every option once, when it starts.</remarks>
public sealed class FitOptions<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A <see cref="BatchSize"/> that puts every case in one batch: the paper's batch sweep.</summary>
    public const int FullBatch = int.MaxValue;

    /// <summary>Train until this epoch (counted from 1); at least <see cref="InitialEpoch"/> + 1. Required.</summary>
    public required int Epochs { get; set; }

    /// <summary>
    /// The epochs already done (Keras's <c>initial_epoch</c>): training runs epochs InitialEpoch + 1 … <see cref="Epochs"/>,
    /// with their own shuffles and schedule values, so a run resumed from a <see cref="TrainingCheckpoint"/> continues
    /// as if it had not stopped. 0 by default.
    /// </summary>
    public int InitialEpoch { get; set; }

    /// <summary>Cases per weight change: 1 is online, <see cref="FullBatch"/> the paper's sweep; 32 by default.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Whether each epoch visits the cases in a new seeded order (<see cref="CaseOrder"/>); true by default.</summary>
    public bool Shuffle { get; set; } = true;

    /// <summary>The seed of the shuffles (and of the validation split, when <see cref="ValidationFraction"/> makes one).</summary>
    public ulong Seed { get; set; }

    /// <summary>
    /// Whether a step uses ∂E/∂w summed over its batch (<see cref="BackpropGen.GradientScale.Sum"/>, the paper's and the
    /// default) or averaged (<see cref="BackpropGen.GradientScale.Mean"/>, PyTorch's; needs an optimizer).
    /// </summary>
    public GradientScale GradientScale { get; set; } = GradientScale.Sum;

    /// <summary>
    /// The rule to train with; assigned to the network's <see cref="INetwork{T}.Optimizer"/> (and left there). <see langword="null"/>
    /// keeps the network's (its own optimizer, or the paper's rule with its ε, α, λ).
    /// </summary>
    public Optimizer<T>? Optimizer { get; set; }

    /// <summary>ε (and momentum) per epoch, set on the optimizer (or the network) before each epoch; <see langword="null"/> leaves them.</summary>
    public Schedule? Schedule { get; set; }

    /// <summary>
    /// When no validation set is passed, the fraction of the training cases held out as one (a seeded split, stratified by
    /// class when <see cref="Stratify"/>); 0 (the default) for none. In [0, 1).
    /// </summary>
    public double ValidationFraction { get; set; }

    /// <summary>Whether a split made by <see cref="ValidationFraction"/> keeps each class's share (see <see cref="DataSplit.Stratified"/>); true by default.</summary>
    public bool Stratify { get; set; } = true;

    /// <summary>
    /// Early stopping: stop after this many epochs in a row without a new lowest validation error (training error when
    /// there is no validation set). <see langword="null"/> (the default) for none; at least 1.
    /// </summary>
    public int? Patience { get; set; }

    /// <summary>
    /// The paper's "close enough" rule for training (<see cref="BackpropGen.ErrorMargin.Paper"/>: on above 0.8, off below
    /// 0.2): output units within their margin add no error and no gradient to a batch (see
    /// <see cref="MiniBatchEpoch{T}.Run(INetwork{T}, int, ulong, bool, GradientScale, BackpropGen.ErrorMargin)"/>), as
    /// <see cref="TrainingOptions{T}.ErrorMargin"/> does for <see cref="NetworkTrainer.Train"/>. The validation error is
    /// measured without it. <see langword="null"/> (the default) for none.
    /// </summary>
    public ErrorMargin? ErrorMargin { get; set; }

    /// <summary>When training stops, put back the parameters of the epoch with the lowest validation error; true by default.</summary>
    public bool RestoreBest { get; set; } = true;

    /// <summary>
    /// When an epoch counts as diverged or saturated besides NaN and ±∞, as in <see cref="TrainingOptions{T}.Divergence"/>
    /// (<see cref="DivergenceOptions.Default"/> unless set; <see cref="DivergenceOptions.NonFiniteOnly"/> for NaN and ±∞
    /// alone; the blow-up check reads the training error). On any of them — or a validation error that is not finite —
    /// training stops with a <see cref="TrainingDivergedException"/> (its <c>Sweep</c> is the epoch), the network and its
    /// optimizer's state put back to their last good state.
    /// </summary>
    public DivergenceOptions Divergence { get; set; } = DivergenceOptions.Default;
}
