using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    // Text: names of spans and units, sums written a few terms a line, equations and names of activations, literals.
    internal static partial class Emitter
    {
        // ------------------------------------------------------------------ names and text

        /// <summary>A span of a layer's units, e.g. ys_hidden (kept apart from the locals y_hidden_0 by the plural).</summary>
        private static string SpanName(string quantity, LayerModel layer) => GeneratedNames.Span(quantity, layer.Name);

        /// <summary>The expressions for the units a layer reads, its sources concatenated in order.</summary>
        private static List<string> SourceUnits(NetworkModel m, LayerModel layer, UnitStore store)
        {
            var units = new List<string>(layer.FanIn);
            foreach (string source in layer.Sources)
            {
                InputGroupModel? input = m.Inputs.FirstOrDefault(g => g.Name == source);
                if (input is not null)
                {
                    units.AddRange(Enumerable.Range(0, input.Size).Select(i => "input[" + (input.Offset + i) + "]"));
                }
                else
                {
                    LayerModel from = m.Layers.First(l => l.Name == source);
                    units.AddRange(Enumerable.Range(0, from.Size).Select(i => store.Ref("y", from, i)));
                }
            }

            return units;
        }

        private static int SourceSize(NetworkModel m, string source) =>
            m.Inputs.FirstOrDefault(g => g.Name == source)?.Size ?? m.Layers.First(l => l.Name == source).Size;

        /// <summary>
        /// A long sum as parenthesized groups of <see cref="TermsPerLine"/> terms, one group a line: the groups are
        /// independent chains of additions, so the processor adds them side by side instead of one term after another
        /// (Forward's latency). The same terms; the rounding of the order (a + b) + (c + d) instead of ((a + b) + c) + d.
        /// </summary>
        private static void WriteGroupedSum(SourceWriter w, string head, List<string> terms)
        {
            // Written piece by piece into the writer: a large layer has thousands of these lines.
            for (int start = 0; start < terms.Count; start += TermsPerLine)
            {
                int end = Math.Min(start + TermsPerLine, terms.Count);
                w.StartLine().Append(start == 0 ? head : "+ ");
                if (end - start == 1)
                {
                    w.Append(terms[start]);
                }
                else
                {
                    w.Append("(");
                    AppendJoined(w, " + ", terms, start, end);
                    w.Append(")");
                }

                if (start > 0 && end == terms.Count)
                {
                    w.Append(";");
                }

                w.EndLine();
                if (start == 0)
                {
                    w.Indentation++;
                }
            }

            w.Indentation--;
        }

        private static void WriteSum(SourceWriter w, string head, List<string> terms, string separator, string tail)
        {
            if (terms.Count <= TermsPerLine)
            {
                if (head.Length == 0 && tail.Length == 0 && (terms.Count == 0 || (terms.Count == 1 && terms[0].Length == 0)))
                {
                    w.Line();
                    return;
                }

                w.StartLine().Append(head);
                AppendJoined(w, separator, terms, 0, terms.Count);
                w.Append(tail).EndLine();
                return;
            }

            string continuation = separator.TrimStart();
            for (int start = 0; start < terms.Count; start += TermsPerLine)
            {
                int end = Math.Min(start + TermsPerLine, terms.Count);
                w.StartLine().Append(start == 0 ? head : continuation);
                AppendJoined(w, separator, terms, start, end);
                if (start > 0 && end == terms.Count)
                {
                    w.Append(tail);
                }

                w.EndLine();
                if (start == 0)
                {
                    w.Indentation++;
                }
            }

            w.Indentation--;
        }

        /// <summary>Appends terms[start..end) with <paramref name="separator"/> between them, as string.Join would.</summary>
        private static void AppendJoined(SourceWriter w, string separator, List<string> terms, int start, int end)
        {
            for (int k = start; k < end; k++)
            {
                if (k > start)
                {
                    w.Append(separator);
                }

                w.Append(terms[k]);
            }
        }

        private static string InputDescription(NetworkModel m) =>
            m.Inputs.Count == 1
                ? "The " + Units(m.InputSize) + " of input " + m.Inputs[0].Name + "."
                : "The " + Units(m.InputSize) + " of every input group, concatenated: " +
                  string.Join(", ", m.Inputs.Select(i => i.Name + " at [" + i.Offset + ", " + (i.Offset + i.Size) + ")")) + ".";

        private static string ForwardEquation(ActivationKind activation) => activation switch
        {
            ActivationKind.Sigmoid => "y_j = 1 / (1 + e^(−x_j))",
            ActivationKind.Tanh => "y_j = tanh(x_j)",
            ActivationKind.ReLU => "y_j = max(0, x_j)",
            ActivationKind.Softmax => "y_j = e^(x_j − max x) / Σ_k e^(x_k − max x)",
            _ => "y_j = x_j",
        };

        private static string DeltaEquation(ActivationKind activation) => activation switch
        {
            ActivationKind.Sigmoid => "∂E/∂y_j · y_j (1 − y_j)",
            ActivationKind.Tanh => "∂E/∂y_j · (1 − y_j²)",
            ActivationKind.ReLU => "∂E/∂y_j · [x_j > 0]",
            _ => "∂E/∂y_j",
        };

        internal static string ActivationName(ActivationKind activation) => activation switch
        {
            ActivationKind.Sigmoid => "sigmoid",
            ActivationKind.Tanh => "tanh",
            ActivationKind.ReLU => "ReLU",
            ActivationKind.Softmax => "softmax",
            _ => "identity",
        };

        private static string Units(int count) => Count(count, "unit");

        private static string Count(int count, string noun) =>
            count.ToString(CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? "" : "s");


        private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        private static string StringLiteral(string text)
        {
            var builder = new System.Text.StringBuilder("\"");
            foreach (char c in text)
            {
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < 32 || c > 126)
                        {
                            builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        }
                        else
                        {
                            builder.Append(c);
                        }

                        break;
                }
            }

            return builder.Append('"').ToString();
        }
    }
}
