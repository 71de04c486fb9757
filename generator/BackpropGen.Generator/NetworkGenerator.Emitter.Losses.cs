using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// The loss seam: what <c>[Network(Loss = …)]</c> changes in the generated code. A loss owns its equations (for
        /// the summary and the comments), the output-error block (E of one pattern, and what the backward pass starts
        /// from at the outputs) and whether that block already gives δ_j = ∂E/∂x_j. The rest of the backward pass reads
        /// δ and ∂E/∂y as the layers' kinds define them and never asks which loss it is.
        /// </summary>
        private abstract class LossWriter
        {
            /// <summary>The loss for <paramref name="kind"/> (one instance each; they hold no state).</summary>
            public static LossWriter For(LossKind kind) => kind switch
            {
                LossKind.CrossEntropy => CrossEntropyLoss.Instance,
                LossKind.BinaryCrossEntropy => BinaryCrossEntropyLoss.Instance,
                _ => SumSquaredErrorLoss.Instance,
            };

            /// <summary>E summed over cases, e.g. <c>E = ½ Σ_c Σ_j (y_j,c − d_j,c)²</c>.</summary>
            public abstract string Equation { get; }

            /// <summary>E of one pattern, e.g. <c>E = ½ Σ_j (y_j − d_j)²</c>.</summary>
            public abstract string PatternEquation { get; }

            /// <summary>The loss in words, after its equation in the summary block.</summary>
            public abstract string Name { get; }

            /// <summary>
            /// Whether the output-error block sets δ_j of the output units itself (a loss matched to its output
            /// activation, where ∂E/∂x_j simplifies to y_j − d_j); otherwise it sets ∂E/∂y_j and the output layer's δ
            /// is the activation's f′ as for any layer.
            /// </summary>
            public abstract bool GivesOutputDelta { get; }

            /// <summary>The pattern's error E into a local <c>error</c>, and ∂E/∂y_j or δ_j of every output unit.</summary>
            public abstract void EmitOutputError(SourceWriter w, NetworkModel m, Types t, UnitStore units, bool unrolled);
        }

        /// <summary>The paper's E = ½ Σ (y − d)²: ∂E/∂y_j = y_j − d_j, then δ_j through the activation's derivative.</summary>
        private sealed class SumSquaredErrorLoss : LossWriter
        {
            public static readonly SumSquaredErrorLoss Instance = new();

            public override string Equation => "E = ½ Σ_c Σ_j (y_j,c − d_j,c)²";

            public override string PatternEquation => "E = ½ Σ_j (y_j − d_j)²";

            public override string Name => "sum of squared errors, the paper's";

            public override bool GivesOutputDelta => false;

            /// <summary>∂E/∂y_j = y_j − d_j at the outputs, and the pattern's E = ½ Σ_j (y_j − d_j)².</summary>
            public override void EmitOutputError(SourceWriter w, NetworkModel m, Types t, UnitStore units, bool unrolled)
            {
                LayerModel output = m.OutputLayer;
                w.Line("// Error at the outputs: ∂E/∂y_j = y_j − d_j" + t.OutputDifferenceNote);
                if (unrolled)
                {
                    for (int j = 0; j < output.Size; j++)
                    {
                        w.Line(units.Define(t, "dEdy", output, j) + " = " + t.OutputDifference(units.Ref("y", output, j), "target[" + j + "]") + ";");
                    }

                    w.Line("// " + PatternEquation);
                    WriteSum(w, t.Local + " error = " + t.Constant(0.5) + " * (", Enumerable.Range(0, output.Size).Select(j => units.Ref("dEdy", output, j) + " * " + units.Ref("dEdy", output, j)).ToList(), " + ", ");");
                }
                else
                {
                    string dEdy = SpanName("dEdy", output);
                    w.Line("for (int j = 0; j < " + output.Size + "; j++)");
                    w.OpenBrace();
                    w.Line(dEdy + "[j] = " + t.OutputDifference(SpanName("y", output) + "[j]", "target[j]") + ";");
                    w.CloseBrace();
                    w.Line("// " + PatternEquation);
                    w.Line(t.Local + " error = " + t.Constant(0) + ";");
                    w.Line("for (int j = 0; j < " + output.Size + "; j++)");
                    w.OpenBrace();
                    w.Line("error += " + dEdy + "[j] * " + dEdy + "[j];");
                    w.CloseBrace();
                    w.Line("error = " + t.Constant(0.5) + " * error;");
                }
            }
        }

        /// <summary>
        /// A loss matched to its output activation so that δ_j = ∂E/∂x_j = y_j − d_j: cross-entropy over softmax and
        /// binary cross-entropy over sigmoid. The two differ only in E and in the derivation written above δ.
        /// </summary>
        private abstract class MatchedLoss : LossWriter
        {
            public override bool GivesOutputDelta => true;

            /// <summary>The lines of the derivation of δ_j = y_j − d_j, each written as a comment.</summary>
            protected abstract string[] Derivation { get; }

            /// <summary>Unit j's term of −E (its sum over j, negated, is the pattern's E).</summary>
            protected abstract string Term(Types t, string y, string d);

            /// <summary>Whether a padding lane (input 0, target 0) would add to E, so the lane dialect masks E too.</summary>
            protected abstract bool PaddingAddsToError { get; }

            public override void EmitOutputError(SourceWriter w, NetworkModel m, Types t, UnitStore units, bool unrolled)
            {
                LayerModel output = m.OutputLayer;
                w.Line("// Error at the outputs: " + PatternEquation + " (" + Name + ")");
                foreach (string line in Derivation)
                {
                    w.Line("// " + line);
                }

                w.Line("// δ_j = ∂E/∂x_j = y_j − d_j" + t.OutputDifferenceNote);
                string mask = PaddingAddsToError ? t.OutputDifferenceNote : "";
                if (unrolled)
                {
                    for (int j = 0; j < output.Size; j++)
                    {
                        w.Line(units.Define(t, "delta", output, j) + " = " + t.OutputDifference(units.Ref("y", output, j), "target[" + j + "]") + ";");
                    }

                    w.Line("// " + PatternEquation + LogNote + mask);
                    List<string> terms = Enumerable.Range(0, output.Size).Select(j => Term(t, units.Ref("y", output, j), "target[" + j + "]")).ToList();
                    WriteSum(w, t.Local + " error = " + (PaddingAddsToError ? t.MaskOpen : "") + "-(", terms, " + ", ")" + (PaddingAddsToError ? t.MaskClose : "") + ";");
                }
                else
                {
                    string y = SpanName("y", output);
                    w.Line("for (int j = 0; j < " + output.Size + "; j++)");
                    w.OpenBrace();
                    w.Line(SpanName("delta", output) + "[j] = " + t.OutputDifference(y + "[j]", "target[j]") + ";");
                    w.CloseBrace();
                    w.Line("// " + PatternEquation + LogNote + mask);
                    w.Line(t.Local + " error = " + t.Constant(0) + ";");
                    w.Line("for (int j = 0; j < " + output.Size + "; j++)");
                    w.OpenBrace();
                    w.Line("error += " + Term(t, y + "[j]", "target[j]") + ";");
                    w.CloseBrace();
                    w.Line("error = " + (PaddingAddsToError ? t.MaskOpen : "") + "-error" + (PaddingAddsToError ? t.MaskClose : "") + ";");
                }
            }

            private const string LogNote = " (ln of its argument raised to at least the least normal number: a y_j that rounded to 0 or 1 gives a large finite E, not ∞ or NaN)";

            /// <summary>ln v, with v raised to the least normal number first.</summary>
            protected static string SafeLog(Types t, string value) => t.Log(t.Max(value, t.Constant(t.LeastNormal)));
        }

        /// <summary>Cross-entropy over a softmax output layer: E = −Σ_j d_j ln y_j, δ_j = y_j − d_j.</summary>
        private sealed class CrossEntropyLoss : MatchedLoss
        {
            public static readonly CrossEntropyLoss Instance = new();

            public override string Equation => "E = −Σ_c Σ_j d_j,c ln y_j,c";

            public override string PatternEquation => "E = −Σ_j d_j ln y_j";

            public override string Name => "cross-entropy over the softmax outputs";

            protected override string[] Derivation => new[]
            {
                "∂E/∂y_k = −d_k / y_k and the softmax's ∂y_k/∂x_j = y_k ([k = j] − y_j), so",
                "∂E/∂x_j = Σ_k (−d_k / y_k) · y_k ([k = j] − y_j) = −d_j + y_j Σ_k d_k, where the targets d_k sum to 1:",
            };

            // A padding lane's targets are 0, so its terms d_j ln y_j are 0.
            protected override bool PaddingAddsToError => false;

            protected override string Term(Types t, string y, string d) => d + " * " + SafeLog(t, y);
        }

        /// <summary>Binary cross-entropy over sigmoid outputs: E = −Σ_j [d_j ln y_j + (1 − d_j) ln(1 − y_j)], δ_j = y_j − d_j.</summary>
        private sealed class BinaryCrossEntropyLoss : MatchedLoss
        {
            public static readonly BinaryCrossEntropyLoss Instance = new();

            public override string Equation => "E = −Σ_c Σ_j [d_j,c ln y_j,c + (1 − d_j,c) ln(1 − y_j,c)]";

            public override string PatternEquation => "E = −Σ_j [d_j ln y_j + (1 − d_j) ln(1 − y_j)]";

            public override string Name => "binary cross-entropy over the sigmoid outputs";

            protected override string[] Derivation => new[]
            {
                "∂E/∂y_j = −d_j / y_j + (1 − d_j) / (1 − y_j) = (y_j − d_j) / (y_j (1 − y_j)) and the sigmoid's f′(x_j) = y_j (1 − y_j), so",
                "∂E/∂x_j = ∂E/∂y_j · y_j (1 − y_j):",
            };

            // A padding lane's target 0 still adds ln(1 − y_j): the lane dialect masks E.
            protected override bool PaddingAddsToError => true;

            protected override string Term(Types t, string y, string d) =>
                d + " * " + SafeLog(t, y) + " + (" + t.Constant(1) + " - " + d + ") * " + SafeLog(t, t.Constant(1) + " - " + y);
        }
    }
}
