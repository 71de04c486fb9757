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
        /// <summary>The static class whose Exp and MultiplyAddEstimate (both .NET 9+) the SIMD path calls.</summary>
        public const string VectorClassName = "System.Numerics.Vector";

        public static TargetModel Read(Compilation compilation)
        {
            INamedTypeSymbol? vector = compilation.GetTypeByMetadataName(VectorClassName);
            bool math = vector is not null && Has(vector, "Exp", 1) && Has(vector, "MultiplyAddEstimate", 3);
            return math ? new TargetModel(true) : TargetModel.ScalarOnly;
        }

        private static bool Has(INamedTypeSymbol type, string name, int parameters) =>
            type.GetMembers(name).Any(m => m is IMethodSymbol { IsStatic: true, DeclaredAccessibility: Accessibility.Public } method && method.Parameters.Length == parameters);
    }
}
