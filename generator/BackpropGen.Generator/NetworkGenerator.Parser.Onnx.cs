using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Parser
    {
        public const string OnnxModelAttributeName = "BackpropGen.OnnxModelAttribute";

        /// <summary>
        /// Reads a class with [OnnxModel(path, Form = ...)] into an import request: where the generated members go
        /// and which file to read. The class must be partial and not generic, static or file-local, like a network
        /// class (the same diagnostics); it declares nothing else, since the topology comes from the graph (BPG209
        /// when it also has [Network]). The file itself is read later, in the pipeline's OnnxImport step.
        /// </summary>
        public static OnnxParseResult ParseOnnx(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type || context.TargetNode is not TypeDeclarationSyntax declaration
                || HasMissingName(declaration) || context.Attributes.IsEmpty || !DeclaredOn(context.Attributes[0], declaration, cancellationToken))
            {
                return OnnxParseResult.Empty;
            }

            var diagnostics = new List<DiagnosticInfo>();
            string className = type.Name;
            AttributeData attribute = context.Attributes[0];
            Location location = AttributeLocation(attribute, cancellationToken) ?? declaration.Identifier.GetLocation();

            List<ContainingTypeModel> containingTypes = CheckClassShape(type, declaration, diagnostics, cancellationToken);

            if (!AttributesNamed(type, NetworkAttributeName).IsEmpty)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.OnnxModelWithNetwork, location, className));
            }

            string? path = null;
            if (attribute.AttributeConstructor is null || attribute.ConstructorArguments.Any(static a => a.Kind == TypedConstantKind.Error) || attribute.ConstructorArguments.Length != 1
                || attribute.ConstructorArguments[0].Value is not string text || text.Trim().Length == 0)
            {
                object? found = attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value : null;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidOnnxPath, location, className, found is string s ? "\"" + s + "\"" : "no constant string"));
            }
            else
            {
                path = text.Trim();
            }

            var form = BakedFormKind.FoldedConstants;
            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Key == "Form" && named.Value.Value is int value && value is (int)BakedFormKind.FoldedConstants or (int)BakedFormKind.LiteralArray)
                {
                    form = (BakedFormKind)value;
                }
            }

            if (path is null || diagnostics.Count > 0)
            {
                return new OnnxParseResult(null, diagnostics.ToEquatableArray());
            }

            string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString(NamespaceFormat) : null;
            var request = new OnnxImportRequest(ns, containingTypes.ToEquatableArray(), Keyword(declaration), declaration.Identifier.Text, path, form, LocationInfo.From(location));
            return new OnnxParseResult(request, diagnostics.ToEquatableArray());
        }
    }
}
