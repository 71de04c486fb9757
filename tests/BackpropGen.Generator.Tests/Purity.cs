using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// The walk of the model-purity tests: fails when a Roslyn object (a symbol, syntax, a location, a compilation, a
/// semantic model or a tree) is reachable from a value a pipeline step holds. Shared with the ONNX tests.
/// </summary>
internal static class Purity
{
    public static readonly Type[] Forbidden = { typeof(ISymbol), typeof(SyntaxNode), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(SyntaxTree) };

    /// <summary>Fails if a Roslyn object is reachable from any of <paramref name="values"/>.</summary>
    public static void AssertPlain(IEnumerable<object> values)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (object value in values)
        {
            Walk(value, value.GetType().Name, seen);
        }
    }

    public static void Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || value is DiagnosticDescriptor)
        {
            return;
        }

        Assert.False(Forbidden.Any(f => f.IsInstanceOfType(value)), $"{path} holds a {value.GetType().Name}");
        if (!value.GetType().IsValueType && !seen.Add(value))
        {
            return;
        }

        if (value is IEnumerable items)
        {
            int index = 0;
            foreach (object? item in items)
            {
                Walk(item, $"{path}[{index++}]", seen);
            }

            return;
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.GetValue(value), path + "." + field.Name, seen);
        }
    }
}
