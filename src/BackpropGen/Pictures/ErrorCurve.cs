using System;
using System.Collections.Generic;
using System.Globalization;

namespace BackpropGen.Pictures;

/// <summary>
/// A learning curve: the error E after each sweep, for one or more training runs, written as SVG. The error axis is
/// logarithmic by default, since E usually falls by orders of magnitude.
/// </summary>
/// <remarks>
/// <para>The same curve always gives the same bytes: numbers are written in invariant culture, rounded to two
/// decimals. Each series is one SVG <c>polyline</c> with <c>class="series"</c> (or <c>class="series faint"</c>).</para>
/// <para>Long runs are thinned to at most <see cref="MaxPointsPerSeries"/> points: the sweeps are cut into equal
/// buckets and each bucket keeps its lowest and its highest error, in sweep order, so spikes and plateaus survive.
/// Points inside a flat stretch (the same height, as written) are left out, keeping the stretch's two ends.</para>
/// </remarks>
/// <example>
/// <code>
/// var errors = new double[2000];
/// for (int sweep = 0; sweep &lt; errors.Length; sweep++)
/// {
///     errors[sweep] = net.TrainBatch(data);
/// }
///
/// new ErrorCurve("XOR: error per sweep").AddSeries("seed 42", errors).Save("xor-error.svg");
/// </code>
/// With <see cref="NetworkTrainer"/>, collect the errors with an <see cref="IProgress{T}"/> whose
/// <c>Report</c> adds to a list directly: <see cref="Progress{T}"/> calls its handler later, on the thread pool,
/// when there is no synchronization context (as in a console program).
/// </example>
public sealed class ErrorCurve
{
    /// <summary>The colours given to emphasised series in turn (the Okabe–Ito palette, readable by colour-blind people).</summary>
    public static readonly IReadOnlyList<string> Palette = new[] { "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#000000" };

    /// <summary>The colour of faint series.</summary>
    public const string FaintStroke = "#b0b0b0";

    private const double Margin = 16;
    private const double TitleSize = 16;
    private const double TextSize = 12;
    private const double SmallSize = 10;

    private readonly List<Series> _series = new();
    private readonly List<(double Sweep, string Label)> _markers = new();
    private readonly List<(double Error, string Label)> _levels = new();
    private int _maxPoints = 1000;
    private double _plotWidth = 640;
    private double _plotHeight = 320;

    /// <summary>Creates an empty curve.</summary>
    /// <param name="title">The title written at the top (and the SVG's title).</param>
    public ErrorCurve(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The title written at the top.</summary>
    public string Title { get; }

    /// <summary>The horizontal axis' label; "sweep" by default.</summary>
    public string XLabel { get; set; } = "sweep";

    /// <summary>The vertical axis' label; "error E = ½ Σ_c Σ_j (y − d)²" by default.</summary>
    public string YLabel { get; set; } = "error E = ½ Σ_c Σ_j (y − d)²";

    /// <summary>Whether the error axis is logarithmic (the default). Errors of 0 or less are then drawn at the axis' foot.</summary>
    public bool LogarithmicError { get; set; } = true;

    /// <summary>The width of the plot area in pixels; 640 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
    public double PlotWidth
    {
        get => _plotWidth;
        set => _plotWidth = Positive(value);
    }

    /// <summary>The height of the plot area in pixels; 320 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
    public double PlotHeight
    {
        get => _plotHeight;
        set => _plotHeight = Positive(value);
    }

    /// <summary>The most points a series is drawn with; longer series are thinned. At least 4; 1000 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 4.</exception>
    public int MaxPointsPerSeries
    {
        get => _maxPoints;
        set => _maxPoints = value >= 4 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least 4 points.");
    }

    /// <summary>The number of series added.</summary>
    public int SeriesCount => _series.Count;

    /// <summary>
    /// Adds a run: <paramref name="errors"/>[k] is the error of sweep <paramref name="firstSweep"/> + k. Emphasised
    /// series get the next colour of <see cref="Palette"/> and a legend entry; faint ones are thin and grey, and
    /// share one legend entry per name (e.g. "other seeds").
    /// </summary>
    /// <exception cref="ArgumentException">There are no errors, or one is NaN or infinite.</exception>
    public ErrorCurve AddSeries(string name, ReadOnlySpan<double> errors, int firstSweep = 1, bool faint = false)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (errors.IsEmpty)
        {
            throw new ArgumentException("A series needs at least one error.", nameof(errors));
        }

        for (int k = 0; k < errors.Length; k++)
        {
            if (!double.IsFinite(errors[k]))
            {
                throw new ArgumentException($"The error of sweep {firstSweep + k} is {errors[k]}; only finite errors can be drawn.", nameof(errors));
            }
        }

        _series.Add(new Series(name, errors.ToArray(), firstSweep, faint));
        return this;
    }

