using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Xml.Linq;
using BackpropGen.Pictures;
using Xunit;

namespace BackpropGen.Runtime.Tests;

public class HintonDiagramTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void IsWellFormedSvgWithOneSquarePerValueAndABackgroundPerBlock()
    {
        HintonDiagram diagram = TwoBlocks();
        XDocument document = XDocument.Parse(diagram.ToSvg());

        Assert.Equal(Svg + "svg", document.Root!.Name);
        Assert.Equal(11, diagram.SquareCount);
        Assert.Equal(11, Squares(document).Count);
        Assert.Equal(2, document.Descendants(Svg + "rect").Count(r => (string?)r.Attribute("class") == "background"));
        Assert.All(document.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") == "background"),
            r => Assert.Equal(HintonDiagram.BackgroundFill, (string?)r.Attribute("fill")));
    }

    [Fact]
    public void PositiveWeightsAreWhiteAndNegativeWeightsBlack()
    {
        HintonDiagram diagram = TwoBlocks();
        List<XElement> squares = Squares(XDocument.Parse(diagram.ToSvg()));

        // Squares are drawn block by block, row by row; the NaN cell is skipped.
        double[] values = { 1, -0.5, 0.25, -2, 0, 0.5, /* NaN */ 2, -1, 0.125, -0.125, 3 };
        Assert.Equal(values.Length, squares.Count);
        for (int k = 0; k < values.Length; k++)
        {
            bool negative = values[k] < 0;
            Assert.Equal(negative ? "negative" : "positive", (string?)squares[k].Attribute("class"));
            Assert.Equal(negative ? HintonDiagram.NegativeFill : HintonDiagram.PositiveFill, (string?)squares[k].Attribute("fill"));
            Assert.Equal(negative ? "#000000" : "#ffffff", (string?)squares[k].Attribute("fill"));
        }
    }

    [Fact]
    public void AreaIsProportionalToMagnitudeAndSquaresAreCentredInTheirCells()
    {
        var diagram = new HintonDiagram("area") { CellSize = 100 };
        HintonBlock block = diagram.AddBlock("unit", 1, 4);
        block.SetRow(0, new[] { 4.0, -1, 0.25, 0 });
        List<XElement> squares = Squares(XDocument.Parse(diagram.ToSvg()));

        double[] sides = squares.Select(s => Number(s, "width")).ToArray();
        Assert.Equal(squares.Select(s => Number(s, "height")), sides);
        Assert.Equal(92, sides[0], 2);                       // the largest |w| fills 92 % of the cell
        Assert.Equal(92 * Math.Sqrt(1 / 4.0), sides[1], 2);  // area ∝ |w|: side ∝ √|w|
        Assert.Equal(92 * Math.Sqrt(0.25 / 4.0), sides[2], 2);
        Assert.Equal(0, sides[3]);

        double[] centres = squares.Select(s => Number(s, "x") + (Number(s, "width") / 2)).ToArray();
        for (int k = 1; k < centres.Length; k++)
        {
            Assert.Equal(100, centres[k] - centres[k - 1], 2);
        }
    }

    [Fact]
    public void AFixedScaleCapsLargerWeightsAtAFullSquare()
    {
        var diagram = new HintonDiagram("scale") { CellSize = 50, Scale = 1 };
        diagram.AddBlock("unit", 1, 2).SetRow(0, new[] { 10.0, -0.25 });
        List<XElement> squares = Squares(XDocument.Parse(diagram.ToSvg()));
        Assert.Equal(46, Number(squares[0], "width"), 2);
        Assert.Equal(23, Number(squares[1], "width"), 2);
    }

    [Fact]
    public void SameDiagramGivesSameBytesWhateverTheCulture()
    {
        string first = TwoBlocks().ToSvg();
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NegativeSign = "~";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal(first, TwoBlocks().ToSvg());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.DoesNotContain("~", first);
        Assert.DoesNotContain("\"-0\"", first);
    }

    [Fact]
    public void TextIsEscapedAndLabelsAndTooltipsAreWritten()
    {
        var diagram = new HintonDiagram("Weights <in> & \"out\"");
        diagram.Caption.Add("a < b");
        HintonBlock block = diagram.AddBlock("unit 'one'", 2, 2);
        block.RowLabels[0] = "English";
        block.ColumnLabels[1] = "Christopher / Roberto";
        block.Tooltips[0, 0] = "Colin → unit 1";
        block.SetRow(0, new[] { 0.5, -0.5 });
        XDocument document = XDocument.Parse(diagram.ToSvg());

        Assert.Equal("Weights <in> & \"out\"", (string?)document.Root!.Element(Svg + "title"));
        string[] texts = document.Descendants(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains("a < b", texts);
        Assert.Contains("unit 'one'", texts);
        Assert.Contains("English", texts);
        Assert.Contains("Christopher / Roberto", texts);
        Assert.Equal("Colin → unit 1: 0.50", (string?)Squares(document)[0].Element(Svg + "title"));
    }

    [Fact]
    public void ValuesCanBeWrittenUnderTheSquares()
    {
        var diagram = new HintonDiagram("values") { ShowValues = true };
        diagram.AddBlock("unit", 1, 3).SetRow(0, new[] { 14.2, -3.55, 0.004 });
        string[] texts = XDocument.Parse(diagram.ToSvg()).Descendants(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Contains("14.2", texts);
        Assert.Contains("-3.55", texts);
        Assert.Contains("0.00", texts);
    }

    [Fact]
    public void SaveWritesTheDocumentCreatingTheDirectory()
    {
        string directory = Path.Combine(Path.GetTempPath(), "bpg-pictures-" + Guid.NewGuid().ToString("N"));
        string path = Path.Combine(directory, "nested", "hinton.svg");
        try
        {
            HintonDiagram diagram = TwoBlocks();
            diagram.Save(path);
            byte[] bytes = File.ReadAllBytes(path);
            Assert.NotEqual(0xEF, bytes[0]); // no byte-order mark
            Assert.Equal(diagram.ToSvg(), File.ReadAllText(path));
            Assert.Equal(11, Squares(XDocument.Load(path)).Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var diagram = new HintonDiagram("bad");
        Assert.Throws<InvalidOperationException>(() => diagram.ToSvg());
        Assert.Throws<ArgumentOutOfRangeException>(() => diagram.AddBlock("empty", 0, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => diagram.BlocksPerRow = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => diagram.CellSize = double.NaN);
        Assert.Throws<ArgumentOutOfRangeException>(() => diagram.Scale = -1);
        HintonBlock block = diagram.AddBlock("unit", 1, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => block[0, 0] = double.PositiveInfinity);
        Assert.Throws<ArgumentException>(() => block.SetRow(0, new double[3]));
        Assert.Throws<IndexOutOfRangeException>(() => block[1, 0] = 1);
    }

    /// <summary>Two blocks: 2 × 3 with every sign and a zero, and 2 × 3 with one empty (NaN) cell.</summary>
    private static HintonDiagram TwoBlocks()
    {
        var diagram = new HintonDiagram("Two units") { BlocksPerRow = 2 };
        HintonBlock first = diagram.AddBlock("unit 1", 2, 3);
        first.SetRow(0, new[] { 1, -0.5, 0.25 });
        first.SetRow(1, new[] { -2, 0, 0.5 });
        HintonBlock second = diagram.AddBlock("unit 2", 2, 3);
        second.SetRow(0, new[] { double.NaN, 2, -1 });
        second.SetRow(1, new[] { 0.125, -0.125, 3 });
        return diagram;
    }

    private static List<XElement> Squares(XDocument document) =>
        document.Descendants(Svg + "rect").Where(r => (string?)r.Attribute("class") is "positive" or "negative").ToList();

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}

public class ErrorCurveTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void IsWellFormedSvgWithOnePolylinePerSeries()
    {
        ErrorCurve curve = new ErrorCurve("XOR: error per sweep")
            .AddSeries("seed 1", Decay(500, 1.0))
            .AddSeries("seed 2", Decay(800, 2.0))
            .AddSeries("other seeds", Decay(300, 3.0), faint: true)
            .AddSeries("other seeds", Decay(400, 4.0), faint: true)
            .AddMarker(1425, "paper: 1,425 sweeps");
        XDocument document = XDocument.Parse(curve.ToSvg());

        Assert.Equal(Svg + "svg", document.Root!.Name);
        List<XElement> lines = document.Descendants(Svg + "polyline").ToList();
        Assert.Equal(4, lines.Count);
        Assert.Equal(2, lines.Count(l => (string?)l.Attribute("class") == "series faint"));
        Assert.All(lines.Where(l => (string?)l.Attribute("class") == "series faint"), l => Assert.Equal(ErrorCurve.FaintStroke, (string?)l.Attribute("stroke")));
        Assert.Equal(ErrorCurve.Palette[0], (string?)lines.Single(l => (string?)l.Element(Svg + "title") == "seed 1").Attribute("stroke"));
        Assert.Equal(ErrorCurve.Palette[1], (string?)lines.Single(l => (string?)l.Element(Svg + "title") == "seed 2").Attribute("stroke"));

        // Faint series are drawn first, under the others; the legend names "other seeds" once.
        Assert.Equal("series faint", (string?)lines[0].Attribute("class"));
        string[] legend = document.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "legend").Elements(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Equal(new[] { "seed 1", "seed 2", "other seeds" }, legend);
        Assert.Single(document.Descendants(Svg + "line"), l => (string?)l.Attribute("class") == "marker");
    }

    [Fact]
    public void EveryPointIsInsideThePlotAndLaterSweepsAreFurtherRight()
    {
        var curve = new ErrorCurve("curve").AddSeries("run", Decay(1000, 1.0));
        XDocument document = XDocument.Parse(curve.ToSvg());
        XElement plot = document.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "plot");
        double left = Number(plot, "x"), top = Number(plot, "y");
        double right = left + Number(plot, "width"), bottom = top + Number(plot, "height");

        (double X, double Y)[] points = Points(document.Descendants(Svg + "polyline").Single());
        Assert.InRange(points.Length, 500, 1000);
        Assert.All(points, p => Assert.InRange(p.X, left, right));
        Assert.All(points, p => Assert.InRange(p.Y, top, bottom));
        for (int k = 1; k < points.Length; k++)
        {
            Assert.True(points[k].X >= points[k - 1].X);
        }

        // A falling error is a rising line (SVG's y grows downwards).
        Assert.True(points[^1].Y > points[0].Y);
    }

    [Fact]
    public void LongRunsAreThinnedKeepingTheExtremesAndTheLastSweep()
    {
        double[] errors = Enumerable.Range(0, 100_000).Select(k => 10 * Math.Exp(-k / 20_000.0)).ToArray();
        errors[31_337] = 100;   // a spike
        errors[77_777] = 1e-9;  // a dip
        var curve = new ErrorCurve("long") { MaxPointsPerSeries = 200 }.AddSeries("run", errors);
        XDocument document = XDocument.Parse(curve.ToSvg());
        (double X, double Y)[] points = Points(document.Descendants(Svg + "polyline").Single());

        Assert.InRange(points.Length, 100, 200);
        XElement plot = document.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "plot");
        double top = Number(plot, "y"), bottom = top + Number(plot, "height"), right = Number(plot, "x") + Number(plot, "width");
        Assert.Contains(points, p => Math.Abs(p.Y - top) < 0.01);     // the spike reaches the top of the axis (100)
        Assert.Contains(points, p => Math.Abs(p.Y - bottom) < 0.01);  // the dip reaches the foot (1e-9)
        Assert.True(points[^1].X <= right && points[^1].X > right - (Number(plot, "width") / 2));
    }

    [Fact]
    public void AFlatStretchIsDrawnByItsTwoEnds()
    {
        double[] errors = Enumerable.Repeat(4.0, 500).Concat(new[] { 2.0, 1.0 }).Concat(Enumerable.Repeat(0.5, 300)).ToArray();
        XDocument document = XDocument.Parse(new ErrorCurve("plateau").AddSeries("run", errors).ToSvg());
        (double X, double Y)[] points = Points(document.Descendants(Svg + "polyline").Single());
        Assert.Equal(6, points.Length);
        Assert.Equal(points[0].Y, points[1].Y);
        Assert.Equal(points[4].Y, points[5].Y);
        Assert.True(points[1].X > points[0].X && points[5].X > points[4].X);
    }

    [Fact]
    public void ZeroErrorsOnALogarithmicAxisAreDrawnAtTheFoot()
    {
        double[] errors = { 1, 0.1, 0.01, 0, 0 };
        XDocument document = XDocument.Parse(new ErrorCurve("zero").AddSeries("run", errors).ToSvg());
        XElement plot = document.Descendants(Svg + "rect").Single(r => (string?)r.Attribute("class") == "plot");
        double bottom = Number(plot, "y") + Number(plot, "height");
        (double X, double Y)[] points = Points(document.Descendants(Svg + "polyline").Single());
        Assert.Equal(bottom, points[^1].Y, 2);
        Assert.Equal(bottom, points[2].Y, 2);
    }

    [Fact]
    public void ALinearAxisStartsAtZero()
    {
        var curve = new ErrorCurve("linear") { LogarithmicError = false }.AddSeries("run", new[] { 3.0, 2, 1 });
        XDocument document = XDocument.Parse(curve.ToSvg());
        string[] ticks = document.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "y-axis").Elements(Svg + "text").Select(t => t.Value).ToArray();
        Assert.Equal("0", ticks[0]);
        Assert.Contains("3", ticks);
    }

    [Fact]
    public void SameCurveGivesSameBytesWhateverTheCulture()
    {
        string first = new ErrorCurve("curve").AddSeries("run", Decay(300, 1.0)).AddMarker(150, "half").ToSvg();
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            comma.NumberFormat.NumberDecimalSeparator = ",";
            comma.NumberFormat.NumberGroupSeparator = ".";
            CultureInfo.CurrentCulture = comma;
            Assert.Equal(first, new ErrorCurve("curve").AddSeries("run", Decay(300, 1.0)).AddMarker(150, "half").ToSvg());
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void BadInputIsRefused()
    {
        Assert.Throws<InvalidOperationException>(() => new ErrorCurve("empty").ToSvg());
        Assert.Throws<ArgumentException>(() => new ErrorCurve("empty").AddSeries("run", Array.Empty<double>()));
        Assert.Throws<ArgumentException>(() => new ErrorCurve("nan").AddSeries("run", new[] { 1, double.NaN }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErrorCurve("few") { MaxPointsPerSeries = 3 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new ErrorCurve("size") { PlotWidth = 0 });
    }

    /// <summary>An error falling from 10 · <paramref name="scale"/> towards 0.01, one value per sweep.</summary>
    private static double[] Decay(int sweeps, double scale) =>
        Enumerable.Range(0, sweeps).Select(k => (10 * scale * Math.Exp(-k / 100.0)) + 0.01).ToArray();

    private static (double X, double Y)[] Points(XElement polyline) =>
        ((string)polyline.Attribute("points")!).Split(' ')
            .Select(p => p.Split(','))
            .Select(p => (double.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture)))
            .ToArray();

    private static double Number(XElement element, string attribute) =>
        double.Parse((string)element.Attribute(attribute)!, CultureInfo.InvariantCulture);
}
