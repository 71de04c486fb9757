using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Parser
    {
        public const string BakedWeightsAttributeName = "BackpropGen.BakedWeightsAttribute";

        /// <summary>
        /// Reads [BakedWeights(path, Form = ...)] from a [Network] class: null when the class has none (a trainable
        /// network). The file itself is read later, in the pipeline's Bake step, from the additional files.
        /// </summary>
        private static WeightsReference? ParseBakedWeights(INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            AttributeData? attribute = type.GetAttributes().FirstOrDefault(static a => HasMetadataName(a.AttributeClass, BakedWeightsAttributeName));
            if (attribute is null)
            {
                return null;
            }

            Location location = AttributeLocation(attribute, cancellationToken) ?? declaration.Identifier.GetLocation();
            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Any(static a => a.Kind == TypedConstantKind.Error) || attribute.ConstructorArguments.Length != 1 || attribute.ConstructorArguments[0].Value is not string path || path.Trim().Length == 0)
            {
                object? found = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value : null;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidWeightsPath, location, type.Name, found is string text ? "\"" + text + "\"" : "no constant string"));
                return null;
            }

            var form = BakedFormKind.FoldedConstants;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Form" && named.Value.Value is int value)
                {
                    if (value is (int)BakedFormKind.FoldedConstants or (int)BakedFormKind.LiteralArray)
                    {
                        form = (BakedFormKind)value;
                    }
                    else
                    {
                        // A cast integer, e.g. Form = (BakedWeightsForm)7: an error like every other bad enum value.
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownBakedForm, NamedArgumentLocation(attribute, "Form", cancellationToken) ?? location, type.Name, value));
                        return null;
                    }
                }
            }

            return new WeightsReference(path.Trim(), form, LocationInfo.From(location));
        }
    }
}
