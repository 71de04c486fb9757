using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator.Plan;

// The plan is what the emitter writes from: every decision about a network's generated code, made once by the
// Planner from the model and the target, as plain equatable data (the model's rule: no Roslyn object; ModelPurityTests
// walks it). The emitter only reads it: it never re-derives a decision, and never scans text it has written.

/// <summary>The kinds of a training pass's parts, in the order the pass runs them.</summary>
internal enum PartKind
{
    /// <summary>x_j and y_j of a layer's rows.</summary>
    Forward,

    /// <summary>E and what the backward pass starts from at the outputs (the loss's block).</summary>
    Error,

    /// <summary>∂E/∂y_i (from the units that read it) and δ_i of a layer's units.</summary>
    Delta,

    /// <summary>∂E/∂w of a layer's rows.</summary>
    Gradient,
}

/// <summary>A span of instance scratch holding one quantity of a layer's units, e.g. <c>ys_hidden</c> (offset and length in elements).</summary>
internal sealed record ScratchSpan(string Name, int Offset, int Length);

/// <summary>
/// The spans a generated method reads, which it declares at its top with constant lengths (so the JIT drops the bounds
/// check of every constant index): input and target (re-sliced), the parameters <c>w</c>, the gradients <c>g</c>, and
/// the scratch spans, in scratch order.
/// </summary>
internal sealed record SpanUse(bool Input, bool Target, bool Parameters, bool Gradients, EquatableArray<ScratchSpan> Scratch)
{
    public static SpanUse None { get; } = new(false, false, false, false, EquatableArray<ScratchSpan>.Empty);
}

/// <summary>A layer that reads another one: its index, and the column of its weight rows where the other's units start.</summary>
internal sealed record ReaderPlan(int Layer, int Column);

/// <summary>
/// What was decided for one layer: whether it is unrolled (else it loops over its weight rows), whether Forward computes
/// its activation a vector of units at a time, whether its y is copied to a span for a reader that loops, and which
/// later layers read it (whose δ make its ∂E/∂y).
/// </summary>
internal sealed record LayerPlan(int Index, bool Unrolled, bool VectorActivation, bool HasLoopedReader, EquatableArray<ReaderPlan> Readers);

/// <summary>
/// One method of the training pass (or, when the pass fits one method, one block of it): a kind, a layer (−1 for the
/// error) and the range of its units or rows, its size in terms (against <see cref="UnrollPolicy.MaxTermsPerMethod"/>),
/// its method name and the spans it reads as a method of its own.
/// </summary>
internal sealed record PartPlan(PartKind Kind, int Layer, int From, int To, bool First, bool Last, int Terms, string Name, SpanUse Spans);

/// <summary>A helper Forward calls to compute an activation a vector of units at a time, and its method name.</summary>
internal sealed record VectorActivationPlan(ActivationKind Activation, string Method);

/// <summary>Everything the emitter writes a trainable network class from.</summary>
/// <param name="Model">The parsed network.</param>
/// <param name="VectorMath">Whether the target has vector math: the SIMD-across-patterns path and vectorised activations are written.</param>
/// <param name="Lanes512">Whether the training sweep can take 512-bit blocks (<see cref="Planner.Takes512BitBlocks"/>): only then are AccumulateLanes512, its fields and the Lanes512/LaneMath512 aliases written.</param>
/// <param name="Layers">Per layer, in declaration order.</param>
/// <param name="ScratchLength">Elements of instance scratch (per pattern; the lane scratch has as many vectors).</param>
/// <param name="Scratch">The scratch layout: per layer, x, y, ∂E/∂y and δ of its units.</param>
/// <param name="Parts">The training pass's parts, in order: per layer its forward rows; the error; per layer from the last, δ and ∂E/∂w.</param>
/// <param name="PassInOneMethod">Whether the whole pass is one method with every unit a local (else each part is a method).</param>
/// <param name="PassSpans">The spans the one-method pass reads.</param>
/// <param name="ForwardInOneMethod">Whether Forward is one method (else it calls the pass's forward parts).</param>
/// <param name="ForwardOnStack">Whether Forward's spans of units are on the stack (else instance scratch).</param>
/// <param name="ForwardVectorActivations">Whether Forward computes some layer's activation a vector of units at a time (its units then in spans).</param>
/// <param name="ForwardSpans">The spans the one-method Forward reads.</param>
/// <param name="VectorActivations">The activations whose vectorised helper (VectorSigmoid, VectorTanh) Forward calls.</param>
/// <param name="LaneBlockPairs">Whether the SIMD sweep runs two blocks per pass (<see cref="Planner.RunsBlockPairs"/>): forward and δ of blocks b and b + 1, then ∂E/∂w of both with one load and store of each lane gradient.</param>
/// <param name="MemberNames">Every member the generated class of a layered network declares (names <see cref="GeneratedNames"/> reserves for it); a recurrent network's are written from the time emitter's own plan, and reserved by <see cref="GeneratedNames.IsReserved"/> all the same.</param>
internal sealed record NetworkPlan(
    NetworkModel Model,
    bool VectorMath,
    bool Lanes512,
    EquatableArray<LayerPlan> Layers,
    int ScratchLength,
    EquatableArray<ScratchSpan> Scratch,
    EquatableArray<PartPlan> Parts,
    bool PassInOneMethod,
    SpanUse PassSpans,
    bool ForwardInOneMethod,
    bool ForwardOnStack,
    bool ForwardVectorActivations,
    SpanUse ForwardSpans,
    EquatableArray<VectorActivationPlan> VectorActivations,
    EquatableArray<string> MemberNames,
    bool LaneBlockPairs);
