using BackpropGen;

namespace BackpropGen.Benchmarks;

// The benchmark's networks, each in double and float. Every layer has biases and sigmoid units, as FANN's
// fann_create_standard networks do, so all three implementations do the same arithmetic.

/// <summary>XOR, 2-4-1 (the seed's net, with biases as FANN has them): 17 parameters.</summary>
[Network(Precision = Precision.Double, Name = "Xor")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid)]
[Dense("output", 1, Activation.Sigmoid)]
public partial class XorD { }

/// <inheritdoc cref="XorD"/>
[Network(Name = "Xor")]
[Input("x", 2)]
[Dense("hidden", 4, Activation.Sigmoid)]
[Dense("output", 1, Activation.Sigmoid)]
public partial class XorF { }

/// <summary>Symmetry (the paper's): 6-2-1, 17 parameters.</summary>
[Network(Precision = Precision.Double, Name = "Symmetry")]
[Input("x", 6)]
[Dense("hidden", 2, Activation.Sigmoid)]
[Dense("output", 1, Activation.Sigmoid)]
public partial class SymmetryD { }

/// <inheritdoc cref="SymmetryD"/>
[Network(Name = "Symmetry")]
[Input("x", 6)]
[Dense("hidden", 2, Activation.Sigmoid)]
[Dense("output", 1, Activation.Sigmoid)]
public partial class SymmetryF { }

/// <summary>Family-trees sized: 36 → 12 → 12 → 6 → 24, 846 parameters.</summary>
[Network(Precision = Precision.Double, Name = "FamilySized")]
[Input("x", 36)]
[Dense("encode", 12, Activation.Sigmoid)]
[Dense("central", 12, Activation.Sigmoid)]
[Dense("decode", 6, Activation.Sigmoid)]
[Dense("answer", 24, Activation.Sigmoid)]
public partial class FamilyD { }

/// <inheritdoc cref="FamilyD"/>
[Network(Name = "FamilySized")]
[Input("x", 36)]
[Dense("encode", 12, Activation.Sigmoid)]
[Dense("central", 12, Activation.Sigmoid)]
[Dense("decode", 6, Activation.Sigmoid)]
[Dense("answer", 24, Activation.Sigmoid)]
public partial class FamilyF { }

/// <summary>MNIST-sized: 784-128-10, 101,770 parameters; the hidden layer loops over its rows (the unroll policy).</summary>
[Network(Precision = Precision.Double, Name = "Mnist")]
[Input("pixels", 784)]
[Dense("hidden", 128, Activation.Sigmoid)]
[Dense("output", 10, Activation.Sigmoid)]
public partial class MnistD { }

/// <inheritdoc cref="MnistD"/>
[Network(Name = "Mnist")]
[Input("pixels", 784)]
[Dense("hidden", 128, Activation.Sigmoid)]
[Dense("output", 10, Activation.Sigmoid)]
public partial class MnistF { }
