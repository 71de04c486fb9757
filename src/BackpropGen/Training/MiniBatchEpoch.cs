using System;
using System.Numerics;

namespace BackpropGen;

/// <summary>
/// One epoch of mini-batch training over a data set: the cases in a seeded order (<see cref="CaseOrder"/>), cut into
/// batches of <see cref="BatchSize"/> (the last one smaller when the count is not a multiple), each batch one
/// <see cref="INetwork{T}.TrainBatch"/>: ∂E/∂w accumulated over the batch (SIMD across patterns, as a whole sweep), then
/// one <see cref="INetwork{T}.ApplyUpdate"/>. Made once per data set and batch size; <see cref="Run(INetwork{T}, int, ulong, bool, GradientScale)"/> allocates nothing.
/// </summary>
/// <typeparam name="T"><see cref="float"/> or <see cref="double"/>.</typeparam>
/// <remarks>
/// A batch's cases are copied into a buffer (rows, and the blocks SIMD reads, in place), so the generated
/// <c>AccumulateBatch</c> runs on them unchanged. B = 1 is online training; B ≥ the case count, without shuffling, is
/// the paper's batch sweep (the same result as <see cref="INetwork{T}.TrainBatch"/> on the whole set).
/// </remarks>
public sealed class MiniBatchEpoch<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly DataSet<T> _data;
    private readonly int[] _order;
    private readonly DataSet<T> _batch;
    private readonly DataSet<T>? _last;
    private readonly T[] _output;

    /// <summary>Prepares epochs over <paramref name="data"/> in batches of <paramref name="batchSize"/> (clamped to the case count).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is below 1.</exception>
    public MiniBatchEpoch(DataSet<T> data, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (batchSize < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A mini-batch needs at least 1 case (1 is online training; the case count or more is the paper's batch sweep).");
        }

        _data = data;
        BatchSize = Math.Min(batchSize, data.Count);
        _order = new int[data.Count];
        _batch = new DataSet<T>(BatchSize, data.InputLength, data.TargetLength);
        int rest = data.Count % BatchSize;
        _last = rest == 0 ? null : new DataSet<T>(rest, data.InputLength, data.TargetLength);
        _output = new T[data.TargetLength];
    }

    /// <summary>The cases per batch (the last batch of an epoch may have fewer).</summary>
    public int BatchSize { get; }

    /// <summary>The number of batches, so of weight changes, per epoch.</summary>
    public int BatchCount => (_data.Count + BatchSize - 1) / BatchSize;

    /// <summary>The order of the last epoch run: position p holds the case trained p-th.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>
    /// Runs epoch <paramref name="epoch"/> on <paramref name="network"/> and returns E summed over every case, each
    /// case's error taken before its batch's weight change.
    /// </summary>
    /// <param name="network">The network; with <see cref="GradientScale.Mean"/> its <see cref="INetwork{T}.Optimizer"/> must be set.</param>
    /// <param name="epoch">The epoch's number (from 1); with <paramref name="shuffle"/>, it and <paramref name="seed"/> decide the order.</param>
    /// <param name="seed">The shuffling seed.</param>
    /// <param name="shuffle">Whether to shuffle; without, the cases go in data-set order.</param>
    /// <param name="scale">Whether each step uses ∂E/∂w summed or averaged over its batch.</param>
    /// <exception cref="ArgumentException">The data's shapes do not fit the network, or <see cref="GradientScale.Mean"/> without an optimizer.</exception>
    public T Run(INetwork<T> network, int epoch, ulong seed, bool shuffle, GradientScale scale) =>
        Run(network, epoch, seed, shuffle, scale, margin: null);

    /// <summary>
    /// <see cref="Run(INetwork{T}, int, ulong, bool, GradientScale)"/> with an error margin (the paper's 0.8/0.2, see
    /// <see cref="ErrorMargin"/>): before each batch's pass every case of the batch is run forward with the weights the
    /// batch starts from, and the target of each output unit within its margin is replaced by that output, so the unit
    /// adds no error and no gradient. The batch then trains as usual (SIMD across patterns). Returns E against the
    /// adjusted targets (for squared error, the paper's error with the margin). <paramref name="margin"/> null is no margin.
    /// </summary>
    /// <exception cref="ArgumentException">The data's shapes do not fit the network, or <see cref="GradientScale.Mean"/> without an optimizer.</exception>
    public T Run(INetwork<T> network, int epoch, ulong seed, bool shuffle, GradientScale scale, ErrorMargin? margin)
    {
        ArgumentNullException.ThrowIfNull(network);
        Guard.Shape(_data, network.InputLength, network.OutputLength);
        Optimizer<T>? optimizer = network.Optimizer;
        if (scale == GradientScale.Mean && optimizer is null)
        {
            throw new ArgumentException(
                "GradientScale.Mean needs an optimizer (network.Optimizer or FitOptions.Optimizer): the network's built-in rule uses ∂E/∂w summed over the batch. Use new MomentumOptimizer<T>(ε, α, λ) for the paper's rule with averaged gradients.",
                nameof(scale));
        }

        if (shuffle)
        {
            CaseOrder.Shuffle(_order, seed, epoch);
        }
        else
        {
            for (int k = 0; k < _order.Length; k++)
            {
                _order[k] = k;
            }
        }

        T error = T.Zero;
        for (int start = 0; start < _order.Length; start += BatchSize)
        {
            int count = Math.Min(BatchSize, _order.Length - start);
            DataSet<T> batch = count == BatchSize ? _batch : _last!;
            batch.CopyCases(_data, _order.AsSpan(start, count));
            if (margin is not null)
            {
                AdjustTargets(network, batch, margin);
            }
            if (optimizer is not null)
            {
                optimizer.GradientScale = scale == GradientScale.Mean ? T.One / T.CreateChecked(count) : T.One;
            }

            error += network.TrainBatch(batch);
        }

        return error;
    }

    /// <summary>The margin's targets for a batch: each case forward, the targets of units within the margin set to their outputs.</summary>
    private void AdjustTargets(INetwork<T> network, DataSet<T> batch, ErrorMargin margin)
    {
        for (int c = 0; c < batch.Count; c++)
        {
            network.Forward(batch.Input(c), _output);
            Span<T> target = batch.TargetToAdjust(c);
            margin.AdjustTargets<T>(_output, target, target);
        }

        batch.RefreshBlocks();
    }
}
