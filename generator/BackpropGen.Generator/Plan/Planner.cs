using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Plan;

/// <summary>
/// Makes every decision about a network's generated code once, from its model and the target, into a
/// <see cref="NetworkPlan"/>: which layers unroll (<see cref="UnrollPolicy"/>), every layer's readers, the scratch
/// layout, how the training pass is cut into parts and what each part costs, whether Forward and the pass fit one
/// method, and which spans each generated method reads (from what its statements read, as the emitter will write them).
/// </summary>
internal static class Planner
{
    /// <summary>What a part that loops counts against the budget (a few statements, whatever the layer's size).</summary>
    private const int LoopTerms = 10;

    private static readonly string[] Quantities = { "x", "y", "dEdy", "delta" };

    public static NetworkPlan Plan(NetworkModel model, TargetModel target, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EquatableArray<LayerPlan> layers = Layers(model, target.VectorMath);
        var scratch = new List<ScratchSpan>();
        int offset = 0;
        foreach (LayerModel layer in model.Layers)
        {
            foreach (string quantity in Quantities)
            {
                scratch.Add(new ScratchSpan(GeneratedNames.Span(quantity, layer.Name), offset, layer.Size));
                offset += layer.Size;
            }
        }

        var context = new Context(model, layers, scratch);
        List<PartPlan> parts = Parts(context);
        bool passInOneMethod = parts.Sum(p => p.Terms) <= UnrollPolicy.MaxTermsPerMethod;
        var pass = new Reads(context);
        foreach (PartPlan part in parts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            PartReads(context, pass, part, spans: false);
        }

        bool forwardInOneMethod = UnrollPolicy.ForwardFitsOneMethod(model);
        bool vectorActivations = target.VectorMath && forwardInOneMethod && layers.Any(l => l.VectorActivation);
        bool onStack = forwardInOneMethod && model.Layers.Sum(l => 2 * l.Size) <= UnrollPolicy.MaxForwardUnitsOnStack;
        SpanUse forwardSpans = SpanUse.None;
        if (forwardInOneMethod)
        {
            var forward = new Reads(context);
            for (int index = 0; index < model.Layers.Count; index++)
            {
                ForwardReads(context, forward, index, 0, model.Layers[index].Size, spans: vectorActivations, vectorActivation: vectorActivations && layers[index].VectorActivation);
            }

            forward.Unit("y", model.Layers.Count - 1, spans: vectorActivations);
            forwardSpans = forward.ToSpanUse(includeInput: false);
        }

        EquatableArray<VectorActivationPlan> helpers = vectorActivations
            ? layers.Where(l => l.VectorActivation).Select(l => model.Layers[l.Index].Activation).Distinct().OrderBy(a => a)
                .Select(a => new VectorActivationPlan(a, GeneratedNames.VectorActivation(a))).ToEquatableArray()
            : EquatableArray<VectorActivationPlan>.Empty;

        bool lanes512 = Takes512BitBlocks(model, target.VectorMath);
        return new NetworkPlan(
            model,
            target.VectorMath,
            lanes512,
            layers,
            offset,
            scratch.ToEquatableArray(),
            parts.ToEquatableArray(),
            passInOneMethod,
            pass.ToSpanUse(includeInput: true),
            forwardInOneMethod,
            onStack,
            vectorActivations,
            forwardSpans,
            helpers,
            GeneratedNames.Members(model, target.VectorMath, lanes512, helpers.Select(h => h.Method), !passInOneMethod, parts.Select(p => p.Name)).ToEquatableArray(),
            RunsBlockPairs(model, target.VectorMath, passInOneMethod, layers));
    }

    /// <summary>
    /// Whether the SIMD sweep runs two blocks per pass: the forward and δ parts of block b, then of block b + 1 (its units
    /// in the lane scratch's twin), then each ∂E/∂w part once for both blocks, so each lane gradient is loaded and stored
    /// once per two blocks (a network run part by part has more lane gradients than L1 holds: 54 KB for the family-trees
    /// size in float at 512 bits). Only for a network run part by part (a one-method pass keeps its units in locals; a
    /// small one its gradients too), every layer dense and unrolled.
    /// </summary>
    internal static bool RunsBlockPairs(NetworkModel model, bool vectorMath, bool passInOneMethod, IReadOnlyList<LayerPlan> layers) =>
        vectorMath && !passInOneMethod && layers.All(l => l.Unrolled) && model.Layers.All(l => NetworkGenerator.LayerKinds.Of(l) is NetworkGenerator.Emitter.DenseKind);

