using System.Reflection;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Every generated class carries its layer layout as static data (<c>Layout</c>, through <see cref="ILayeredNetwork"/>),
/// which <see cref="NetworkLayout.Of{T}"/> reads instead of parsing the topology text: it must be what parsing gives.
/// </summary>
public class LayoutTests
{
    [Fact]
    public void TheStaticLayoutIsWhatParsingTheTopologyGives()
    {
        int checkedNetworks = 0;
        foreach (Assembly assembly in new[] { GradientCheckTests.Compiled.Value, LargeNetworkTests.Compiled.Value })
        {
            foreach (Type type in assembly.GetTypes().Where(t => typeof(ILayeredNetwork).IsAssignableFrom(t)))
            {
                object network = Activator.CreateInstance(type)!;
                string topology = (string)type.GetField("NetworkTopology")!.GetValue(null)!;
                IReadOnlyList<LayerLayout> layout = ((ILayeredNetwork)network).Layout;
                Assert.Equal(NetworkLayout.Parse(topology), layout);
                Assert.Same(layout, type.GetProperty("Layout", BindingFlags.Public | BindingFlags.Static)!.GetValue(null));
                IReadOnlyList<LayerLayout> of = network is INetwork<double> d ? NetworkLayout.Of(d) : NetworkLayout.Of((INetwork<float>)network);
                Assert.Same(layout, of);
                checkedNetworks++;
            }
        }

        Assert.Equal((2 * GradientCheckTests.NetworkCount) + (2 * LargeNetworkTests.Names().Count()), checkedNetworks);
    }
}
