using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        // A network run in time (the paper's Fig. 5): run for T steps, it is a layered net of T copies of its layers whose
        // weights are shared, so it is unrolled in time here as the feed-forward emitter unrolls layers: every step's
        // statements under a "── step t ──" banner, every weight at a constant index, every step's states kept in locals
        // (x_h_t2_0 is x of unit 0 of layer h at step 2) for the backward pass, which runs from the last step to the first.
        // A case is T steps: input[t · StepInputSize + i]; output and target the same with StepOutputSize (every step), or
        // once (last step only). The statements are written through a dialect (Types): here for one sequence; the batch sweep
        // writes the same statements in the lane dialect, a block of sequences at a time (NetworkGenerator.Emitter.TimeLanes.cs).

        /// <summary>Writes the file of a network run in time.</summary>
        private static string EmitInTime(NetworkModel m, bool vectorMath, CancellationToken cancellationToken)
        {
            var t = new Types(m);
            var time = new TimePlan(m) { VectorMath = vectorMath };

            // The lane dialect's types (for the SIMD sweep across sequences and the activations computed a vector of units at a time).
            return EmitFile(m, "[Network], [Input], [Recurrent] and [Dense] attributes", vectorMath ? t : null, w => EmitTimeClass(w, time, t, cancellationToken));
        }

        /// <summary>
        /// What is computed at which step: layer k at step s is needed when the output layer is read there, when a needed
        /// layer reads it at the same step, or when it is recurrent and needed at s + 1 (outputs read at the last step only
        /// leave the output layer's earlier copies out).
        /// </summary>
        private sealed class TimePlan
        {
            public TimePlan(NetworkModel m)
            {
                Model = m;
                Steps = m.TimeSteps;
                StepInput = m.Inputs.Sum(g => g.Size);
                StepOutput = m.OutputLayer.Size;
                Needed = new bool[m.Layers.Count, Steps];
                for (int s = Steps - 1; s >= 0; s--)
                {
                    Needed[m.Layers.Count - 1, s] |= OutputAt(s);
                    for (int k = m.Layers.Count - 1; k >= 0; k--)
                    {
                        if (!Needed[k, s])
                        {
                            continue;
                        }

                        foreach (string source in m.Layers[k].Sources)
                        {
                            int index = LayerIndex(source);
                            if (index >= 0)
                            {
                                Needed[index, s] = true;
                            }
                        }

                        if (IsRecurrent(m.Layers[k]) && s > 0)
                        {
                            Needed[k, s - 1] = true;
                            foreach (string previous in m.Layers[k].PreviousSources)
                            {
                                Needed[LayerIndex(previous), s - 1] = true;
                            }
                        }
                    }
                }
            }

            public NetworkModel Model { get; }

            public int Steps { get; }

            public int StepInput { get; }

            public int StepOutput { get; }

            public bool[,] Needed { get; }

            public bool OutputAt(int s) => !Model.LastStepOnly || s == Steps - 1;

            /// <summary>Where the output (and target) of step s starts in a case's output.</summary>
            public int OutputOffset(int s) => Model.LastStepOnly ? 0 : s * StepOutput;

            public int LayerIndex(string name)
            {
                for (int k = 0; k < Model.Layers.Count; k++)
                {
                    if (Model.Layers[k].Name == name)
                    {
                        return k;
                    }
                }

                return -1;
            }

            public static bool IsRecurrent(LayerModel layer) => layer.Kind == LayerKinds.Recurrent.Name;

            /// <summary>The units of every recurrent layer, in declaration order: what <c>Step</c> carries from one step to the next.</summary>
            public int StateSize => Model.Layers.Where(Carried).Sum(l => l.Size);

            /// <summary>Where layer k's units start in the state of <c>Step</c>.</summary>
            public int StateOffset(int k) => Model.Layers.Take(k).Where(Carried).Sum(l => l.Size);

            /// <summary>Whether a layer's states are carried to the next step: it is recurrent, or a recurrent layer reads it at t − 1.</summary>
            public bool Carried(LayerModel layer) => IsRecurrent(layer) || Model.Layers.Any(r => r.PreviousSources.Contains(layer.Name));

            /// <summary>The number of columns in a row of the layer's weights (its fan-in, plus its own units when recurrent).</summary>
            public static int Columns(LayerModel layer) => layer.Block.Columns;

            /// <summary>
            /// Whether the unit states being written are kept in the instance scratch (<c>st[…]</c>, for a pass cut into
            /// several methods) rather than in locals of one method (<c>x_h_t2_0</c>).
            /// </summary>
            public bool InScratch { get; set; }

            /// <summary>Whether the target has System.Numerics.Vector (the lane dialect).</summary>
            public bool VectorMath { get; set; }

            /// <summary>
            /// Whether the batch sweep may run SIMD across sequences (<c>AccumulateLanes</c>, each lane one sequence), where the
            /// hardware and <c>VectorizeAcrossPatterns</c> allow it at run time. The one place that says which nets run in time
            /// take the lane path: a feature whose statements the lane dialect does not spell yet (e.g. one that reads a case's
            /// data beyond its input and target) must return false here, so its nets keep the scalar sweep rather than compute
            /// something else in lanes.
            /// </summary>
            public bool TakesLanes => VectorMath;

            /// <summary>Whether the lane path has 512-bit blocks too (the layered nets' one rule, Planner.Takes512BitBlocks).</summary>
            public bool Lanes512 => TakesLanes && Planner.Takes512BitBlocks(Model, VectorMath);

            /// <summary>
            /// Whether layer k's y = f(x) is computed a vector of units at a time when its states are in the scratch (x and y of
            /// a layer at a step are contiguous there): sigmoid and tanh, which call e^x, in layers of at least
            /// UnrollPolicy.MinUnitsForVectorActivation units, as the layered Forward does.
            /// </summary>
            public bool VectorActivation(int k) =>
                VectorMath && (ForwardInParts || AccumulateInParts) && Model.Layers[k].Activation is ActivationKind.Sigmoid or ActivationKind.Tanh &&
                Model.Layers[k].Size >= UnrollPolicy.MinUnitsForVectorActivation;

            /// <summary>The vectorised activation helpers the class needs.</summary>
            public List<VectorActivationPlan> VectorActivations =>
                Enumerable.Range(0, Model.Layers.Count).Where(VectorActivation).Select(k => Model.Layers[k].Activation).Distinct().OrderBy(a => a)
                    .Select(a => new VectorActivationPlan(a, GeneratedNames.VectorActivation(a))).ToList();

            /// <summary>Where quantity q of layer k's units at step s starts in the scratch.</summary>
            public int ScratchOffset(string quantity, int k, int s) =>
                (((s * Quantities.Length) + System.Array.IndexOf(Quantities, quantity)) * Units) + Model.Layers.Take(k).Sum(l => l.Size);

            private static readonly string[] Quantities = { "x", "y", "dEdy", "delta", "e" };

            /// <summary>The terms of layer k's forward statements at one step (a product per weight, an activation per unit).</summary>
            public int ForwardTerms(int k) => Model.Layers[k].Size * (Columns(Model.Layers[k]) + 1);

            /// <summary>The terms of layer k's δ and ∂E/∂w at one step (at most: what every layer sends back, two per gradient update).</summary>
            public int BackwardTerms(int k) => Model.Layers[k].Size * ((2 * Columns(Model.Layers[k])) + Units + 2);

            private IEnumerable<(int K, int S)> NeededUnits() =>
                from s in Enumerable.Range(0, Steps) from k in Enumerable.Range(0, Model.Layers.Count) where Needed[k, s] select (k, s);

            /// <summary>Whether Forward is cut into methods (its states in the scratch): more than UnrollPolicy.MaxForwardTermsInOneMethod terms.</summary>
            public bool ForwardInParts => NeededUnits().Sum(u => ForwardTerms(u.K)) > UnrollPolicy.MaxForwardTermsInOneMethod;

            /// <summary>Whether the training pass is cut into methods (its states in the scratch): more than UnrollPolicy.MaxTermsPerMethod terms.</summary>
            public bool AccumulateInParts => NeededUnits().Sum(u => ForwardTerms(u.K) + BackwardTerms(u.K)) + (Steps * 2 * StepOutput) > UnrollPolicy.MaxTermsPerMethod;

            /// <summary>The units of every layer together.</summary>
            public int Units => Model.Layers.Sum(l => l.Size);

            /// <summary>The scratch a pass cut into methods keeps its unit states in: every quantity of every unit at every step.</summary>
            public int ScratchLength => Steps * Quantities.Length * Units;

            /// <summary>A unit's quantity at step s: the local x_h_t2_0, or its place in the scratch, st[…].</summary>
            public string Unit(string quantity, LayerModel layer, int s, int j)
            {
                if (!InScratch)
                {
                    return At(quantity, layer, s, j);
                }

                int index = ScratchOffset(quantity, LayerIndex(layer.Name), s) + j;
                return "st[" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) + "]";
            }

            /// <summary>The left side that sets a unit's quantity: a new local (T x_h_t2_0) or its scratch place.</summary>
            public string Define(string quantity, LayerModel layer, int s, int j, Types t) =>
                InScratch ? Unit(quantity, layer, s, j) : t.Local + " " + At(quantity, layer, s, j);
        }

        private static string Step(int s) => "t" + s.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>A unit of a layer at step s: x_h_t2_0.</summary>
        private static string At(string quantity, LayerModel layer, int s, int j) => GeneratedNames.Local(quantity, layer.Name + "_" + Step(s), j);

        private static void EmitTimeClass(SourceWriter w, TimePlan p, Types t, CancellationToken cancellationToken)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            w.Line("/// <summary>");
            w.Line("/// " + Xml(Describe(m).Replace(". Forward,", ", run for " + Count(p.Steps, "time step") + " (" +
                (m.LastStepOnly ? "outputs read at the last step" : "outputs read at every step") + "), unrolled in time. Forward,")));
            w.Line("/// </summary>");
            w.Line("[" + Global.GeneratedCode + "(\"BackpropGen\", \"" + Version + "\")]");
            w.Line("partial " + m.ClassKeyword + " " + m.ClassName + " : " + Global.INetwork + "<" + T + ">, " + Global.ILayeredNetwork);
            w.OpenBrace();
            EmitSummaryBlock(w, m, t);
            EmitTimeState(w, p, t);
            EmitTimeLayout(w, m);
            cancellationToken.ThrowIfCancellationRequested();
            EmitTimeForward(w, p, t);
            cancellationToken.ThrowIfCancellationRequested();
            EmitTimeBackward(w, p, t);
            LaneTypes? lanes = p.TakesLanes ? new LaneTypes(m) : null;
            bool lanes512 = p.Lanes512;
            if (lanes is not null)
            {
                cancellationToken.ThrowIfCancellationRequested();
                EmitTimeLanes(w, p, lanes, cancellationToken);
                if (lanes512)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    EmitTimeLanes(w, p, new LaneTypes(m, wide: true), cancellationToken);
                }
            }

            // A data set with per-step target masks is swept one sequence at a time (the lane blocks carry no masks).
            EmitTraining(w, m, t, lanes, lanes512, CaseMaskArgument, " && data.MaskLength == 0");
            if (p.VectorActivations.Count > 0)
            {
                w.Line();
                EmitVectorActivations(w, p.VectorActivations, t, new LaneTypes(m));
            }

            w.CloseBrace();
        }

        private static void EmitTimeState(SourceWriter w, TimePlan p, Types t)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            string span = Global.Span + "<" + T + ">";
            w.Line("/// <summary>The number of time steps T the network runs for; a case holds T steps.</summary>");
            w.Line("public const int TimeSteps = " + p.Steps + ";");
            w.Line();
            w.Line("/// <summary>Input units per step (all input groups: " + string.Join(", ", m.Inputs.Select(i => i.Name + " at " + i.Offset)) + ").</summary>");
            w.Line("public const int StepInputSize = " + p.StepInput + ";");
            w.Line();
            w.Line("/// <summary>Output units per step (layer " + m.OutputLayer.Name + ").</summary>");
            w.Line("public const int StepOutputSize = " + p.StepOutput + ";");
            w.Line();
            w.Line("/// <summary>A case's input: T steps of StepInputSize units, step after step.</summary>");
            w.Line("public const int InputSize = TimeSteps * StepInputSize;");
            w.Line();
            w.Line("/// <summary>A case's output (and target): " + (m.LastStepOnly ? "the last step's StepOutputSize units." : "T steps of StepOutputSize units, step after step.") + "</summary>");
            w.Line("public const int OutputSize = " + (m.LastStepOnly ? "StepOutputSize" : "TimeSteps * StepOutputSize") + ";");
            w.Line();
            w.Line("/// <summary>Number of parameters, weights and biases, each shared by every step.</summary>");
            w.Line("public const int ParameterCount = " + m.ParameterCount + ";");
            w.Line();
            w.Line("/// <summary>The name written into and checked against saved parameter files.</summary>");
            w.Line("public const string NetworkName = " + StringLiteral(m.NetworkName) + ";");
            w.Line();
            w.Line("/// <summary>The canonical topology; its hash is written into saved parameter files.</summary>");
            w.Line("public const string NetworkTopology = " + StringLiteral(m.Topology) + ";");
            w.Line();
            EmitParameterArrays(w, T);
            w.Line();
            if (p.ForwardInParts || p.AccumulateInParts)
            {
                w.Line("/// <summary>The unit states of every step, for the passes cut into several methods (Forward and the training pass lock it).</summary>");
                w.Line("private readonly " + T + "[] " + GeneratedNames.TimeScratch + " = new " + T + "[" + p.ScratchLength + "];");
                w.Line();
            }

            if (p.TakesLanes)
            {
                EmitTimeLaneFields(w, p, t);
            }

            w.Line("/// <summary>All weights and biases: per layer, w_ji row by row (row j = unit j; a recurrent layer's row: its sources, then itself at t − 1), then b_j.</summary>");
            w.Line("public " + span + " Parameters => _parameters;");
            w.Line();
            w.Line("/// <summary>∂E/∂w accumulated since the last update (summed over the steps and the cases), in the layout of <see cref=\"Parameters\"/>.</summary>");
            w.Line("public " + span + " Gradients => _gradients;");
            w.Line();
            w.Line("/// <summary>Δw(t−1), the previous weight change, used by the momentum term.</summary>");
            w.Line("public " + span + " PreviousDeltas => _previousDeltas;");
            w.Line();
            EmitUpdateSettings(w, t);
            EmitVectorizeSwitch(w, p.TakesLanes ? null : p.VectorMath ? "This network uses a feature the SIMD sweep across sequences does not take yet, so only the scalar path was generated." : NoVectorMath, "sequences");
            foreach (string member in new[] { "string Name => NetworkName", "string Topology => NetworkTopology", "int InputLength => InputSize", "int OutputLength => OutputSize", "int ParameterLength => ParameterCount" })
            {
                int space = member.IndexOf(' ');
                w.Line(member.Substring(0, space) + " " + Global.INetwork + "<" + T + ">." + member.Substring(space + 1) + ";");
                w.Line();
            }

            foreach (LayerModel layer in m.Layers)
            {
                LayerKinds.Of(layer).EmitAccessors(w, layer, T);
            }
        }

        private static void EmitTimeForward(SourceWriter w, TimePlan p, Types t)
        {
            NetworkModel m = p.Model;
            string ros = Global.ReadOnlySpan + "<" + t.Name + ">";
            w.Line("/// <summary>Runs one sequence of " + Count(p.Steps, "step") + " through the network, unrolled in time, every weight at a constant index; the recurrent states start at " +
                (m.Layers.Any(l => l.HasLearnedInitialState) ? "h(−1): learned where declared, else 0" : "0") + ".</summary>");
            w.Line("/// <param name=\"input\">T steps of StepInputSize units, step after step.</param>");
            w.Line("/// <param name=\"output\">" + (m.LastStepOnly ? "Receives the last step's output." : "Receives T steps of StepOutputSize units, step after step.") + "</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">A span's length is not InputSize or OutputSize.</exception>");
            w.Line("public void Forward(" + ros + " input, " + Global.Span + "<" + t.Name + "> output)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Length(nameof(input), InputSize, input.Length);");
            w.Line(Global.Guard + ".Length(nameof(output), OutputSize, output.Length);");
            if (!p.ForwardInParts)
            {
                w.Line(ros + " w = _parameters;");
                for (int s = 0; s < p.Steps; s++)
                {
                    EmitTimeStep(w, p, t, s);
                    EmitTimeOutputs(w, p, s);
                }

                w.CloseBrace();
                w.Line();
            }
            else
            {
                // Too large for one method that the JIT optimizes: parts of at most UnrollPolicy.MaxTermsPerMethod terms, the states in the scratch.
                p.InScratch = true;
                List<List<Action<SourceWriter>>> parts = Pack(ForwardGroups(p, t, outputs: true));
                w.Line("lock (" + GeneratedNames.TimeScratch + ")");
                w.OpenBrace();
                w.Line(Global.Span + "<" + t.Name + "> st = " + GeneratedNames.TimeScratch + ";");
                for (int n = 0; n < parts.Count; n++)
                {
                    w.Line(GeneratedNames.ForwardPart(n) + "(input, output, st);");
                }

                w.CloseBrace();
                w.CloseBrace();
                for (int n = 0; n < parts.Count; n++)
                {
                    w.Line();
                    w.Line("/// <summary>Part " + (n + 1) + " of " + parts.Count + " of <see cref=\"Forward\"/>.</summary>");
                    w.Line("private void " + GeneratedNames.ForwardPart(n) + "(" + ros + " input, " + Global.Span + "<" + t.Name + "> output, " + Global.Span + "<" + t.Name + "> st)");
                    w.OpenBrace();
                    w.Line(ros + " w = _parameters;");
                    foreach (Action<SourceWriter> write in parts[n])
                    {
                        write(w);
                    }

                    w.CloseBrace();
                }

                p.InScratch = false;
                w.Line();
            }

            EmitStreamStep(w, p, t);
        }

        /// <summary>Copies step s's outputs (when they are read at s) into <c>output</c>.</summary>
        private static void EmitTimeOutputs(SourceWriter w, TimePlan p, int s)
        {
            if (p.OutputAt(s))
            {
                for (int j = 0; j < p.StepOutput; j++)
                {
                    w.Line("output[" + (p.OutputOffset(s) + j) + "] = " + p.Unit("y", p.Model.OutputLayer, s, j) + ";");
                }
            }
        }

        /// <summary>Step(input, state, output): one step at a time, for running a trained network on a stream.</summary>
        private static void EmitStreamStep(SourceWriter w, TimePlan p, Types t)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            var recurrent = Enumerable.Range(0, m.Layers.Count).Where(k => p.Carried(m.Layers[k])).ToList();
            w.Line("/// <summary>The recurrent states <see cref=\"Step\"/> carries from one step to the next: " +
                (recurrent.Count == 0 ? "none" : string.Join(", ", recurrent.Select(k => m.Layers[k].Name + " at " + p.StateOffset(k)))) + ".</summary>");
            w.Line("public const int StateSize = " + p.StateSize + ";");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Runs one time step, for a stream: reads the recurrent states at t − 1 from <paramref name=\"state\"/> (for the first step, h(−1)");
            w.Line("/// as <see cref=\"ResetState\"/> sets it, as in <see cref=\"Forward\"/>), writes their states at t back into it and the step's output into");
            w.Line("/// <paramref name=\"output\"/>. T steps from <see cref=\"ResetState\"/> give exactly what <see cref=\"Forward\"/> gives for the sequence. Allocates nothing.");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"input\">This step's StepInputSize input units.</param>");
            w.Line("/// <param name=\"state\">StateSize recurrent states: at t − 1 on entry, at t on return.</param>");
            w.Line("/// <param name=\"output\">Receives this step's StepOutputSize output units.</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">A span's length is not StepInputSize, StateSize or StepOutputSize.</exception>");
            w.Line("public void Step(" + Global.ReadOnlySpan + "<" + T + "> input, " + Global.Span + "<" + T + "> state, " + Global.Span + "<" + T + "> output)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Length(nameof(input), StepInputSize, input.Length);");
            w.Line(Global.Guard + ".Length(nameof(state), StateSize, state.Length);");
            w.Line(Global.Guard + ".Length(nameof(output), StepOutputSize, output.Length);");
            w.Line(Global.ReadOnlySpan + "<" + T + "> w = _parameters;");
            EmitTimeStep(w, p, t, 0, stream: true);
            w.Line();
            w.Line("// The states at t, for the next step");
            foreach (int k in recurrent)
            {
                for (int j = 0; j < m.Layers[k].Size; j++)
                {
                    w.Line("state[" + (p.StateOffset(k) + j) + "] = " + At("y", m.Layers[k], 0, j) + ";");
                }
            }

            for (int j = 0; j < p.StepOutput; j++)
            {
                w.Line("output[" + j + "] = " + At("y", m.OutputLayer, 0, j) + ";");
            }

            w.CloseBrace();
            w.Line();
            EmitResetState(w, p, t);
        }

        /// <summary>
        /// The forward statements of step s: each needed layer's x_j(t) and y_j(t) = f(x_j(t)). When <paramref name="stream"/>
        /// is set, it is the one step of <c>Step</c>: every layer, the input at 0 and the recurrent states at t − 1 read from <c>state</c>.
        /// </summary>
        private static void EmitTimeStep(SourceWriter w, TimePlan p, Types t, int s, bool stream = false)
        {
            NetworkModel m = p.Model;
            w.Line();
            w.Line(stream ? "// ── one step: the states at t − 1 from state ──" : "// ── step " + s + " ──");
            for (int k = 0; k < m.Layers.Count; k++)
            {
                if (stream || p.Needed[k, s])
                {
                    EmitTimeLayerStep(w, p, t, k, s, stream);
                }
            }
        }

        /// <summary>Layer k's forward statements at step s: x_j(t), then y_j(t) = f(x_j(t)).</summary>
        private static void EmitTimeLayerStep(SourceWriter w, TimePlan p, Types t, int k, int s, bool stream = false)
        {
            LayerModel layer = p.Model.Layers[k];
            bool recurrent = TimePlan.IsRecurrent(layer);
            List<string> sources = StepSources(p, layer, s, stream);
            w.Line("// " + layer.Name + ": x_j(t) = Σ_i y_i(t) w_ji" + (recurrent ? " + Σ_k " + layer.Name + "_k(t−1) w_jk" : "") + PreviousLayerNote(layer) + (layer.HasBias ? " + b_j" : "") +
                (recurrent && s == 0 && !stream ? InitialStateNote(layer) : ""));
            for (int j = 0; j < layer.Size; j++)
            {
                var terms = new List<string>();
                for (int i = 0; i < sources.Count; i++)
                {
                    terms.Add(sources[i] + " * " + W(WeightIndex(layer, j, i)));
                }

                if (ReadsPreviousStates(layer, s, stream))
                {
                    for (int i = 0; i < layer.Size; i++)
                    {
                        terms.Add(PreviousState(p, t, layer, s, i, stream) + " * " + W(WeightIndex(layer, j, RecurrentKind.RecurrentColumn(layer, i))));
                    }
                }

                terms.AddRange(PreviousLayerTerms(p, t, layer, s, j, stream));

                if (layer.HasBias)
                {
                    terms.Add(t.Broadcast(W(layer.BiasOffset + j)));
                }

                WriteSum(w, p.Define("x", layer, s, j, t) + " = ", terms.Count == 0 ? new List<string> { t.Constant(0) } : terms, " + ", ";");
            }

            if (layer.Activation == ActivationKind.Softmax)
            {
                EmitTimeSoftmax(w, p, t, layer, s);
                return;
            }

            w.Line("// " + ForwardEquation(layer.Activation));
            if (p.InScratch && !stream && p.VectorActivation(k) && t is not LaneTypes)
            {
                w.Line(GeneratedNames.VectorActivation(layer.Activation) + "(st.Slice(" + p.ScratchOffset("x", k, s) + ", " + layer.Size + "), st.Slice(" + p.ScratchOffset("y", k, s) + ", " + layer.Size + "));");
                return;
            }

            for (int j = 0; j < layer.Size; j++)
            {
                w.Line(p.Define("y", layer, s, j, t) + " = " + t.Activate(layer.Activation, p.Unit("x", layer, s, j)) + ";");
            }
        }

        /// <summary>Softmax over the output layer at step s, as in a layered net (<c>EmitSoftmax</c>): y_j = e^(x_j − m) / Σ_k e^(x_k − m), m = max_k x_k.</summary>
        private static void EmitTimeSoftmax(SourceWriter w, TimePlan p, Types t, LayerModel layer, int s)
        {
            string max = "max_" + layer.Name + "_" + Step(s);
            string sum = "sum_" + layer.Name + "_" + Step(s);
            w.Line("// y_j = e^(x_j − m) / Σ_k e^(x_k − m), m = max_k x_k (softmax over the layer at this step; subtracting the largest x_k keeps every e^x ≤ 1)");
            w.Line(t.Local + " " + max + " = " + p.Unit("x", layer, s, 0) + ";");
            for (int j = 1; j < layer.Size; j++)
            {
                w.Line(max + " = " + t.Max(max, p.Unit("x", layer, s, j)) + ";");
            }

            for (int j = 0; j < layer.Size; j++)
            {
                w.Line(p.Define("y", layer, s, j, t) + " = " + t.Exp(p.Unit("x", layer, s, j) + " - " + max) + ";");
            }

            WriteSum(w, t.Local + " " + sum + " = ", Enumerable.Range(0, layer.Size).Select(j => p.Unit("y", layer, s, j)).ToList(), " + ", ";");
            for (int j = 0; j < layer.Size; j++)
            {
                w.Line(p.Unit("y", layer, s, j) + " /= " + sum + ";");
            }
        }

        private static int WeightIndex(LayerModel layer, int j, int column) => layer.WeightOffset + (j * TimePlan.Columns(layer)) + column;

        /// <summary>The units a layer reads at step s, its sources concatenated: input[s · StepInputSize + i] or y_h_ts_i.</summary>
        private static List<string> StepSources(TimePlan p, LayerModel layer, int s, bool stream = false)
        {
            var units = new List<string>();
            foreach (string source in layer.Sources)
            {
                InputGroupModel? group = p.Model.Inputs.FirstOrDefault(g => g.Name == source);
                if (group is not null)
                {
                    units.AddRange(Enumerable.Range(0, group.Size).Select(i => "input[" + ((stream ? 0 : s * p.StepInput) + group.Offset + i) + "]"));
                }
                else
                {
                    LayerModel read = p.Model.Layers[p.LayerIndex(source)];
                    units.AddRange(Enumerable.Range(0, read.Size).Select(i => p.Unit("y", read, s, i)));
                }
            }

            return units;
        }

        private static void EmitTimeBackward(SourceWriter w, TimePlan p, Types t)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            string ros = Global.ReadOnlySpan + "<" + T + ">";
            w.Line("/// <summary>");
            w.Line("/// Back-propagation through time for one sequence: runs the forward pass over every step, keeping every step's states,");
            w.Line("/// then goes back from the last step to the first and adds ∂E/∂w for every weight and bias to <see cref=\"Gradients\"/>.");
            w.Line("/// Returns the sequence's error, " + LossWriter.For(m.Loss).PatternEquation + " summed over the steps whose outputs are read.");
            w.Line("/// </summary>");
            w.Line("/// <param name=\"input\">T steps of StepInputSize units, step after step.</param>");
            w.Line("/// <param name=\"target\">The desired output d, " + (m.LastStepOnly ? "at the last step." : "T steps of StepOutputSize units, step after step.") + "</param>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">A span's length is not InputSize or OutputSize.</exception>");
            w.Line("public " + T + " AccumulateGradient(" + ros + " input, " + ros + " target)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Length(nameof(input), InputSize, input.Length);");
            w.Line(Global.Guard + ".Length(nameof(target), OutputSize, target.Length);");
            w.Line("return AccumulateCore(input, target, " + EveryStepField + ");");
            w.CloseBrace();
            w.Line();
            EmitMaskMembers(w, p, t);
            List<(int Terms, Action<SourceWriter> Write)> groups = TrainingGroups(p, t);

            p.InScratch = p.AccumulateInParts;
            w.Line("/// <summary>One sequence: the forward pass over every step, then back-propagation through time, unrolled unit by unit and step by step" +
                (p.InScratch ? " (in parts, the unit states in the scratch)" : "") + ".</summary>");
            w.Line("private " + T + " AccumulateCore(" + ros + " input, " + ros + " target, " + ros + " mask)");
            w.OpenBrace();
            if (!p.InScratch)
            {
                w.Line(ros + " w = _parameters;");
                w.Line(Global.Span + "<" + T + "> g = _gradients;");
                w.Line(T + " error = " + t.Literal(0) + ";");
                foreach ((_, Action<SourceWriter> write) in groups)
                {
                    write(w);
                }

                w.Line();
                w.Line("return error;");
                w.CloseBrace();
                w.Line();
                return;
            }

            List<List<Action<SourceWriter>>> parts = Pack(groups);
            w.Line("lock (" + GeneratedNames.TimeScratch + ")");
            w.OpenBrace();
            w.Line(Global.Span + "<" + T + "> st = " + GeneratedNames.TimeScratch + ";");
            w.Line(T + " error = " + t.Literal(0) + ";");
            for (int n = 0; n < parts.Count; n++)
            {
                w.Line("error += " + GeneratedNames.AccumulatePart(n) + "(input, target, mask, st);");
            }

            w.Line("return error;");
            w.CloseBrace();
            w.CloseBrace();
            for (int n = 0; n < parts.Count; n++)
            {
                w.Line();
                w.Line("/// <summary>Part " + (n + 1) + " of " + parts.Count + " of <see cref=\"AccumulateCore\"/>; returns the error it adds.</summary>");
                EmitTimePart(w, t, "private " + T + " " + GeneratedNames.AccumulatePart(n) + "(" + ros + " input, " + ros + " target, " + ros + " mask, " + Global.Span + "<" + T + "> st)", parts[n], () =>
                {
                    w.Line(ros + " w = _parameters;");
                    w.Line(Global.Span + "<" + T + "> g = _gradients;");
                });
            }

            p.InScratch = false;
            w.Line();
        }

        /// <summary>A method of a training pass in parts: its spans (<paramref name="spans"/>), error = 0, its groups of statements, and the error it adds.</summary>
        private static void EmitTimePart(SourceWriter w, Types t, string signature, List<Action<SourceWriter>> part, Action spans)
        {
            w.Line(signature);
            w.OpenBrace();
            spans();
            w.Line(t.Local + " error = " + t.Constant(0) + ";");
            foreach (Action<SourceWriter> write in part)
            {
                write(w);
            }

            w.Line();
            w.Line("return error;");
            w.CloseBrace();
        }

        /// <summary>
        /// The training pass of one sequence (or, in the lane dialect, of a block of sequences) as groups of statements in
        /// order: each layer's forward statements at each step, then from the last step to the first the error, and each
        /// layer's δ and ∂E/∂w; with the terms each holds. One method with its states in locals when it is small, else
        /// methods of at most UnrollPolicy.MaxTermsPerMethod terms (the JIT does not optimize a larger method) sharing their
        /// states in a scratch.
        /// </summary>
        private static List<(int Terms, Action<SourceWriter> Write)> TrainingGroups(TimePlan p, Types t)
        {
            NetworkModel m = p.Model;
            bool matched = m.Loss is LossKind.BinaryCrossEntropy or LossKind.CrossEntropy;
            LayerModel output = m.OutputLayer;
            List<(int Terms, Action<SourceWriter> Write)> groups = ForwardGroups(p, t, outputs: false);

            groups.Add((0, w2 =>
            {
                w2.Line();
                w2.Line("// Back-propagation through time, from the last step to the first. ∂E/∂y of a unit at step t gathers what the");
                w2.Line("// layers reading it at t send back and, for a recurrent unit, what step t + 1 sends back through the recurrent weights.");
                w2.Line("// The net run for T steps is a layered net of T layers whose weights are shared; the change for a shared weight is");
                w2.Line("// the sum of the changes of its copies: each step adds its ∂E/∂w at the weight's one constant index.");
            }));
            for (int s = p.Steps - 1; s >= 0; s--)
            {
                int step = s;
                groups.Add((p.OutputAt(s) ? 2 * output.Size : 0, w2 =>
                {
                    w2.Line();
                    w2.Line("// ── step " + step + ", backward ──");
                    if (p.OutputAt(step))
                    {
                        EmitTimeError(w2, p, t, step, matched);
                    }
                }));
                for (int k = m.Layers.Count - 1; k >= 0; k--)
                {
                    if (p.Needed[k, s])
                    {
                        int layer = k;
                        groups.Add((p.BackwardTerms(k), w2 =>
                        {
                            EmitTimeDelta(w2, p, t, layer, step, matched);
                            EmitTimeGradient(w2, p, t, layer, step);
                        }));
                    }
                }
            }

            return groups;
        }

        /// <summary>The forward statements of every step as groups (one layer at one step), with their terms; with <paramref name="outputs"/>, each step's copy into <c>output</c>.</summary>
        private static List<(int Terms, Action<SourceWriter> Write)> ForwardGroups(TimePlan p, Types t, bool outputs)
        {
            var groups = new List<(int Terms, Action<SourceWriter> Write)>();
            for (int s = 0; s < p.Steps; s++)
            {
                int step = s;
                groups.Add((0, w => { w.Line(); w.Line("// ── step " + step + " ──"); }));
                for (int k = 0; k < p.Model.Layers.Count; k++)
                {
                    if (p.Needed[k, s])
                    {
                        int layer = k;
                        groups.Add((p.ForwardTerms(k), w => EmitTimeLayerStep(w, p, t, layer, step)));
                    }
                }

                if (outputs)
                {
                    groups.Add((0, w => EmitTimeOutputs(w, p, step)));
                }
            }

            return groups;
        }

        /// <summary>Cuts groups of statements, in order, into methods of at most <see cref="UnrollPolicy.MaxTermsPerMethod"/> terms (a larger group gets a method of its own).</summary>
        private static List<List<Action<SourceWriter>>> Pack(List<(int Terms, Action<SourceWriter> Write)> groups)
        {
            var parts = new List<List<Action<SourceWriter>>> { new() };
            int terms = 0;
            foreach ((int groupTerms, Action<SourceWriter> write) in groups)
            {
                if (terms > 0 && terms + groupTerms > UnrollPolicy.MaxTermsPerMethod)
                {
                    parts.Add(new List<Action<SourceWriter>>());
                    terms = 0;
                }

                parts[parts.Count - 1].Add(write);
                terms += groupTerms;
            }

            return parts;
        }

        /// <summary>The error of step s's outputs, added to <c>error</c>.</summary>
        private static void EmitTimeError(SourceWriter w, TimePlan p, Types t, int s, bool matched)
        {
            NetworkModel m = p.Model;
            LayerModel output = m.OutputLayer;
            int o = p.OutputOffset(s);
            string Y(int j) => p.Unit("y", output, s, j);
            string D(int j) => "target[" + (o + j) + "]";
            if (m.Loss == LossKind.CrossEntropy)
            {
                w.Line("// " + LossWriter.For(m.Loss).PatternEquation + " at this step (ln of its argument raised to at least the least normal number)");
                WriteSum(w, "error -= " + StepMaskOpen(p, t, s), Enumerable.Range(0, output.Size).Select(j => D(j) + " * " + SafeLn(t, Y(j))).ToList(), " + ", ");");
            }
            else if (matched)
            {
                // A padding lane's target 0 still adds ln(1 − y_j): the lane dialect masks this E (MaskOpen/MaskClose are empty for one sequence).
                w.Line("// " + LossWriter.For(m.Loss).PatternEquation + " (ln of its argument raised to at least the least normal number)" + t.OutputDifferenceNote);
                WriteSum(w, "error -= " + StepMaskOpen(p, t, s) + t.MaskOpen, Enumerable.Range(0, output.Size).Select(j =>
                    D(j) + " * " + SafeLn(t, Y(j)) + " + (" + t.Constant(1) + " - " + D(j) + ") * " + SafeLn(t, t.Constant(1) + " - " + Y(j))).ToList(), " + ", t.MaskClose + ");");
            }
            else
            {
                w.Line("// Error at the outputs: ∂E/∂y_j = y_j − d_j" + t.OutputDifferenceNote + "; E += ½ Σ_j (y_j − d_j)²");
                for (int j = 0; j < output.Size; j++)
                {
                    w.Line(p.Define("e", output, s, j, t) + " = " + Masked(p, t, s, t.OutputDifference(Y(j), D(j))) + ";");
                }

                WriteSum(w, "error += " + t.Constant(0.5) + " * (", Enumerable.Range(0, output.Size).Select(j => p.Unit("e", output, s, j) + " * " + p.Unit("e", output, s, j)).ToList(), " + ", ");");
            }
        }

        private static string SafeLn(Types t, string value) => t.Log(t.Max(value, t.Constant(t.LeastNormal)));

        /// <summary>∂E/∂y_j(t) of layer k at step s, then δ_j(t) = ∂E/∂y_j(t) · f′(x_j(t)).</summary>
        private static void EmitTimeDelta(SourceWriter w, TimePlan p, Types t, int k, int s, bool matched)
        {
            NetworkModel m = p.Model;
            LayerModel layer = m.Layers[k];
            bool isOutput = k == m.Layers.Count - 1 && p.OutputAt(s);
            bool recurrentLater = TimePlan.IsRecurrent(layer) && s + 1 < p.Steps && p.Needed[k, s + 1];
            List<(LayerModel Reader, int Column)> laterReaders = LaterReaders(p, layer, s);

            // The readers at the same step: every needed later layer that has this one among its sources.
            var readers = new List<(LayerModel Reader, int Column)>();
            for (int r = k + 1; r < m.Layers.Count; r++)
            {
                if (!p.Needed[r, s])
                {
                    continue;
                }

                int column = 0;
                foreach (string source in m.Layers[r].Sources)
                {
                    if (source == layer.Name)
                    {
                        readers.Add((m.Layers[r], column));
                    }

                    column += m.Inputs.FirstOrDefault(g => g.Name == source)?.Size ?? m.Layers[p.LayerIndex(source)].Size;
                }
            }

            var equation = new List<string>();
            if (isOutput)
            {
                equation.Add(matched ? "(δ_j = y_j − d_j at the outputs)" : "(y_j − d_j)");
            }

            if (readers.Count > 0)
            {
                equation.Add("Σ_j' δ_j'(t) w_j'j over " + string.Join(", ", readers.Select(r => r.Reader.Name)) + " at t");
            }

            if (recurrentLater)
            {
                equation.Add("Σ_j' δ_j'(t+1) w_j'j over " + layer.Name + " at t + 1, through the recurrent weights");
            }

            if (laterReaders.Count > 0)
            {
                equation.Add("Σ_j' δ_j'(t+1) w_j'j over " + string.Join(", ", laterReaders.Select(r => r.Reader.Name)) + " at t + 1, which read it at t − 1");
            }

            w.Line("// " + layer.Name + ": ∂E/∂y_j(t) = " + string.Join(" + ", equation));
            for (int i = 0; i < layer.Size; i++)
            {
                var terms = new List<string>();
                if (isOutput && !matched)
                {
                    terms.Add(p.Unit("e", layer, s, i));
                }

                foreach ((LayerModel reader, int column) in readers)
                {
                    terms.AddRange(Enumerable.Range(0, reader.Size).Select(j => p.Unit("delta", reader, s, j) + " * " + W(WeightIndex(reader, j, column + i))));
                }

                if (recurrentLater)
                {
                    terms.AddRange(Enumerable.Range(0, layer.Size).Select(j => p.Unit("delta", layer, s + 1, j) + " * " + W(WeightIndex(layer, j, RecurrentKind.RecurrentColumn(layer, i)))));
                }

                terms.AddRange(LaterReaderTerms(p, laterReaders, s, i));
                if (terms.Count > 0)
                {
                    WriteSum(w, p.Define("dEdy", layer, s, i, t) + " = ", terms, " + ", ";");
                }
            }

            if (isOutput && matched)
            {
                // δ_j = y_j − d_j from the error, plus f′(x_j) times whatever else reads the unit.
                bool rest = readers.Count > 0 || recurrentLater || laterReaders.Count > 0;
                w.Line("// δ_j(t) = y_j − d_j" + t.OutputDifferenceNote + (rest ? " + ∂E/∂y_j(t) · y_j (1 − y_j) for the rest" : ""));
                for (int i = 0; i < layer.Size; i++)
                {
                    string difference = Masked(p, t, s, t.OutputDifference(p.Unit("y", layer, s, i), "target[" + (p.OutputOffset(s) + i) + "]"));
                    w.Line(p.Define("delta", layer, s, i, t) + " = " + difference +
                        (rest ? " + " + t.Delta(layer.Activation, p.Unit("dEdy", layer, s, i), p.Unit("x", layer, s, i), p.Unit("y", layer, s, i)) : "") + ";");
                }

                return;
            }

            w.Line("// " + DeltaEquation(layer.Activation));
            for (int i = 0; i < layer.Size; i++)
            {
                w.Line(p.Define("delta", layer, s, i, t) + " = " + t.Delta(layer.Activation, p.Unit("dEdy", layer, s, i), p.Unit("x", layer, s, i), p.Unit("y", layer, s, i)) + ";");
            }
        }

        /// <summary>Step s's share of ∂E/∂w of layer k, added at the same constant index as every other step's.</summary>
        private static void EmitTimeGradient(SourceWriter w, TimePlan p, Types t, int k, int s)
        {
            LayerModel layer = p.Model.Layers[k];
            bool recurrent = ReadsPreviousStates(layer, s, stream: false);
            w.Line("// ∂E/∂w_ji += δ_j(t) · y_i(t)" + (recurrent ? "; ∂E/∂w_jk += δ_j(t) · " + layer.Name + "_k(t−1)" : "") + (layer.HasBias ? "; ∂E/∂b_j += δ_j(t)" : "") +
                " (shared weights: the sum over the copies)");
            List<string> sources = StepSources(p, layer, s);
            for (int j = 0; j < layer.Size; j++)
            {
                string delta = p.Unit("delta", layer, s, j);
                for (int i = 0; i < sources.Count; i++)
                {
                    w.Line(t.AddProduct("g[" + WeightIndex(layer, j, i) + "]", delta, sources[i]));
                }

                if (recurrent)
                {
                    for (int i = 0; i < layer.Size; i++)
                    {
                        w.Line(t.AddProduct("g[" + WeightIndex(layer, j, RecurrentKind.RecurrentColumn(layer, i)) + "]", delta, PreviousState(p, t, layer, s, i, stream: false)));
                    }
                }

                if (layer.HasBias)
                {
                    w.Line("g[" + (layer.BiasOffset + j) + "] += " + delta + ";");
                }
            }

            EmitPreviousLayerGradient(w, p, t, layer, s);
            EmitInitialStateGradient(w, p, layer, s);
        }
    }
}
