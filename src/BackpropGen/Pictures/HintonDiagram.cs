using System;
using System.Collections.Generic;
using System.IO;

namespace BackpropGen.Pictures;

/// <summary>
/// A Hinton diagram, the picture of weights used in Rumelhart, Hinton &amp; Williams (1986): each weight is a square
/// on a grey background, <b>white when positive and black when negative</b>, its <b>area proportional to the
/// weight's magnitude</b>. The diagram is made of blocks (typically one per unit, showing the weights coming into it),
/// each a grid of rows × columns, laid out left to right, <see cref="BlocksPerRow"/> to a row. It is written as SVG.
/// </summary>
/// <remarks>
/// <para>The same diagram always gives the same bytes: numbers are written in invariant culture, rounded to two
/// decimals.</para>
/// <para>Every square is an SVG <c>rect</c> with <c>class="positive"</c> (fill <see cref="PositiveFill"/>) or
/// <c>class="negative"</c> (fill <see cref="NegativeFill"/>) and a tooltip giving its value; a weight of exactly 0 is a
/// positive square of no area. A cell set to <see cref="double.NaN"/> (the default) stays empty: no square.</para>
/// </remarks>
/// <example>
/// The weights into two hidden units of a 6-2-1 network, with their biases:
/// <code>
/// var diagram = new HintonDiagram("Mirror symmetry: weights into the hidden units");
/// for (int j = 0; j &lt; 2; j++)
/// {
///     HintonBlock block = diagram.AddBlock($"hidden unit {j + 1}", rows: 1, columns: 7);
///     for (int i = 0; i &lt; 6; i++) block[0, i] = net.HiddenWeight(j, i);
///     block[0, 6] = net.HiddenBiases[j];
/// }
/// diagram.Save("symmetry.svg");
/// </code>
/// </example>
public sealed class HintonDiagram
{
    /// <summary>The fill of a square for a positive weight (white).</summary>
    public const string PositiveFill = "#ffffff";

    /// <summary>The fill of a square for a negative weight (black).</summary>
    public const string NegativeFill = "#000000";

    /// <summary>The fill of a block's background (mid grey).</summary>
    public const string BackgroundFill = "#808080";

    private const double Margin = 16;
    private const double TitleSize = 16;
    private const double TextSize = 12;
    private const double SmallSize = 10;
    private const double BlockGap = 18;

    private readonly List<HintonBlock> _blocks = new();
    private int _blocksPerRow = 1;
    private double _cellSize = 24;
    private double? _scale;

    /// <summary>Creates an empty diagram.</summary>
    /// <param name="title">The title written at the top (and the SVG's title).</param>
    public HintonDiagram(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        Title = title;
    }

    /// <summary>The title written at the top.</summary>
    public string Title { get; }

    /// <summary>Lines of text written under the title, e.g. what the rows and columns are; none by default.</summary>
    public IList<string> Caption { get; } = new List<string>();

