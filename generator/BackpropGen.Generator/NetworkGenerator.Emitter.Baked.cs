using System;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;
using Microsoft.CodeAnalysis.Text;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        private const int ValuesPerLine = 4;

        /// <summary>The baked class's array of its parameters when Forward's kernels read them (see EmitBakedClass).</summary>
        private const string KernelParameters = GeneratedNames.ParametersArray;

        /// <summary>
        /// Writes an inference-only network class from its <see cref="BakedNetworkModel"/>: the summary, the
        /// constants and a static Forward whose every weight is a constant (a literal folded into the statement,
        /// or a constant index into a literal array). No parameter buffers, no training, no file access.
        /// The forward statements are the trainable network's (<see cref="ForwardInOneMethod"/>); only the
        /// expression that reads a weight differs, so both give the same outputs bit for bit.
        /// </summary>
        public static string EmitBaked(BakedNetworkModel baked, TargetModel target, CancellationToken cancellationToken) =>
            WriteBakedFile(baked, target, cancellationToken).ToStringAndKeep();

        /// <summary>What the pipeline adds: the text of <see cref="EmitBaked"/> read straight from the writer (<see cref="SourceWriter.ToSourceTextAndKeep"/>).</summary>
        public static SourceText EmitBakedSource(BakedNetworkModel baked, TargetModel target, CancellationToken cancellationToken) =>
            WriteBakedFile(baked, target, cancellationToken).ToSourceTextAndKeep(Encoding.UTF8);

        private static SourceWriter WriteBakedFile(BakedNetworkModel baked, TargetModel target, CancellationToken cancellationToken)
        {
            NetworkModel model = baked.Network;
            var types = new Types(model);
            string source = IsImported(baked)
                ? "[OnnxModel] attribute and the ONNX graph"
                : "[Network], [Input], [Dense] and [BakedWeights] attributes";

            // Forward computes what the trainable class's Forward computes, so with vector math it vectorises the same activations.
            NetworkPlan plan = Planner.Plan(model, target, cancellationToken);
            LaneTypes? lanes = plan.ForwardVectorActivations ? new LaneTypes(model) : null;
            // ForwardBatch runs in the lane dialect wherever the target has vector math.
            LaneTypes? batchLanes = plan.VectorMath ? lanes ?? new LaneTypes(model) : null;
            return WriteFile(model, source, batchLanes is null ? null : types, writer => EmitBakedClass(writer, baked, plan, types, lanes, batchLanes, cancellationToken));
        }

        private static void EmitBakedClass(SourceWriter w, BakedNetworkModel baked, NetworkPlan plan, Types t, LaneTypes? lanes, LaneTypes? batchLanes, CancellationToken cancellationToken)
        {
            NetworkModel m = baked.Network;
            string T = t.Name;
            bool folded = baked.Form == BakedFormKind.FoldedConstants;

            // An [OnnxModel] class is imported from a graph, a [BakedWeights] class baked from a parameter file: each says which.
            bool imported = IsImported(baked);
            string made = imported ? "imported" : "baked";

            // A layer over the unroll threshold loops over its weight rows, as the trainable class's does, reading them
            // from the literal array (in either form): the same sums in the same order, so still bit for bit.
            bool looped = plan.Layers.Any(l => !l.Unrolled);

            // So do the layers whose one-pattern sums are a ForwardKernels.Dense call (the same call on the same values).
            bool kernels = UsesDenseKernels(plan);
            w.Line("/// <summary>");
            w.Line("/// " + Xml(DescribeBaked(baked)));
            w.Line("/// </summary>");
            w.Line("[" + Global.GeneratedCode + "(\"BackpropGen\", \"" + Version + "\")]");
            w.Line("partial " + m.ClassKeyword + " " + m.ClassName);
            w.OpenBrace();

            w.Line("// ┌ Network " + m.NetworkName + ", inference only: parameters " + made + " from " + baked.WeightsFile + " (CRC-32 0x" + baked.Checksum.ToString("X8", CultureInfo.InvariantCulture) + ")");
            int width = m.Inputs.Select(i => i.Name.Length).Concat(m.Layers.Select(l => l.Name.Length)).Max() + 2;
            foreach (InputGroupModel input in m.Inputs)
            {
                w.Line("// │ input  " + input.Name.PadRight(width) + Units(input.Size).PadRight(10) + "input[" + input.Offset + ".." + (input.Offset + input.Size) + ")");
            }

            foreach (LayerModel layer in m.Layers)
            {
                w.Line("// │ " + LayerKinds.Of(layer).SummaryLine(layer, width));
            }

            w.Line("// └ " + Count(m.ParameterCount, "parameter") + " × " + T + (!folded
                ? ", in the literal array Parameters (assembly data; no allocation once optimized)"
                : looped || kernels
                ? ", each a literal in the statement that uses it in unrolled layers; layers that loop or go along vectors read the literal array Parameters"
                : ", each a literal in the statement that uses it"));
            w.Line();

            EmitConstants(w, m,
                "Number of " + made + " parameters, weights and biases.",
                imported ? "The network name (the class name; an ONNX graph has none of its own)." : "The network name the baked file was checked against.",
                imported ? "The canonical topology read from the ONNX graph." : "The canonical topology the baked file's hash was checked against.");

            if (!folded || looped || kernels)
            {
                EmitBakedParameters(w, baked, t);
            }

            if (kernels && plan.ForwardInOneMethod)
            {
                // Read as the span Parameters, the literal array costs a field-info object per read in unoptimized (Debug)
                // code (RuntimeHelpers.CreateSpan); the kernels' Forward reads one array made once instead.
                w.Line("/// <summary>" + "<see cref=\"Parameters\"/> as one array, made once (read by Forward, allocation-free in unoptimized code too).</summary>");
                w.Line("private static readonly " + T + "[] " + KernelParameters + " = Parameters.ToArray();");
                w.Line();
            }

            cancellationToken.ThrowIfCancellationRequested();
            string ros = Global.ReadOnlySpan + "<" + T + ">";
            w.Line("/// <summary>Computes the output for one input pattern with the " + made + " parameters: " + (looped
                ? "unrolled layers have every weight a constant, larger layers loop over their weight rows in the literal array"
                : "fully unrolled, every weight a constant") + "; allocates nothing.</summary>");
            w.Line("/// <param name=\"input\">" + Xml(InputDescription(m)) + "</param>");
            w.Line("/// <param name=\"output\">Receives the " + Units(m.OutputSize) + " of layer " + m.OutputLayer.Name + ".</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">A span's length is not InputSize or OutputSize.</exception>");
            w.Line("public static void Forward(" + ros + " input, " + Global.Span + "<" + T + "> output)");
            w.OpenBrace();
            // The length checks are written out rather than calling BackpropGen.Guard, so a baked network needs
            // nothing from the runtime library when it runs (the attributes are only metadata).
            w.Line("if (input.Length != InputSize) throw new " + Global.ArgumentException + "(\"Expected a span of length \" + InputSize + \" but got length \" + input.Length + \".\", nameof(input));");
            w.Line("if (output.Length != OutputSize) throw new " + Global.ArgumentException + "(\"Expected a span of length \" + OutputSize + \" but got length \" + output.Length + \".\", nameof(output));");
            EquatableArray<double> values = baked.Parameters;
            Func<int, string> weight = folded ? k => BakedLiteral(t, values[k]) : W;
            if (!plan.ForwardInOneMethod)
            {
                // Too large for one method: the trainable Forward's parts, each a method, the units in one stack span.
                EmitBakedForwardParts(w, plan, t, weight, readsArray: !folded || looped, cancellationToken);
                w.Line();
                EmitForwardBatch(w, plan, t, batchLanes, isStatic: true, weight, null, cancellationToken);
                w.CloseBrace();
                return;
            }

            if (kernels)
            {
                w.Line(ros + " w = " + KernelParameters + ";");
            }
            else if (!folded || looped)
            {
                w.Line(ros + " w = Parameters;");
            }

            // The trainable Forward's statements (same sums, same grouping, same activation functions), the weights constants.
            // The units in spans (vectorised activations, looping layers), on the stack: the class is static.
            EmitConstantLengthSpans(w, t, lanes is null && !looped && !kernels ? SpanUse.None : ForwardSpanUse(plan) with { Parameters = false }, includeInput: false, onStack: true);
            ForwardInOneMethod(w, plan, t, lanes is not null, weight, cancellationToken);
            w.CloseBrace();
            w.Line();
            EmitForwardBatch(w, plan, t, batchLanes, isStatic: true, weight, !folded || looped ? ros + " w = Parameters;" : null, cancellationToken);
            w.CloseBrace();
        }

        /// <summary>
        /// Forward's body and its parts when the trainable Forward calls its parts (a pass too large for one method that
        /// the JIT optimizes): the same parts, the same statements (sums not grouped), with the units in one span on the
        /// stack at the trainable class's scratch offsets rather than in instance scratch (the baked class is static).
        /// </summary>
        private static void EmitBakedForwardParts(SourceWriter w, NetworkPlan plan, Types t, Func<int, string> weight, bool readsArray, CancellationToken cancellationToken)
        {
            NetworkModel m = plan.Model;
            string T = t.Name;
            string ros = Global.ReadOnlySpan + "<" + T + ">";
            var parts = plan.Parts.Where(part => part.Kind == PartKind.Forward).ToList();
            ScratchSpan outputSpan = plan.Scratch.First(s => s.Name == GeneratedNames.Span("y", m.OutputLayer.Name));
            int length = parts.SelectMany(part => part.Spans.Scratch).Concat(new[] { outputSpan }).Max(s => s.Offset + s.Length);
            w.Line();
            w.Line("// Too large for one method (the JIT would not optimize it): one method per part, as the trainable class's Forward");
            w.Line(Global.Span + "<" + T + "> units = stackalloc " + T + "[" + length.ToString(CultureInfo.InvariantCulture) + "];");
            foreach (PartPlan part in parts)
            {
                w.Line(part.Name + "(input, units);");
            }

            w.Line("// The output layer's y_j");
            w.Line("units.Slice(" + outputSpan.Offset.ToString(CultureInfo.InvariantCulture) + ", OutputSize).CopyTo(output);");
            w.CloseBrace();
            var store = new UnitStore(plan, spans: true);
            foreach (PartPlan part in parts)
            {
                cancellationToken.ThrowIfCancellationRequested();
                w.Line();
                w.Line("private static void " + part.Name + "(" + ros + " input, " + Global.Span + "<" + T + "> units)");
                w.OpenBrace();
                w.Line("// Spans of constant length: the JIT drops the bounds check of every constant index below");
                if (part.Spans.Input)
                {
                    w.Line("input = input.Slice(0, InputSize);");
                }

                if (readsArray)
                {
                    w.Line(ros + " w = Parameters;");
                }

                foreach (ScratchSpan span in part.Spans.Scratch)
                {
                    w.Line(Global.Span + "<" + T + "> " + span.Name + " = units.Slice(" + span.Offset.ToString(CultureInfo.InvariantCulture) + ", " + span.Length.ToString(CultureInfo.InvariantCulture) + ");");
                }

                int mark = w.Length;
                EmitForwardRows(w, m, t, store, m.Layers[part.Layer], plan.Layers[part.Layer], part.From, part.To, weight: weight);
                w.EndWithOneNewline(mark);
                w.CloseBrace();
            }
        }

        /// <summary>The literal array: per layer, w_ji row by row, then b_j, with a comment per row.</summary>
        private static void EmitBakedParameters(SourceWriter w, BakedNetworkModel baked, Types t)
        {
            NetworkModel m = baked.Network;
            w.Line("/// <summary>The " + (IsImported(baked) ? "imported" : "baked") + " parameters in the network's layout (per layer, w_ji row by row, then b_j); a view of the assembly's data.</summary>");
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

        /// <summary>Whether the class comes from an ONNX graph ([OnnxModel]) rather than a parameter file ([BakedWeights]).</summary>
        private static bool IsImported(BakedNetworkModel baked) => baked.WeightsFile.EndsWith(".onnx", System.StringComparison.OrdinalIgnoreCase);

        private static string DescribeBaked(BakedNetworkModel baked)
        {
            NetworkModel m = baked.Network;
            string inputs = string.Join(" + ", m.Inputs.Select(i => i.Name + " (" + Units(i.Size) + ")"));
            string layers = string.Join(", ", m.Layers.Select(l => l.Name + " (" + Units(l.Size) + ", " + ActivationName(l.Activation) + (l.HasBias ? "" : ", no bias") + ")"));
            return "Network " + m.NetworkName + ", inference only: inputs " + inputs + "; layers " + layers + "; " +
                Count(m.ParameterCount, "parameter") + " in " + t(m) + " precision, " + (IsImported(baked) ? "imported" : "baked") + " from " + baked.WeightsFile +
                " at compile time. The forward pass is generated, " + (m.Layers.All(UnrollPolicy.IsUnrolled) ? "fully unrolled" : "unrolled but for the layers over " +
                UnrollPolicy.MaxUnrolledLayerWeights.ToString(CultureInfo.InvariantCulture) + " weights (loops over their rows, as in the trainable class)") +
                ", by BackpropGen; there is no training code.";

            static string t(NetworkModel model) => model.Precision == NumericType.Double ? "double" : "float";
        }
    }
}
