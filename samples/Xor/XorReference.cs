using BackpropGen;

namespace Xor;

/// <summary>The seed script's data and NumPy's numbers (shared/docs/paper-facts.md), for comparison.</summary>
public static class XorReference
{
    /// <summary>The script runs <c>for step in range(10001)</c>.</summary>
    public const int Steps = 10_001;

    /// <summary>NumPy's W1 (row i = input unit, column j = hidden unit: W1[i][j] = w_ji), <c>np.random.seed(42)</c>, randn(2,4)·0.5.</summary>
    public static readonly double[,] W1 =
    {
        { 0.24835707650561634, -0.06913215058559233, 0.32384426905034625, 0.7615149282040127 },
        { -0.11707668736166799, -0.11706847847459027, 0.7896064077536957, 0.3837173645764544 },
    };

    /// <summary>NumPy's W2 (hidden unit j → output), randn(4,1)·0.5.</summary>
    public static readonly double[] W2 = { -0.23473719296747605, 0.27128002179298233, -0.23170884640623113, -0.23286487678512843 };

    /// <summary>The mean squared error NumPy prints at steps 0, 2000, …, 10000.</summary>
    public static readonly double[] MeanSquaredErrors =
    {
        0.2556753002334093, 0.012803667191907184, 0.0026624774598366795, 0.0013494495703280684, 0.000858953322319229, 0.0006159864206646799,
    };

    /// <summary>NumPy's final predictions for [0,0], [0,1], [1,0], [1,1].</summary>
    public static readonly double[] FinalPredictions = { 0.02645518812838396, 0.9753185135026952, 0.9753375753863148, 0.023373077960626314 };

    /// <summary>NumPy's W1 after 10,001 updates.</summary>
    public static readonly double[,] FinalW1 =
    {
        { 6.761135149058359, -1.4210982682231479, -3.2713061915007065, 5.361522247372783 },
        { -3.251802583887579, -1.4283429585002951, 6.800806502040494, 5.35150864382976 },
    };

    /// <summary>NumPy's W2 after 10,001 updates.</summary>
    public static readonly double[] FinalW2 = { -8.72612615054232, -3.1490952475511977, -8.723309252945178, 13.387547515290745 };

    /// <summary>The four XOR cases.</summary>
    public static DataSet<double> Data() => new(
        new double[] { 0, 0, 0, 1, 1, 0, 1, 1 }, 2,
        new double[] { 0, 1, 1, 0 }, 1);

    /// <summary>The initial weights in XorNet's layout: hidden w_ji at j·2 + i, then output w_0j at 8 + j.</summary>
    public static double[] InitialParameters() => ToParameters(W1, W2);

    /// <summary>NumPy's final weights in XorNet's layout.</summary>
    public static double[] FinalParameters() => ToParameters(FinalW1, FinalW2);

    private static double[] ToParameters(double[,] w1, double[] w2)
    {
        var parameters = new double[12];
        for (int j = 0; j < 4; j++)
        {
            for (int i = 0; i < 2; i++)
            {
                parameters[(j * 2) + i] = w1[i, j];
            }

            parameters[8 + j] = w2[j];
        }

        return parameters;
    }
}
