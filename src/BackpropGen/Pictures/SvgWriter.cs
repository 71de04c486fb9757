using System;
using System.Globalization;
using System.Text;

namespace BackpropGen.Pictures;

/// <summary>
/// Writes SVG text: a root element, rectangles, lines, polylines and text, with every number in invariant culture
/// rounded to two decimals (so the same picture gives the same bytes on every machine) and every string
/// XML-escaped.
/// </summary>
/// <remarks>
/// Written by hand rather than with <see cref="System.Xml.XmlWriter"/>: the pictures need a handful of elements,
/// and building the text directly keeps the output stable and easy to read.
/// </remarks>
internal sealed class SvgWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    /// <summary>Starts the document: the XML declaration, the root <c>svg</c> element and its title.</summary>
    public SvgWriter(double width, double height, string title)
    {
        _text.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        _text.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Number(width))
            .Append("\" height=\"").Append(Number(height))
            .Append("\" viewBox=\"0 0 ").Append(Number(width)).Append(' ').Append(Number(height))
            .Append("\" font-family=\"Helvetica, Arial, sans-serif\">\n");
        _depth = 1;
        Indent().Append("<title>").Append(Escape(title)).Append("</title>\n");
    }

    /// <summary>Formats a coordinate or size: invariant culture, at most two decimals, never "-0".</summary>
    public static string Number(double value)
    {
        double rounded = Math.Round(value, 2, MidpointRounding.AwayFromZero);
        return rounded == 0 ? "0" : rounded.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Escapes text for an XML attribute or element.</summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&apos;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }

    /// <summary>Opens a group, optionally with a class and a transform.</summary>
    public void BeginGroup(string? cssClass = null, string? transform = null)
    {
        StringBuilder line = Indent().Append("<g");
        Attribute(line, "class", cssClass);
        Attribute(line, "transform", transform);
        line.Append(">\n");
        _depth++;
    }

    /// <summary>Closes the group opened last.</summary>
    public void EndGroup()
    {
        _depth--;
        Indent().Append("</g>\n");
    }

    /// <summary>A rectangle, with an optional tooltip (a <c>title</c> child, shown by browsers on hover).</summary>
    public void Rectangle(double x, double y, double width, double height, string fill, string? cssClass = null, string? tooltip = null, string? stroke = null)
    {
        StringBuilder line = Indent().Append("<rect");
        Attribute(line, "class", cssClass);
        line.Append(" x=\"").Append(Number(x)).Append("\" y=\"").Append(Number(y))
            .Append("\" width=\"").Append(Number(width)).Append("\" height=\"").Append(Number(height)).Append('"');
        Attribute(line, "fill", fill);
        Attribute(line, "stroke", stroke);
        if (tooltip is null)
        {
            line.Append("/>\n");
        }
        else
        {
            line.Append("><title>").Append(Escape(tooltip)).Append("</title></rect>\n");
        }
    }

    /// <summary>A straight line.</summary>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, string? dash = null, string? cssClass = null)
    {
        StringBuilder line = Indent().Append("<line");
        Attribute(line, "class", cssClass);
        line.Append(" x1=\"").Append(Number(x1)).Append("\" y1=\"").Append(Number(y1))
            .Append("\" x2=\"").Append(Number(x2)).Append("\" y2=\"").Append(Number(y2)).Append('"');
        Attribute(line, "stroke", stroke);
        line.Append(" stroke-width=\"").Append(Number(strokeWidth)).Append('"');
        Attribute(line, "stroke-dasharray", dash);
        line.Append("/>\n");
    }

    /// <summary>A polyline through the given points, not filled.</summary>
    public void Polyline(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, string stroke, double strokeWidth, string? cssClass = null, string? tooltip = null)
    {
        StringBuilder line = Indent().Append("<polyline");
        Attribute(line, "class", cssClass);
        line.Append(" fill=\"none\"");
        Attribute(line, "stroke", stroke);
        line.Append(" stroke-width=\"").Append(Number(strokeWidth)).Append("\" stroke-linejoin=\"round\" points=\"");
        for (int k = 0; k < xs.Length; k++)
        {
            if (k > 0)
            {
                line.Append(' ');
            }

            line.Append(Number(xs[k])).Append(',').Append(Number(ys[k]));
        }

        line.Append('"');
        if (tooltip is null)
        {
            line.Append("/>\n");
        }
        else
        {
            line.Append("><title>").Append(Escape(tooltip)).Append("</title></polyline>\n");
        }
    }

    /// <summary>Text at (x, y); <paramref name="anchor"/> is start, middle or end; <paramref name="rotate"/> turns it about (x, y) in degrees.</summary>
    public void Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#000000", double rotate = 0, string? weight = null, string? cssClass = null)
    {
        StringBuilder line = Indent().Append("<text");
        Attribute(line, "class", cssClass);
        line.Append(" x=\"").Append(Number(x)).Append("\" y=\"").Append(Number(y))
            .Append("\" font-size=\"").Append(Number(size)).Append('"');
        if (anchor != "start")
        {
            Attribute(line, "text-anchor", anchor);
        }

        if (fill != "#000000")
        {
            Attribute(line, "fill", fill);
        }

        Attribute(line, "font-weight", weight);
        if (rotate != 0)
        {
            line.Append(" transform=\"rotate(").Append(Number(rotate)).Append(' ').Append(Number(x)).Append(' ').Append(Number(y)).Append(")\"");
        }

        line.Append('>').Append(Escape(text)).Append("</text>\n");
    }

    /// <summary>Closes the root element and returns the document.</summary>
    public string Finish()
    {
        while (_depth > 1)
        {
            EndGroup();
        }

        _text.Append("</svg>\n");
        _depth = 0;
        return _text.ToString();
    }

    /// <summary>The approximate width of <paramref name="text"/> at <paramref name="size"/>: 0.6 em a character, enough to lay out labels.</summary>
    public static double TextWidth(string text, double size) => 0.6 * size * text.Length;

    private static void Attribute(StringBuilder line, string name, string? value)
    {
        if (value is not null)
        {
            line.Append(' ').Append(name).Append("=\"").Append(Escape(value)).Append('"');
        }
    }

    private StringBuilder Indent() => _text.Append(' ', 2 * _depth);
}