    /// <summary>The fewest parameters for which the training sweep has a 512-bit path (see <see cref="Takes512BitBlocks"/>).</summary>
    private const int Min512BitParameters = 16;

    /// <summary>
    /// Whether a batch sweep of this network can take 512-bit blocks (<c>Vector512&lt;T&gt;.Count</c> cases at a time, where
    /// the hardware runs them and <c>LaneWidth.Allow512</c>): the one rule that decides whether AccumulateLanes512, its
    /// fields and the Lanes512/LaneMath512 aliases are written at all. Only with vector math, and only for a network of at
    /// least <see cref="Min512BitParameters"/> parameters: below that a sweep is mostly fixed costs (gathering a block,
    /// summing the lanes' E and ∂E/∂w), and such a network is trained on a handful of cases (XOR: 4, which fit one
    /// Vector&lt;T&gt; block, so AccumulateBatch never took the 512-bit path for it); s10-speed measured XOR slower at 512 bits
    /// in both precisions, symmetry 6-2-1 (17 parameters, 64 cases) faster in float. Issue 15 may move the thresholds here.
    /// </summary>
    internal static bool Takes512BitBlocks(NetworkModel model, bool vectorMath) =>
        vectorMath && model.ParameterCount >= Min512BitParameters;

    /// <summary>Per layer: unrolled or looping, a vectorised activation or not, its readers.</summary>
    private static EquatableArray<LayerPlan> Layers(NetworkModel model, bool vectorMath)
    {
        var plans = new List<LayerPlan>(model.Layers.Count);
        for (int index = 0; index < model.Layers.Count; index++)
        {
            LayerModel layer = model.Layers[index];
            var readers = new List<ReaderPlan>();
            bool loopedReader = false;
            for (int r = 0; r < model.Layers.Count; r++)
            {
                LayerModel reader = model.Layers[r];
                int column = 0;
                foreach (string source in reader.Sources)
                {
                    if (source == layer.Name)
                    {
                        readers.Add(new ReaderPlan(r, column));
                        loopedReader |= !UnrollPolicy.IsUnrolled(reader);
                    }

                    column += SourceSize(model, source);
                }
            }

            // Forward computes sigmoid and tanh (which call e^x) a vector of units at a time in layers of at least
            // MinUnitsForVectorActivation units; below that a vector is mostly empty, and the units stay locals.
            bool vector = vectorMath && layer.Activation is ActivationKind.Sigmoid or ActivationKind.Tanh && layer.Size >= UnrollPolicy.MinUnitsForVectorActivation;
            plans.Add(new LayerPlan(index, UnrollPolicy.IsUnrolled(layer), vector, loopedReader, readers.ToEquatableArray()));
        }

        return plans.ToEquatableArray();
    }

    private static int SourceSize(NetworkModel model, string source) =>
        model.Inputs.FirstOrDefault(g => g.Name == source)?.Size ?? model.Layers.First(l => l.Name == source).Size;

    /// <summary>
    /// The training pass cut into methods small enough for the JIT to optimize whole (its MinOpts limits are per
    /// method): per layer, forward rows, then after the error, ∂E/∂y and δ by units, and ∂E/∂w by rows, each cut at
    /// <see cref="UnrollPolicy.MaxTermsPerMethod"/> terms. A layer that loops is one part of each kind. A loss matched to
    /// the output activation sets the outputs' δ itself, so the output layer then has no δ part.
    /// </summary>
    private static List<PartPlan> Parts(Context context)
    {
        NetworkModel m = context.Model;
        var parts = new List<PartPlan>();
        for (int index = 0; index < m.Layers.Count; index++)
        {
            LayerModel layer = m.Layers[index];
            parts.AddRange(Chunks(context, PartKind.Forward, index, _ => NetworkGenerator.LayerKinds.Of(layer).ForwardTerms(layer)));
        }

        parts.Add(WithSpans(context, new PartPlan(PartKind.Error, -1, 0, m.OutputSize, true, true, m.OutputSize, GeneratedNames.OutputError, SpanUse.None)));
        bool lossGivesOutputDelta = m.Loss != LossKind.SumSquaredError;
        for (int index = m.Layers.Count - 1; index >= 0; index--)
        {
            LayerModel layer = m.Layers[index];
            int readerTerms = context.Layers[index].Readers.Where(r => context.Layers[r.Layer].Unrolled).Sum(r => NetworkGenerator.LayerKinds.Of(m.Layers[r.Layer]).ReaderTerms(m.Layers[r.Layer]));
            if (index < m.Layers.Count - 1 || !lossGivesOutputDelta)
            {
                parts.AddRange(Chunks(context, PartKind.Delta, index, _ => 2 + readerTerms));
            }

            parts.AddRange(Chunks(context, PartKind.Gradient, index, _ => NetworkGenerator.LayerKinds.Of(layer).GradientTerms(layer)));
        }

        return parts;
    }

