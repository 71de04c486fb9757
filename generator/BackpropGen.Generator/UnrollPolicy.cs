using System.Collections.Generic;
using System.Linq;
using BackpropGen.Generator.Model;

namespace BackpropGen.Generator;

/// <summary>
/// Which layers the emitter unrolls. A layer with at most <see cref="MaxUnrolledLayerWeights"/> weights is written
/// out statement by statement, every weight at a constant index; a larger one is written as a loop over its weight
/// rows (a vectorised kernel per row), so that code size and JIT time stay bounded however large it is. The parser's
/// BPG015 warning uses the same policy: it fires only when what is still unrolled is large.
/// </summary>
internal static class UnrollPolicy
{
    /// <summary>The most weights a layer may have and still be unrolled.</summary>
    public const int MaxUnrolledLayerWeights = 4096;

    /// <summary>Above this many unrolled parameters (all layers together), BPG015 warns of large code and long JIT time.</summary>
    public const int LargeUnrolledParameters = 20_000;

    /// <summary>
    /// The most terms (products w·y, or δ·y updates) one generated method may hold. The JIT does not optimize a method
    /// over 60,000 bytes of IL or 20,000 IL instructions (it switches to MinOpts), so the training pass is cut into
    /// methods of at most this many terms, about 30 bytes of IL each (a gradient update counts as two).
    /// </summary>
    public const int MaxTermsPerMethod = 1000;

    /// <summary>The most unrolled terms Forward holds as one method with every unit a local (about 17 bytes of IL each).</summary>
    public const int MaxForwardTermsInOneMethod = 2000;

    /// <summary>The most units (x and y) Forward keeps on the stack; beyond, in instance scratch.</summary>
    public const int MaxForwardUnitsOnStack = 2048;

    /// <summary>The fewest units for which Forward computes a layer's sigmoid or tanh a vector at a time (8: a 256-bit vector of floats).</summary>
    public const int MinUnitsForVectorActivation = 8;

    public static bool IsUnrolled(LayerModel layer) => layer.WeightCount <= MaxUnrolledLayerWeights;

    /// <summary>Whether Forward is one method with its units as locals (else it calls the training pass's forward parts).</summary>
    public static bool ForwardFitsOneMethod(NetworkModel model) =>
        model.Layers.Where(IsUnrolled).Sum(l => NetworkGenerator.LayerKinds.Of(l).ForwardTerms(l) * l.Size) <= MaxForwardTermsInOneMethod;

    /// <summary>The parameters of the layers that are unrolled.</summary>
    public static int UnrolledParameters(IEnumerable<LayerModel> layers) => layers.Where(IsUnrolled).Sum(l => l.ParameterCount);
}
