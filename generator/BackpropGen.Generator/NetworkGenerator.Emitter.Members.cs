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
    // The class's API members: the summary block, constants, state and accessors, and the training and file methods that call the runtime.
    internal static partial class Emitter
    {
        // ------------------------------------------------------------------ summary

        private static string Describe(NetworkModel m)
        {
            string inputs = string.Join(" + ", m.Inputs.Select(i => i.Name + " (" + Units(i.Size) + ")"));
            bool chain = m.Inputs.Count == 1 && m.Layers.Select((l, k) => l.Sources.Count == 1 && l.Sources[0] == (k == 0 ? m.Inputs[0].Name : m.Layers[k - 1].Name)).All(x => x);
            string layers = string.Join(chain ? " → " : ", ", m.Layers.Select(l =>
                l.Name + " (" + Units(l.Size) + ", " + ActivationName(l.Activation) + (l.HasBias ? "" : ", no bias") + (chain ? "" : ", ← " + string.Join(" + ", l.Sources)) + ")"));
            return "Network " + m.NetworkName + ": " + (chain ? inputs + " → " + layers : "inputs " + inputs + "; layers " + layers) +
                "; error " + LossWriter.For(m.Loss).Equation + "; " + Count(m.ParameterCount, "parameter") + " in " + (m.Precision == NumericType.Double ? "double" : "float") +
                " precision. Forward, back-propagation and the momentum update are generated, fully unrolled, by BackpropGen.";
        }

        private static void EmitSummaryBlock(SourceWriter w, NetworkModel m, Types t)
        {
            int bytes = m.ParameterCount * t.Size;
            int width = m.Inputs.Select(i => i.Name.Length).Concat(m.Layers.Select(l => l.Name.Length)).Max() + 2;
            w.Line("// ┌ Network " + m.NetworkName);
            foreach (InputGroupModel input in m.Inputs)
            {
                w.Line("// │ input  " + input.Name.PadRight(width) + Units(input.Size).PadRight(10) + "input[" + input.Offset + ".." + (input.Offset + input.Size) + ")");
            }

            foreach (LayerModel layer in m.Layers)
            {
                w.Line("// │ " + LayerKinds.Of(layer).SummaryLine(layer, width));
            }

            LossWriter loss = LossWriter.For(m.Loss);
            w.Line("// │ error  " + loss.Equation + "  (" + loss.Name + ")");
            w.Line("// └ " + Count(m.ParameterCount, "parameter") + " × " + t.Name + " = " + bytes + " bytes each for w, ∂E/∂w and Δw(t−1)");
            w.Line();
        }

        private static string Range(LayerModel layer) => LayerKinds.Of(layer).ParameterRange(layer);

        // ------------------------------------------------------------------ state

        /// <summary>The constants every network class has (a trainable and a baked one differ only in their docs).</summary>
        private static void EmitConstants(SourceWriter w, NetworkModel m, string parameterDoc, string nameDoc, string topologyDoc)
        {
            w.Line("/// <summary>Number of input units (all input groups: " + string.Join(", ", m.Inputs.Select(i => i.Name + " at " + i.Offset)) + ").</summary>");
            w.Line("public const int InputSize = " + m.InputSize + ";");
            w.Line();
            w.Line("/// <summary>Number of output units (layer " + m.OutputLayer.Name + ").</summary>");
            w.Line("public const int OutputSize = " + m.OutputSize + ";");
            w.Line();
            w.Line("/// <summary>" + parameterDoc + "</summary>");
            w.Line("public const int ParameterCount = " + m.ParameterCount + ";");
            w.Line();
            w.Line("/// <summary>" + nameDoc + "</summary>");
            w.Line("public const string NetworkName = " + StringLiteral(m.NetworkName) + ";");
            w.Line();
            w.Line("/// <summary>" + topologyDoc + "</summary>");
            w.Line("public const string NetworkTopology = " + StringLiteral(m.Topology) + ";");
            w.Line();
        }

        /// <summary>
        /// The static layer layout (name, units, fan-in, weight offset, bias offset or −1, per layer): what NumPy interop and
        /// tools read through <c>ILayeredNetwork</c> instead of parsing the topology text back.
        /// </summary>
        private static void EmitLayout(SourceWriter w, NetworkModel m)
        {
            string list = Global.IReadOnlyList + "<" + Global.LayerLayout + ">";
            w.Line("/// <summary>The layers in declaration order and where their parameters are: w_ji at WeightOffset + j · FanIn + i, b_j at BiasOffset (−1 without biases).</summary>");
            w.Line("public static " + list + " " + GeneratedNames.Layout + " { get; } = new " + Global.LayerLayout + "[]");
            w.OpenBrace();
            foreach (LayerModel layer in m.Layers)
            {
                w.Line("new(" + StringLiteral(layer.Name) + ", " + layer.Size + ", " + layer.FanIn + ", " + layer.WeightOffset + ", " + layer.BiasOffset + "),");
            }

            w.CloseBrace(";");
            w.Line();
            w.Line(list + " " + Global.ILayeredNetwork + "." + GeneratedNames.Layout + " => " + GeneratedNames.Layout + ";");
            w.Line();
        }

        /// <summary>ε, α and λ of the paper's update rule, settable (the feed-forward and the time emitter's classes share them).</summary>
        /// <summary>
        /// w, ∂E/∂w and Δw(t−1). A new network is initialised, fan-in scaled (uniform in ±1/√fan-in, seed
        /// SeededUniform.DefaultSeed), so it learns without Initialize; every trainable class, layered or run in time.
        /// </summary>
        private static void EmitParameterArrays(SourceWriter w, string T)
        {
            w.Line("private readonly " + T + "[] _parameters = global::BackpropGen.SeededUniform.FanInScaled<" + T + ">(ParameterCount, NetworkTopology);");
            w.Line("private readonly " + T + "[] _gradients = new " + T + "[ParameterCount];");
            w.Line("private readonly " + T + "[] _previousDeltas = new " + T + "[ParameterCount];");
        }

        /// <summary>ε, α and λ (guarded setters) and the optimizer: the update's settings, for every trainable class.</summary>
        private static void EmitUpdateSettings(SourceWriter w, Types t)
        {
            EmitHyperparameters(w, t);
            w.Line("/// <summary>The rule <see cref=\"ApplyUpdate\"/> uses (Adam, Nesterov…); null (the default) for the paper's rule with <see cref=\"LearningRate\"/>, <see cref=\"Momentum\"/> and <see cref=\"WeightDecay\"/>.</summary>");
            w.Line("public " + Global.Optimizer + "<" + t.Name + ">? Optimizer { get; set; }");
            w.Line();
        }

        private static void EmitStateAndAccessors(SourceWriter w, NetworkPlan p, Types t, LaneTypes? lanes)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            string span = Global.Span + "<" + T + ">";
            EmitConstants(w, m,
                "Number of parameters, weights and biases.",
                "The name written into and checked against saved parameter files.",
                "The canonical topology; its hash is written into saved parameter files.");
            EmitParameterArrays(w, T);
            w.Line("private readonly " + T + "[] _unitScratch = new " + T + "[" + p.ScratchLength + "];");
            if (lanes is not null)
            {
                foreach (LaneTypes width in p.Lanes512 ? new[] { lanes, new LaneTypes(m, wide: true) } : new[] { lanes })
                {
                    if (!GradientLocals(p))
                    {
                        w.Line("private " + Global.LaneBuffer + "<" + T + ">? _gradientLanes" + width.Suffix + ";");
                    }

                    w.Line("private " + Global.LaneBuffer + "<" + T + ">? _laneScratch" + width.Suffix + ";");
                    w.Line("private " + width.Local + " " + width.MaskField + ";");
                }
            }

            w.Line();
            w.Line("/// <summary>All weights and biases: per layer, w_ji row by row (row j = unit j), then b_j.</summary>");
            w.Line("public " + span + " Parameters => _parameters;");
            w.Line();
            w.Line("/// <summary>∂E/∂w accumulated since the last update, in the layout of <see cref=\"Parameters\"/>.</summary>");
            w.Line("public " + span + " Gradients => _gradients;");
            w.Line();
            w.Line("/// <summary>Δw(t−1), the previous weight change, used by the momentum term.</summary>");
            w.Line("public " + span + " PreviousDeltas => _previousDeltas;");
            w.Line();
            EmitUpdateSettings(w, t);
            EmitVectorizeSwitch(w, lanes is null ? NoVectorMath : null, "cases");
            w.Line("string " + Global.INetwork + "<" + T + ">.Name => NetworkName;");
            w.Line();
            w.Line("string " + Global.INetwork + "<" + T + ">.Topology => NetworkTopology;");
            w.Line();
            w.Line("int " + Global.INetwork + "<" + T + ">.InputLength => InputSize;");
            w.Line();
            w.Line("int " + Global.INetwork + "<" + T + ">.OutputLength => OutputSize;");
            w.Line();
            w.Line("int " + Global.INetwork + "<" + T + ">.ParameterLength => ParameterCount;");
            w.Line();
            EmitLayout(w, m);

            foreach (LayerModel layer in m.Layers)
            {
                LayerKinds.Of(layer).EmitAccessors(w, layer, T);
            }
        }

        /// <summary>Why only the scalar path is generated when the target has no vector math.</summary>
        private const string NoVectorMath = "This build targets a framework without vector math (System.Numerics.Vector.Exp), so only the scalar path was generated.";

        /// <summary>
        /// The VectorizeAcrossPatterns switch; <paramref name="cases"/> names what a lane holds (cases, sequences), and
        /// <paramref name="scalarOnly"/> says why only the scalar path was generated (null when the SIMD path was).
        /// </summary>
        private static void EmitVectorizeSwitch(SourceWriter w, string? scalarOnly, string cases)
        {
            w.Line("/// <summary>");
            w.Line("/// Whether batch sweeps run Vector&lt;T&gt;.Count " + cases + " at a time where the hardware accelerates it (true unless set).");
            w.Line("/// Set false for the scalar path alone, whose sums are in case order and so the same on every machine." + (scalarOnly is null ? "" : " " + scalarOnly));
            w.Line("/// </summary>");
            w.Line("public bool VectorizeAcrossPatterns { get; set; } = true;");
            w.Line();
        }

        // ------------------------------------------------------------------ training

        /// <summary>A free check (one comparison per error) before the weight change an error drives: a NaN or ∞ E changes nothing.</summary>
        private static void EmitFiniteErrorCheck(SourceWriter w, Types t, string error, string method, string caseIndex)
        {
            w.Line("if (!" + t.Name + ".IsFinite(" + error + ")) global::BackpropGen.Guard.ThrowNonFiniteError<" + t.Name + ">(this, \"" + method + "\", " + error + ", " + caseIndex + ");");
        }

        /// <summary>The blocks of the lanes' width, their sweep, and where the scalar path resumes.</summary>
        private static void EmitBlockCall(SourceWriter w, string T, string lanes, string suffix)
        {
            w.Line(Global.PatternBlocks + "<" + T + "> blocks = data.Blocks(" + lanes + ".Count);");
            w.Line("error = AccumulateLanes" + suffix + "(blocks);");
            w.Line("c = blocks.CaseCount;");
        }

        // caseArgument: what each case's AccumulateCore call adds after input and target (a network run in time: the case's target masks);
        // laneCondition: what else the lane blocks need (a network run in time: a data set without target masks).
        private static void EmitTraining(SourceWriter w, NetworkModel m, Types t, LaneTypes? lanes, bool lanes512 = false, string caseArgument = "", string laneCondition = "")
        {
            string T = t.Name;
            string ros = Global.ReadOnlySpan + "<" + T + ">";
            string data = Global.DataSet + "<" + T + ">";
            w.Line("/// <summary>Sets every accumulated ∂E/∂w to zero.</summary>");
            w.Line("public void ClearGradients() => " + Global.Array + ".Clear(_gradients, 0, ParameterCount);");
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Changes every parameter by <see cref=\"Optimizer\"/>'s rule when one is set; otherwise the paper's weight change (eq. 9),");
            w.Line("/// then weight decay: Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1); w ← w + Δw(t); w ← w − λ w. Then clears the gradients.");
            w.Line("/// </summary>");
            w.Line("public void ApplyUpdate()");
            w.OpenBrace();
            w.Line("if (Optimizer is { } optimizer)");
            w.OpenBrace();
            w.Line("optimizer.Step(_parameters, _gradients);");
            w.Line("return;");
            w.CloseBrace();
            w.Line();
            w.Line("// Δw(t) = −ε ∂E/∂w(t) + α Δw(t−1);  w ← w + Δw(t);  w ← w − λ w");
            w.Line(Global.UpdateRule + ".Apply<" + T + ">(_parameters, _gradients, _previousDeltas, LearningRate, Momentum, WeightDecay);");
            w.CloseBrace();
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Adds ∂E/∂w for every case to <see cref=\"Gradients\"/> and returns E summed over the cases" + (lanes is null ? ", one case at a time." : ":"));
            if (lanes is not null && !lanes512)
            {
                w.Line("/// Vector&lt;T&gt;.Count cases at a time (SIMD across patterns) when <see cref=\"VectorizeAcrossPatterns\"/> is set and the hardware");
                w.Line("/// accelerates Vector&lt;T&gt;, the last block padded and masked; else one case at a time.");
            }
            else if (lanes is not null)
            {
                w.Line("/// Vector512&lt;T&gt;.Count cases at a time (SIMD across patterns) when <see cref=\"VectorizeAcrossPatterns\"/> is set, the hardware");
                w.Line("/// accelerates Vector512&lt;T&gt;, <see cref=\"global::BackpropGen.LaneWidth.Allow512\"/> and there are more cases than Vector&lt;T&gt;.Count;");
                w.Line("/// else Vector&lt;T&gt;.Count at a time likewise; the last block padded and masked; else one case at a time.");
            }

            w.Line("/// </summary>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">The data set's pattern lengths are not InputSize and OutputSize.</exception>");
            w.Line("public " + T + " AccumulateBatch(" + data + " data)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Shape(data, InputSize, OutputSize);");
            w.Line(ros + " inputs = data.Inputs;");
            w.Line(ros + " targets = data.Targets;");
            w.Line(T + " error = " + t.Literal(0) + ";");
            w.Line("int c = 0;");
            if (lanes is not null)
            {
                string V = lanes.Local;
                if (lanes512)
                {
                    var wide = new LaneTypes(m, wide: true);
                    string V512 = wide.Local;
                    w.Line("if (VectorizeAcrossPatterns && " + wide.LaneMathAlias + ".IsHardwareAccelerated && " + V512 + ".Count > " + V + ".Count && " + Global.LaneWidth + ".Allow512 && data.Count > " + V + ".Count" + laneCondition + ")");
                    w.OpenBrace();
                    w.Line("// SIMD across patterns at 512 bits, " + V512 + ".Count cases at a time, whatever Vector<T>'s width (256 bits unless DOTNET_MaxVectorTBitWidth=512),");
                    w.Line("// when the cases fill more than one block of " + V + ".Count (fewer fit one narrower block, which is faster than a wider one half padding)");
                    EmitBlockCall(w, T, V512, wide.Suffix);
                    w.CloseBrace();
                    w.StartLine().Append("else ");
                }
                else
                {
                    w.StartLine();
                }

                w.Append("if (VectorizeAcrossPatterns && " + lanes.LaneMathAlias + ".IsHardwareAccelerated && 2 * data.Count >= " + V + ".Count" + laneCondition + ")").EndLine();
                w.OpenBrace();
                w.Line("// SIMD across patterns: " + V + ".Count cases at a time, the last block padded (when there are at least half a block of cases)");
                EmitBlockCall(w, T, V, lanes.Suffix);
                w.CloseBrace();
                w.Line();
            }

            w.Line("for (; c < data.Count; c++)");
            w.OpenBrace();
            w.Line("// E = Σ_c E_c;  ∂E/∂w = Σ_c ∂E_c/∂w");
            w.Line("error += AccumulateCore(inputs.Slice(c * InputSize, InputSize), targets.Slice(c * OutputSize, OutputSize)" + caseArgument + ");");
            w.CloseBrace();
            w.Line();
            w.Line("return error;");
            w.CloseBrace();
            w.Line();
            w.Line("/// <summary>One batch sweep (the paper's): accumulates ∂E/∂w over every case (<see cref=\"AccumulateBatch\"/>), then changes the weights once. Returns E summed over the cases.</summary>");
            w.Line("/// <remarks>E and ∂E/∂w are sums over the cases, not means, so the step ε ∂E/∂w grows with the number of cases: scale ε by 1 / cases when the data set grows.</remarks>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">The data set's pattern lengths are not InputSize and OutputSize.</exception>");
            w.Line("/// <exception cref=\"global::BackpropGen.TrainingDivergedException\">E is NaN or infinite; the weights are left unchanged.</exception>");
            w.Line("public " + T + " TrainBatch(" + data + " data)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Shape(data, InputSize, OutputSize);");
            w.Line("ClearGradients();");
            w.Line(T + " error = AccumulateBatch(data);");
            EmitFiniteErrorCheck(w, t, "error", "TrainBatch", "-1");
            w.Line("ApplyUpdate();");
            w.Line("return error;");
            w.CloseBrace();
            w.Line();
            w.Line("/// <summary>One online sweep: changes the weights after every case. Returns the cases' errors summed, each taken before its change.</summary>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">The data set's pattern lengths are not InputSize and OutputSize.</exception>");
            w.Line("/// <exception cref=\"global::BackpropGen.TrainingDivergedException\">A case's error is NaN or infinite; its change is not made.</exception>");
            w.Line("public " + T + " TrainOnline(" + data + " data)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Shape(data, InputSize, OutputSize);");
            w.Line(ros + " inputs = data.Inputs;");
            w.Line(ros + " targets = data.Targets;");
            w.Line("ClearGradients();");
            w.Line(T + " error = " + t.Literal(0) + ";");
            w.Line("for (int c = 0; c < data.Count; c++)");
            w.OpenBrace();
            w.Line(T + " caseError = AccumulateCore(inputs.Slice(c * InputSize, InputSize), targets.Slice(c * OutputSize, OutputSize)" + caseArgument + ");");
            EmitFiniteErrorCheck(w, t, "caseError", "TrainOnline", "c");
            w.Line("error += caseError;");
            w.Line("ApplyUpdate();");
            w.CloseBrace();
            w.Line();
            w.Line("return error;");
            w.CloseBrace();
            w.Line();
            w.Line("/// <summary>Sets every parameter uniformly in [−range, range) from the seed (SplitMix64, the same on every machine) and clears gradients and Δw(t−1).</summary>");
            w.Line("public void Initialize(ulong seed, " + T + " range)");
            w.OpenBrace();
            w.Line(Global.SeededUniform + ".Fill<" + T + ">(_parameters, seed, range);");
            w.Line("ClearState();");
            w.CloseBrace();
            w.Line();
            w.Line("/// <summary>Copies every parameter from <paramref name=\"values\"/> (in the layout of <see cref=\"Parameters\"/>) and clears gradients and Δw(t−1).</summary>");
            w.Line("/// <exception cref=\"" + Global.ArgumentException + "\">values does not hold exactly ParameterCount values.</exception>");
            w.Line("public void SetParameters(" + ros + " values)");
            w.OpenBrace();
            w.Line(Global.Guard + ".Length(nameof(values), ParameterCount, values.Length);");
            w.Line("values.CopyTo(_parameters);");
            w.Line("ClearState();");
            w.CloseBrace();
            w.Line();
            w.Line("/// <summary>Saves the parameters to <paramref name=\"path\"/> atomically (see <see cref=\"" + Global.ParameterFile + "\"/>).</summary>");
            w.Line("public void Save(string path) => " + Global.ParameterFile + ".Save(this, path);");
            w.Line();
            w.Line("/// <summary>Loads parameters saved by <see cref=\"Save\"/>; a file for another network, precision or size, or a damaged one, throws and changes nothing.</summary>");
            w.Line("public void Load(string path) => " + Global.ParameterFile + ".Load(this, path);");
            w.Line();
            w.Line("private void ClearState()");
            w.OpenBrace();
            w.Line(Global.Array + ".Clear(_gradients, 0, ParameterCount);");
            w.Line(Global.Array + ".Clear(_previousDeltas, 0, ParameterCount);");
            w.Line("Optimizer?.Reset();");
            w.CloseBrace();
        }
    }
}
