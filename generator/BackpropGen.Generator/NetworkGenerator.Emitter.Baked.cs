using System.Globalization;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        private const int ValuesPerLine = 4;

        /// <summary>
        /// Writes an inference-only network class from its <see cref="BakedNetworkModel"/>: the summary, the
        /// constants and a static Forward whose every weight is a constant (a literal folded into the statement,
        /// or a constant index into a literal array). No parameter buffers, no training, no file access.
        /// The forward statements are the trainable network's (<see cref="EmitForwardLayers"/>); only the
        /// expression that reads a weight differs.
        /// </summary>
        public static string EmitBaked(BakedNetworkModel baked, CancellationToken cancellationToken)
        {
            NetworkModel model = baked.Network;
            var types = new Types(model);
            return EmitFile(model, "[Network], [Input], [Dense] and [BakedWeights]", null, writer => EmitBakedClass(writer, baked, types, cancellationToken));
        }

        private static void EmitBakedClass(SourceWriter w, BakedNetworkModel baked, Types t, CancellationToken cancellationToken)
        {
            NetworkModel m = baked.Network;
            string T = t.Name;
            bool folded = baked.Form == BakedFormKind.FoldedConstants;
            w.Line("/// <summary>");
            w.Line("/// " + Xml(DescribeBaked(baked)));
            w.Line("/// </summary>");
            w.Line("[" + Global.GeneratedCode + "(\"BackpropGen\", \"" + Version + "\")]");
            w.Line("partial " + m.ClassKeyword + " " + m.ClassName);
            w.OpenBrace();

            w.Line("// ┌ Network " + m.NetworkName + ", inference only: parameters baked from " + baked.WeightsFile + " (CRC-32 0x" + baked.Checksum.ToString("X8", CultureInfo.InvariantCulture) + ")");
            int width = m.Inputs.Select(i => i.Name.Length).Concat(m.Layers.Select(l => l.Name.Length)).Max() + 2;
            foreach (InputGroupModel input in m.Inputs)
            {
                w.Line("// │ input  " + input.Name.PadRight(width) + Units(input.Size).PadRight(10) + "input[" + input.Offset + ".." + (input.Offset + input.Size) + ")");
            }

            foreach (LayerModel layer in m.Layers)
            {
                w.Line("// │ " + LayerKinds.Of(layer).SummaryLine(layer, width));
            }

            w.Line("// └ " + Count(m.ParameterCount, "parameter") + " × " + T + (folded
                ? ", each a literal in the statement that uses it"
                : ", in the literal array Parameters (assembly data; no allocation once optimized)"));
            w.Line();

            EmitConstants(w, m,
                "Number of baked parameters, weights and biases.",
                "The network name the baked file was checked against.",
                "The canonical topology the baked file's hash was checked against.");

            if (!folded)
            {
                EmitBakedParameters(w, baked, t);
            }

            cancellationToken.ThrowIfCancellationRequested();
            string ros = Global.ReadOnlySpan + "<" + T + ">";
            w.Line("/// <summary>Computes the output for one input pattern with the baked parameters: fully unrolled, every weight a constant; allocates nothing.</summary>");
            w.Line("/// <param name=\"input\">" + Xml(InputDescription(m)) + "</param>");
            w.Line("/// <param name=\"output\">Receives the " + Units(m.OutputSize) + " of layer " + m.OutputLayer.Name + ".</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">A span's length is not InputSize or OutputSize.</exception>");
            w.Line("public static void Forward(" + ros + " input, " + Global.Span + "<" + T + "> output)");
            w.OpenBrace();
            // The length checks are written out rather than calling BackpropGen.Guard, so a baked network needs
            // nothing from the runtime library when it runs (the attributes are only metadata).
            w.Line("if (input.Length != InputSize) throw new " + Global.ArgumentException + "(\"Expected a span of length \" + InputSize + \" but got length \" + input.Length + \".\", nameof(input));");
            w.Line("if (output.Length != OutputSize) throw new " + Global.ArgumentException + "(\"Expected a span of length \" + OutputSize + \" but got length \" + output.Length + \".\", nameof(output));");
            if (!folded)
            {
                w.Line(ros + " w = Parameters;");
            }

            w.Line();
            if (folded)
            {
                EquatableArray<double> values = baked.Parameters;
                EmitForwardLayers(w, m, t, k => BakedLiteral(t, values[k]), cancellationToken);
            }
            else
            {
                EmitForwardLayers(w, m, t, W, cancellationToken);
            }

            w.Line("// The output layer's y_j");
            for (int j = 0; j < m.OutputSize; j++)
            {
                w.Line("output[" + j + "] = " + UnitStore.AllLocals.Ref("y", m.OutputLayer, j) + ";");
            }

            w.CloseBrace();
            w.CloseBrace();
        }

        /// <summary>The literal array: per layer, w_ji row by row, then b_j, with a comment per row.</summary>
        private static void EmitBakedParameters(SourceWriter w, BakedNetworkModel baked, Types t)
        {
            NetworkModel m = baked.Network;
            w.Line("/// <summary>The baked parameters in the network's layout (per layer, w_ji row by row, then b_j); a view of the assembly's data.</summary>");
            w.Line("public static " + Global.ReadOnlySpan + "<" + t.Name + "> Parameters => new " + t.Name + "[]");
            w.OpenBrace();
            foreach (LayerModel layer in m.Layers.GroupBy(l => l.Block).Select(g => g.First()))
            {
                // Each block once, in the kind's own runs (a comment, then its values).
                foreach ((string comment, int start, int count) in LayerKinds.Of(layer).ParameterRuns(layer))
                {
                    w.Line("// " + comment);
                    WriteValues(w, baked, t, start, count);
                }
            }

            w.CloseBrace(";");
            w.Line();
        }

        private static void WriteValues(SourceWriter w, BakedNetworkModel baked, Types t, int start, int count)
        {
            for (int k = 0; k < count; k += ValuesPerLine)
            {
                w.Line(string.Join(", ", Enumerable.Range(start + k, System.Math.Min(ValuesPerLine, count - k)).Select(index => BakedLiteral(t, baked.Parameters[index]))) + ",");
            }
        }

        /// <summary>A weight as a round-trip literal; NaN and infinities (BPG108 warns of them) as the type's constants.</summary>
        private static string BakedLiteral(Types t, double value)
        {
            string type = Global.System + "." + (t.Name == "double" ? "Double" : "Single");
            return double.IsNaN(value) ? type + ".NaN"
                : double.IsPositiveInfinity(value) ? type + ".PositiveInfinity"
                : double.IsNegativeInfinity(value) ? type + ".NegativeInfinity"
                : t.Literal(value);
        }

        private static string DescribeBaked(BakedNetworkModel baked)
        {
            NetworkModel m = baked.Network;
            string inputs = string.Join(" + ", m.Inputs.Select(i => i.Name + " (" + Units(i.Size) + ")"));
            string layers = string.Join(", ", m.Layers.Select(l => l.Name + " (" + Units(l.Size) + ", " + ActivationName(l.Activation) + (l.HasBias ? "" : ", no bias") + ")"));
            return "Network " + m.NetworkName + ", inference only: inputs " + inputs + "; layers " + layers + "; " +
                Count(m.ParameterCount, "parameter") + " in " + t(m) + " precision, baked from " + baked.WeightsFile +
                " at compile time. The forward pass is generated, fully unrolled, by BackpropGen; there is no training code.";

            static string t(NetworkModel model) => model.Precision == NumericType.Double ? "double" : "float";
        }
    }
}
