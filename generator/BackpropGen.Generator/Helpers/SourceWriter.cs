using System;
using System.Text;

namespace BackpropGen.Generator.Helpers;

/// <summary>
/// An indented text writer for generated source (after System.Text.Json's SourceWriter): four spaces per
/// level, '\n' line endings, so the same model always gives the same bytes.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder;

    public SourceWriter()
        : this(16)
    {
    }

    /// <summary>A writer whose buffer starts at <paramref name="capacity"/> characters (a large file then grows less often).</summary>
    public SourceWriter(int capacity) => _builder = new StringBuilder(capacity);

    public int Indentation { get; set; }

    /// <summary>The number of characters written so far (a mark for <see cref="EndWithOneNewline"/>).</summary>
    public int Length => _builder.Length;

    public SourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', 4 * Indentation);
            _builder.Append(text);
        }

        _builder.Append('\n');
        return this;
    }

    public SourceWriter OpenBrace()
    {
        Line("{");
        Indentation++;
        return this;
    }

    public SourceWriter CloseBrace(string suffix = "")
    {
        Indentation--;
        Line("}" + suffix);
        return this;
    }

    /// <summary>
    /// Starts a line written piece by piece (<see cref="Append"/>, then <see cref="EndLine"/>): the indentation, and no
    /// string made of the whole line. For lines that are never empty (an empty <see cref="Line"/> has no indentation).
    /// </summary>
    public SourceWriter StartLine()
    {
        _builder.Append(' ', 4 * Indentation);
        return this;
    }

    /// <summary>Appends a piece of the line begun by <see cref="StartLine"/>.</summary>
    public SourceWriter Append(string text)
    {
        _builder.Append(text);
        return this;
    }

    /// <summary>Ends the line begun by <see cref="StartLine"/>.</summary>
    public SourceWriter EndLine()
    {
        _builder.Append('\n');
        return this;
    }

    /// <summary>
    /// Removes the line ends written after <paramref name="mark"/> (a <see cref="Length"/> taken before) at the end of
    /// the text, then writes one: the text since the mark, trimmed of trailing line ends, as one or more whole lines.
    /// </summary>
    public SourceWriter EndWithOneNewline(int mark)
    {
        int length = _builder.Length;
        while (length > mark && _builder[length - 1] == '\n')
        {
            length--;
        }

        _builder.Length = length;
        _builder.Append('\n');
        return this;
    }

    /// <summary>Writes a block of lines, each indented at the current level.</summary>
    public SourceWriter Lines(string text)
    {
        foreach (string line in text.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }

        return this;
    }

    /// <summary>Appends text written by another writer (already indented) as it is.</summary>
    public SourceWriter Raw(string text)
    {
        _builder.Append(text);
        return this;
    }

    public override string ToString() => _builder.ToString();
}