    private static IEnumerable<PartPlan> Chunks(Context context, PartKind kind, int index, Func<int, int> terms)
    {
        LayerModel layer = context.Model.Layers[index];
        if (!context.Layers[index].Unrolled)
        {
            yield return WithSpans(context, new PartPlan(kind, index, 0, layer.Size, true, true, LoopTerms, GeneratedNames.Part(kind, layer.Name, 0), SpanUse.None));
            yield break;
        }

        int chunk = 0;
        int from = 0;
        int count = 0;
        for (int j = 0; j < layer.Size; j++)
        {
            if (j > from && count + terms(j) > UnrollPolicy.MaxTermsPerMethod)
            {
                yield return WithSpans(context, new PartPlan(kind, index, from, j, from == 0, false, count, GeneratedNames.Part(kind, layer.Name, chunk++), SpanUse.None));
                from = j;
                count = 0;
            }

            count += terms(j);
        }

        yield return WithSpans(context, new PartPlan(kind, index, from, layer.Size, from == 0, true, count, GeneratedNames.Part(kind, layer.Name, chunk), SpanUse.None));
    }

    /// <summary>The part with the spans it reads as a method of its own (its units in spans over scratch).</summary>
    private static PartPlan WithSpans(Context context, PartPlan part)
    {
        var reads = new Reads(context);
        PartReads(context, reads, part, spans: true);
        return part with { Spans = reads.ToSpanUse(includeInput: true) };
    }

    /// <summary>What a part's statements read, with every unit in a span (<paramref name="spans"/>) or, for unrolled layers, a local.</summary>
    private static void PartReads(Context context, Reads reads, PartPlan part, bool spans)
    {
        NetworkModel m = context.Model;
        switch (part.Kind)
        {
            case PartKind.Forward:
                ForwardReads(context, reads, part.Layer, part.From, part.To, spans, vectorActivation: false);
                break;
            case PartKind.Error:
                // The loss's block: y_j and d_j of the outputs; it sets ∂E/∂y_j (squared error) or δ_j (a matched loss).
                int output = m.Layers.Count - 1;
                reads.Target = true;
                reads.Unit("y", output, spans);
                reads.Unit(m.Loss == LossKind.SumSquaredError ? "dEdy" : "delta", output, spans);
                break;
            case PartKind.Delta:
                DeltaReads(context, reads, part, spans);
                break;
            default:
                GradientReads(context, reads, part.Layer, spans);
                break;
        }
    }

    /// <summary>x_j = Σ_i y_i w_ji (+ b_j) and y_j = f(x_j) for rows [from, to).</summary>
    private static void ForwardReads(Context context, Reads reads, int index, int from, int to, bool spans, bool vectorActivation)
    {
        LayerModel layer = context.Model.Layers[index];
        LayerPlan plan = context.Layers[index];
        reads.Parameters = true;
        if (!plan.Unrolled)
        {
            reads.Sources(index, _ => true);
            reads.Span("x", index);
            reads.Span("y", index);
            return;
        }

        if (to <= from)
        {
            return;
        }

        reads.Sources(index, source => spans || !context.Layers[source].Unrolled);
        reads.Unit("x", index, spans);
        bool activation = layer.Activation != ActivationKind.Softmax || to == layer.Size;
        if (activation)
        {
            reads.Unit("y", index, spans || vectorActivation);
            reads.Unit("x", index, spans || vectorActivation);
        }

        if (!spans && plan.HasLoopedReader)
        {
            // y_j kept in a span too, for the layers that loop over it.
            reads.Span("y", index);
        }
    }

