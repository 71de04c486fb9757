using BackpropGen.Pictures;

namespace FamilyTrees;

/// <summary>The paper's Fig. 4, and the features it reads off the person-encoding units.</summary>
public static class Figures
{
    /// <summary>The number of units that encode person 1 (layer personCode).</summary>
    public const int PersonCodeUnits = 6;

    /// <summary>The features the paper found in the person-encoding units, each a value per tree position (0–11).</summary>
    public static IReadOnlyList<(string Name, Func<Person, double> Value)> Features { get; } = new (string, Func<Person, double>)[]
    {
        ("nationality (English +1, Italian −1)", p => p.Tree == "English" ? 1 : -1),
        ("generation (1, 2, 3)", p => p.Position switch { < 4 => 1, < 10 => 2, _ => 3 }),
        ("branch (Christopher's +1, Andrew's −1, their grandchildren 0)", p => p.Position switch
        {
            0 or 1 or 4 or 5 or 6 => 1,
            2 or 3 or 7 or 8 or 9 => -1,
            _ => 0,
        }),
        ("sex (male +1, female −1)", p => p.Sex == Sex.Male ? 1 : -1),
    };

    /// <summary>
    /// The weights from the 24 person units to the 6 person-encoding units, laid out as the paper's Fig. 4: a block per
    /// unit, the 12 English people in the top row and the 12 Italians below them, in the same positions.
    /// </summary>
    public static HintonDiagram PersonEncoding(Trained net, string title)
    {
        var diagram = new HintonDiagram(title) { BlocksPerRow = 2, CellSize = 22 };
        diagram.Caption.Add("Weights from the 24 person-1 input units to the 6 units that encode person 1 (the paper's Fig. 4).");
        diagram.Caption.Add("In each block: English people on top, their Italian counterparts beneath, in the order of the tree drawing.");
        IReadOnlyList<Person> english = Kinship.Trees[0].People;
        IReadOnlyList<Person> italian = Kinship.Trees[1].People;
        for (int j = 0; j < PersonCodeUnits; j++)
        {
            HintonBlock block = diagram.AddBlock($"unit {j + 1}", 2, 12);
            block.RowLabels[0] = "English";
            block.RowLabels[1] = "Italian";
            for (int k = 0; k < 12; k++)
            {
                block[0, k] = net.PersonCodeWeight(j, english[k].Unit);
                block[1, k] = net.PersonCodeWeight(j, italian[k].Unit);
                block.Tooltips[0, k] = $"{english[k].Name} → unit {j + 1}";
                block.Tooltips[1, k] = $"{italian[k].Name} → unit {j + 1}";
                if (j >= 4)
                {
                    block.ColumnLabels[k] = $"{english[k].Name} / {italian[k].Name}";
                }
            }
        }

        return diagram;
    }

    /// <summary>Pearson's correlation of unit <paramref name="unit"/>'s 24 incoming weights with a feature of the people.</summary>
    public static double Correlation(Trained net, int unit, Func<Person, double> feature)
    {
        double[] w = Kinship.People.Select(p => net.PersonCodeWeight(unit, p.Unit)).ToArray();
        double[] f = Kinship.People.Select(feature).ToArray();
        double mw = w.Average(), mf = f.Average();
        double cov = 0, vw = 0, vf = 0;
        for (int k = 0; k < w.Length; k++)
        {
            cov += (w[k] - mw) * (f[k] - mf);
            vw += (w[k] - mw) * (w[k] - mw);
            vf += (f[k] - mf) * (f[k] - mf);
        }

        return vw == 0 || vf == 0 ? 0 : cov / Math.Sqrt(vw * vf);
    }
}
