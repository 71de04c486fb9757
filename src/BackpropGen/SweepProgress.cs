namespace BackpropGen;

/// <summary>
/// Progress reported by <see cref="NetworkTrainer.Train"/> after a sweep. A struct, so reporting it through
/// <see cref="System.IProgress{T}"/> does not allocate.
/// </summary>
/// <param name="Sweep">The sweep's number, counting from 1.</param>
/// <param name="Error">The sweep's total error E (the value <see cref="INetwork{T}.TrainBatch"/> or
/// <see cref="INetwork{T}.TrainOnline"/> returned), as a <see cref="double"/>.</param>
public readonly record struct SweepProgress(int Sweep, double Error);
