using BackpropGen;

namespace BackpropGen.Tests;

/// <summary>The 8-3-8 encoder of the PDP chapter, as samples/Encoder declares it.</summary>
[Network(Precision = Precision.Double, Name = "Encoder838")]
[Input("pattern", 8)]
[Dense("code", 3, Activation.Sigmoid)]
[Dense("output", 8, Activation.Sigmoid)]
public partial class Encoder838
{
}

/// <summary>784-256-10: the hidden layer (200,704 weights) is a loop, the output layer (2,560) unrolled.</summary>
[Network]
[Input("pixels", 784)]
[Dense("hidden", 256, Activation.Sigmoid)]
[Dense("digit", 10, Activation.Sigmoid)]
public partial class Mnist784
{
}

/// <summary>2000-2000-10: both layers loops, and Forward's 4,020 units in instance scratch (so it takes a lock).</summary>
[Network]
[Input("x", 2000)]
[Dense("hidden", 2000, Activation.Tanh)]
[Dense("output", 10, Activation.Sigmoid)]
public partial class Wide2000
{
}
