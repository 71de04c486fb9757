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
    // The passes: Forward, the one-pattern back-propagation (AccumulateCore), the SIMD sweep (AccumulateLanes), the parts a large pass is cut into, and where units live.
    internal static partial class Emitter
    {
        // ------------------------------------------------------------------ forward

        private static void EmitForward(SourceWriter w, NetworkPlan p, Types t, LaneTypes? lanes, CancellationToken cancellationToken)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            bool inOneMethod = p.ForwardInOneMethod;

            // With vector math, a layer's sigmoid or tanh units are computed a vector at a time: their x_j then live in a span.
            bool vectorActivations = p.ForwardVectorActivations;

            // Units kept in spans are on the stack when they are few (Forward stays safe to call from several threads).
            bool onStack = p.ForwardOnStack;
            w.Line("/// <summary>Computes the output for one input pattern: " + (p.Layers.All(l => l.Unrolled)
                ? "fully unrolled, every weight at a constant index"
                : "unrolled layers have every weight at a constant index, larger layers loop over their weight rows") +
                (onStack ? "" : " (units kept in instance scratch, so calls on one instance take a lock and run one at a time)") +
                "; allocates nothing.</summary>");
            w.Line("/// <remarks>Safe to call from several threads at once on one instance, as long as nothing trains it or changes its parameters meanwhile" +
                (onStack ? " (its units live on each call's stack)." : " (they wait for each other: the units live in instance scratch).") + "</remarks>");
            w.Line("/// <param name=\"input\">" + Xml(InputDescription(m)) + "</param>");
            w.Line("/// <param name=\"output\">Receives the " + Units(m.OutputSize) + " of layer " + m.OutputLayer.Name + ".</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">A span's length is not InputSize or OutputSize.</exception>");
            w.Line("public void Forward(" + Global.ReadOnlySpan + "<" + T + "> input, " + Global.Span + "<" + T + "> output)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Length(nameof(input), InputSize, input.Length);");
            w.Line(Global.Guard + ".Length(nameof(output), OutputSize, output.Length);");
            if (!onStack)
            {
                // The units live in instance scratch: one call at a time, so concurrent calls stay correct.
                w.Line("lock (_unitScratch)");
                w.OpenBrace();
            }

            if (inOneMethod)
            {
                // Small enough for one method (every unit a local, as in the paper's equations, unless activations are vectorised).
                EmitConstantLengthSpans(w, t, ForwardSpanUse(p), includeInput: false, onStack);
                ForwardInOneMethod(w, p, t, vectorActivations, weight: null, cancellationToken);
            }
            else
            {
                w.Line();
                w.Line("// Too large for one method (the JIT would not optimize it): one method per part of the pass");
                foreach (PartPlan part in p.Parts.Where(part => part.Kind == PartKind.Forward))
                {
                    w.Line(part.Name + "(input, default);");
                }

                w.Line("// The output layer's y_j");
                w.Line("new " + Global.ReadOnlySpan + "<" + T + ">(_unitScratch, " + p.Scratch.First(s => s.Name == GeneratedNames.Span("y", m.OutputLayer.Name)).Offset + ", " + m.OutputSize + ").CopyTo(output);");
            }

            if (!onStack)
            {
                w.CloseBrace();
            }

            w.CloseBrace();
            w.Line();
            EmitForwardBatch(w, p, t, lanes, isStatic: false, weight: null, Global.ReadOnlySpan + "<" + T + "> w = new(_parameters, 0, ParameterCount);", cancellationToken);
        }

        /// <summary>
        /// Forward's body when it fits one method: every layer's rows (sums grouped, sigmoid and tanh a vector of units at a
        /// time when <paramref name="vectorActivations"/>), then the copy to output. The trainable class writes it with
        /// <paramref name="weight"/> null (w[k]); the baked class with its own weight expression, so that the two compute the
        /// same expression in the same order with the same functions, bit for bit; Inspect with every unit in a span.
        /// </summary>
        /// <remarks>Written straight into <paramref name="body"/>, after the spans it reads (from the plan); <paramref name="copyOutput"/> false leaves out the copy of the output layer's y_j to output (Inspect).</remarks>
        private static void ForwardInOneMethod(SourceWriter body, NetworkPlan p, Types t, bool vectorActivations, Func<int, string>? weight, CancellationToken cancellationToken, bool grouped = true, bool spans = false, bool copyOutput = true)
        {
            // A baked network (its own weight expression) follows the same unroll policy: a layer that loops keeps its units in spans.
            NetworkModel m = p.Model;
            bool kernels = UsesDenseKernels(p);
            var units = new UnitStore(p, spans: spans || vectorActivations || kernels, denseKernels: true);
            body.Line();
            foreach (LayerPlan layer in p.Layers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LayerModel model = m.Layers[layer.Index];
                EmitForwardRows(body, m, t, units, model, layer, 0, model.Size, vectorActivations && layer.VectorActivation, grouped, weight);
            }

            if (!copyOutput)
            {
                return;
            }

            body.Line("// The output layer's y_j");
            for (int j = 0; j < m.OutputSize; j++)
            {
                body.Line("output[" + j + "] = " + units.Ref("y", m.OutputLayer, j) + ";");
            }
        }

        /// <summary>The fewest weights per row (fan-in) for which Forward computes a layer's sums with ForwardKernels.Dense.</summary>
        private const int MinDenseKernelFanIn = 4;

        /// <summary>The fewest units for which Forward computes a layer's sums with ForwardKernels.Dense (four rows per pass).</summary>
        private const int MinDenseKernelUnits = 4;

        /// <summary>
        /// Whether the one-pattern Forward computes this layer's sums x_j = Σ_i y_i w_ji + b_j with one
        /// <c>ForwardKernels.Dense</c> call (the rows along vectors, four at a time) rather than unrolled scalar statements:
        /// an unrolled dense layer over one source, with rows and units enough to fill 128-bit vectors (measured: the
        /// family-trees size 36-12-12-6-24 float 340 → see README "### Inference"). Layers that loop keep Kernels.DotRows.
        /// </summary>
        internal static bool UsesDenseKernel(NetworkModel m, LayerPlan plan)
        {
            LayerModel layer = m.Layers[plan.Index];
            return plan.Unrolled && LayerKinds.Of(layer) is DenseKind && layer.Sources.Count == 1 &&
                layer.FanIn >= MinDenseKernelFanIn && layer.Size >= MinDenseKernelUnits;
        }

        /// <summary>Whether some layer of the one-pattern Forward uses ForwardKernels.Dense (its units are then all in spans).</summary>
        private static bool UsesDenseKernels(NetworkPlan p) => p.ForwardInOneMethod && p.Layers.Any(l => UsesDenseKernel(p.Model, l));

        /// <summary>
        /// The spans the one-method Forward declares: the plan's, and with dense kernels every layer's x and y (the kernels
        /// read and write units in spans) and the parameters.
        /// </summary>
        private static SpanUse ForwardSpanUse(NetworkPlan p)
        {
            if (!UsesDenseKernels(p))
            {
                return p.ForwardSpans;
            }

            var names = new HashSet<string>(p.Model.Layers.SelectMany(l => new[] { SpanName("x", l), SpanName("y", l) }), StringComparer.Ordinal);
            return p.ForwardSpans with
            {
                Parameters = true,
                Scratch = p.Scratch.Where(s => names.Contains(s.Name) || p.ForwardSpans.Scratch.Contains(s)).ToEquatableArray(),
            };
        }

        /// <summary>Reads parameter <paramref name="index"/> from the span <c>w</c> over the parameters, at a constant index.</summary>
        private static string W(int index) => "w[" + index.ToString(CultureInfo.InvariantCulture) + "]";

        /// <summary>
        /// y_j = f(x_j) over a span of units, Lanes.Count at a time, for each activation that calls e^x: the lane dialect's
        /// expression on whole vectors (the last one overlapping the one before when the count is not a multiple), and
        /// the scalar expression when there are fewer units than lanes.
        /// </summary>
        private static void EmitVectorActivations(SourceWriter w, IEnumerable<VectorActivationPlan> helpers, Types t, LaneTypes lanes)
        {
            string T = t.Name;
            string V = lanes.Local;
            foreach (VectorActivationPlan helper in helpers)
            {
                ActivationKind activation = helper.Activation;
                w.Line("/// <summary>" + ForwardEquation(activation) + " for every unit of a span, " + V + ".Count at a time (LaneExp.Exp).</summary>");
                w.Line("private static void " + helper.Method + "(" + Global.ReadOnlySpan + "<" + T + "> x, " + Global.Span + "<" + T + "> y)");
                w.OpenBrace();
                w.Line("if (x.Length < " + V + ".Count)");
                w.OpenBrace();
                w.Line("for (int j = 0; j < x.Length; j++)");
                w.OpenBrace();
                w.Line("y[j] = " + t.Activate(activation, "x[j]") + ";");
                w.CloseBrace();
                w.Line();
                w.Line("return;");
                w.CloseBrace();
                w.Line();
                w.Line("for (int j = 0; ; j += " + V + ".Count)");
                w.OpenBrace();
                w.Line("// The last vector ends at the last unit (overlapping the one before, which is harmless)");
                w.Line("j = " + Global.Math + ".Min(j, x.Length - " + V + ".Count);");
                w.Line(V + " xj = new " + V + "(x.Slice(j));");
                w.Line("(" + lanes.Activate(activation, "xj") + ").CopyTo(y.Slice(j));");
                w.Line("if (j == x.Length - " + V + ".Count)");
                w.OpenBrace();
                w.Line("return;");
                w.CloseBrace();
                w.CloseBrace();
                w.CloseBrace();
                w.Line();
            }
        }

        /// <summary>
        /// Layer <paramref name="layer"/>'s forward statements for units [from, to): x_j = Σ_i y_i w_ji (+ b_j), then
        /// y_j = f(x_j). Unrolled, one statement per unit with every weight at a constant index; or, for a layer over the
        /// unroll threshold, a loop over the weight rows. The same text in either dialect.
        /// </summary>
        private static void EmitForwardRows(SourceWriter w, NetworkModel m, Types t, UnitStore units, LayerModel layer, LayerPlan plan, int from, int to, bool vectorActivation = false, bool grouped = false, Func<int, string>? weight = null)
        {
            // A baked network passes its own weight expression for the unrolled rows (a literal, or its literal array);
            // a layer that loops reads the span w (the baked class's literal array) either way.
            bool unrolled = plan.Unrolled;
            weight ??= W;
            w.Line("// Layer " + layer.Name + ": " + Units(layer.Size) + ", " + ActivationName(layer.Activation) + ", reading " +
                string.Join(" + ", layer.Sources) + "; " + Range(layer) + (unrolled ? "" : "; " + LoopReason(layer)) +
                (from == 0 && to == layer.Size ? "" : "; here units " + from + "–" + (to - 1)));
            LayerKinds.Of(layer).EmitSums(w, m, t, units, layer, unrolled, from, to, grouped, weight);
            EmitActivation(w, t, units, layer, unrolled, from, to, vectorActivation);
            if (unrolled && !units.Spans && plan.HasLoopedReader)
            {
                w.Line("// y_j kept in a span too, for the layers that loop over it");
                for (int j = from; j < to; j++)
                {
                    w.Line(SpanName("y", layer) + "[" + j + "] = " + units.Ref("y", layer, j) + ";");
                }
            }

            w.Line();
        }

        /// <summary>
        /// y_j = f(x_j) for units [from, to): a unit-wise activation, unit by unit (unrolled), a loop, or (Forward, sigmoid
        /// and tanh of wide layers) its vectorised helper; or softmax, layer-wide, once every x_j is known.
        /// </summary>
        private static void EmitActivation(SourceWriter w, Types t, UnitStore units, LayerModel layer, bool unrolled, int from, int to, bool vectorActivation)
        {
            if (layer.Activation == ActivationKind.Softmax)
            {
                EmitSoftmax(w, t, units, layer, to, unrolled);
            }
            else if (units.ForwardKernels && units.InSpan(layer) && layer.Activation is ActivationKind.Sigmoid or ActivationKind.Tanh &&
                (t is LaneTypes || vectorActivation || units.DenseKernel(layer)) && from == 0 && to == layer.Size)
            {
                // Forward (one pattern: the layer's units a vector at a time) or ForwardBatch (every lane of every unit of the
                // layer as one span): e^x by ForwardKernels.Exp's polynomial, the same in every lane and at every width.
                string x = SpanName("x", layer);
                string y = SpanName("y", layer);
                if (t is LaneTypes)
                {
                    w.Line("// " + ForwardEquation(layer.Activation) + LaneTypes.SpellingOf(layer.Activation) + ", every lane of the layer's units as one span");
                    x = Global.MemoryMarshal + ".Cast<" + t.Local + ", " + t.Name + ">(" + x + ")";
                    y = Global.MemoryMarshal + ".Cast<" + t.Local + ", " + t.Name + ">(" + y + ")";
                }
                else
                {
                    w.Line("// " + ForwardEquation(layer.Activation) + LaneTypes.SpellingOf(layer.Activation) + ", a vector of units at a time");
                }

                w.Line(Global.ForwardKernels + "." + (layer.Activation == ActivationKind.Tanh ? "Tanh" : "Sigmoid") + "(" + x + ", " + y + ");");
            }

            else if (unrolled)
            {
                w.Line("// " + ForwardEquation(layer.Activation) + t.Spelling(layer.Activation));
                for (int j = from; j < to; j++)
                {
                    w.Line(units.Define(t, "y", layer, j) + " = " + t.Activate(layer.Activation, units.Ref("x", layer, j)) + ";");
                }
            }
            else
            {
                w.Line("// " + ForwardEquation(layer.Activation) + t.Spelling(layer.Activation));
                w.Line("for (int j = 0; j < " + layer.Size + "; j++)");
                w.OpenBrace();
                w.Line(SpanName("y", layer) + "[j] = " + t.Activate(layer.Activation, SpanName("x", layer) + "[j]") + ";");
                w.CloseBrace();
            }
        }

        // ------------------------------------------------------------------ backward

        private static void EmitBackward(SourceWriter w, NetworkPlan p, Types t, CancellationToken cancellationToken)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            string ros = Global.ReadOnlySpan + "<" + T + ">";
            w.Line("/// <summary>");
            w.Line("/// Back-propagation for one pattern: runs the forward pass, then adds ∂E/∂w for every weight and bias to");
            w.Line("/// <see cref=\"Gradients\"/> (the chain rule, unrolled unit by unit). Returns the pattern's error " + LossWriter.For(m.Loss).PatternEquation + ".");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"input\">" + Xml(InputDescription(m)) + "</param>");
            w.Line("/// <param name=\"target\">The desired output d, " + Units(m.OutputSize) + ".</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">A span's length is not InputSize or OutputSize.</exception>");
            w.Line("public " + T + " AccumulateGradient(" + ros + " input, " + ros + " target)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Length(nameof(input), InputSize, input.Length);");
            w.Line(Global.Guard + ".Length(nameof(target), OutputSize, target.Length);");
            w.Line("return AccumulateCore(input, target);");
            w.CloseBrace();
            w.Line();
            bool oneMethod = p.PassInOneMethod;
            w.Line("/// <summary>" + (oneMethod
                ? "One pattern: the forward pass, then the backward pass, unrolled unit by unit."
                : "One pattern, part by part (each a method small enough for the JIT to optimize whole); the units live in instance scratch.") + "</summary>");
            w.Line("private " + T + " AccumulateCore(" + ros + " input, " + ros + " target)");
            w.OpenBrace();
            if (oneMethod)
            {
                EmitConstantLengthSpans(w, t, p.PassSpans, includeInput: true);
                w.Line();
                PassInOneMethod(w, p, t, cancellationToken);
            }
            else
            {
                EmitPartCalls(w, p, "error");
            }

            w.Line("return error;");
            w.CloseBrace();
            w.Line();
            if (!oneMethod)
            {
                EmitParts(w, p, t, cancellationToken);
            }
        }

        /// <summary>
        /// SIMD across patterns: the parts of <see cref="EmitParts"/> in the lane dialect, called for each block of
        /// Vector&lt;T&gt;.Count cases. ∂E/∂w is accumulated per lane and summed across lanes at the end.
        /// </summary>
        private static void EmitLanes(SourceWriter w, NetworkPlan p, LaneTypes t, CancellationToken cancellationToken)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            string V = t.Local;
            string math = t.LaneMathAlias;
            w.Line("/// <summary>");
            w.Line("/// Back-propagation over <paramref name=\"blocks\"/>, " + V + ".Count cases at a time: the parts of AccumulateCore with");
            w.Line("/// every unit a vector holding that quantity for each case of the block, every weight broadcast. ∂E/∂w is");
            w.Line("/// accumulated per lane and added to <see cref=\"Gradients\"/> as the sum across lanes at the end. Returns E summed over the blocks' cases.");
            w.Line("/// </summary>");
            string gradientLanes = "_gradientLanes" + t.Suffix;
            bool oneMethod = p.PassInOneMethod;

            // A small network keeps its per-lane ∂E/∂w in locals (registers) across the blocks: no lane buffer to clear,
            // load and store, and the sum across lanes unrolled. The fixed costs of a sweep of one or a few blocks.
            bool gradientLocals = GradientLocals(p);
            w.Line("private " + T + " AccumulateLanes" + t.Suffix + "(" + Global.PatternBlocks + "<" + T + "> blocks)");
            w.OpenBrace();
            if (!gradientLocals)
            {
                w.Line("(" + gradientLanes + " ??= " + t.NewLaneBuffer("ParameterCount") + ").Clear();");
            }

            // With the gradients in locals, the scratch also holds them for the sums across lanes at the end (no stackalloc to zero).
            int scratchLength = gradientLocals ? Math.Max(p.ScratchLength, m.ParameterCount) : p.ScratchLength;
            w.Line("_laneScratch" + t.Suffix + " ??= " + t.NewLaneBuffer(scratchLength.ToString(CultureInfo.InvariantCulture)) + ";");
            w.Line(V + " errorLanes = " + t.Constant(0) + ";");
            string? body = null;
            if (oneMethod)
            {
                var pass = new SourceWriter { Indentation = w.Indentation + 1 };
                PassInOneMethod(pass, p, t, cancellationToken, gradientLocals);
                body = pass.ToString();
            }

            if (gradientLocals)
            {
                w.Line("// ∂E/∂w per lane, in locals (" + m.ParameterCount + " parameters): g_k is ∂E/∂w_k for each case of the blocks so far");
                for (int k = 0; k < m.ParameterCount; k += TermsPerLine)
                {
                    w.Line(V + " " + string.Join(", ", Enumerable.Range(k, Math.Min(TermsPerLine, m.ParameterCount - k)).Select(j => GradientLocal(j) + " = " + t.Constant(0))) + ";");
                }

            }

            if (body is not null)
            {
                EmitConstantLengthSpans(w, t, gradientLocals ? p.PassSpans with { Gradients = false } : p.PassSpans, includeInput: false);
            }

            if (p.LaneBlockPairs)
            {
                EmitBlockPairs(w, p, t);
                w.Line();
                w.Line("// An odd last block: one block per pass");
                w.Line("if (b < blocks.Count)");
            }
            else
            {
                w.Line("for (int b = 0; b < blocks.Count; b++)");
            }

            w.OpenBrace();
            EmitBlockSpans(w, t, "", "b", oneMethod);
            if (body is not null)
            {
                w.Line();
                w.Raw(body);
            }
            else
            {
                EmitPartCalls(w, p, "error");
            }

            w.Line("errorLanes += error;");
            w.CloseBrace();
            w.Line();
            if (gradientLocals && t.Name == "double")
            {
                // In double a vector holds 4 or 8 lanes: for a net this small summing each local's lanes is faster than
                // storing the locals for the transposed sums (XOR double: 109 ns a sweep against 130 ns, measured quiet).
                w.Line("// ∂E/∂w += Σ_lanes ∂E/∂w: each parameter's lanes summed");
                w.Line(Global.Span + "<" + T + "> gradients = new(_gradients, 0, ParameterCount);");
                for (int k = 0; k < m.ParameterCount; k++)
                {
                    w.Line("gradients[" + k + "] += " + math + ".Sum(" + GradientLocal(k) + ");");
                }
            }
            else if (gradientLocals)
            {
                w.Line("// ∂E/∂w += Σ_lanes ∂E/∂w: each parameter's lanes summed (as a transpose, several parameters at a time)");
                w.Line(Global.Span + "<" + V + "> lanes = " + t.SpanOver(t.ScratchField, "0", "ParameterCount") + ";");
                for (int k = 0; k < m.ParameterCount; k += TermsPerLine)
                {
                    w.Line(string.Join(" ", Enumerable.Range(k, Math.Min(TermsPerLine, m.ParameterCount - k)).Select(j => "lanes[" + j + "] = " + GradientLocal(j) + ";")));
                }

                w.Line(Global.Kernels + ".AddLaneSums(lanes, new " + Global.Span + "<" + T + ">(_gradients, 0, ParameterCount));");
            }
            else
            {
                w.Line("// ∂E/∂w += Σ_lanes ∂E/∂w: each parameter's lanes summed (as a transpose, several parameters at a time)");
                w.Line(Global.Kernels + ".AddLaneSums(" + t.SpanOver(gradientLanes, "0", "ParameterCount") + ", new " + Global.Span + "<" + T + ">(_gradients, 0, ParameterCount));");
            }

            w.Line();
            w.Line("return " + math + ".Sum(errorLanes);");
            w.CloseBrace();
            w.Line();
            if (!oneMethod)
            {
                EmitParts(w, p, t, cancellationToken);
            }

            if (p.LaneBlockPairs)
            {
                EmitPairGradientParts(w, p, t, cancellationToken);
            }
        }

        /// <summary>Block <paramref name="b"/>'s input and target as spans of vectors, and its lane mask into the mask field.</summary>
        private static void EmitBlockSpans(SourceWriter w, LaneTypes t, string prefix, string b, bool oneMethod)
        {
            string T = t.Name;
            string V = t.Local;
            w.Line("// " + prefix + "input[k], " + prefix + "target[j]: unit k (j) for each case of block " + b);
            w.Line(Global.ReadOnlySpan + "<" + V + "> " + prefix + "input = " + Global.MemoryMarshal + ".Cast<" + T + ", " + V + ">(blocks.Input(" + b + "))" + (oneMethod ? ".Slice(0, InputSize)" : "") + ";");
            w.Line(Global.ReadOnlySpan + "<" + V + "> " + prefix + "target = " + Global.MemoryMarshal + ".Cast<" + T + ", " + V + ">(blocks.Target(" + b + "))" + (oneMethod ? ".Slice(0, OutputSize)" : "") + ";");
            w.Line("// every bit set in the lanes that hold a case, none in the last block's padding");
            w.Line(t.MaskField + " = " + Global.MemoryMarshal + ".Cast<" + T + ", " + V + ">(blocks.Mask(" + b + "))[0];");
        }

        /// <summary>The prefix of block b + 1's locals and spans in a pass over two blocks (next_deltas_hidden, next_y_i).</summary>
        private const string NextBlock = "next_";

        /// <summary>
        /// Two blocks per pass (<see cref="NetworkPlan.LaneBlockPairs"/>): the forward, error and δ parts of block b with its
        /// units in the lane scratch, of block b + 1 with its units in the scratch's twin (the parts read the scratch field,
        /// which points at each in turn), then each ∂E/∂w part once for both. Leaves b at the odd last block, if any.
        /// </summary>
        private static void EmitBlockPairs(SourceWriter w, NetworkPlan p, LaneTypes t)
        {
            string scratch = "_laneScratch" + t.Suffix;
            w.Line("// Two blocks per pass: forward and δ of block b (its units in the lane scratch), then of block b + 1 (its units in");
            w.Line("// the scratch's twin), then ∂E/∂w of both: each lane gradient loaded and stored once per two blocks");
            w.Line(Global.LaneBuffer + "<" + t.Name + "> units = " + scratch + ", " + NextBlock + "units = units.Twin;");
            w.Line("int b = 0;");
            w.Line("for (; b + 1 < blocks.Count; b += 2)");
            w.OpenBrace();
            EmitBlockSpans(w, t, "", "b", oneMethod: false);
            EmitPairHalf(w, p, "", scratch + " = units;");
            w.Line();
            EmitBlockSpans(w, t, NextBlock, "b + 1", oneMethod: false);
            EmitPairHalf(w, p, NextBlock, scratch + " = " + NextBlock + "units;");
            w.Line(scratch + " = units;");
            w.Line();
            w.Line("// ── ∂E/∂w of both blocks ──");
            foreach (PartPlan part in p.Parts.Where(part => part.Kind == PartKind.Gradient))
            {
                w.Line(part.Name + "(input, " + NextBlock + "input, units, " + NextBlock + "units);");
            }

            w.CloseBrace();
        }

        /// <summary>One block's forward, error and δ parts (its units where <paramref name="pointScratch"/> points the scratch field).</summary>
        private static void EmitPairHalf(SourceWriter w, NetworkPlan p, string prefix, string pointScratch)
        {
            w.Line(pointScratch);
            foreach (PartPlan part in p.Parts.Where(part => part.Kind != PartKind.Gradient))
            {
                string call = part.Name + "(" + prefix + "input, " + prefix + "target)";
                w.Line(part.Kind == PartKind.Error ? "errorLanes += " + call + ";" : call + ";");
            }
        }

        /// <summary>
        /// Each ∂E/∂w part once more, for two blocks (an overload of the one-block part: the two blocks' inputs and lane
        /// scratches): ∂E/∂w_ji += δ_j · y_i of block b, then of block b + 1, one load and one store of each lane gradient.
        /// </summary>
        private static void EmitPairGradientParts(SourceWriter w, NetworkPlan p, LaneTypes t, CancellationToken cancellationToken)
        {
            NetworkModel m = p.Model;
            string V = t.Local;
            string span = Global.ReadOnlySpan + "<" + V + ">";
            string buffer = Global.LaneBuffer + "<" + t.Name + ">";
            foreach (PartPlan part in p.Parts.Where(part => part.Kind == PartKind.Gradient))
            {
                cancellationToken.ThrowIfCancellationRequested();
                LayerModel layer = m.Layers[part.Layer];
                w.Line("/// <summary>" + part.Name + " for blocks b and b + 1 at once: their inputs and the lane scratches that hold their units.</summary>");
                w.Line("private void " + part.Name + "(" + span + " input, " + span + " " + NextBlock + "input, " + buffer + " units, " + buffer + " " + NextBlock + "units)");
                w.OpenBrace();
                w.Line("// Spans of constant length: the JIT drops the bounds check of every constant index below");
                if (part.Spans.Input)
                {
                    w.Line("input = input.Slice(0, InputSize);");
                    w.Line(NextBlock + "input = " + NextBlock + "input.Slice(0, InputSize);");
                }

                w.Line(Global.Span + "<" + V + "> g = " + t.SpanOver(t.GradientField, "0", "ParameterCount") + ";");
                foreach (ScratchSpan s in part.Spans.Scratch)
                {
                    string offset = s.Offset.ToString(CultureInfo.InvariantCulture);
                    string length = s.Length.ToString(CultureInfo.InvariantCulture);
                    w.Line(Global.Span + "<" + V + "> " + s.Name + " = " + t.SpanOver("units", offset, length) + ";");
                    w.Line(Global.Span + "<" + V + "> " + NextBlock + s.Name + " = " + t.SpanOver(NextBlock + "units", offset, length) + ";");
                }

                w.Line("// Layer " + layer.Name + (part.First && part.Last ? "" : "; here rows " + part.From + "–" + (part.To - 1)) + ", blocks b and b + 1");
                ((DenseKind)LayerKinds.Of(layer)).EmitGradientPair(w, m, t, new UnitStore(p, spans: true), layer, part.From, part.To, NextBlock);
                w.CloseBrace();
                w.Line();
            }
        }

        /// <summary>The most parameters whose per-lane ∂E/∂w the SIMD sweep keeps in locals (AVX-512 has 32 vector registers).</summary>
        private const int MaxGradientLocals = 24;

        /// <summary>Whether the SIMD sweep keeps the per-lane ∂E/∂w in locals (a small network, in one method, every layer unrolled) rather than a lane buffer.</summary>
        private static bool GradientLocals(NetworkPlan p) =>
            p.PassInOneMethod && p.Model.ParameterCount <= MaxGradientLocals && p.Layers.All(l => l.Unrolled);

        /// <summary>The local that holds ∂E/∂w_k per lane in a small network's SIMD sweep.</summary>
        private static string GradientLocal(int k) => "g_" + k.ToString(CultureInfo.InvariantCulture);

        /// <summary>The calls of one pattern's (or block's) parts in order: forward, error, then backward layer by layer.</summary>
        private static void EmitPartCalls(SourceWriter w, NetworkPlan p, string error)
        {
            PartKind? previous = null;
            foreach (PartPlan part in p.Parts)
            {
                if (part.Kind != previous && part.Kind is PartKind.Forward or PartKind.Error)
                {
                    w.Line(part.Kind == PartKind.Forward ? "// ── Forward pass ──" : "// ── Backward pass ──");
                }

                previous = part.Kind;
                w.Line(part.Kind == PartKind.Error ? "var " + error + " = " + part.Name + "(input, target);" : part.Name + "(input, target);");
            }
        }

        // ------------------------------------------------------------------ parts

        /// <summary>Every part as a method of the dialect <paramref name="t"/>; its units in spans over scratch.</summary>
        private static void EmitParts(SourceWriter w, NetworkPlan p, Types t, CancellationToken cancellationToken)
        {
            string L = t.Local;
            var units = new UnitStore(p, spans: true);
            foreach (PartPlan part in p.Parts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string span = Global.ReadOnlySpan + "<" + L + ">";
                w.Line("private " + (part.Kind == PartKind.Error ? L : "void") + " " + part.Name + "(" + span + " input, " + span + " target)");
                w.OpenBrace();
                EmitConstantLengthSpans(w, t, part.Spans, includeInput: true);

                // The body straight into the file, its trailing blank lines trimmed to one line end.
                int mark = w.Length;
                EmitPartBody(w, p, t, units, part);
                w.EndWithOneNewline(mark);
                if (part.Kind == PartKind.Error)
                {
                    w.Line("return error;");
                }

                w.CloseBrace();
                w.Line();
            }
        }

        private static void EmitPartBody(SourceWriter w, NetworkPlan p, Types t, UnitStore units, PartPlan part)
        {
            NetworkModel m = p.Model;
            switch (part.Kind)
            {
                case PartKind.Forward:
                    EmitForwardRows(w, m, t, units, m.Layers[part.Layer], p.Layers[part.Layer], part.From, part.To);
                    break;
                case PartKind.Error:
                    LossWriter.For(m.Loss).EmitOutputError(w, m, t, units, p.Layers[m.Layers.Count - 1].Unrolled);
                    break;
                case PartKind.Delta:
                    EmitDelta(w, p, t, units, part);
                    break;
                default:
                    EmitGradient(w, p, t, units, part.Layer, part.From, part.To);
                    break;
            }
        }

        /// <summary>The whole pass in one method (when it fits), every unit a local: the parts' statements in order.</summary>
        /// <param name="gradientLocals">The SIMD sweep of a small network: ∂E/∂w_k per lane is the local g_k, not g[k] (<see cref="UnitStore.Gradient"/>).</param>
        private static void PassInOneMethod(SourceWriter body, NetworkPlan p, Types t, CancellationToken cancellationToken, bool gradientLocals = false)
        {
            var units = new UnitStore(p, spans: false, gradientLocals: gradientLocals);
            PartKind? previous = null;
            foreach (PartPlan part in p.Parts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (part.Kind != previous && part.Kind is PartKind.Forward or PartKind.Error)
                {
                    body.Line(part.Kind == PartKind.Forward ? "// ── Forward pass ──" : "// ── Backward pass ──");
                    body.Line();
                }

                previous = part.Kind;
                EmitPartBody(body, p, t, units, part);
                if (part.Kind != PartKind.Forward)
                {
                    body.Line();
                }
            }
        }

        /// <summary>
        /// Declares the spans a method body uses, each of constant length (so the JIT drops the bounds check of every
        /// constant index below it): the parameters w, the gradients g, the units kept in scratch, input and target.
        /// </summary>
        private static void EmitConstantLengthSpans(SourceWriter w, Types t, SpanUse spans, bool includeInput, bool onStack = false)
        {
            string T = t.Name;
            string L = t.Local;
            var lines = new List<string>();
            if (includeInput && spans.Input)
            {
                lines.Add("input = input.Slice(0, InputSize);");
            }

            if (includeInput && spans.Target)
            {
                lines.Add("target = target.Slice(0, OutputSize);");
            }

            if (spans.Parameters)
            {
                lines.Add(Global.ReadOnlySpan + "<" + T + "> w = new(_parameters, 0, ParameterCount);");
            }

            if (spans.Gradients)
            {
                lines.Add(Global.Span + "<" + L + "> g = " + t.SpanOver(t.GradientField, "0", "ParameterCount") + ";");
            }

            foreach (ScratchSpan span in spans.Scratch)
            {
                string offset = span.Offset.ToString(CultureInfo.InvariantCulture);
                string length = span.Length.ToString(CultureInfo.InvariantCulture);
                lines.Add(Global.Span + "<" + L + "> " + span.Name + " = " + (onStack ? "stackalloc " + L + "[" + length + "]" : t.SpanOver(t.ScratchField, offset, length)) + ";");
            }

            if (lines.Count > 0)
            {
                w.Line("// Spans of constant length: the JIT drops the bounds check of every constant index below");
                lines.ForEach(line => w.Line(line));
            }
        }

        /// <summary>For the part's units i: ∂E/∂y_i = Σ_j δ_j w_ji over the units j that read it (hidden layers), then δ_i.</summary>
        private static void EmitDelta(SourceWriter w, NetworkPlan p, Types t, UnitStore units, PartPlan part)
        {
            NetworkModel m = p.Model;
            LayerModel layer = m.Layers[part.Layer];
            bool unrolled = p.Layers[part.Layer].Unrolled;
            w.Line("// Layer " + layer.Name + (unrolled ? "" : "; " + LoopReason(layer)) + (part.First && part.Last ? "" : "; here units " + part.From + "–" + (part.To - 1)));
            if (layer != m.OutputLayer)
            {
                EmitHiddenErrorDerivative(w, p, t, units, part);
            }

            w.Line("// δ_j = ∂E/∂x_j = " + DeltaEquation(layer.Activation));
            if (unrolled)
            {
                for (int j = part.From; j < part.To; j++)
                {
                    w.Line(units.Define(t, "delta", layer, j) + " = " + t.Delta(layer.Activation, units.Ref("dEdy", layer, j), units.Ref("x", layer, j), units.Ref("y", layer, j)) + ";");
                }
            }
            else
            {
                w.Line("for (int j = 0; j < " + layer.Size + "; j++)");
                w.OpenBrace();
                w.Line(SpanName("delta", layer) + "[j] = " + t.Delta(layer.Activation, SpanName("dEdy", layer) + "[j]", SpanName("x", layer) + "[j]", SpanName("y", layer) + "[j]") + ";");
                w.CloseBrace();
            }
        }

        /// <summary>∂E/∂y_i = Σ_j δ_j w_ji over every unit j of every later layer that reads unit i.</summary>
        private static void EmitHiddenErrorDerivative(SourceWriter w, NetworkPlan p, Types t, UnitStore units, PartPlan part)
        {
            NetworkModel m = p.Model;
            LayerModel layer = m.Layers[part.Layer];
            List<(LayerModel Reader, int Column)> readers = p.Layers[part.Layer].Readers.Select(r => (m.Layers[r.Layer], r.Column)).ToList();
            bool unrolled = p.Layers[part.Layer].Unrolled;
            string dEdySpan = SpanName("dEdy", layer);
            w.Line("// ∂E/∂y_i = " + string.Join(" + ", readers.Select(r => LayerKinds.Of(r.Reader).ReaderEquation).DefaultIfEmpty("Σ_j δ_j w_ji").Distinct()) + ", j over the units that read it (" + string.Join(", ", readers.Select(r => r.Reader.Name)) + ")");

            // Readers that loop: their share, row by row, into the span ∂E/∂y first (in the first part).
            var loopedReaders = readers.Where(r => !units.IsUnrolled(r.Reader)).ToList();
            if (loopedReaders.Count > 0 && part.First)
            {
                w.Line(dEdySpan + ".Clear();");
                foreach ((LayerModel reader, int column) in loopedReaders)
                {
                    LayerKinds.Of(reader).EmitLoopedReader(w, reader, column, layer.Size, dEdySpan);
                }
            }

            // Readers that are unrolled: one statement per unit i, every weight at a constant index.
            var unrolledReaders = readers.Where(r => units.IsUnrolled(r.Reader)).ToList();
            if (unrolled || unrolledReaders.Count > 0)
            {
                int from = unrolled ? part.From : 0;
                int to = unrolled ? part.To : layer.Size;
                for (int i = from; i < to; i++)
                {
                    var terms = unrolledReaders.SelectMany(r => LayerKinds.Of(r.Reader).ReaderTerms(units, r.Reader, r.Column, i))
                        .Select(term => term.Delta + " * " + W(term.Weight)).ToList();

                    if (loopedReaders.Count > 0)
                    {
                        terms.Add(dEdySpan + "[" + i + "]");
                    }

                    if (terms.Count == 0)
                    {
                        terms.Add(t.Constant(0));
                    }

                    WriteSum(w, units.Define(t, "dEdy", layer, i) + " = ", terms, " + ", ";");
                }
            }
            else if (loopedReaders.Count == 0)
            {
                w.Line(dEdySpan + ".Clear();");
            }
        }

        /// <summary>∂E/∂w_ji += δ_j · y_i (and ∂E/∂b_j += δ_j) for the rows j in [from, to).</summary>
        private static void EmitGradient(SourceWriter w, NetworkPlan p, Types t, UnitStore units, int index, int from, int to)
        {
            NetworkModel m = p.Model;
            LayerModel layer = m.Layers[index];
            bool unrolled = p.Layers[index].Unrolled;
            if (units.Spans)
            {
                // A method of its own: say which layer (in one method, the δ statements just above did).
                w.Line("// Layer " + layer.Name + (unrolled ? "" : "; " + LoopReason(layer)) + (from == 0 && to == layer.Size ? "" : "; here rows " + from + "–" + (to - 1)));
            }

            LayerKinds.Of(layer).EmitGradient(w, m, t, units, layer, unrolled, from, to);
        }

        // ------------------------------------------------------------------ where units live

        /// <summary>
        /// Where the units of a pass live: locals (Forward, when it fits one method; as in the paper, x_hidden_0) or
        /// spans over instance scratch (the training parts, which run as several methods; xs_hidden[0]). A layer that
        /// loops always keeps its units in spans.
        /// </summary>
        internal sealed class UnitStore
        {
            private readonly HashSet<string> _looped;

            /// <param name="plan">The plan, which says which layers loop (their units are always in spans).</param>
            /// <param name="spans">Keep every unit in a span rather than a local.</param>
            /// <param name="denseKernels">One-pattern Forward: the dense layers <see cref="UsesDenseKernel"/> picks compute their sums with ForwardKernels.Dense.</param>
            /// <param name="gradientLocals">∂E/∂w_k is the local g_k (a small network's SIMD sweep), not g[k].</param>
            public UnitStore(NetworkPlan plan, bool spans, bool denseKernels = false, bool gradientLocals = false)
            {
                Spans = spans;
                GradientLocals = gradientLocals;
                ForwardKernels = denseKernels;
                _looped = new HashSet<string>(plan.Layers.Where(l => !l.Unrolled).Select(l => plan.Model.Layers[l.Index].Name), StringComparer.Ordinal);
                _kernels = denseKernels
                    ? new HashSet<string>(plan.Layers.Where(l => UsesDenseKernel(plan.Model, l)).Select(l => plan.Model.Layers[l.Index].Name), StringComparer.Ordinal)
                    : new HashSet<string>(StringComparer.Ordinal);
            }

            private readonly HashSet<string> _kernels;

            public bool Spans { get; }

            /// <summary>Whether ∂E/∂w lives in the locals g_k (a small network's SIMD sweep) rather than the span g.</summary>
            public bool GradientLocals { get; }

            /// <summary>∂E/∂w_k where the pass accumulates it: g[k], or the local g_k.</summary>
            public string Gradient(int k) => GradientLocals ? GradientLocal(k) : "g[" + k.ToString(CultureInfo.InvariantCulture) + "]";

            /// <summary>Whether these are the one-pattern layered Forward's units (its sigmoid and tanh then go through ForwardKernels).</summary>
            public bool ForwardKernels { get; }

            /// <summary>Whether this (one-pattern Forward) layer's sums are one ForwardKernels.Dense call.</summary>
            public bool DenseKernel(LayerModel layer) => _kernels.Contains(layer.Name);

            /// <summary>Whether the layer is unrolled (as the plan says, for trainable and baked networks alike).</summary>
            public bool IsUnrolled(LayerModel layer) => !_looped.Contains(layer.Name);

            public bool InSpan(LayerModel layer) => Spans || _looped.Contains(layer.Name);

            /// <summary>Unit j's quantity (x, y, dEdy or delta) as an expression.</summary>
            public string Ref(string quantity, LayerModel layer, int j) =>
                InSpan(layer) ? SpanName(quantity, layer) + "[" + j + "]" : GeneratedNames.Local(quantity, layer.Name, j);

            /// <summary>The left side of the statement that sets it: a declaration for a local.</summary>
            public string Define(Types t, string quantity, LayerModel layer, int j) =>
                (InSpan(layer) ? "" : t.Local + " ") + Ref(quantity, layer, j);
        }

        private static string LoopReason(LayerModel layer) =>
            "a loop over the weight rows (" + layer.WeightCount + " weights, over the " + UnrollPolicy.MaxUnrolledLayerWeights + " unrolled)";

        /// <summary>A looping layer's sources as spans: (column in the row, size, span expression).</summary>
        private static List<(int Column, int Size, string Span)> SourceSegments(NetworkModel m, LayerModel layer)
        {
            var segments = new List<(int, int, string)>();
            int column = 0;
            foreach (string source in layer.Sources)
            {
                InputGroupModel? input = m.Inputs.FirstOrDefault(g => g.Name == source);
                int size = SourceSize(m, source);
                string span = input is not null
                    ? (input.Offset == 0 && input.Size == m.InputSize ? "input" : "input.Slice(" + input.Offset + ", " + input.Size + ")")
                    : SpanName("y", m.Layers.First(l => l.Name == source));
                segments.Add((column, size, span));
                column += size;
            }

            return segments;
        }
    }
}
