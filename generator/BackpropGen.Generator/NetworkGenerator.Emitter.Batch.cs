using System;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    // Batch inference: Forward over n patterns, SIMD across patterns (one lane per pattern), for trainable and baked classes.
    internal static partial class Emitter
    {
        /// <summary>
        /// <c>ForwardBatch(inputs, outputs)</c>: n patterns, row by row. With vector math and a Forward that fits one method,
        /// Lanes.Count patterns at a time: each block's inputs gathered into one vector per input unit (the last block padded
        /// with zeros), the forward statements in the lane dialect (every weight broadcast), the outputs scattered back.
        /// Otherwise, and when <paramref name="vectorizeProperty"/> is off, pattern by pattern through Forward (bit for bit).
        /// </summary>
        /// <param name="weight">The baked class's weight expression; null for the trainable class (w[k] over its parameters).</param>
        /// <param name="parametersSpan">The statement that declares the span w (null when nothing reads it).</param>
        private static void EmitForwardBatch(SourceWriter w, NetworkPlan p, Types t, LaneTypes? lanes, bool isStatic, Func<int, string>? weight, string? parametersSpan, CancellationToken cancellationToken)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            string ros = Global.ReadOnlySpan + "<" + T + ">";
            bool simd = lanes is not null && p.ForwardInOneMethod;
            w.Line("/// <summary>");
            w.Line("/// Computes the outputs of <c>n</c> input patterns, row by row (pattern c's input at <c>inputs[c * InputSize..]</c>, its output at");
            w.Line("/// <c>outputs[c * OutputSize..]</c>); allocates nothing. " + (simd
                ? "Where the hardware runs vectors, Vector&lt;T&gt;.Count patterns at a time (SIMD across patterns, the last block padded), within rounding of Forward; else pattern by pattern, equal to Forward bit for bit."
                : "Pattern by pattern through Forward (this network's Forward is too large for the vectorised batch), equal to it bit for bit."));
            w.Line("/// </summary>");
            w.Line("/// <param name=\"inputs\">n patterns of InputSize values each, one after the other.</param>");
            w.Line("/// <param name=\"outputs\">Receives n patterns of OutputSize values each.</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">inputs is not a whole number of patterns, or outputs is not as many patterns long.</exception>");
            w.Line("public " + (isStatic ? "static " : "") + "void ForwardBatch(" + ros + " inputs, " + Global.Span + "<" + T + "> outputs)");
            w.OpenBrace();
            w.Line("if (inputs.Length % InputSize != 0) throw new " + Global.ArgumentException + "(\"Expected whole patterns of \" + InputSize + \" values but got \" + inputs.Length + \" values.\", nameof(inputs));");
            w.Line("int n = inputs.Length / InputSize;");
            w.Line("if (outputs.Length != n * OutputSize) throw new " + Global.ArgumentException + "(\"Expected a span of length \" + (n * OutputSize) + \" (\" + n + \" patterns of \" + OutputSize + \") but got length \" + outputs.Length + \".\", nameof(outputs));");
            if (!simd)
            {
                EmitPatternByPattern(w);
                w.CloseBrace();
                w.Line();
                return;
            }

            string V = lanes!.Local;
            w.Line("if (!" + lanes.LaneMathAlias + ".IsHardwareAccelerated" + (isStatic ? "" : " || !VectorizeAcrossPatterns") + ")");
            w.OpenBrace();
            EmitPatternByPattern(w);
            w.Line("return;");
            w.CloseBrace();
            w.Line();
            var units = new UnitStore(p, spans: true);
            var body = new SourceWriter { Indentation = w.Indentation + 1 };
            foreach (LayerPlan layer in p.Layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EmitForwardRows(body, m, lanes, units, m.Layers[layer.Index], layer, 0, m.Layers[layer.Index].Size, grouped: true, weight: weight);
            }

            w.Line("// input[i]: input unit i of each pattern of the block (lane c: pattern start + c); every unit a vector the same way");
            if (parametersSpan is not null)
            {
                w.Line(parametersSpan);
            }

            w.Line(Global.Span + "<" + V + "> input = stackalloc " + V + "[InputSize];");
            foreach (LayerModel layer in m.Layers)
            {
                w.Line(Global.Span + "<" + V + "> " + SpanName("x", layer) + " = stackalloc " + V + "[" + layer.Size + "];");
                w.Line(Global.Span + "<" + V + "> " + SpanName("y", layer) + " = stackalloc " + V + "[" + layer.Size + "];");
            }

            w.Line(Global.Span + "<" + T + "> lane = stackalloc " + T + "[" + V + ".Count];");
            w.Line("for (int start = 0; start < n; start += " + V + ".Count)");
            w.OpenBrace();
            w.Line("int count = " + Global.Math + ".Min(" + V + ".Count, n - start);");
            w.Line("// The last block's lanes past n hold zeros");
            w.Line("lane.Clear();");
            w.Line("for (int i = 0; i < InputSize; i++)");
            w.OpenBrace();
            w.Line("for (int c = 0; c < count; c++)");
            w.OpenBrace();
            w.Line("lane[c] = inputs[((start + c) * InputSize) + i];");
            w.CloseBrace();
            w.Line();
            w.Line("input[i] = new " + V + "(lane);");
            w.CloseBrace();
            w.Line();
            w.Raw(body.ToString());
            w.Line("// Each pattern's outputs, back in rows");
            w.Line("for (int j = 0; j < OutputSize; j++)");
            w.OpenBrace();
            w.Line(SpanName("y", m.OutputLayer) + "[j].CopyTo(lane);");
            w.Line("for (int c = 0; c < count; c++)");
            w.OpenBrace();
            w.Line("outputs[((start + c) * OutputSize) + j] = lane[c];");
            w.CloseBrace();
            w.CloseBrace();
            w.CloseBrace();
            w.CloseBrace();
            w.Line();
        }

        private static void EmitPatternByPattern(SourceWriter w)
        {
            w.Line("for (int c = 0; c < n; c++)");
            w.OpenBrace();
            w.Line("Forward(inputs.Slice(c * InputSize, InputSize), outputs.Slice(c * OutputSize, OutputSize));");
            w.CloseBrace();
        }
    }
}
