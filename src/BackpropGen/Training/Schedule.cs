using System;
using System.Collections.Generic;
using System.Globalization;

namespace BackpropGen;

/// <summary>
/// The learning rate ε, and optionally the momentum (α, or Adam's β₁), as a function of the epoch (counted from 1).
/// Declared once and applied by the trainer before every epoch (<see cref="FitOptions{T}.Schedule"/>,
/// <see cref="TrainingOptions{T}.Schedule"/>).
/// </summary>
/// <example>
/// The paper's family-trees schedule, ε = 0.005 and α = 0.5 for 20 sweeps, then ε = 0.01 and α = 0.9:
/// <code>Schedule.Constant(0.005, momentum: 0.5).Then(after: 20, Schedule.Constant(0.01, momentum: 0.9))</code>
/// A warm-up of 5 epochs into a cosine decay over 55:
/// <code>Schedule.LinearWarmup(5, Schedule.Cosine(0.005, epochs: 55))</code>
/// </example>
public abstract class Schedule
{
    /// <summary>ε at epoch <paramref name="epoch"/> (from 1).</summary>
    public abstract double LearningRate(int epoch);

    /// <summary>The momentum at epoch <paramref name="epoch"/> (from 1), or <see langword="null"/> to leave it as it is.</summary>
    public abstract double? Momentum(int epoch);

    /// <summary>ε fixed (and the momentum, when given).</summary>
    public static Schedule Constant(double learningRate, double? momentum = null) =>
        new Function(e => learningRate, CheckMomentum(momentum), $"ε = {Number(Check(learningRate))}");

    /// <summary>ε · γ^⌊(e − 1) / <paramref name="stepEpochs"/>⌋: multiplied by <paramref name="gamma"/> every <paramref name="stepEpochs"/> epochs (PyTorch's <c>StepLR</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="stepEpochs"/> is below 1, or a rate is negative or not finite.</exception>
    public static Schedule Step(double learningRate, int stepEpochs, double gamma, double? momentum = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stepEpochs, 1);
        Check(gamma);
        return new Function(e => learningRate * Math.Pow(gamma, (e - 1) / stepEpochs), CheckMomentum(momentum), $"ε = {Number(Check(learningRate))} × {Number(gamma)}^⌊(e − 1)/{stepEpochs}⌋");
    }

    /// <summary>
    /// Cosine annealing over <paramref name="epochs"/> epochs (PyTorch's <c>CosineAnnealingLR</c> with T_max = epochs):
    /// ε(e) = ε_min + ½ (ε_max − ε_min)(1 + cos(π (e − 1) / T_max)); after T_max epochs, ε_min.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epochs"/> is below 1, or a rate is negative or not finite.</exception>
    public static Schedule Cosine(double maxLearningRate, int epochs, double minLearningRate = 0, double? momentum = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        Check(minLearningRate);
        return new Function(
            e => e > epochs ? minLearningRate : minLearningRate + (0.5 * (maxLearningRate - minLearningRate) * (1 + Math.Cos(Math.PI * (e - 1) / epochs))),
            CheckMomentum(momentum),
            $"ε = cosine {Number(Check(maxLearningRate))} → {Number(minLearningRate)} over {epochs} epochs");
    }

    /// <summary>
    /// A linear warm-up: for e ≤ <paramref name="warmupEpochs"/>, ε = <paramref name="then"/>'s first ε · e / W (and its first
    /// momentum); afterwards <paramref name="then"/> at epoch e − W.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="warmupEpochs"/> is below 1.</exception>
    public static Schedule LinearWarmup(int warmupEpochs, Schedule then)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(warmupEpochs, 1);
        ArgumentNullException.ThrowIfNull(then);
        return new Pieces([(warmupEpochs, new Function(e => then.LearningRate(1) * e / warmupEpochs, then.Momentum(1), $"linear warm-up to {Number(then.LearningRate(1))}")), (int.MaxValue, then)]);
    }

    /// <summary>
    /// Schedules one after another: the first for its epochs, then the next (its epochs counted from 1 again), …; the
    /// last runs to the end (its count is not used).
    /// </summary>
    /// <exception cref="ArgumentException">No segment, a null schedule, or a count below 1.</exception>
    public static Schedule Piecewise(params (int Epochs, Schedule Schedule)[] segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        if (segments.Length == 0)
        {
            throw new ArgumentException("A piecewise schedule needs at least one segment.", nameof(segments));
        }

        for (int s = 0; s < segments.Length; s++)
        {
            if (segments[s].Schedule is null || segments[s].Epochs < 1)
            {
                throw new ArgumentException($"Segment {s} must have a schedule and at least 1 epoch; it has {segments[s].Epochs}.", nameof(segments));
            }
        }

        return new Pieces(segments);
    }

    /// <summary>This schedule for <paramref name="after"/> epochs, then <paramref name="next"/> (from its epoch 1).</summary>
    public Schedule Then(int after, Schedule next) => Piecewise((after, this), (int.MaxValue, next));

    private static double Check(double rate)
    {
        if (!double.IsFinite(rate) || rate < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "A learning rate or factor must be finite and not negative.");
        }

        return rate;
    }

    private static double? CheckMomentum(double? momentum)
    {
        if (momentum is double m && !(m >= 0 && m < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), m, "A momentum must be in [0, 1).");
        }

        return momentum;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private sealed class Function(Func<int, double> rate, double? momentum, string text) : Schedule
    {
        public override double LearningRate(int epoch) => rate(epoch);

        public override double? Momentum(int epoch) => momentum;

        public override string ToString() => momentum is double m ? $"{text}, momentum {Number(m)}" : text;
    }

    private sealed class Pieces(IReadOnlyList<(int Epochs, Schedule Schedule)> segments) : Schedule
    {
        public override double LearningRate(int epoch)
        {
            (Schedule schedule, int local) = Find(epoch);
            return schedule.LearningRate(local);
        }

        public override double? Momentum(int epoch)
        {
            (Schedule schedule, int local) = Find(epoch);
            return schedule.Momentum(local);
        }

        public override string ToString()
        {
            var parts = new List<string>();
            for (int s = 0; s < segments.Count; s++)
            {
                parts.Add(s == segments.Count - 1 ? $"then {segments[s].Schedule}" : $"{segments[s].Schedule} for {segments[s].Epochs} epochs");
            }

            return string.Join(", ", parts);
        }

        private (Schedule Schedule, int Local) Find(int epoch)
        {
            int local = epoch;
            for (int s = 0; s < segments.Count - 1; s++)
            {
                if (local <= segments[s].Epochs)
                {
                    return (segments[s].Schedule, local);
                }

                local -= segments[s].Epochs;
            }

            return (segments[^1].Schedule, local);
        }
    }
}
