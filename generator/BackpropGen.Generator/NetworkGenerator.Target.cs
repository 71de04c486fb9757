using System.Linq;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// Reads what the consuming compilation's framework offers into a <see cref="TargetModel"/>, from the
    /// compilation's references (never from a user switch): the generated code may only call what is there.
    /// </summary>
    internal static class TargetReader
    {
        /// <summary>The static class whose Exp(Vector&lt;T&gt;) the SIMD path calls.</summary>
        public const string VectorClassName = "System.Numerics.Vector";

        public static TargetModel Read(Compilation compilation)
        {
            INamedTypeSymbol? vector = compilation.GetTypeByMetadataName(VectorClassName);
            bool exp = vector is not null && vector.GetMembers("Exp").Any(static m =>
                m is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public, Parameters.Length: 1 });
            return exp ? new TargetModel(true) : TargetModel.ScalarOnly;
        }
    }
}