    /// <summary>Adds a dashed vertical line at <paramref name="sweep"/>, labelled (e.g. "paper: 1,425 sweeps").</summary>
    public ErrorCurve AddMarker(double sweep, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        _markers.Add((sweep, label));
        return this;
    }

    /// <summary>Adds a dotted horizontal line at error <paramref name="error"/>, labelled.</summary>
    public ErrorCurve AddLevel(double error, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        _levels.Add((error, label));
        return this;
    }

    /// <summary>Writes the curve as an SVG document.</summary>
    /// <exception cref="InvalidOperationException">No series was added.</exception>
    public string ToSvg()
    {
        if (_series.Count == 0)
        {
            throw new InvalidOperationException("An error curve needs at least one series.");
        }

        // The axes' ranges.
        double lastSweep = 1;
        double lowest = double.PositiveInfinity;
        double highest = double.NegativeInfinity;
        foreach (Series s in _series)
        {
            lastSweep = Math.Max(lastSweep, s.FirstSweep + s.Errors.Length - 1);
            foreach (double e in s.Errors)
            {
                highest = Math.Max(highest, e);
                if (!LogarithmicError || e > 0)
                {
                    lowest = Math.Min(lowest, e);
                }
            }
        }

        foreach ((double sweep, _) in _markers)
        {
            lastSweep = Math.Max(lastSweep, sweep);
        }

        foreach ((double error, _) in _levels)
        {
            highest = Math.Max(highest, error);
            if (!LogarithmicError || error > 0)
            {
                lowest = Math.Min(lowest, error);
            }
        }

        double xMax = NiceCeiling(lastSweep);
        double yMin, yMax;
        if (LogarithmicError)
        {
            if (double.IsPositiveInfinity(lowest))
            {
                lowest = highest = 1;
            }

            yMin = Math.Pow(10, Math.Floor(Math.Log10(lowest)));
            yMax = Math.Pow(10, Math.Ceiling(Math.Log10(Math.Max(highest, lowest))));
            if (yMax <= yMin)
            {
                yMax = yMin * 10;
            }
        }
        else
        {
            yMin = Math.Min(0, lowest);
            yMax = NiceCeiling(Math.Max(highest, yMin + 1e-12));
        }

        // The page: title, then the plot with the error axis' labels on its left and the sweep axis' below.
        double left = Margin + 70;
        double top = Margin + TitleSize + 14;
        double legendWidth = 0;
        var legend = new List<(string Name, string Stroke, bool Faint)>();
        int colour = 0;
        var strokes = new string[_series.Count];
        for (int k = 0; k < _series.Count; k++)
        {
            Series s = _series[k];
            strokes[k] = s.Faint ? FaintStroke : Palette[colour++ % Palette.Count];
            if (!legend.Exists(l => l.Name == s.Name && l.Faint == s.Faint))
            {
                legend.Add((s.Name, strokes[k], s.Faint));
                legendWidth = Math.Max(legendWidth, SvgWriter.TextWidth(s.Name, SmallSize) + 30);
            }
        }

        double width = left + PlotWidth + 16 + legendWidth + Margin;
        double height = top + PlotHeight + 52 + Margin;
        width = Math.Max(width, (2 * Margin) + SvgWriter.TextWidth(Title, TitleSize));

        double X(double sweep) => left + (PlotWidth * sweep / xMax);
        double Y(double error)
        {
            double fraction = LogarithmicError
                ? (Math.Log10(Math.Max(error, yMin)) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin))
                : (error - yMin) / (yMax - yMin);
            return top + PlotHeight - (PlotHeight * Math.Clamp(fraction, 0, 1));
        }