    /// <summary>∂E/∂y_i = Σ_j δ_j w_ji over the readers (hidden layers), then δ_i = ∂E/∂y_i · f′(x_i).</summary>
    private static void DeltaReads(Context context, Reads reads, PartPlan part, bool spans)
    {
        NetworkModel m = context.Model;
        int index = part.Layer;
        LayerModel layer = m.Layers[index];
        LayerPlan plan = context.Layers[index];
        bool inSpan = spans || !plan.Unrolled;
        if (index < m.Layers.Count - 1)
        {
            var looped = plan.Readers.Where(r => !context.Layers[r.Layer].Unrolled).ToList();
            var unrolled = plan.Readers.Where(r => context.Layers[r.Layer].Unrolled).ToList();
            if (looped.Count > 0 && part.First)
            {
                reads.Span("dEdy", index);
                reads.Parameters = true;
                looped.ForEach(r => reads.Span("delta", r.Layer));
            }

            if (plan.Unrolled || unrolled.Count > 0)
            {
                if ((plan.Unrolled ? part.To - part.From : layer.Size) > 0)
                {
                    foreach (ReaderPlan reader in unrolled.Where(r => m.Layers[r.Layer].Size > 0))
                    {
                        reads.Parameters = true;
                        reads.Unit("delta", reader.Layer, spans);
                    }

                    if (looped.Count > 0)
                    {
                        reads.Span("dEdy", index);
                    }

                    reads.Unit("dEdy", index, inSpan);
                }
            }
            else if (looped.Count == 0)
            {
                reads.Span("dEdy", index);
            }
        }

        reads.Unit("delta", index, inSpan);
        reads.Unit("dEdy", index, inSpan);
        if (layer.Activation is ActivationKind.Sigmoid or ActivationKind.Tanh)
        {
            reads.Unit("y", index, inSpan);
        }
        else if (layer.Activation == ActivationKind.ReLU)
        {
            reads.Unit("x", index, inSpan);
        }
    }

    /// <summary>∂E/∂w_ji += δ_j · y_i (and ∂E/∂b_j += δ_j).</summary>
    private static void GradientReads(Context context, Reads reads, int index, bool spans)
    {
        LayerPlan plan = context.Layers[index];
        reads.Gradients = true;
        if (!plan.Unrolled)
        {
            reads.Span("delta", index);
            reads.Sources(index, _ => true);
            return;
        }

        reads.Unit("delta", index, spans);
        reads.Sources(index, source => spans || !context.Layers[source].Unrolled);
    }

    /// <summary>The model, the layer plans and the scratch layout, for the readers above.</summary>
    private sealed class Context
    {
        public Context(NetworkModel model, EquatableArray<LayerPlan> layers, List<ScratchSpan> scratch)
        {
            Model = model;
            Layers = layers;
            Scratch = scratch;
        }

        public NetworkModel Model { get; }

        public EquatableArray<LayerPlan> Layers { get; }

        public List<ScratchSpan> Scratch { get; }
    }

    /// <summary>What a method's statements read, gathered as the planner walks them.</summary>
    private sealed class Reads
    {
        private readonly Context _context;
        private readonly HashSet<string> _scratch = new(StringComparer.Ordinal);

        public Reads(Context context) => _context = context;

        public bool Input { get; set; }

        public bool Target { get; set; }

        public bool Parameters { get; set; }

        public bool Gradients { get; set; }

        /// <summary>A quantity of a layer's units kept in its scratch span.</summary>
        public void Span(string quantity, int layer) => _scratch.Add(GeneratedNames.Span(quantity, _context.Model.Layers[layer].Name));

        /// <summary>A quantity of a layer's units, in its span when <paramref name="spans"/> (else locals, which need no declaration).</summary>
        public void Unit(string quantity, int layer, bool spans)
        {
            if (spans)
            {
                Span(quantity, layer);
            }
        }

        /// <summary>The units a layer reads: input groups from the input span, layers' y in spans or locals.</summary>
        public void Sources(int layer, Func<int, bool> inSpan)
        {
            NetworkModel m = _context.Model;
            foreach (string source in m.Layers[layer].Sources)
            {
                int from = IndexOf(m, source);
                if (from < 0)
                {
                    Input = true;
                }
                else
                {
                    Unit("y", from, inSpan(from));
                }
            }
        }

        public SpanUse ToSpanUse(bool includeInput) => new(
            includeInput && Input,
            includeInput && Target,
            Parameters,
            Gradients,
            _context.Scratch.Where(s => _scratch.Contains(s.Name)).ToEquatableArray());

        private static int IndexOf(NetworkModel m, string name)
        {
            for (int index = 0; index < m.Layers.Count; index++)
            {
                if (m.Layers[index].Name == name)
                {
                    return index;
                }
            }

            return -1;
        }
    }
}
