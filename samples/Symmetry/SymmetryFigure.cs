using BackpropGen.Pictures;

namespace Symmetry;

/// <summary>The paper's Fig. 1, the learned weights of the symmetry net, as a Hinton diagram with the values written in.</summary>
public static class SymmetryFigure
{
    /// <summary>
    /// One block per hidden unit (its weights from x1 … x6, then its bias) and one for the output unit (its weights
    /// from the two hidden units, then its bias), every value written under its square.
    /// </summary>
    public static HintonDiagram Weights(SymmetryRun run)
    {
        var solution = new Solution(run.Net);
        string outcome = run.Solved ? $"solved after {run.Sweeps:N0} sweeps" : $"not solved after {run.Sweeps:N0} sweeps";
        var diagram = new HintonDiagram($"Mirror symmetry: learned weights (seed {run.Seed}, {outcome}; paper: 1,425)")
        {
            ShowValues = true,
            CellSize = 36,
            BlocksPerRow = 2,
        };
        diagram.Caption.Add("The paper's Fig. 1: each hidden unit gives mirror positions weights of equal size and opposite sign, the three");
        diagram.Caption.Add("pairs in ratio 1 : 2 : 4 (in some order). A symmetric input sums to 0, so the negative biases leave both hidden");
        diagram.Caption.Add("units off and the output's positive bias turns it on; any asymmetric input turns a hidden unit on and the output off.");
        for (int j = 0; j < 2; j++)
        {
            HiddenUnit h = solution.Hidden[j];
            HintonBlock block = diagram.AddBlock($"hidden unit {j + 1}: ratio 1 : {h.Ratios[1]:0.0} : {h.Ratios[2]:0.0}", 1, 8);
            block.SetRow(0, h.Weights);
            block[0, 7] = h.Bias;
            for (int i = 0; i < 6; i++)
            {
                block.ColumnLabels[i] = $"x{i + 1}";
                block.Tooltips[0, i] = $"x{i + 1} → hidden {j + 1}";
            }

            block.ColumnLabels[7] = "bias";
            block.Tooltips[0, 7] = $"bias of hidden {j + 1}";
        }

        HintonBlock output = diagram.AddBlock("output unit", 1, 4);
        output[0, 0] = solution.Hidden[0].OutputWeight;
        output[0, 1] = solution.Hidden[1].OutputWeight;
        output[0, 3] = solution.OutputBias;
        output.ColumnLabels[0] = "hidden 1";
        output.ColumnLabels[1] = "hidden 2";
        output.ColumnLabels[3] = "bias";
        output.Tooltips[0, 0] = "hidden 1 → output";
        output.Tooltips[0, 1] = "hidden 2 → output";
        output.Tooltips[0, 3] = "bias of the output";
        return diagram;
    }
}