        var svg = new SvgWriter(width, height, Title);
        svg.Rectangle(0, 0, width, height, "#ffffff", "page");
        svg.Text(Margin, Margin + TitleSize - 2, Title, TitleSize, weight: "bold");
        svg.Rectangle(left, top, PlotWidth, PlotHeight, "#ffffff", "plot", stroke: "#000000");

        // Sweep axis.
        svg.BeginGroup("x-axis");
        double xStep = NiceStep(xMax);
        for (int k = 0; k * xStep <= xMax + (xStep / 2); k++)
        {
            double sweep = k * xStep;
            svg.Line(X(sweep), top + PlotHeight, X(sweep), top + PlotHeight + 4, "#000000");
            svg.Text(X(sweep), top + PlotHeight + 16, sweep.ToString("#,0", CultureInfo.InvariantCulture), SmallSize, "middle");
        }

        svg.Text(left + (PlotWidth / 2), top + PlotHeight + 36, XLabel, TextSize, "middle");
        svg.EndGroup();

        // Error axis, with light grid lines.
        svg.BeginGroup("y-axis");
        foreach (double tick in ErrorTicks(yMin, yMax))
        {
            svg.Line(left, Y(tick), left + PlotWidth, Y(tick), "#e8e8e8");
            svg.Line(left - 4, Y(tick), left, Y(tick), "#000000");
            svg.Text(left - 6, Y(tick) + (SmallSize / 3), FormatError(tick), SmallSize, "end");
        }

        svg.Text(Margin + 10, top + (PlotHeight / 2), YLabel, TextSize, "middle", rotate: -90);
        svg.EndGroup();

        foreach ((double error, string label) in _levels)
        {
            svg.Line(left, Y(error), left + PlotWidth, Y(error), "#666666", 1, "2 3", "level");
            svg.Text(left + PlotWidth - 4, Y(error) - 4, label, SmallSize, "end", "#444444");
        }

        foreach ((double sweep, string label) in _markers)
        {
            svg.Line(X(sweep), top, X(sweep), top + PlotHeight, "#666666", 1, "6 4", "marker");
            svg.Text(X(sweep) + 4, top + 12, label, SmallSize, fill: "#444444");
        }

        // Faint series first, so that emphasised ones are drawn on top of them.
        svg.BeginGroup("series");
        for (int pass = 0; pass < 2; pass++)
        {
            for (int k = 0; k < _series.Count; k++)
            {
                Series s = _series[k];
                if (s.Faint != (pass == 0))
                {
                    continue;
                }

                List<int> kept = Thin(s.Errors, _maxPoints);
                var xs = new List<double>(kept.Count);
                var ys = new List<double>(kept.Count);
                for (int p = 0; p < kept.Count; p++)
                {
                    // On a flat stretch (the same height once rounded as written) only its two ends are needed.
                    double y = Y(s.Errors[kept[p]]);
                    bool flat = p > 0 && p < kept.Count - 1
                        && SvgWriter.Number(y) == SvgWriter.Number(ys[^1])
                        && SvgWriter.Number(y) == SvgWriter.Number(Y(s.Errors[kept[p + 1]]));
                    if (!flat)
                    {
                        xs.Add(X(s.FirstSweep + kept[p]));
                        ys.Add(y);
                    }
                }

                svg.Polyline(xs.ToArray(), ys.ToArray(), strokes[k], s.Faint ? 0.8 : 1.6, s.Faint ? "series faint" : "series", s.Name);
            }
        }

