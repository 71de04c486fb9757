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

    public static bool IsUnrolled(LayerModel layer) => layer.WeightCount <= MaxUnrolledLayerWeights;

    /// <summary>The parameters of the layers that are unrolled.</summary>
    public static int UnrolledParameters(IEnumerable<LayerModel> layers) => layers.Where(IsUnrolled).Sum(l => l.ParameterCount);
}
