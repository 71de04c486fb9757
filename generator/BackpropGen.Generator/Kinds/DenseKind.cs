using System;
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
        /// The dense layer, the paper's: x_j = Σ_i y_i w_ji (+ b_j). Its block holds w_ji row by row (row j = unit j,
        /// column i = unit i of its sources concatenated), then b_j. It sends δ_j w_ji back to unit i of its sources.
        /// </summary>
        internal sealed class DenseKind : LayerKind
        {
            public override string Name => "dense";

            public override string AttributeName => "BackpropGen.DenseAttribute";

            public override string AttributeShortName => "Dense";

            public override long ParameterCount(int size, long fanIn, bool bias) => (fanIn * size) + (bias ? size : 0);

            public override ParameterBlockModel Layout(string layer, int size, int fanIn, bool bias, int offset) =>
                new(layer, offset, size, fanIn, bias);

            public override string Topology(LayerModel layer) =>
                "dense " + layer.Name + "[" + layer.Size + "] " + layer.Activation.ToString().ToLowerInvariant() +
                (layer.HasBias ? " bias" : " nobias") + " <- " + string.Join(",", layer.Sources);

            public override int ForwardTerms(LayerModel layer) => layer.FanIn + (layer.HasBias ? 1 : 0);

            public override int GradientTerms(LayerModel layer) => 2 * (layer.FanIn + (layer.HasBias ? 1 : 0));

            public override int ReaderTerms(LayerModel layer) => layer.Size;

            public override string ParameterRange(LayerModel layer) =>
                "w_ji at [" + layer.WeightOffset + ", " + (layer.WeightOffset + layer.WeightCount) + ")" +
                (layer.HasBias ? ", b_j at [" + layer.BiasOffset + ", " + (layer.BiasOffset + layer.Size) + ")" : "");

            public override string ReaderEquation => "Σ_j δ_j w_ji";

            public override IEnumerable<(string Comment, int Start, int Count)> ParameterRuns(LayerModel layer)
            {
                for (int j = 0; j < layer.Size; j++)
                {
                    yield return (layer.Name + ": w_" + j + "i, i = 0.." + (layer.FanIn - 1) + " (at " + (layer.WeightOffset + (j * layer.FanIn)) + ")", layer.WeightOffset + (j * layer.FanIn), layer.FanIn);
                }

                if (layer.HasBias)
                {
                    yield return (layer.Name + ": b_j, j = 0.." + (layer.Size - 1) + " (at " + layer.BiasOffset + ")", layer.BiasOffset, layer.Size);
                }
            }

            public override string SummaryLine(LayerModel layer, int width) =>
                "dense  " + layer.Name.PadRight(width) + Units(layer.Size).PadRight(10) + ActivationName(layer.Activation).PadRight(9) +
                (layer.HasBias ? "bias     " : "no bias  ") + "← " + string.Join(" + ", layer.Sources) + " (fan-in " + layer.FanIn + "); " + ParameterRange(layer);

            internal override void EmitAccessors(SourceWriter w, LayerModel layer, string T)
            {
                string span = Global.Span + "<" + T + ">";
                string sources = string.Join(" + ", layer.Sources);
                w.Line("/// <summary>Layer " + layer.Name + "'s weights w_ji, " + layer.Size + " × " + layer.FanIn + " row by row (j: unit of " + layer.Name +
                    ", i: unit of " + sources + "), at [" + layer.WeightOffset + ", " + (layer.WeightOffset + layer.WeightCount) + ") of <see cref=\"Parameters\"/>.</summary>");
                w.Line("public " + span + " " + GeneratedNames.Weights(layer.Name) + " => new " + span + "(_parameters, " + layer.WeightOffset + ", " + layer.WeightCount + ");");
                w.Line();
                w.Line("/// <summary>The weight w_ji from unit <paramref name=\"i\"/> of " + sources + " to unit <paramref name=\"j\"/> of layer " + layer.Name + ".</summary>");
                w.Line("/// <exception cref=\"" + Global.ArgumentOutOfRangeException + "\">j is not in [0, " + layer.Size + ") or i is not in [0, " + layer.FanIn + ").</exception>");
                w.Line("public ref " + T + " " + GeneratedNames.Weight(layer.Name) + "(int j, int i)");
                w.OpenBrace();
                w.Line("if ((uint)j >= " + layer.Size + "u) throw new " + Global.ArgumentOutOfRangeException + "(nameof(j), j, \"Layer " + layer.Name + " has " + Units(layer.Size) + ".\");");
                w.Line("if ((uint)i >= " + layer.FanIn + "u) throw new " + Global.ArgumentOutOfRangeException + "(nameof(i), i, \"Layer " + layer.Name + " reads " + Units(layer.FanIn) + ".\");");
                w.Line("return ref _parameters[" + layer.WeightOffset + " + j * " + layer.FanIn + " + i];");
                w.CloseBrace();
                w.Line();
                if (layer.HasBias)
                {
                    w.Line("/// <summary>Layer " + layer.Name + "'s biases b_j, at [" + layer.BiasOffset + ", " + (layer.BiasOffset + layer.Size) + ") of <see cref=\"Parameters\"/>.</summary>");
                    w.Line("public " + span + " " + GeneratedNames.Biases(layer.Name) + " => new " + span + "(_parameters, " + layer.BiasOffset + ", " + layer.Size + ");");
                    w.Line();
                }
            }

            internal override void EmitSums(SourceWriter w, NetworkModel m, Types t, UnitStore units, LayerModel layer, bool unrolled, int from, int to, bool grouped, Func<int, string> weight)
            {
                if (t is not LaneTypes && units.DenseKernel(layer))
                {
                    // One pattern, a layer wide enough for vectors: each row w_j· along vectors, four rows at a time, one call.
                    w.Line((layer.HasBias ? "// x_j = Σ_i y_i w_ji + b_j" : "// x_j = Σ_i y_i w_ji") + ", each row along vectors, four rows at a time (fused multiply-adds)");
                    w.Line(Global.ForwardKernels + ".Dense(w.Slice(" + layer.WeightOffset + ", " + layer.WeightCount + "), " + layer.FanIn + ", " + SourceSegments(m, layer)[0].Span + ", " +
                        (layer.HasBias ? "w.Slice(" + layer.BiasOffset + ", " + layer.Size + ")" : "default") + ", " + SpanName("x", layer) + ");");
                    return;
                }

                w.Line(layer.HasBias ? "// x_j = Σ_i y_i w_ji + b_j" : "// x_j = Σ_i y_i w_ji");
                if (!unrolled && t is not LaneTypes)
                {
                    // One pattern: the bias (or 0), then every source's rows four at a time, each load of y_i serving four rows.
                    string xs = SpanName("x", layer) + ".Slice(0, " + layer.Size + ")";
                    w.Line("for (int j = 0; j < " + layer.Size + "; j++)");
                    w.OpenBrace();
                    w.Line(SpanName("x", layer) + "[j] = " + (layer.HasBias ? "w[" + layer.BiasOffset + " + j]" : t.Constant(0)) + ";");
                    w.CloseBrace();
                    foreach ((int column, int size, string span) in SourceSegments(m, layer))
                    {
                        w.Line(Global.Kernels + ".DotRows(w.Slice(" + (layer.WeightOffset + column) + "), " + layer.FanIn + ", " + span + ", " + xs + ");");
                    }

                    return;
                }

                if (!unrolled)
                {
                    w.Line("for (int j = 0; j < " + layer.Size + "; j++)");
                    w.OpenBrace();
                    w.Line(t.Local + " x = " + (layer.HasBias ? t.Broadcast("w[" + layer.BiasOffset + " + j]") : t.Constant(0)) + ";");
                    foreach ((int column, int size, string span) in SourceSegments(m, layer))
                    {
                        w.Line("x += " + Global.Kernels + ".Dot(w.Slice(" + Row(layer, "j", column) + ", " + size + "), " + span + ");");
                    }

                    w.Line(SpanName("x", layer) + "[j] = x;");
                    w.CloseBrace();
                    return;
                }

                List<string> sources = SourceUnits(m, layer, units);
                if (t is LaneTypes lanes)
                {
                    // Across patterns: fused multiply–adds, several rows at a time (the lane dialect's shape of the same sums).
                    lanes.WriteRowSums(w, sources, from, to, j => GeneratedNames.Local("x", layer.Name, j), units.InSpan(layer) ? j => units.Ref("x", layer, j) : null,
                        (j, i) => weight(layer.WeightOffset + (j * layer.FanIn) + i), layer.HasBias ? j => weight(layer.BiasOffset + j) : null);
                    return;
                }

                for (int j = from; j < to; j++)
                {
                    var terms = new List<string>(layer.FanIn + 1);
                    for (int i = 0; i < layer.FanIn; i++)
                    {
                        terms.Add(sources[i] + " * " + weight(layer.WeightOffset + (j * layer.FanIn) + i));
                    }

                    if (layer.HasBias)
                    {
                        terms.Add(t.Broadcast(weight(layer.BiasOffset + j)));
                    }

                    if (grouped && terms.Count > 2 * TermsPerLine)
                    {
                        WriteGroupedSum(w, units.Define(t, "x", layer, j) + " = ", terms);
                    }
                    else
                    {
                        WriteSum(w, units.Define(t, "x", layer, j) + " = ", terms, " + ", ";");
                    }
                }
            }

            internal override IEnumerable<(string Delta, int Weight)> ReaderTerms(UnitStore units, LayerModel reader, int column, int i) =>
                Enumerable.Range(0, reader.Size).Select(j => (units.Ref("delta", reader, j), reader.WeightOffset + (j * reader.FanIn) + column + i));

            internal override void EmitLoopedReader(SourceWriter w, LayerModel reader, int column, int sourceSize, string dEdy)
            {
                w.Line("for (int j = 0; j < " + reader.Size + "; j++)");
                w.OpenBrace();
                w.Line(Global.Kernels + ".AddScaled(" + dEdy + ", " + SpanName("delta", reader) + "[j], w.Slice(" + Row(reader, "j", column) + ", " + sourceSize + "));");
                w.CloseBrace();
            }

            internal override void EmitGradient(SourceWriter w, NetworkModel m, Types t, UnitStore units, LayerModel layer, bool unrolled, int from, int to)
            {
                if (!unrolled)
                {
                    string delta = SpanName("delta", layer);
                    w.Line("// ∂E/∂w_ji += δ_j · y_i, row by row" + (layer.HasBias ? "; ∂E/∂b_j += δ_j" : ""));
                    w.Line("for (int j = 0; j < " + layer.Size + "; j++)");
                    w.OpenBrace();
                    foreach ((int column, int size, string span) in SourceSegments(m, layer))
                    {
                        w.Line(Global.Kernels + ".AddScaled(g.Slice(" + Row(layer, "j", column) + ", " + size + "), " + delta + "[j], " + span + ");");
                    }

                    if (layer.HasBias)
                    {
                        w.Line("g[" + layer.BiasOffset + " + j] += " + delta + "[j];");
                    }

                    w.CloseBrace();
                    return;
                }

                string Delta(int j) => units.InSpan(layer) ? GeneratedNames.Local("delta", layer.Name, j) : units.Ref("delta", layer, j);
                if (units.InSpan(layer))
                {
                    // Each δ_j is read once per weight of its row: read it from the span once, into a local.
                    w.Line("// δ_j of these rows");
                    for (int j = from; j < to; j++)
                    {
                        w.Line(t.Local + " " + Delta(j) + " = " + units.Ref("delta", layer, j) + ";");
                    }
                }

                List<string> sources = SourceUnits(m, layer, units);
                if (t is LaneTypes lanes)
                {
                    // Across patterns: source by source, each y_i read once into a register for all the rows (the same
                    // multiply–add for each ∂E/∂w_ji as row by row, so the same sums; one load fewer per weight).
                    lanes.WriteGradientColumns(w, sources, from, to, Delta, (j, i) => units.Gradient(layer.WeightOffset + (j * layer.FanIn) + i));
                }
                else
                {
                    w.Line("// ∂E/∂w_ji += δ_j · y_i");
                    for (int j = from; j < to; j++)
                    {
                        for (int i = 0; i < layer.FanIn; i++)
                        {
                            w.Line(t.AddProduct(units.Gradient(layer.WeightOffset + (j * layer.FanIn) + i), Delta(j), sources[i]));
                        }
                    }
                }

                if (layer.HasBias)
                {
                    w.Line("// ∂E/∂b_j += δ_j");
                    for (int j = from; j < to; j++)
                    {
                        w.Line(units.Gradient(layer.BiasOffset + j) + " += " + Delta(j) + ";");
                    }
                }
            }

            /// <summary>
            /// ∂E/∂w of rows [from, to) of an unrolled layer for two blocks at once, in the lane dialect (the sweep's two
            /// blocks per pass): every unit in spans, block b + 1's prefixed with <paramref name="next"/>.
            /// </summary>
            internal void EmitGradientPair(SourceWriter w, NetworkModel m, LaneTypes t, UnitStore units, LayerModel layer, int from, int to, string next)
            {
                List<string> sources = SourceUnits(m, layer, units);
                t.WriteGradientColumnPairs(w, sources, next, from, to, j => units.Ref("delta", layer, j), j => GeneratedNames.Local("delta", layer.Name, j),
                    (j, i) => units.Gradient(layer.WeightOffset + (j * layer.FanIn) + i), layer.HasBias ? j => units.Gradient(layer.BiasOffset + j) : null);
            }

            /// <summary>Where row <paramref name="j"/> (an expression) of the weights starts, plus a column: <c>8 + j * 4 + 2</c>.</summary>
            private static string Row(LayerModel layer, string j, int column) =>
                layer.WeightOffset + " + " + j + " * " + layer.FanIn + (column == 0 ? "" : " + " + column);
        }
    }
}
