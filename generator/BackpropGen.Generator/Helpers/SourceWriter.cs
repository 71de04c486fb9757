using System;
using System.Text;

namespace BackpropGen.Generator.Helpers;

/// <summary>
/// An indented text writer for generated source (after System.Text.Json's SourceWriter): four spaces per
/// level, '\n' line endings, so the same model always gives the same bytes.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _builder = new();

    public int Indentation { get; set; }

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