        svg.EndGroup();

        svg.BeginGroup("legend");
        double legendY = top + 8;
        foreach ((string name, string stroke, bool faint) in legend)
        {
            double legendX = left + PlotWidth + 16;
            svg.Line(legendX, legendY, legendX + 22, legendY, stroke, faint ? 0.8 : 1.6);
            svg.Text(legendX + 28, legendY + (SmallSize / 3), name, SmallSize);
            legendY += SmallSize + 6;
        }

        svg.EndGroup();
        return svg.Finish();
    }

    /// <summary>Writes the SVG document to <paramref name="path"/> (UTF-8, no byte-order mark), creating its directory if needed.</summary>
    public void Save(string path) => SvgFile.Write(path, ToSvg());

    /// <summary>
    /// The indices kept when <paramref name="values"/> is drawn with at most <paramref name="maxPoints"/> points: all
    /// of them when they fit; otherwise, for each of maxPoints / 2 equal buckets, its lowest and highest value in
    /// index order, and always the last index.
    /// </summary>
    internal static List<int> Thin(double[] values, int maxPoints)
    {
        var kept = new List<int>(Math.Min(values.Length, maxPoints));
        if (values.Length <= maxPoints)
        {
            for (int k = 0; k < values.Length; k++)
            {
                kept.Add(k);
            }

            return kept;
        }

        int buckets = (maxPoints - 1) / 2;
        for (int b = 0; b < buckets; b++)
        {
            int start = (int)((long)b * values.Length / buckets);
            int end = (int)((long)(b + 1) * values.Length / buckets);
            int low = start, high = start;
            for (int k = start; k < end; k++)
            {
                low = values[k] < values[low] ? k : low;
                high = values[k] > values[high] ? k : high;
            }

            kept.Add(Math.Min(low, high));
            if (low != high)
            {
                kept.Add(Math.Max(low, high));
            }
        }

        if (kept[^1] != values.Length - 1)
        {
            kept.Add(values.Length - 1);
        }

        return kept;
    }

    private List<double> ErrorTicks(double yMin, double yMax)
    {
        var ticks = new List<double>();
        if (LogarithmicError)
        {
            // Both ends are powers of ten: a tick at each.
            int first = (int)Math.Round(Math.Log10(yMin));
            int last = (int)Math.Round(Math.Log10(yMax));
            for (int e = first; e <= last; e++)
            {
                ticks.Add(Math.Pow(10, e));
            }

            return ticks;
        }

        double step = NiceStep(yMax - yMin);
        double start = Math.Ceiling(yMin / step);
        for (int k = 0; (start + k) * step <= yMax + (step / 2); k++)
        {
            ticks.Add((start + k) * step);
        }

        return ticks;
    }

    private static string FormatError(double value) =>
        value == 0 ? "0" : Math.Abs(value) >= 1e-3 && Math.Abs(value) < 1e5 ? value.ToString("0.###", CultureInfo.InvariantCulture) : value.ToString("0E0", CultureInfo.InvariantCulture);

    /// <summary>1, 2 or 5 times a power of ten, so that 4–10 steps cover <paramref name="range"/>.</summary>
    private static double NiceStep(double range)
    {
        double raw = range / 5;
        double power = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double fraction = raw / power;
        return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
    }

    private static double Positive(double value, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(value))] string name = "") =>
        double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(name, value, "The size must be a positive number of pixels.");

    private static double NiceCeiling(double value)
    {
        double step = NiceStep(value);
        return Math.Ceiling(value / step) * step;
    }

    private sealed record Series(string Name, double[] Errors, int FirstSweep, bool Faint);
}
