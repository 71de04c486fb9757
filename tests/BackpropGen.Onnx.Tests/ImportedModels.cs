using BackpropGen;

namespace BackpropGen.Onnx.Tests;

// The committed PyTorch models (Models/make_models.py), compiled in by the generator: nothing but the attribute.

[OnnxModel("xor.onnx")]
public partial class ImportedXor { }

[OnnxModel("concat.onnx")]
public partial class ImportedConcat { }

[OnnxModel("gemm.onnx")]
public partial class ImportedGemm { }

[OnnxModel("matmul.onnx", Form = BakedWeightsForm.LiteralArray)]
public partial class ImportedMatMul { }

[OnnxModel("gemm_double.onnx")]
public partial class ImportedGemmDouble { }

[OnnxModel("classifier.onnx")]
public partial class ImportedClassifier { }
