using System.Globalization;

namespace FamilyTrees;

/// <summary>
/// When a network's answer to a case counts as right: every answer's output unit is <i>on</i> (above
/// <see cref="On"/>) and every other unit is <i>off</i> (below <see cref="Off"/>). A case with two answers is right only
/// when both answer units are on and the other 22 are off.
/// </summary>
/// <param name="On">A unit is on above this.</param>
/// <param name="Off">A unit is off below this.</param>
/// <param name="Meaning">What the thresholds are, for the printout.</param>
public sealed record AnswerRule(double On, double Off, string Meaning)
{
    /// <summary>
    /// Sigmoid outputs read as yes / no: on above 0.5, off below 0.5 (every output unit says yes or no to "is this
    /// person the answer?").
    /// </summary>
    public static AnswerRule Half { get; } = new(0.5, 0.5, "on > 0.5, off < 0.5");

    /// <summary>The paper's margin as the test: on above 0.8, off below 0.2 (a unit in between is neither, so wrong).</summary>
    public static AnswerRule Margin { get; } = new(0.8, 0.2, "on > 0.8, off < 0.2 (the training margin)");

    /// <summary>
    /// Softmax outputs, which share one unit of probability: on above 0.25, off below 0.25 — half of what each answer
    /// of a two-answer case should get (½), as 0.5 is half of a sigmoid unit's 1. A net that answers a single-answer
    /// case right puts more than 0.25 on it and less than 0.25 on everyone else.
    /// </summary>
    public static AnswerRule SoftmaxQuarter { get; } = new(0.25, 0.25, "on > 0.25, off < 0.25 of the softmax's probability (half of a two-answer case's ½ each)");

    /// <summary>Whether <paramref name="output"/> answers <paramref name="c"/> right by this rule.</summary>
    /// <exception cref="ArgumentException"><paramref name="output"/> does not have one value per person.</exception>
    public bool IsRight(ReadOnlySpan<double> output, KinshipCase c)
    {
        if (output.Length != Kinship.PersonCount)
        {
            throw new ArgumentException($"Expected {Kinship.PersonCount} outputs, one per person, but got {output.Length}.", nameof(output));
        }

        Span<bool> answer = stackalloc bool[Kinship.PersonCount];
        foreach (Person p in c.Answers)
        {
            answer[p.Unit] = true;
        }

        for (int j = 0; j < output.Length; j++)
        {
            if (answer[j] ? !(output[j] > On) : !(output[j] < Off))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Meaning}");
}
