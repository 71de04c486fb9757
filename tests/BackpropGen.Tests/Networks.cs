using BackpropGen;

namespace BackpropGen.Tests;

/// <summary>The seed's XOR net, as the sample declares it.</summary>
[Network(Precision = Precision.Double, Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
public partial class XorNet
{
}

/// <summary>The same topology in float.</summary>
[Network(Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
public partial class XorNetSingle
{
}

/// <summary>Same name and parameter count as XorNet (3·2 + 3 biases + 3 = 12) but another topology.</summary>
[Network(Precision = Precision.Double, Name = "XorNet")]
[Input("x", 2)]
[Dense("hidden", 3, Activation.Tanh)]
[Dense("output", 1, Activation.Sigmoid, Bias = false)]
public partial class XorNetImpostor
{
}

/// <summary>Another network altogether.</summary>
[Network(Precision = Precision.Double)]
[Input("x", 2)]
[Dense("hidden", 2, Activation.Sigmoid)]
[Dense("output", 1, Activation.Sigmoid)]
public partial class Xor221
{
}

/// <summary>One linear unit with a bias: E = ½ (w x + b − d)², whose gradient is easy to compute by hand.</summary>
[Network(Precision = Precision.Double)]
[Input("x", 1)]
[Dense("y", 1, Activation.Identity)]
public partial class LinearUnit
{
}

/// <summary>A family-trees-shaped net (two input groups meeting in a central layer), for allocation and save/load tests.</summary>
[Network]
[Input("person", 24)]
[Input("relation", 12)]
[Dense("personCode", 6, Activation.Sigmoid, From = new[] { "person" })]
[Dense("relationCode", 6, Activation.Sigmoid, From = new[] { "relation" })]
[Dense("central", 12, Activation.Sigmoid, From = new[] { "personCode", "relationCode" })]
[Dense("decode", 6, Activation.Sigmoid)]
[Dense("answer", 24, Activation.Sigmoid)]
public partial class FamilyNet
{
}

/// <summary>A network whose hidden layer (80 × 60 = 4,800 weights) is over the unroll threshold: it loops over its weight rows.</summary>
[Network(Precision = Precision.Double)]
[Input("x", 80)]
[Dense("hidden", 60, Activation.Sigmoid)]
[Dense("output", 4, Activation.Sigmoid)]
public partial class WideNet
{
}
