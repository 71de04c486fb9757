using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace BackpropGen.Runtime.Tests.PublicApi;

/// <summary>
/// The public surface of an assembly as text, by reflection, in a fixed order: every visible type (by full name), its
/// declaration (kind, base type, interfaces, generic constraints), then its public and protected members (by kind, then by
/// signature), one line each, in C#-like syntax with namespace-qualified type names and nullable annotations. A type or
/// member hidden from IntelliSense starts with <c>[EditorBrowsable(Never)]</c>; <c>[Obsolete]</c> is shown the same way.
/// Model: Mapperly's <c>PublicApiTest</c> (which uses PublicApiGenerator, a package this machine's registry does not serve).
/// </summary>
internal static class PublicApiText
{
    private const BindingFlags Declared =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static readonly NullabilityInfoContext Nullability = new();

    private static readonly Dictionary<Type, string> Keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short", [typeof(ushort)] = "ushort",
        [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong",
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal", [typeof(char)] = "char",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    /// <summary>The public surface of <paramref name="assembly"/>.</summary>
    public static string Of(Assembly assembly) => Of(assembly.GetExportedTypes());

    /// <summary>The public surface made of <paramref name="types"/> (those of them that are visible).</summary>
    public static string Of(IEnumerable<Type> types)
    {
        var text = new StringBuilder();
        foreach (Type type in types.Where(t => t.IsVisible).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            text.Append(Declaration(type)).Append('\n');
            foreach (string member in Members(type))
            {
                text.Append("    ").Append(member).Append('\n');
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string Declaration(Type type)
    {
        string name = type.Namespace + "." + DeclaredName(type);
        if (type.IsEnum)
        {
            Type underlying = Enum.GetUnderlyingType(type);
            return Marks(type) + "public enum " + name + (underlying == typeof(int) ? "" : " : " + TypeName(underlying));
        }

        if (type.IsSubclassOf(typeof(Delegate)))
        {
            MethodInfo invoke = type.GetMethod("Invoke")!;
            return Marks(type) + "public delegate " + ReturnType(invoke) + " " + name + Parameters(invoke) + Constraints(type);
        }

        string kind =
            type.IsInterface ? "interface" :
            type.IsValueType ? (type.IsDefined(typeof(IsReadOnlyAttribute)) ? "readonly " : "") + (type.IsByRefLike ? "ref " : "") + "struct" :
            type.IsAbstract && type.IsSealed ? "static class" :
            type.IsAbstract ? "abstract class" :
            type.IsSealed ? "sealed class" : "class";

        var bases = new List<string>();
        if (type.BaseType is Type baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Add(TypeName(baseType));
        }

        Type[] inherited = type.BaseType?.GetInterfaces() ?? Type.EmptyTypes;
        bases.AddRange(type.GetInterfaces()
            .Where(i => i.IsVisible && !inherited.Contains(i))
            .Select(i => TypeName(i))
            .OrderBy(n => n, StringComparer.Ordinal));

        return Marks(type) + "public " + kind + " " + name + (bases.Count > 0 ? " : " + string.Join(", ", bases) : "") + Constraints(type);
    }

    private static IEnumerable<string> Members(Type type)
    {
        if (type.IsEnum)
        {
            return type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .OrderBy(f => Convert.ToInt64(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture))
                .ThenBy(f => f.Name, StringComparer.Ordinal)
                .Select(f => Marks(f) + f.Name + " = " + Convert.ToString(f.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture) + ",");
        }

        if (type.IsSubclassOf(typeof(Delegate)))
        {
            return Array.Empty<string>();
        }

        var accessors = new HashSet<MethodInfo>();
        foreach (PropertyInfo property in type.GetProperties(Declared))
        {
            accessors.UnionWith(property.GetAccessors(nonPublic: true));
        }

        foreach (EventInfo e in type.GetEvents(Declared))
        {
            accessors.UnionWith(new[] { e.AddMethod, e.RemoveMethod, e.RaiseMethod }.OfType<MethodInfo>());
        }

        var lines = new List<(int Kind, string Name, string Text)>();
        lines.AddRange(type.GetFields(Declared).Where(f => Visible(f.IsPublic, f.IsFamily, f.IsFamilyOrAssembly) && !Hidden(f.Name))
            .Select(f => (0, f.Name, Field(f))));
        lines.AddRange(type.GetConstructors(Declared).Where(c => Visible(c.IsPublic, c.IsFamily, c.IsFamilyOrAssembly))
            .Select(c => (1, "", Marks(c) + Access(c) + (c.IsStatic ? "static " : "") + DeclaredName(type, withParameters: false) + Parameters(c) + ";")));
        lines.AddRange(type.GetProperties(Declared).Where(p => p.GetAccessors(nonPublic: true).Any(a => Visible(a.IsPublic, a.IsFamily, a.IsFamilyOrAssembly)) && !Hidden(p.Name))
            .Select(p => (2, p.Name, Property(type, p))));
        lines.AddRange(type.GetEvents(Declared).Where(e => e.AddMethod is { } add && Visible(add.IsPublic, add.IsFamily, add.IsFamilyOrAssembly))
            .Select(e => (3, e.Name, Marks(e) + Access(e.AddMethod!) + Modifiers(type, e.AddMethod!) + "event " + TypeName(e.EventHandlerType!) + " " + e.Name + ";")));
        lines.AddRange(type.GetMethods(Declared).Where(m => !accessors.Contains(m) && Visible(m.IsPublic, m.IsFamily, m.IsFamilyOrAssembly) && !Hidden(m.Name))
            .Select(m => (4, m.Name, Method(type, m))));
        return lines
            .OrderBy(l => l.Kind)
            .ThenBy(l => l.Name, StringComparer.Ordinal)
            .ThenBy(l => l.Text, StringComparer.Ordinal)
            .Select(l => l.Text);
    }

    private static bool Visible(bool isPublic, bool isFamily, bool isFamilyOrAssembly) => isPublic || isFamily || isFamilyOrAssembly;

    /// <summary>Compiler-made names such as a record's <c>&lt;Clone&gt;$</c>, which no one can call by name.</summary>
    private static bool Hidden(string name) => name.Contains('<') || name.Contains('$');

    private static string Field(FieldInfo field)
    {
        string prefix = Marks(field) + (field.IsPublic ? "public " : "protected ");
        if (field.IsLiteral)
        {
            return prefix + "const " + TypeName(field.FieldType) + " " + field.Name + " = " + Literal(field.GetRawConstantValue()) + ";";
        }

        return prefix + (field.IsStatic ? "static " : "") + (field.IsInitOnly ? "readonly " : "") +
            TypeName(field.FieldType, Nullability.Create(field)) + " " + field.Name + ";";
    }

    private static string Property(Type type, PropertyInfo property)
    {
        MethodInfo[] visible = new[] { property.GetMethod, property.SetMethod }
            .OfType<MethodInfo>().Where(a => Visible(a.IsPublic, a.IsFamily, a.IsFamilyOrAssembly)).ToArray();
        MethodInfo shown = visible.FirstOrDefault(a => a.IsPublic) ?? visible[0];
        ParameterInfo[] index = property.GetIndexParameters();
        string name = index.Length == 0 ? property.Name : "this" + Parameters(index, "[", "]");
        string accessors = "";
        foreach (MethodInfo accessor in visible)
        {
            string access = accessor.IsPublic == shown.IsPublic ? "" : "protected ";
            string verb = accessor == property.GetMethod ? "get"
                : accessor.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) ? "init" : "set";
            accessors += access + verb + "; ";
        }

        string returnType = property.PropertyType.IsByRef
            ? "ref " + TypeName(property.PropertyType.GetElementType()!)
            : TypeName(property.PropertyType, Nullability.Create(property));
        string required = property.IsDefined(typeof(RequiredMemberAttribute)) ? "required " : "";
        return Marks(property) + Access(shown) + Modifiers(type, shown) + required + returnType + " " + name + " { " + accessors + "}";
    }

    private static string Method(Type type, MethodInfo method)
    {
        string name = method.Name;
        if (method.IsGenericMethodDefinition)
        {
            name += "<" + string.Join(", ", method.GetGenericArguments().Select(a => a.Name)) + ">";
        }

        string extension = method.IsDefined(typeof(ExtensionAttribute)) ? "this " : "";
        return Marks(method) + Access(method) + Modifiers(type, method) + ReturnType(method) + " " + name +
            Parameters(method.GetParameters(), "(" + extension, ")") + Constraints(method) + ";";
    }

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Modifiers(Type type, MethodInfo method)
    {
        if (method.IsStatic)
        {
            return method.IsAbstract ? "static abstract " : method.IsVirtual ? "static virtual " : "static ";
        }

        if (type.IsInterface)
        {
            // An interface member with a body (a default implementation) is virtual in metadata.
            return method.IsAbstract ? "" : "virtual ";
        }

        bool overrides = method.GetBaseDefinition() != method;
        if (method.IsAbstract)
        {
            return overrides ? "abstract override " : "abstract ";
        }

        if (overrides)
        {
            return method.IsFinal ? "sealed override " : "override ";
        }

        return method.IsVirtual && !method.IsFinal ? "virtual " : "";
    }

    private static string ReturnType(MethodInfo method)
    {
        Type returnType = method.ReturnType;
        if (returnType.IsByRef)
        {
            bool readOnly = method.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(System.Runtime.InteropServices.InAttribute));
            return (readOnly ? "ref readonly " : "ref ") + TypeName(returnType.GetElementType()!);
        }

        return TypeName(returnType, Nullability.Create(method.ReturnParameter));
    }

    private static string Parameters(MethodBase method) => Parameters(method.GetParameters(), "(", ")");

    private static string Parameters(ParameterInfo[] parameters, string open, string close) =>
        open + string.Join(", ", parameters.Select(Parameter)) + close;

    private static string Parameter(ParameterInfo parameter)
    {
        string prefix = "";
        Type type = parameter.ParameterType;
        if (type.IsByRef)
        {
            prefix = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
            type = type.GetElementType()!;
        }
        else if (parameter.IsDefined(typeof(ParamArrayAttribute)))
        {
            prefix = "params ";
        }

        string text = prefix + (type.IsByRef ? TypeName(type) : TypeName(type, Nullability.Create(parameter))) + " " + parameter.Name;
        if (parameter.HasDefaultValue)
        {
            text += " = " + (parameter.DefaultValue is null && type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : Literal(parameter.DefaultValue));
        }

        return text;
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        string s => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"",
        bool b => b ? "true" : "false",
        char c => "'" + c + "'",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Constraints(Type type) =>
        type.IsGenericTypeDefinition ? Constraints(type.GetGenericArguments().Where(a => a.DeclaringType == type || !IsInherited(type, a))) : "";

    private static bool IsInherited(Type type, Type argument) => type.DeclaringType is { IsGenericTypeDefinition: true } outer && outer.GetGenericArguments().Any(o => o.Name == argument.Name);

    private static string Constraints(MethodInfo method) => method.IsGenericMethodDefinition ? Constraints(method.GetGenericArguments()) : "";

    private static string Constraints(IEnumerable<Type> arguments)
    {
        var text = new StringBuilder();
        foreach (Type argument in arguments)
        {
            var parts = new List<string>();
            GenericParameterAttributes flags = argument.GenericParameterAttributes;
            bool unmanaged = argument.GetCustomAttributesData().Any(a => a.AttributeType.FullName == "System.Runtime.CompilerServices.IsUnmanagedAttribute");
            bool valueType = (flags & GenericParameterAttributes.NotNullableValueTypeConstraint) != 0;
            if (unmanaged)
            {
                parts.Add("unmanaged");
            }
            else if (valueType)
            {
                parts.Add("struct");
            }
            else if ((flags & GenericParameterAttributes.ReferenceTypeConstraint) != 0)
            {
                parts.Add("class");
            }

            parts.AddRange(argument.GetGenericParameterConstraints().Where(c => c != typeof(ValueType)).Select(c => TypeName(c)));
            if ((flags & GenericParameterAttributes.DefaultConstructorConstraint) != 0 && !valueType)
            {
                parts.Add("new()");
            }

            if (parts.Count > 0)
            {
                text.Append(" where ").Append(argument.Name).Append(" : ").Append(string.Join(", ", parts));
            }
        }

        return text.ToString();
    }

    /// <summary><c>[EditorBrowsable(Never)]</c> and <c>[Obsolete]</c>, the marks that change how a member is offered.</summary>
    private static string Marks(MemberInfo member)
    {
        string marks = "";
        if (member.GetCustomAttribute<EditorBrowsableAttribute>() is { } browsable)
        {
            marks += "[EditorBrowsable(" + browsable.State + ")] ";
        }

        // The compiler marks the constructors of a type with required members [Obsolete] for old compilers; not the author's mark.
        if (member.GetCustomAttribute<ObsoleteAttribute>() is { } obsolete && !member.IsDefined(typeof(CompilerFeatureRequiredAttribute)))
        {
            marks += "[Obsolete(" + Literal(obsolete.Message) + (obsolete.IsError ? ", error" : "") + ")] ";
        }

        if (member is Type attributeType && attributeType.IsSubclassOf(typeof(Attribute)) &&
            attributeType.GetCustomAttribute<AttributeUsageAttribute>() is { } usage)
        {
            marks += "[AttributeUsage(" + usage.ValidOn + ", AllowMultiple = " + Literal(usage.AllowMultiple) + ", Inherited = " + Literal(usage.Inherited) + ")] ";
        }

        return marks;
    }

    /// <summary>A type's own name with its generic parameters, its declaring types before it (<c>Outer.Inner&lt;T&gt;</c>).</summary>
    private static string DeclaredName(Type type, bool withParameters = true)
    {
        string name = StripArity(type.Name);
        if (withParameters && type.IsGenericTypeDefinition)
        {
            Type[] own = type.GetGenericArguments().Skip(type.DeclaringType?.GetGenericArguments().Length ?? 0).ToArray();
            if (own.Length > 0)
            {
                name += "<" + string.Join(", ", own.Select(a => a.Name)) + ">";
            }
        }

        return withParameters && type.DeclaringType is { } outer ? DeclaredName(outer) + "." + name : name;
    }

    private static string StripArity(string name)
    {
        int tick = name.IndexOf('`');
        return tick < 0 ? name : name.Substring(0, tick);
    }

    /// <summary>A referenced type: a keyword, or its namespace-qualified name, with <c>?</c> where it is nullable.</summary>
    private static string TypeName(Type type, NullabilityInfo? nullability = null)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return TypeName(underlying) + "?";
        }

        string name;
        if (type.IsGenericParameter)
        {
            name = type.Name;
        }
        else if (type.IsArray)
        {
            name = TypeName(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        }
        else if (type.IsPointer)
        {
            name = TypeName(type.GetElementType()!) + "*";
        }
        else if (Keywords.TryGetValue(type, out string? keyword))
        {
            name = keyword;
        }
        else
        {
            name = type.DeclaringType is { } outer
                ? TypeName(outer) + "." + StripArity(type.Name)
                : type.Namespace + "." + StripArity(type.Name);
            if (type.IsGenericType)
            {
                Type[] arguments = type.GetGenericArguments();
                NullabilityInfo[] argumentNullability = nullability?.GenericTypeArguments ?? Array.Empty<NullabilityInfo>();
                name += "<" + string.Join(", ", arguments.Select((a, k) => TypeName(a, k < argumentNullability.Length ? argumentNullability[k] : null))) + ">";
            }
        }

        bool nullable = nullability is not null && !type.IsValueType && nullability.ReadState == NullabilityState.Nullable;
        return nullable ? name + "?" : name;
    }
}
