using System;

namespace BackpropGen;

/// <summary>How <see cref="BakedWeightsAttribute"/> writes the weights into the generated code.</summary>
public enum BakedWeightsForm
{
    /// <summary>
    /// Each weight is a literal in the unrolled statement that uses it (<c>x_hidden_0 = input[0] * 0.2483… + …</c>).
    /// The default. It measured as fast as <see cref="LiteralArray"/> (the difference was below the noise), its IL is
    /// about 40% smaller, and it allocates nothing even in unoptimized code (see the README's "Baked weights").
    /// </summary>
    FoldedConstants = 0,

    /// <summary>
    /// The weights are one literal array exposed as a <c>static ReadOnlySpan&lt;T&gt;</c> (stored in the
    /// assembly's data), and the unrolled statements read it at constant indices. Optimized code allocates
    /// nothing; unoptimized code (Debug builds, Tier-0 before tiering up) allocates on each call, in
    /// <c>RuntimeHelpers.CreateSpan</c>'s fallback.
    /// </summary>
    LiteralArray = 1,
}

/// <summary>
/// Makes a <see cref="NetworkAttribute"/> class an inference-only network whose trained parameters are
/// compiled into it: the generator reads the parameter file (saved with <c>Save</c> /
/// <see cref="ParameterFile"/>), checks it against the declared network, and emits a static <c>Forward</c>
/// with the weights as constants. No training code, no parameter arrays, no file read at run time.
/// </summary>
/// <remarks>
/// <para>The class declares the same <see cref="NetworkAttribute"/>, <see cref="InputAttribute"/> and
/// <see cref="DenseAttribute"/> attributes as the network that was trained (same name, precision and
/// topology), so that the file can be checked: a file that is missing, damaged, or saved from another
/// network, precision or size is a compile-time error (BPG100–BPG106).</para>
/// <para>Add the file to the project as <c>&lt;AdditionalFiles Include="xor.bpgw" /&gt;</c>. The compiler
/// passes only text to generators, so BackpropGen's build targets hand it a base64 copy of the file,
/// made in <c>obj/</c> before each compilation.</para>
/// </remarks>
/// <example>
/// <code>
/// [Network(Precision = Precision.Double, Name = "XorNet")]
/// [Input("x", 2)]
/// [Dense("hidden", 4, Activation.Sigmoid, Bias = false)]
/// [Dense("output", 1, Activation.Sigmoid, Bias = false)]
/// [BakedWeights("xor.bpgw")]
/// public partial class TrainedXor { }
/// // TrainedXor.Forward(input, output);
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class BakedWeightsAttribute : Attribute
{
    /// <summary>Bakes the parameters saved in <paramref name="path"/> into the network class.</summary>
    /// <param name="path">
    /// The parameter file, as listed in the project's <c>AdditionalFiles</c>: its file name
    /// (<c>"xor.bpgw"</c>) or the end of its path (<c>"weights/xor.bpgw"</c>).
    /// </param>
    public BakedWeightsAttribute(string path) => Path = path;

    /// <summary>The parameter file's name or the end of its path.</summary>
    public string Path { get; }

    /// <summary>How the weights are written into the code; <see cref="BakedWeightsForm.FoldedConstants"/> by default.</summary>
    public BakedWeightsForm Form { get; set; } = BakedWeightsForm.FoldedConstants;
}