    /// <summary>How many blocks go side by side before a new row of blocks starts; 1 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int BlocksPerRow
    {
        get => _blocksPerRow;
        set => _blocksPerRow = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "At least one block per row.");
    }

    /// <summary>The side of a cell in pixels; a weight of magnitude <see cref="Scale"/> fills 92 % of it. 24 by default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
    public double CellSize
    {
        get => _cellSize;
        set => _cellSize = double.IsFinite(value) && value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The cell size must be positive.");
    }

    /// <summary>
    /// The magnitude drawn as a full square; the largest |w| in the diagram when <see langword="null"/> (the
    /// default). Larger magnitudes are drawn as a full square.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
    public double? Scale
    {
        get => _scale;
        set => _scale = value is null || (double.IsFinite(value.Value) && value.Value > 0) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "The scale must be positive.");
    }

    /// <summary>Whether each weight's value is also written, under its square. <see langword="false"/> by default.</summary>
    public bool ShowValues { get; set; }

    /// <summary>The blocks, in the order they are drawn.</summary>
    public IReadOnlyList<HintonBlock> Blocks => _blocks;

    /// <summary>Adds a block of <paramref name="rows"/> × <paramref name="columns"/> empty cells and returns it to fill in.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is less than 1.</exception>
    public HintonBlock AddBlock(string title, int rows, int columns)
    {
        var block = new HintonBlock(title, rows, columns);
        _blocks.Add(block);
        return block;
    }

    /// <summary>The number of squares the diagram draws: one per cell that is not NaN.</summary>
    public int SquareCount
    {
        get
        {
            int count = 0;
            foreach (HintonBlock block in _blocks)
            {
                count += block.ValueCount;
            }

            return count;
        }
    }

    /// <summary>The magnitude drawn as a full square: <see cref="Scale"/>, or the largest |w| (1 when every cell is empty or 0).</summary>
    public double EffectiveScale
    {
        get
        {
            if (_scale is double scale)
            {
                return scale;
            }

            double largest = 0;
            foreach (HintonBlock block in _blocks)
            {
                largest = Math.Max(largest, block.LargestMagnitude);
            }

            return largest > 0 ? largest : 1;
        }
    }

    /// <summary>Writes the diagram as an SVG document.</summary>
    /// <exception cref="InvalidOperationException">The diagram has no blocks.</exception>
    public string ToSvg()
    {
        if (_blocks.Count == 0)
        {
            throw new InvalidOperationException("A Hinton diagram needs at least one block.");
        }

        double scale = EffectiveScale;
        double valueHeight = ShowValues ? SmallSize + 4 : 0;
        double cellHeight = _cellSize + valueHeight;

        // Measure every block: row labels on the left, the title above, column labels (turned 60°) below.
        int count = _blocks.Count;
        var widths = new double[count];
        var heights = new double[count];
        var labelWidths = new double[count];
        for (int b = 0; b < count; b++)
        {
            HintonBlock block = _blocks[b];

            // Room on the left for the row labels, or for column labels that lean out past the first column.
            labelWidths[b] = Math.Max(block.RowLabelWidth(SmallSize), block.ColumnLabelOverhang(SmallSize, _cellSize));
            double columnLabels = block.ColumnLabelHeight(SmallSize);
            widths[b] = Math.Max(labelWidths[b] + (block.Columns * _cellSize), SvgWriter.TextWidth(block.Title, TextSize));
            heights[b] = TextSize + 6 + (block.Rows * cellHeight) + columnLabels;
        }

        int gridColumns = Math.Min(_blocksPerRow, count);
        int gridRows = (count + gridColumns - 1) / gridColumns;

        // Blocks in one column of the layout share their left label space, so that their grids line up.
        for (int c = 0; c < gridColumns; c++)
        {
            double shared = 0;
            for (int b = c; b < count; b += gridColumns)
            {
                shared = Math.Max(shared, labelWidths[b]);
            }

            for (int b = c; b < count; b += gridColumns)
            {
                widths[b] += shared - labelWidths[b];
                labelWidths[b] = shared;
            }
        }

        var columnWidth = new double[gridColumns];
        var rowHeight = new double[gridRows];
        for (int b = 0; b < count; b++)
        {
            columnWidth[b % gridColumns] = Math.Max(columnWidth[b % gridColumns], widths[b]);
            rowHeight[b / gridColumns] = Math.Max(rowHeight[b / gridColumns], heights[b]);
        }

        double top = Margin + TitleSize + 4 + (Caption.Count * (TextSize + 4)) + 8;
        double width = Margin;
        foreach (double w in columnWidth)
        {
            width += w + BlockGap;
        }

        width = Math.Max(width - BlockGap + Margin, (2 * Margin) + SvgWriter.TextWidth(Title, TitleSize));
        double legendTop = top;
        foreach (double h in rowHeight)
        {
            legendTop += h + BlockGap;
        }

        string legend = $"white = positive, black = negative; area ∝ |w|; a full square is |w| = {SvgWriter.Number(scale)}";
        width = Math.Max(width, (2 * Margin) + SvgWriter.TextWidth(legend, SmallSize));
        foreach (string line in Caption)
        {
            width = Math.Max(width, (2 * Margin) + SvgWriter.TextWidth(line, TextSize));
        }

        double height = legendTop + SmallSize + Margin;

        var svg = new SvgWriter(width, height, Title);
        svg.Rectangle(0, 0, width, height, "#ffffff", "page");
        svg.Text(Margin, Margin + TitleSize - 2, Title, TitleSize, weight: "bold");
        for (int line = 0; line < Caption.Count; line++)
        {
            svg.Text(Margin, Margin + TitleSize + 4 + ((line + 1) * (TextSize + 4)) - 2, Caption[line], TextSize);
        }

        double y = top;
        for (int r = 0; r < gridRows; r++)
        {
            double x = Margin;
            for (int c = 0; c < gridColumns && (r * gridColumns) + c < count; c++)
            {
                int b = (r * gridColumns) + c;
                DrawBlock(svg, _blocks[b], x, y, labelWidths[b], cellHeight, scale);
                x += columnWidth[c] + BlockGap;
            }

            y += rowHeight[r] + BlockGap;
        }

        svg.Text(Margin, legendTop + SmallSize - 2, legend, SmallSize, fill: "#333333");
        return svg.Finish();
    }

    /// <summary>Writes the SVG document to <paramref name="path"/> (UTF-8, no byte-order mark), creating its directory if needed.</summary>
    public void Save(string path) => SvgFile.Write(path, ToSvg());

    private void DrawBlock(SvgWriter svg, HintonBlock block, double x, double y, double labelWidth, double cellHeight, double scale)
    {
        svg.BeginGroup("block");
        svg.Text(x, y + TextSize - 2, block.Title, TextSize, weight: "bold");
        double gridLeft = x + labelWidth;
        double gridTop = y + TextSize + 6;
        svg.Rectangle(gridLeft, gridTop, block.Columns * _cellSize, block.Rows * cellHeight, BackgroundFill, "background");
        for (int row = 0; row < block.Rows; row++)
        {
            double rowTop = gridTop + (row * cellHeight);
            if (block.RowLabels[row] is string rowLabel)
            {
                svg.Text(gridLeft - 4, rowTop + (_cellSize / 2) + (SmallSize / 3), rowLabel, SmallSize, "end");
            }

            for (int column = 0; column < block.Columns; column++)
            {
                double value = block[row, column];
                if (double.IsNaN(value))
                {
                    continue;
                }

                double side = 0.92 * _cellSize * Math.Sqrt(Math.Min(Math.Abs(value) / scale, 1));
                double centreX = gridLeft + ((column + 0.5) * _cellSize);
                double centreY = rowTop + (_cellSize / 2);
                bool negative = value < 0;
                string tooltip = block.Tooltips[row, column] is string t ? $"{t}: {FormatValue(value)}" : FormatValue(value);
                svg.Rectangle(centreX - (side / 2), centreY - (side / 2), side, side,
                    negative ? NegativeFill : PositiveFill, negative ? "negative" : "positive", tooltip);
                if (ShowValues)
                {
                    svg.Text(centreX, rowTop + _cellSize + SmallSize, FormatValue(value), SmallSize - 1, "middle", "#ffffff");
                }
            }
        }

        double labelTop = gridTop + (block.Rows * cellHeight) + 4;
        for (int column = 0; column < block.Columns; column++)
        {
            if (block.ColumnLabels[column] is string columnLabel)
            {
                double labelX = gridLeft + ((column + 0.5) * _cellSize) + (SmallSize / 3);
                svg.Text(labelX, labelTop, columnLabel, SmallSize, "end", rotate: -60);
            }
        }

        svg.EndGroup();
    }

    private static string FormatValue(double value) =>
        value.ToString(Math.Abs(value) >= 10 ? "0.0" : "0.00", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>One block of a <see cref="HintonDiagram"/>: a titled grid of weights, with optional row and column labels.</summary>
public sealed class HintonBlock
{
    private readonly double[,] _values;

    internal HintonBlock(string title, int rows, int columns)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (rows < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), rows, "A block has at least one row.");
        }

        if (columns < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), columns, "A block has at least one column.");
        }

        Title = title;
        Rows = rows;
        Columns = columns;
        _values = new double[rows, columns];
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                _values[r, c] = double.NaN;
            }
        }

        RowLabels = new string?[rows];
        ColumnLabels = new string?[columns];
        Tooltips = new string?[rows, columns];
    }

    /// <summary>The title written above the block.</summary>
    public string Title { get; }

    /// <summary>The number of rows.</summary>
    public int Rows { get; }

    /// <summary>The number of columns.</summary>
    public int Columns { get; }

    /// <summary>A label for each row, written to its left (<see langword="null"/> for none).</summary>
    public string?[] RowLabels { get; }

    /// <summary>A label for each column, written under the block, turned 60° (<see langword="null"/> for none).</summary>
    public string?[] ColumnLabels { get; }

    /// <summary>A name for each cell, shown with its value when the pointer rests on its square (<see langword="null"/> for none).</summary>
    public string?[,] Tooltips { get; }

    /// <summary>The weight drawn in a cell; <see cref="double.NaN"/> (the default) leaves the cell empty.</summary>
    /// <exception cref="IndexOutOfRangeException">The row or column is outside the block.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The value is infinite.</exception>
    public double this[int row, int column]
    {
        get => _values[row, column];
        set => _values[row, column] = double.IsInfinity(value)
            ? throw new ArgumentOutOfRangeException(nameof(value), value, "A weight to draw must be finite (or NaN for an empty cell).")
            : value;
    }

    /// <summary>Sets a whole row from <paramref name="values"/>, starting at column <paramref name="firstColumn"/>.</summary>
    /// <exception cref="ArgumentException">The values do not fit in the row.</exception>
    public void SetRow(int row, ReadOnlySpan<double> values, int firstColumn = 0)
    {
        if ((uint)row >= (uint)Rows)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The block has {Rows} rows.");
        }

        if (firstColumn < 0 || firstColumn + values.Length > Columns)
        {
            throw new ArgumentException($"{values.Length} values from column {firstColumn} do not fit in {Columns} columns.", nameof(values));
        }

        for (int k = 0; k < values.Length; k++)
        {
            this[row, firstColumn + k] = values[k];
        }
    }

    internal int ValueCount
    {
        get
        {
            int count = 0;
            foreach (double value in _values)
            {
                count += double.IsNaN(value) ? 0 : 1;
            }

            return count;
        }
    }

    internal double LargestMagnitude
    {
        get
        {
            double largest = 0;
            foreach (double value in _values)
            {
                if (!double.IsNaN(value))
                {
                    largest = Math.Max(largest, Math.Abs(value));
                }
            }

            return largest;
        }
    }

    internal double RowLabelWidth(double size)
    {
        double width = 0;
        foreach (string? label in RowLabels)
        {
            if (label is not null)
            {
                width = Math.Max(width, SvgWriter.TextWidth(label, size) + 6);
            }
        }

        return width;
    }

    /// <summary>How far turned column labels reach left of the grid's left edge.</summary>
    internal double ColumnLabelOverhang(double size, double cellSize)
    {
        double overhang = 0;
        for (int column = 0; column < Columns; column++)
        {
            if (ColumnLabels[column] is string label)
            {
                // Text turned 60° from the horizontal reaches cos 60° of its length to the left of its end.
                overhang = Math.Max(overhang, (SvgWriter.TextWidth(label, size) * 0.5) - ((column + 0.5) * cellSize));
            }
        }

        return overhang;
    }

    internal double ColumnLabelHeight(double size)
    {
        double length = 0;
        foreach (string? label in ColumnLabels)
        {
            if (label is not null)
            {
                length = Math.Max(length, SvgWriter.TextWidth(label, size));
            }
        }

        // Text turned 60° from the horizontal rises sin 60° of its length.
        return length > 0 ? (length * 0.87) + size + 4 : 0;
    }
}

/// <summary>Writes picture files.</summary>
internal static class SvgFile
{
    public static void Write(string path, string svg)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, svg, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }
}
