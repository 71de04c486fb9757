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
        /// a vector of patterns at a time (512-bit lanes where AVX-512 runs, else Vector&lt;T&gt;; <see cref="EmitBatchBlocks"/>):
        /// each block's inputs written into one vector per input unit (the last block padded with zeros), the forward
        /// statements in the lane dialect (every weight broadcast), the outputs read back out.
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
                ? "Where the hardware runs vectors, a vector of patterns at a time (SIMD across patterns: 512-bit vectors where AVX-512 runs and LaneWidth.Allow512, else Vector&lt;T&gt;; the last block padded), within rounding of Forward; else pattern by pattern, equal to Forward bit for bit."
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

            w.Line("if (!" + lanes!.LaneMathAlias + ".IsHardwareAccelerated" + (isStatic ? "" : " || !VectorizeAcrossPatterns") + ")");
            w.OpenBrace();
            EmitPatternByPattern(w);
            w.Line("return;");
            w.CloseBrace();
            w.Line();
            if (parametersSpan is not null)
            {
                w.Line(parametersSpan);
            }

            // The widest lanes the hardware runs: 512 bits (16 floats, 8 doubles) where AVX-512 runs and LaneWidth.Allow512
            // (the switch the training sweeps follow too), else Vector<T>. Each width is a local function of its own (the JIT
            // compiles and optimizes each alone).
            string wArgument = parametersSpan is not null ? ", w" : "";
            var wide = new LaneTypes(m, wide: true);
            w.Line("if (" + wide.LaneMathAlias + ".IsHardwareAccelerated && " + Global.LaneWidth + ".Allow512)");
            w.OpenBrace();
            w.Line("Blocks512(inputs, outputs, n" + wArgument + ");");
            w.Line("return;");
            w.CloseBrace();
            w.Line();
            w.Line("Blocks(inputs, outputs, n" + wArgument + ");");
            foreach (LaneTypes width in new[] { wide, lanes })
            {
                w.Line();
                EmitBatchBlocks(w, p, t, width, weight, parametersSpan is not null, cancellationToken);
            }

            w.CloseBrace();
            w.Line();
        }

        /// <summary>
        /// The block loop at one lane width, as a static local function: each block's inputs written straight into the lanes
        /// of one vector per input unit (lane c: pattern start + c; the last block's lanes past n hold zeros), the forward
        /// rows in the lane dialect (every weight broadcast; sigmoid and tanh through ForwardKernels over the whole layer's
        /// lanes), and each pattern's outputs read back out of the output layer's lanes.
        /// </summary>
        private static void EmitBatchBlocks(SourceWriter w, NetworkPlan p, Types t, LaneTypes lanes, Func<int, string>? weight, bool readsParameters, CancellationToken cancellationToken)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            string V = lanes.Local;
            var units = new UnitStore(p, spans: true, denseKernels: true);
            w.Line("static void Blocks" + lanes.Suffix + "(" + Global.ReadOnlySpan + "<" + T + "> inputs, " + Global.Span + "<" + T + "> outputs, int n" +
                (readsParameters ? ", " + Global.ReadOnlySpan + "<" + T + "> w" : "") + ")");
            w.OpenBrace();
            w.Line("// input[i]: input unit i of each pattern of the block (lane c: pattern start + c); every unit a vector the same way");
            w.Line(Global.Span + "<" + V + "> input = stackalloc " + V + "[InputSize];");
            foreach (LayerModel layer in m.Layers)
            {
                w.Line(Global.Span + "<" + V + "> " + SpanName("x", layer) + " = stackalloc " + V + "[" + layer.Size + "];");
                w.Line(Global.Span + "<" + V + "> " + SpanName("y", layer) + " = stackalloc " + V + "[" + layer.Size + "];");
            }

            w.Line(Global.Span + "<" + T + "> inputLanes = " + Global.MemoryMarshal + ".Cast<" + V + ", " + T + ">(input);");
            w.Line(Global.ReadOnlySpan + "<" + T + "> outputLanes = " + Global.MemoryMarshal + ".Cast<" + V + ", " + T + ">(" + SpanName("y", m.OutputLayer) + ");");
            w.Line("for (int start = 0; start < n; start += " + V + ".Count)");
            w.OpenBrace();
            w.Line("int count = " + Global.Math + ".Min(" + V + ".Count, n - start);");
            w.Line("if (count < " + V + ".Count)");
            w.OpenBrace();
            w.Line("// The last block's lanes past n hold zeros");
            w.Line("inputLanes.Clear();");
            w.CloseBrace();
            w.Line();
            w.Line("for (int c = 0; c < count; c++)");
            w.OpenBrace();
            w.Line(Global.ReadOnlySpan + "<" + T + "> pattern = inputs.Slice((start + c) * InputSize, InputSize);");
            w.Line("for (int i = 0; i < InputSize; i++)");
            w.OpenBrace();
            w.Line("inputLanes[(i * " + V + ".Count) + c] = pattern[i];");
            w.CloseBrace();
            w.CloseBrace();
            w.Line();
            // The forward rows in the lane dialect, straight into the file.
            foreach (LayerPlan layer in p.Layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EmitForwardRows(w, m, lanes, units, m.Layers[layer.Index], layer, 0, m.Layers[layer.Index].Size, grouped: true, weight: weight);
            }

            w.Line("// Each pattern's outputs, back in rows");
            w.Line("for (int c = 0; c < count; c++)");
            w.OpenBrace();
            w.Line(Global.Span + "<" + T + "> pattern = outputs.Slice((start + c) * OutputSize, OutputSize);");
            w.Line("for (int j = 0; j < OutputSize; j++)");
            w.OpenBrace();
            w.Line("pattern[j] = outputLanes[(j * " + V + ".Count) + c];");
            w.CloseBrace();
            w.CloseBrace();
            w.CloseBrace();
            w.CloseBrace();
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
