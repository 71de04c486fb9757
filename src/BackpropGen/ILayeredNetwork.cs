using System.Collections.Generic;

namespace BackpropGen;

/// <summary>
/// A network that knows where each layer's parameters are without parsing its topology text: every generated network
/// implements it with the static layout the generator emitted (<c>Layout</c>). <see cref="NetworkLayout.Of{T}"/> uses it,
/// and parses <see cref="INetwork{T}.Topology"/> only for a network that does not implement it (one written by hand).
/// </summary>
public interface ILayeredNetwork
{
    /// <summary>The layers in declaration order, with their parameter offsets.</summary>
    IReadOnlyList<LayerLayout> Layout { get; }
}
