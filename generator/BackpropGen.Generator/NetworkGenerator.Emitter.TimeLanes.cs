using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Plan;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        // SIMD across sequences: the batch sweep of a network run in time, Vector<T>.Count sequences at a time (each lane one
        // sequence), as the layered nets' sweep runs patterns. A case of T steps is one pattern of T · StepInputSize inputs, so
        // the data set's blocks (PatternBlocks: unit k of every case of a block side by side) already hold, for each step t
        // and input unit i, one vector of that unit for every sequence of the block. The training pass is the scalar one's
        // statement for statement (TrainingGroups), spelled in the lane dialect (LaneTypes): every unit of every step a vector,
        // every weight a broadcast scalar at its constant index, ∂E/∂w accumulated per lane and summed across the lanes once
        // per sweep; the last block's padding lanes are masked out of E and so out of every δ and ∂E/∂w.

        /// <summary>The attribute that has the JIT compile a method optimized at its first call, skipping tier 0.</summary>
        private const string AggressiveOptimization =
            "[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]";

        /// <summary>The lane fields of a network run in time, for each width: per-lane ∂E/∂w, the lane scratch of a pass in parts, the block's mask.</summary>
        private static void EmitTimeLaneFields(SourceWriter w, TimePlan p, Types t)
        {
            foreach (LaneTypes width in p.Lanes512 ? new[] { new LaneTypes(p.Model), new LaneTypes(p.Model, wide: true) } : new[] { new LaneTypes(p.Model) })
            {
                w.Line("private " + Global.LaneBuffer + "<" + t.Name + ">? _gradientLanes" + width.Suffix + ";");
                if (p.AccumulateInParts)
                {
                    w.Line("private " + Global.LaneBuffer + "<" + t.Name + ">? _laneScratch" + width.Suffix + ";");
                }

                w.Line("private " + width.Local + " " + width.MaskField + ";");
            }

            w.Line();
        }

        /// <summary>AccumulateLanes (AccumulateLanes512): back-propagation through time over blocks of sequences, in one method or in parts.</summary>
        private static void EmitTimeLanes(SourceWriter w, TimePlan p, LaneTypes t, CancellationToken cancellationToken)
        {
            string T = t.Name;
            string V = t.Local;
            string method = "AccumulateLanes" + t.Suffix;
            string cast = Global.MemoryMarshal + ".Cast<" + T + ", " + V + ">";
            List<(int Terms, Action<SourceWriter> Write)> groups = TrainingGroups(p, t);
            p.InScratch = p.AccumulateInParts;
            var spans = new SpanUse(
                Input: p.InScratch,
                Target: p.InScratch,
                Parameters: true,
                Gradients: true,
                p.InScratch ? new[] { new ScratchSpan("st", 0, p.ScratchLength) }.ToEquatableArray() : EquatableArray<ScratchSpan>.Empty);

            w.Line("/// <summary>");
            w.Line("/// Back-propagation through time over <paramref name=\"blocks\"/>, " + V + ".Count sequences at a time (SIMD across sequences, each");
            w.Line("/// lane one sequence): the statements of AccumulateCore with every unit of every step a vector holding that quantity for each");
            w.Line("/// sequence of the block, every weight broadcast" + (p.InScratch ? ", in parts that share the step states in the lane scratch" : "") + ".");
            w.Line("/// ∂E/∂w is accumulated per lane and added to <see cref=\"Gradients\"/> as the sum across lanes at the end. Returns E summed over the");
            w.Line("/// blocks' sequences (the last block's padding lanes are masked out of E, and so of every δ and ∂E/∂w).");
            w.Line("/// </summary>");
            w.Line("private " + T + " " + method + "(" + Global.PatternBlocks + "<" + T + "> blocks)");
            w.OpenBrace();
            w.Line("(_gradientLanes" + t.Suffix + " ??= " + t.NewLaneBuffer("ParameterCount") + ").Clear();");
            if (p.InScratch)
            {
                w.Line("_laneScratch" + t.Suffix + " ??= " + t.NewLaneBuffer(p.ScratchLength.ToString(CultureInfo.InvariantCulture)) + ";");
            }

            w.Line(V + " errorLanes = " + t.Constant(0) + ";");
            if (!p.InScratch)
            {
                EmitConstantLengthSpans(w, t, spans, includeInput: false);
            }

            w.Line("for (int b = 0; b < blocks.Count; b++)");
            w.OpenBrace();
            w.Line("// input[t · StepInputSize + i], target[…]: unit i at step t for each sequence of block b");
            w.Line(Global.ReadOnlySpan + "<" + V + "> input = " + cast + "(blocks.Input(b)).Slice(0, InputSize);");
            w.Line(Global.ReadOnlySpan + "<" + V + "> target = " + cast + "(blocks.Target(b)).Slice(0, OutputSize);");
            w.Line("// every bit set in the lanes that hold a sequence, none in the last block's padding");
            w.Line(t.MaskField + " = " + cast + "(blocks.Mask(b))[0];");
            List<List<Action<SourceWriter>>> parts = Pack(groups);
            if (!p.InScratch)
            {
                w.Line(V + " error = " + t.Constant(0) + ";");
                foreach ((_, Action<SourceWriter> write) in groups)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    write(w);
                }

                w.Line();
                w.Line("errorLanes += error;");
            }
            else
            {
                for (int n = 0; n < parts.Count; n++)
                {
                    w.Line("errorLanes += " + GeneratedNames.LanesPart(method, n) + "(input, target);");
                }
            }

            w.CloseBrace();
            w.Line();
            w.Line("// ∂E/∂w += Σ_lanes ∂E/∂w: each parameter's lanes summed");
            w.Line(Global.Span + "<" + T + "> gradients = new(_gradients, 0, ParameterCount);");
            w.Line(Global.ReadOnlySpan + "<" + V + "> lanes = " + t.SpanOver(t.GradientField, "0", "ParameterCount") + ";");
            w.Line("for (int k = 0; k < ParameterCount; k++)");
            w.OpenBrace();
            w.Line("gradients[k] += " + t.LaneMathAlias + ".Sum(lanes[k]);");
            w.CloseBrace();
            w.Line();
            w.Line("return " + t.LaneMathAlias + ".Sum(errorLanes);");
            w.CloseBrace();
            w.Line();
            if (p.InScratch)
            {
                string ros = Global.ReadOnlySpan + "<" + V + ">";
                for (int n = 0; n < parts.Count; n++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    w.Line("/// <summary>Part " + (n + 1) + " of " + parts.Count + " of <see cref=\"" + method + "\"/> for one block; returns the error it adds, per lane.</summary>");
                    if (n == 0)
                    {
                        w.Line("// Each part is compiled optimized at its first call: a sweep calls it once per block, thousands of times, and a");
                        w.Line("// method this large otherwise runs unoptimized (tier 0) for seconds before the JIT's tier-up reaches it.");
                    }

                    w.Line(AggressiveOptimization);
                    EmitTimePart(w, t, "private " + V + " " + GeneratedNames.LanesPart(method, n) + "(" + ros + " input, " + ros + " target)", parts[n], () => EmitConstantLengthSpans(w, t, spans, includeInput: true));
                    w.Line();
                }
            }

            p.InScratch = false;
        }
    }
}
