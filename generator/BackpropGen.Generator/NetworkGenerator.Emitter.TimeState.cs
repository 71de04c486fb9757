using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        // What a recurrent layer reads as its states at t − 1, and what it sends back to them: at step t > 0 its own states
        // of step t − 1; at step 0, h(−1), which is 0 or, with [Recurrent(InitialState = InitialState.Learned)], parameters of
        // the layer after its biases (w[…] at constant indices, like a bias). The time emitter (scalar path) calls these in a
        // few places; a lane path (each lane a sequence) calls the same: h(−1) is one value for every lane, so it broadcasts
        // w[…] where the scalar path reads it, and adds the sum of its lanes' ∂E/∂h(−1) where the scalar path adds one.

        /// <summary>Whether layer k's x_j at step s has recurrent terms: at t > 0, in Step (state from the caller), or at 0 when h(−1) is learned.</summary>
        private static bool ReadsPreviousStates(LayerModel layer, int s, bool stream) =>
            TimePlan.IsRecurrent(layer) && (s > 0 || stream || layer.HasLearnedInitialState);

        /// <summary>
        /// Unit i of the recurrent layer at t − 1 as step s reads it: state[…] in Step, its y at s − 1, or at step 0 its
        /// learned h_i(−1), w[…].
        /// </summary>
        private static string PreviousState(TimePlan p, Types t, LayerModel layer, int s, int i, bool stream) => PreviousUnit(p, t, layer, s, i, stream)!;

        /// <summary>
        /// Unit i of layer <paramref name="read"/> at t − 1 as step s reads it: state[…] in Step, its y at s − 1, at step 0 its
        /// learned h_i(−1) (w[…]), or null where that is 0 (step 0 of a layer without a learned initial state).
        /// </summary>
        private static string? PreviousUnit(TimePlan p, Types t, LayerModel read, int s, int i, bool stream) =>
            stream ? "state[" + (p.StateOffset(p.LayerIndex(read.Name)) + i) + "]"
            : s > 0 ? p.Unit("y", read, s - 1, i)
            : read.HasLearnedInitialState ? t.Broadcast(W(read.InitialStateOffset + i)) : null;

        // Layers read at t − 1 through FromPrevious (the paper's fully recurrent net): their columns follow the layer's own
        // units' in each row. Forward adds Σ_k y_k(t−1) w_jk over them; back-propagation adds, to ∂E/∂y_k(t) of a layer read so,
        // Σ_j δ_j(t+1) w_jk over its readers at t + 1; ∂E/∂w_jk += δ_j(t) y_k(t−1). A lane path does the same per lane.

        /// <summary>Forward terms of unit j of the layer at step s from its FromPrevious layers at t − 1 (none at step 0 unless learned).</summary>
        private static IEnumerable<string> PreviousLayerTerms(TimePlan p, Types t, LayerModel layer, int s, int j, bool stream) =>
            PreviousLayerUnits(p, t, layer, s, stream).Select(u => u.Unit + " * " + W(WeightIndex(layer, j, u.Column)));

        /// <summary>The units the layer reads at t − 1 through FromPrevious, each with its column, leaving out those that are 0.</summary>
        private static IEnumerable<(string Unit, int Column)> PreviousLayerUnits(TimePlan p, Types t, LayerModel layer, int s, bool stream)
        {
            int column = RecurrentKind.PreviousColumn(layer);
            foreach (string source in layer.PreviousSources)
            {
                LayerModel read = p.Model.Layers[p.LayerIndex(source)];
                for (int i = 0; i < read.Size; i++)
                {
                    if (PreviousUnit(p, t, read, s, i, stream) is { } unit)
                    {
                        yield return (unit, column + i);
                    }
                }

                column += read.Size;
            }
        }

        /// <summary>What the comment over a layer's sums adds for its FromPrevious layers.</summary>
        private static string PreviousLayerNote(LayerModel layer) =>
            layer.PreviousSources.Count == 0 ? "" : " + Σ_k y_k(t−1) w_jk over " + string.Join(", ", layer.PreviousSources) + " at t − 1";

        /// <summary>The needed layers at s + 1 that read <paramref name="layer"/> at t − 1 (FromPrevious), with the column of its unit 0 in their rows.</summary>
        private static List<(LayerModel Reader, int Column)> LaterReaders(TimePlan p, LayerModel layer, int s)
        {
            var readers = new List<(LayerModel Reader, int Column)>();
            for (int r = 0; r < p.Model.Layers.Count && s + 1 < p.Steps; r++)
            {
                LayerModel reader = p.Model.Layers[r];
                int column = RecurrentKind.PreviousColumn(reader);
                foreach (string source in reader.PreviousSources)
                {
                    if (source == layer.Name && p.Needed[r, s + 1])
                    {
                        readers.Add((reader, column));
                    }

                    column += p.Model.Layers[p.LayerIndex(source)].Size;
                }
            }

            return readers;
        }

        /// <summary>What the readers at t + 1 send back to unit i: Σ_j δ_j(t+1) w_ji over each.</summary>
        private static IEnumerable<string> LaterReaderTerms(TimePlan p, List<(LayerModel Reader, int Column)> readers, int s, int i) =>
            readers.SelectMany(r => Enumerable.Range(0, r.Reader.Size).Select(j => p.Unit("delta", r.Reader, s + 1, j) + " * " + W(WeightIndex(r.Reader, j, r.Column + i))));

        /// <summary>Step s's ∂E/∂w_jk += δ_j(t) · y_k(t−1) for the FromPrevious layers' columns.</summary>
        private static void EmitPreviousLayerGradient(SourceWriter w, TimePlan p, Types t, LayerModel layer, int s)
        {
            var units = PreviousLayerUnits(p, t, layer, s, stream: false).ToList();
            if (units.Count == 0)
            {
                return;
            }

            w.Line("// ∂E/∂w_jk += δ_j(t) · y_k(t−1) over " + string.Join(", ", layer.PreviousSources) + " (read at t − 1)");
            for (int j = 0; j < layer.Size; j++)
            {
                foreach ((string unit, int column) in units)
                {
                    w.Line(t.AddProduct("g[" + WeightIndex(layer, j, column) + "]", p.Unit("delta", layer, s, j), unit));
                }
            }
        }

        /// <summary>What the comment over layer k's step-0 sums says h(−1) is.</summary>
        private static string InitialStateNote(LayerModel layer) =>
            layer.HasLearnedInitialState
                ? ", where " + layer.Name + "_k(−1) is learned (w[" + layer.InitialStateOffset + " + k])"
                : ", where " + layer.Name + "(−1) = 0";

        /// <summary>
        /// At step 0, the learned h(−1)'s share of ∂E: ∂E/∂h_k(−1) = Σ_j δ_j(0) w_jk, added at its constant index as a bias's
        /// ∂E/∂b_j is (summed over the cases).
        /// </summary>
        private static void EmitInitialStateGradient(SourceWriter w, TimePlan p, LayerModel layer, int s)
        {
            // The layer's own h(−1) through its recurrent weights, and each FromPrevious layer's learned h(−1) through the columns that read it.
            var read = new List<(LayerModel Layer, int Column)>();
            if (layer.HasLearnedInitialState)
            {
                read.Add((layer, RecurrentKind.RecurrentColumn(layer, 0)));
            }

            int column = RecurrentKind.PreviousColumn(layer);
            foreach (string source in layer.PreviousSources)
            {
                LayerModel other = p.Model.Layers[p.LayerIndex(source)];
                if (other.HasLearnedInitialState)
                {
                    read.Add((other, column));
                }

                column += other.Size;
            }

            if (s != 0 || read.Count == 0)
            {
                return;
            }

            foreach ((LayerModel state, int first) in read)
            {
                w.Line("// ∂E/∂" + state.Name + "_k(−1) += Σ_j δ_j(0) w_jk over " + layer.Name + " (a learned initial state: what step 0 sends back to it)");
                for (int k = 0; k < state.Size; k++)
                {
                    int unit = k;
                    List<string> terms = Enumerable.Range(0, layer.Size)
                        .Select(j => p.Unit("delta", layer, 0, j) + " * " + W(WeightIndex(layer, j, first + unit))).ToList();
                    WriteSum(w, "g[" + (state.InitialStateOffset + k) + "] += ", terms, " + ", ";");
                }
            }
        }

        /// <summary>ResetState(state): h(−1) of every recurrent layer, for the first call of Step on a stream.</summary>
        private static void EmitResetState(SourceWriter w, TimePlan p, Types t)
        {
            NetworkModel m = p.Model;
            w.Line("/// <summary>");
            w.Line("/// Sets <paramref name=\"state\"/> to the states before the first step, h(−1) of every recurrent layer (0, or the learned");
            w.Line("/// initial state): call it before the first <see cref=\"Step\"/> of a stream. Allocates nothing.");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"state\">StateSize recurrent states.</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">state's length is not StateSize.</exception>");
            w.Line("public void ResetState(" + Global.Span + "<" + t.Name + "> state)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Length(nameof(state), StateSize, state.Length);");
            for (int k = 0; k < m.Layers.Count; k++)
            {
                LayerModel layer = m.Layers[k];
                if (!p.Carried(layer))
                {
                    continue;
                }

                string target = "state.Slice(" + p.StateOffset(k) + ", " + layer.Size + ")";
                w.Line(layer.HasLearnedInitialState
                    ? "new " + Global.ReadOnlySpan + "<" + t.Name + ">(_parameters, " + layer.InitialStateOffset + ", " + layer.Size + ").CopyTo(" + target + ");"
                    : target + ".Clear();");
            }

            w.CloseBrace();
            w.Line();
        }

        // Per-step target masks (SequenceDataSet<T>): the training pass takes mask, one value per step whose outputs are read
        // (TargetSteps), 1 where the step's target counts and 0 where it is absent. The error of step t is multiplied by
        // mask[t] and so is y − d where it enters ∂E/∂y or δ: a masked step adds no error and sends back no δ from its
        // target (multiplying by 1 is exact, so all-ones masks give bit for bit the unmasked results). A lane path reads
        // each lane's mask as it reads its target, and multiplies the same way.

        /// <summary>The argument EmitTraining adds to each case's AccumulateCore call: that case's masks, or all ones.</summary>
        private const string CaseMaskArgument = ", " + Global.SequenceGuard + ".CaseMask(data, c, " + EveryStepField + ")";

        /// <summary>The static all-ones mask of a network run in time.</summary>
        private const string EveryStepField = GeneratedNames.EveryStep;

        /// <summary>The mask of step s's target: mask[i], i its place among the read steps.</summary>
        private static string StepMask(TimePlan p, int s) => "mask[" + (p.Model.LastStepOnly ? 0 : s) + "]";

        /// <summary><paramref name="value"/> times step s's mask.</summary>
        private static string Masked(TimePlan p, Types t, int s, string value) => StepMaskOpen(p, t, s) + value + ")";

        /// <summary>
        /// What opens a step's masked error or δ, closed by ")": "mask[s] * (" for one sequence; "(" in the lane dialect,
        /// whose blocks are taken only for data sets without target masks (AccumulateBatch's lane condition).
        /// </summary>
        private static string StepMaskOpen(TimePlan p, Types t, int s) => t is LaneTypes ? "(" : StepMask(p, s) + " * (";

        /// <summary>TargetSteps, the all-ones mask, and AccumulateGradient with a mask.</summary>
        private static void EmitMaskMembers(SourceWriter w, TimePlan p, Types t)
        {
            string T = t.Name;
            string ros = Global.ReadOnlySpan + "<" + T + ">";
            int steps = p.Model.LastStepOnly ? 1 : p.Steps;
            w.Line("/// <summary>The steps whose outputs are read and compared with targets (" + (p.Model.LastStepOnly ? "the last" : "every step") + "): the length of a case's per-step target mask.</summary>");
            w.Line("public const int TargetSteps = " + steps + ";");
            w.Line();
            w.Line("/// <summary>The mask of a case whose every target counts.</summary>");
            w.Line("private static readonly " + T + "[] " + EveryStepField + " = { " + string.Join(", ", Enumerable.Repeat(t.Literal(1), steps)) + " };");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// AccumulateGradient(input, target) with per-step target masks: a step whose mask is 0");
            w.Line("/// adds no error and sends back no δ (its ∂E/∂y is 0), whatever its target holds.");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"input\">T steps of StepInputSize units, step after step.</param>");
            w.Line("/// <param name=\"target\">The desired output d, as for AccumulateGradient(input, target).</param>");
            w.Line("/// <param name=\"mask\">TargetSteps values: 1 where the step's target counts, 0 where it is absent.</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">A span's length is not InputSize, OutputSize or TargetSteps, or a mask value is neither 0 nor 1.</exception>");
            w.Line("public " + T + " AccumulateGradient(" + ros + " input, " + ros + " target, " + ros + " mask)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Length(nameof(input), InputSize, input.Length);");
            w.Line(Global.Guard + ".Length(nameof(target), OutputSize, target.Length);");
            w.Line(Global.SequenceGuard + ".Mask(nameof(mask), TargetSteps, mask);");
            w.Line("return AccumulateCore(input, target, mask);");
            w.CloseBrace();
            w.Line();
        }

        /// <summary>
        /// The static layout (ILayeredNetwork) of a network run in time, as the layered classes emit theirs: a recurrent
        /// layer's FanIn is its row's columns (its sources at t, itself and its FromPrevious layers at t − 1), and its
        /// learned h(−1) is InitialStateOffset.
        /// </summary>
        private static void EmitTimeLayout(SourceWriter w, NetworkModel m)
        {
            string list = Global.IReadOnlyList + "<" + Global.LayerLayout + ">";
            w.Line("/// <summary>The layers in declaration order and where their parameters are: w_ji at WeightOffset + j · FanIn + i (a recurrent layer's FanIn counts its");
            w.Line("/// sources at t, then the units it reads at t − 1), b_j at BiasOffset (−1 without biases), a learned h_k(−1) at InitialStateOffset.</summary>");
            w.Line("public static " + list + " " + GeneratedNames.Layout + " { get; } = new " + Global.LayerLayout + "[]");
            w.OpenBrace();
            foreach (LayerModel layer in m.Layers)
            {
                w.Line("new(" + StringLiteral(layer.Name) + ", " + layer.Size + ", " + layer.Block.Columns + ", " + layer.WeightOffset + ", " + layer.BiasOffset + ")" +
                    (layer.HasLearnedInitialState ? " { InitialStateOffset = " + layer.InitialStateOffset + " }" : "") + ",");
            }

            w.CloseBrace(";");
            w.Line();
            w.Line(list + " " + Global.ILayeredNetwork + "." + GeneratedNames.Layout + " => " + GeneratedNames.Layout + ";");
            w.Line();
        }
    }
}
