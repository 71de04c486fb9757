using System;
using System.Collections.Generic;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// The recurrent layer (the paper's Fig. 5): at step t, x_j(t) = Σ_i y_i(t) w_ji + Σ_k h_k(t−1) w_jk + b_j. Its
        /// block holds w_ji row by row, each row its sources' units (fan-in columns) then its own units at t − 1, then
        /// b_j, then (with a learned initial state) h_k(−1), one per unit. The steps are written by the time emitter (<c>NetworkGenerator.Emitter.Time.cs</c>), which reads the
        /// layout from here (<see cref="RecurrentColumn"/>); the feed-forward members below are never asked for,
        /// since a network with a recurrent layer always runs in time.
        /// </summary>
        internal sealed class RecurrentKind : LayerKind
        {
            public override string Name => "recurrent";

            public override string AttributeName => "BackpropGen.RecurrentAttribute";

            public override string AttributeShortName => "Recurrent";

            public override bool ReadsOwnPreviousStates => true;

            public override long ParameterCount(int size, long fanIn, bool bias) => ((fanIn + size) * size) + (bias ? size : 0);

            public override ParameterBlockModel Layout(string layer, int size, int fanIn, bool bias, int offset) =>
                new(layer, offset, size, fanIn + size, bias);

            public override string Topology(LayerModel layer) =>
                "recurrent " + layer.Name + "[" + layer.Size + "] " + layer.Activation.ToString().ToLowerInvariant() +
                (layer.HasBias ? " bias" : " nobias") + " <- " + string.Join(",", layer.Sources) +
                (layer.PreviousSources.Count > 0 ? " previous " + string.Join(",", layer.PreviousSources) : "") +
                (layer.HasLearnedInitialState ? " initial learned" : "");

            public override int ForwardTerms(LayerModel layer) => layer.Block.Columns + (layer.HasBias ? 1 : 0);

            /// <summary>The name of the generated span over a layer's learned h_k(−1): HInitialState.</summary>
            public static string InitialStateName(LayerModel layer) => GeneratedNames.InitialState(layer.Name);

            public override int GradientTerms(LayerModel layer) => 2 * ForwardTerms(layer);

            public override int ReaderTerms(LayerModel layer) => layer.Size;

            public override string ParameterRange(LayerModel layer) =>
                "w_ji at [" + layer.WeightOffset + ", " + (layer.WeightOffset + layer.WeightCount) + ")" +
                (layer.HasBias ? ", b_j at [" + layer.BiasOffset + ", " + (layer.BiasOffset + layer.Size) + ")" : "") +
                (layer.HasLearnedInitialState ? ", h_k(−1) at [" + layer.InitialStateOffset + ", " + (layer.InitialStateOffset + layer.Size) + ")" : "");

            public override string ReaderEquation => "Σ_j δ_j w_ji";

            public override IEnumerable<(string Comment, int Start, int Count)> ParameterRuns(LayerModel layer)
            {
                int columns = layer.Block.Columns;
                for (int j = 0; j < layer.Size; j++)
                {
                    int row = layer.WeightOffset + (j * columns);
                    yield return (layer.Name + ": w_" + j + "i, i = 0.." + (layer.FanIn - 1) + " from its sources at t (at " + row + ")", row, layer.FanIn);
                    yield return (layer.Name + ": w_" + j + "k, k = 0.." + (layer.Size - 1) + " from itself at t − 1 (at " + (row + layer.FanIn) + ")", row + layer.FanIn, layer.Size);
                    if (layer.PreviousFanIn > 0)
                    {
                        yield return (layer.Name + ": w_" + j + "k, k = 0.." + (layer.PreviousFanIn - 1) + " from " + string.Join(" + ", layer.PreviousSources) + " at t − 1 (at " +
                            (row + layer.FanIn + layer.Size) + ")", row + layer.FanIn + layer.Size, layer.PreviousFanIn);
                    }
                }

                if (layer.HasBias)
                {
                    yield return (layer.Name + ": b_j, j = 0.." + (layer.Size - 1) + " (at " + layer.BiasOffset + ")", layer.BiasOffset, layer.Size);
                }

                if (layer.HasLearnedInitialState)
                {
                    yield return (layer.Name + ": h_k(−1), k = 0.." + (layer.Size - 1) + ", the learned initial state (at " + layer.InitialStateOffset + ")", layer.InitialStateOffset, layer.Size);
                }
            }

            public override string SummaryLine(LayerModel layer, int width) =>
                "recur  " + layer.Name.PadRight(width) + Units(layer.Size).PadRight(10) + ActivationName(layer.Activation).PadRight(9) +
                (layer.HasBias ? "bias     " : "no bias  ") + "← " + string.Join(" + ", layer.Sources) + " at t, " + layer.Name + " at t − 1" +
                (layer.PreviousFanIn > 0 ? " + " + string.Join(" + ", layer.PreviousSources) + " at t − 1" : "") + " (fan-in " + layer.FanIn + " + " + layer.Size +
                (layer.PreviousFanIn > 0 ? " + " + layer.PreviousFanIn : "") + ")" + (layer.HasLearnedInitialState ? ", learned h(−1)" : "") + "; " + ParameterRange(layer);

            /// <summary>The column of row j that holds the recurrent weight from unit <paramref name="k"/> of the layer at t − 1.</summary>
            public static int RecurrentColumn(LayerModel layer, int k) => layer.FanIn + k;

            /// <summary>The first column of row j that reads the FromPrevious layers at t − 1 (after the layer's own units).</summary>
            public static int PreviousColumn(LayerModel layer) => layer.FanIn + layer.Size;

            internal override void EmitAccessors(SourceWriter w, LayerModel layer, string T)
            {
                string span = Global.Span + "<" + T + ">";
                int columns = layer.Block.Columns;
                w.Line("/// <summary>Layer " + layer.Name + "'s weights w_ji, " + layer.Size + " × " + columns + " row by row (j: unit of " + layer.Name +
                    "; i: first the " + layer.FanIn + " units of " + string.Join(" + ", layer.Sources) + " at t, then the " + layer.Size + " units of " + layer.Name +
                    " at t − 1" + (layer.PreviousFanIn > 0 ? ", then the " + layer.PreviousFanIn + " units of " + string.Join(" + ", layer.PreviousSources) + " at t − 1" : "") + "), at [" + layer.WeightOffset + ", " + (layer.WeightOffset + layer.WeightCount) + ") of <see cref=\"Parameters\"/>.</summary>");
                w.Line("public " + span + " " + GeneratedNames.Weights(layer.Name) + " => new " + span + "(_parameters, " + layer.WeightOffset + ", " + layer.WeightCount + ");");
                w.Line();
                w.Line("/// <summary>The weight w_ji to unit <paramref name=\"j\"/> of layer " + layer.Name + " from column <paramref name=\"i\"/>: unit i of " +
                    string.Join(" + ", layer.Sources) + " when i &lt; " + layer.FanIn + ", else unit i − " + layer.FanIn + " of " + layer.Name + " at t − 1" +
                    (layer.PreviousFanIn > 0 ? " (i &lt; " + (layer.FanIn + layer.Size) + "), else the units of " + string.Join(" + ", layer.PreviousSources) + " at t − 1" : "") + ".</summary>");
                w.Line("/// <exception cref=\"" + Global.ArgumentOutOfRangeException + "\">j is not in [0, " + layer.Size + ") or i is not in [0, " + columns + ").</exception>");
                w.Line("public ref " + T + " " + GeneratedNames.Weight(layer.Name) + "(int j, int i)");
                w.OpenBrace();
                w.Line("if ((uint)j >= " + layer.Size + "u) throw new " + Global.ArgumentOutOfRangeException + "(nameof(j), j, \"Layer " + layer.Name + " has " + Units(layer.Size) + ".\");");
                w.Line("if ((uint)i >= " + columns + "u) throw new " + Global.ArgumentOutOfRangeException + "(nameof(i), i, \"Layer " + layer.Name + " reads " + Units(columns) + " (its sources, then itself" +
                    (layer.PreviousFanIn > 0 ? " and " + string.Join(", ", layer.PreviousSources) : "") + " at t − 1).\");");
                w.Line("return ref _parameters[" + layer.WeightOffset + " + j * " + columns + " + i];");
                w.CloseBrace();
                w.Line();
                if (layer.HasBias)
                {
                    w.Line("/// <summary>Layer " + layer.Name + "'s biases b_j, at [" + layer.BiasOffset + ", " + (layer.BiasOffset + layer.Size) + ") of <see cref=\"Parameters\"/>.</summary>");
                    w.Line("public " + span + " " + GeneratedNames.Biases(layer.Name) + " => new " + span + "(_parameters, " + layer.BiasOffset + ", " + layer.Size + ");");
                    w.Line();
                }

                if (layer.HasLearnedInitialState)
                {
                    w.Line("/// <summary>Layer " + layer.Name + "'s learned initial state h_k(−1), what step 0 reads as its states at t − 1, at [" + layer.InitialStateOffset + ", " +
                        (layer.InitialStateOffset + layer.Size) + ") of <see cref=\"Parameters\"/>.</summary>");
                    w.Line("public " + span + " " + InitialStateName(layer) + " => new " + span + "(_parameters, " + layer.InitialStateOffset + ", " + layer.Size + ");");
                    w.Line();
                }
            }

            internal override void EmitSums(SourceWriter w, NetworkModel m, Types t, UnitStore units, LayerModel layer, bool unrolled, int from, int to, bool grouped, Func<int, string> weight) =>
                throw NotInTime();

            internal override IEnumerable<(string Delta, int Weight)> ReaderTerms(UnitStore units, LayerModel reader, int column, int i) => throw NotInTime();

            internal override void EmitLoopedReader(SourceWriter w, LayerModel reader, int column, int sourceSize, string dEdy) => throw NotInTime();

            internal override void EmitGradient(SourceWriter w, NetworkModel m, Types t, UnitStore units, LayerModel layer, bool unrolled, int from, int to) =>
                throw NotInTime();

            private static InvalidOperationException NotInTime() =>
                new("A recurrent layer is written step by step by the time emitter; the feed-forward emitter never reaches it.");
        }
    }
}
