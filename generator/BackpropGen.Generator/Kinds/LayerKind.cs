using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// A kind of layer: everything about a layer that depends on what it computes from its inputs. The parser asks it
    /// to lay out the parameters the layer uses, the model to write its topology text, the planner for its term counts,
    /// and the emitter for its accessors, summary line, the sums of its forward pass (x_j; the activation y_j = f(x_j) is
    /// the layer's, whatever its kind), what it sends back to the units it reads (reader-side: a new kind never edits the
    /// code of its sources), and its ∂E/∂w statements. Kinds are found by name in <see cref="LayerKinds.All"/>.
    /// </summary>
    internal abstract class LayerKind
    {
        /// <summary>The kind's name, the first word of its layers' topology text (e.g. "dense").</summary>
        public abstract string Name { get; }

        /// <summary>The metadata name of the attribute that declares a layer of this kind (the parser asks the kinds).</summary>
        public abstract string AttributeName { get; }

        /// <summary>The attribute's name as a user writes it (<c>Dense</c>), for diagnostics.</summary>
        public abstract string AttributeShortName { get; }

        /// <summary>Whether a unit reads its own layer's states at t − 1 (so the network must run in time).</summary>
        public virtual bool ReadsOwnPreviousStates => false;

        /// <summary>
        /// The parameters a layer of this kind uses, counted in <see cref="long"/> before any layout (the parser's size
        /// limits): the same count as <see cref="Layout"/>'s block.
        /// </summary>
        public abstract long ParameterCount(int size, long fanIn, bool bias);

        /// <summary>The block of parameters a new layer of this kind uses, laid out from <paramref name="offset"/>.</summary>
        public abstract ParameterBlockModel Layout(string layer, int size, int fanIn, bool bias, int offset);

        /// <summary>The layer in the canonical topology text (hashed into parameter files), without the separator.</summary>
        public abstract string Topology(LayerModel layer);

        /// <summary>Terms of the forward statements of one unit (against <see cref="UnrollPolicy.MaxTermsPerMethod"/>).</summary>
        public abstract int ForwardTerms(LayerModel layer);

        /// <summary>Terms of the ∂E/∂w statements of one unit (an update counts double: about twice the IL of a product).</summary>
        public abstract int GradientTerms(LayerModel layer);

        /// <summary>Terms this layer adds to ∂E/∂y_i of each unit i it reads.</summary>
        public abstract int ReaderTerms(LayerModel layer);

        /// <summary>Where its parameters are, for comments: e.g. <c>w_ji at [0, 8), b_j at [8, 12)</c>.</summary>
        public abstract string ParameterRange(LayerModel layer);

        /// <summary>The equation of what a reader of this kind sends back to unit i of a source, e.g. <c>Σ_j δ_j w_ji</c>.</summary>
        public abstract string ReaderEquation { get; }

        /// <summary>Its block's parameters as runs in layout order, each with a comment (the baked literal array writes one comment, then the values, per run).</summary>
        public abstract IEnumerable<(string Comment, int Start, int Count)> ParameterRuns(LayerModel layer);

        /// <summary>Its line in the summary block (after "// │ "), names padded to <paramref name="width"/>.</summary>
        public abstract string SummaryLine(LayerModel layer, int width);

        /// <summary>Its public accessors of the parameters (spans and element references), with XML docs.</summary>
        internal abstract void EmitAccessors(SourceWriter w, LayerModel layer, string elementType);

        /// <summary>
        /// x_j of units [from, to): unrolled (one statement per unit, parameter k read through <paramref name="weight"/>)
        /// or, when <paramref name="unrolled"/> is false, a loop over the rows.
        /// </summary>
        internal abstract void EmitSums(SourceWriter w, NetworkModel m, Emitter.Types t, Emitter.UnitStore units, LayerModel layer, bool unrolled, int from, int to, bool grouped, System.Func<int, string> weight);

        /// <summary>
        /// The terms this (unrolled) reader adds to ∂E/∂y_i of unit <paramref name="i"/> of a source whose units start at
        /// <paramref name="column"/> of its inputs, each δ_j (an expression) times the parameter at Weight: structured, so
        /// the scalar dialect writes δ_j * w[k] and the lane dialect fused multiply–adds.
        /// </summary>
        internal abstract IEnumerable<(string Delta, int Weight)> ReaderTerms(Emitter.UnitStore units, LayerModel reader, int column, int i);

        /// <summary>This (looping) reader's share of ∂E/∂y of a source, added into the span <paramref name="dEdy"/>, row by row.</summary>
        internal abstract void EmitLoopedReader(SourceWriter w, LayerModel reader, int column, int sourceSize, string dEdy);

        /// <summary>∂E/∂w of rows [from, to), each update at a constant index (unrolled) or row by row (looping).</summary>
        internal abstract void EmitGradient(SourceWriter w, NetworkModel m, Emitter.Types t, Emitter.UnitStore units, LayerModel layer, bool unrolled, int from, int to);
    }

    /// <summary>The layer kinds: adding one is a class of its own and one line here.</summary>
    internal static class LayerKinds
    {
        public static readonly LayerKind Dense = new Emitter.DenseKind();

        public static readonly LayerKind Recurrent = new Emitter.RecurrentKind();

        public static readonly IReadOnlyList<LayerKind> All = new[] { Dense, Recurrent };

        public static LayerKind Of(LayerModel layer) => All.First(kind => kind.Name == layer.Kind);

        /// <summary>The kind declared by an attribute of this metadata name, or null when it declares no layer.</summary>
        public static LayerKind? ByAttribute(string? attributeName) => All.FirstOrDefault(kind => kind.AttributeName == attributeName);
    }
}
