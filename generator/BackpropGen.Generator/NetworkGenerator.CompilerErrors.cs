using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// Whether the diagnostic points at an attribute argument that does not bind (a misspelt name such as
    /// <c>Precision = Precision.Float</c>, CS0117; an unknown identifier, CS0103; an unknown property name): the
    /// compiler reports that argument already, and its constant is missing only because of that error, so BackpropGen
    /// adds nothing for it. An argument that binds but is not a constant of the right type (<c>Sizes.Two</c> for a
    /// static readonly field, CS0182; <c>"2"</c> for an int, CS1503) still gets BPG014, which says what is expected.
    /// </summary>
    /// <remarks>
    /// Runs in the reporting step, which has the compilation, and only for the few diagnostics there are; the parser
    /// stays free of semantic models for this.
    /// </remarks>
    private static bool CompilerReportsTheArgument(Location location, Compilation compilation, CancellationToken cancellationToken)
    {
        if (location.SourceTree is not { } tree || !compilation.ContainsSyntaxTree(tree))
        {
            return false;
        }

        SyntaxNode node = tree.GetRoot(cancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
        if (node.AncestorsAndSelf().OfType<AttributeArgumentSyntax>().FirstOrDefault() is not { } argument)
        {
            return false;
        }

        SemanticModel model = compilation.GetSemanticModel(tree);
        if (argument.NameEquals is { } nameEquals && model.GetSymbolInfo(nameEquals.Name, cancellationToken).Symbol is null)
        {
            return true;
        }

        // A name in the argument that binds to nothing: not even a candidate (nameof is a name only when it is not
        // the operator).
        return argument.Expression.DescendantNodesAndSelf()
            .OfType<SimpleNameSyntax>()
            .Any(name => !IsNameofOperator(name) && model.GetSymbolInfo(name, cancellationToken) is { Symbol: null, CandidateSymbols.IsEmpty: true });
    }

    private static bool IsNameofOperator(SimpleNameSyntax name) =>
        name.Identifier.ValueText == "nameof" && name.Parent is InvocationExpressionSyntax invocation && invocation.Expression == name;
}
