using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Softmax, the layer-wide activation: y_j = e^(x_j − m) / Σ_k e^(x_k − m) with m = max_k x_k, so that no e^x
        /// overflows (the largest is e^0 = 1) and the sum is at least 1. Written once every x_j of the layer is known:
        /// in a pass cut into parts, by the layer's last forward part (the units are then in spans).
        /// </summary>
        private static void EmitSoftmax(SourceWriter w, Types t, UnitStore units, LayerModel layer, int to, bool unrolled)
        {
            const string Equation = "// y_j = e^(x_j − m) / Σ_k e^(x_k − m), m = max_k x_k (softmax over the layer; subtracting the largest x_k keeps every e^x ≤ 1)";
            if (to < layer.Size)
            {
                w.Line("// y_j: softmax over the whole layer, in its last part");
                return;
            }

            string max = "max_" + layer.Name;
            string sum = "sum_" + layer.Name;
            w.Line(Equation);
            if (unrolled)
            {
                w.Line(t.Local + " " + max + " = " + units.Ref("x", layer, 0) + ";");
                for (int j = 1; j < layer.Size; j++)
                {
                    w.Line(max + " = " + t.Max(max, units.Ref("x", layer, j)) + ";");
                }

                for (int j = 0; j < layer.Size; j++)
                {
                    w.Line(units.Define(t, "y", layer, j) + " = " + t.Exp(units.Ref("x", layer, j) + " - " + max) + ";");
                }

                WriteSum(w, t.Local + " " + sum + " = ", Enumerable.Range(0, layer.Size).Select(j => units.Ref("y", layer, j)).ToList(), " + ", ";");
                for (int j = 0; j < layer.Size; j++)
                {
                    w.Line(units.Ref("y", layer, j) + " /= " + sum + ";");
                }

                return;
            }

            string x = SpanName("x", layer);
            string y = SpanName("y", layer);
            w.Line(t.Local + " " + max + " = " + x + "[0];");
            w.Line("for (int j = 1; j < " + layer.Size + "; j++)");
            w.OpenBrace();
            w.Line(max + " = " + t.Max(max, x + "[j]") + ";");
            w.CloseBrace();
            w.Line(t.Local + " " + sum + " = " + t.Constant(0) + ";");
            w.Line("for (int j = 0; j < " + layer.Size + "; j++)");
            w.OpenBrace();
            w.Line(y + "[j] = " + t.Exp(x + "[j] - " + max) + ";");
            w.Line(sum + " += " + y + "[j];");
            w.CloseBrace();
            w.Line("for (int j = 0; j < " + layer.Size + "; j++)");
            w.OpenBrace();
            w.Line(y + "[j] /= " + sum + ";");
            w.CloseBrace();
        }
    }
}
