using BackpropGen;

namespace BackpropGen.Onnx.Benchmarks;

// The benchmark models compiled in (the files are the trainable networks above, exported).

[OnnxModel("xor-2-4-1.onnx")]
public partial class XorImported { }

[OnnxModel("family-36-12-12-6-24.onnx")]
public partial class FamilyImported { }

[OnnxModel("medium-64-32-10.onnx")]
public partial class MediumImported { }

[OnnxModel("large-784-128-10.onnx")]
public partial class LargeImported { }

[OnnxModel("large-784-128-10.onnx", Form = BakedWeightsForm.LiteralArray)]
public partial class LargeImportedArray { }
