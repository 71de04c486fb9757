using System;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator.Helpers;

/// <summary>
/// An indented text writer for generated source (after System.Text.Json's SourceWriter): four spaces per
/// level, '\n' line endings, so the same model always gives the same bytes.
/// </summary>
internal sealed class SourceWriter
{
    /// <summary>The largest buffer (in characters) kept for the next file: a 100-100-10 network's file is about 600,000.</summary>
    private const int MaxKeptCapacity = 1 << 20;

    /// <summary>The buffer a finished file's writer left for the next one (see <see cref="ForFile"/>), or null.</summary>
    private static StringBuilder? s_kept;

    private readonly StringBuilder _builder;
    private bool _kept;

    public SourceWriter()
        : this(16)
    {
    }

    /// <summary>A writer whose buffer starts at <paramref name="capacity"/> characters (a large file then grows less often).</summary>
    public SourceWriter(int capacity) => _builder = new StringBuilder(capacity);

    private SourceWriter(StringBuilder builder)
    {
        _builder = builder;
        _kept = true;
    }

    /// <summary>
    /// A writer for a whole generated file, on the buffer the previous file's writer left (<see cref="ToStringAndKeep"/>)
    /// when there is one: a file of hundreds of thousands of characters then costs its one string instead of that and
    /// the buffer's chunks again (the driver runs the generator again on every edit of a network, and cold in a build).
    /// One buffer for the process, taken atomically, so writers on other threads simply get a new one meanwhile.
    /// </summary>
    public static SourceWriter ForFile() =>
        System.Threading.Interlocked.Exchange(ref s_kept, null) is { } kept ? new SourceWriter(kept) : new SourceWriter(4096) { _kept = true };

    /// <summary>The text, then the buffer cleared and kept for the next <see cref="ForFile"/> (when it came from there and is not too large); the writer is not used again.</summary>
    public string ToStringAndKeep()
    {
        string text = _builder.ToString();
        if (_kept && _builder.Capacity <= MaxKeptCapacity)
        {
            _builder.Clear();
            _kept = false;
            System.Threading.Volatile.Write(ref s_kept, _builder);
        }

        return text;
    }

    /// <summary>
    /// The text as a <see cref="SourceText"/> read straight from the buffer, then the buffer kept as by
    /// <see cref="ToStringAndKeep"/>. A file of 40 × 1024 characters or more becomes Roslyn's chunked text (chunks under the
    /// large-object heap's threshold) instead of one string on that heap: a string of that size is a large object, and
    /// large objects are collected only with the whole heap (a gen-2 collection), over everything the compiler holds.
    /// </summary>
    public SourceText ToSourceTextAndKeep(Encoding encoding)
    {
        SourceText text = SourceText.From(new BuilderReader(_builder), _builder.Length, encoding);
        if (_kept && _builder.Capacity <= MaxKeptCapacity)
        {
            _builder.Clear();
            _kept = false;
            System.Threading.Volatile.Write(ref s_kept, _builder);
        }

        return text;
    }

    /// <summary>Reads a StringBuilder from its start without making a string of it.</summary>
    private sealed class BuilderReader : System.IO.TextReader
    {
        private readonly StringBuilder _builder;
        private int _position;

        public BuilderReader(StringBuilder builder) => _builder = builder;

        public override int Peek() => _position < _builder.Length ? _builder[_position] : -1;

        public override int Read() => _position < _builder.Length ? _builder[_position++] : -1;

        public override int Read(char[] buffer, int index, int count)
        {
            int n = Math.Min(count, _builder.Length - _position);
            if (n <= 0)
            {
                return 0;
            }

            _builder.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }

        public override string ReadToEnd()
        {
            string rest = _builder.ToString(_position, _builder.Length - _position);
            _position = _builder.Length;
            return rest;
        }
    }

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
