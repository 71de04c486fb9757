using System;
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
    /// <summary>
    /// Turns a class marked [Network] into a <see cref="NetworkModel"/>, or into diagnostics when the
    /// declaration is wrong. It reads symbols and attributes only; it never throws for bad input.
    /// </summary>
    internal static class Parser
    {
        public const string NetworkAttributeName = "BackpropGen.NetworkAttribute";
        public const string InputAttributeName = "BackpropGen.InputAttribute";
        public const string DenseAttributeName = "BackpropGen.DenseAttribute";

        /// <summary>The largest size of an input group or layer.</summary>
        public const int MaxSize = 1_000_000;

        /// <summary>Above this many parameters in unrolled layers (see <see cref="UnrollPolicy"/>), BPG015 warns that the code gets large.</summary>
        public const int LargeNetworkParameters = UnrollPolicy.LargeUnrolledParameters;

        /// <summary>The names of the members the emitter writes; a user member with one of them is BPG013.</summary>
        public static readonly ImmutableHashSet<string> GeneratedMemberNames = ImmutableHashSet.Create(
            "InputSize", "OutputSize", "ParameterCount", "NetworkName", "NetworkTopology",
            "Parameters", "Gradients", "PreviousDeltas", "LearningRate", "Momentum", "WeightDecay",
            "Forward", "AccumulateGradient", "ClearGradients", "ApplyUpdate", "TrainBatch", "TrainOnline",
            "Initialize", "SetParameters", "Save", "Load",
            "_parameters", "_gradients", "_previousDeltas", "AccumulateCore", "ClearState",
            "AccumulateBatch", "VectorizeAcrossPatterns", "AccumulateLanes", "_gradientLanes", "_unitScratch", "_laneScratch", "Lanes", "LaneMath", "VectorSigmoid", "VectorTanh", "OutputError");

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            NetworkModel? model = null;
            if (context.TargetSymbol is INamedTypeSymbol type && context.TargetNode is TypeDeclarationSyntax declaration)
            {
                model = ParseNetwork(type, declaration, context.Attributes, diagnostics, cancellationToken);
            }

            return new ParseResult(diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) ? null : model, diagnostics.ToEquatableArray());
        }

        private static NetworkModel? ParseNetwork(
            INamedTypeSymbol type,
            TypeDeclarationSyntax declaration,
            ImmutableArray<AttributeData> networkAttributes,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            Location classLocation = declaration.Identifier.GetLocation();
            string className = type.Name;

            // The class must be partial, not generic, not static; so must every type that contains it.
            if (!declaration.Modifiers.Any(SyntaxKind.PartialKeyword))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, classLocation, className));
            }

            if (type.IsGenericType)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, classLocation, className));
            }

            if (type.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticClass, classLocation, className));
            }

            var containingTypes = new List<ContainingTypeModel>();
            for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = outer.Parent)
            {
                if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, outer.Identifier.GetLocation(), outer.Identifier.Text, className));
                }

                if (outer.TypeParameterList is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, outer.Identifier.GetLocation(), outer.Identifier.Text));
                }

                containingTypes.Insert(0, new ContainingTypeModel(Keyword(outer), outer.Identifier.Text));
            }

            // [Network(Precision = ..., Loss = ..., Name = ...)]
            AttributeData networkAttribute = networkAttributes[0];
            Location networkLocation = AttributeLocation(networkAttribute) ?? classLocation;
            var precision = NumericType.Single;
            var loss = LossKind.SumSquaredError;
            string networkName = className;
            if (HasErrors(networkAttribute))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotConstant, networkLocation, "Network", "an argument has an error"));
            }

            foreach (KeyValuePair<string, TypedConstant> named in networkAttribute.NamedArguments)
            {
                switch (named.Key)
                {
                    case "Precision" when named.Value.Value is int value:
                        if (value is (int)NumericType.Single or (int)NumericType.Double)
                        {
                            precision = (NumericType)value;
                        }
                        else
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPrecision, networkLocation, className, value));
                        }

                        break;
                    case "Loss" when named.Value.Value is int value:
                        if (value == (int)LossKind.SumSquaredError)
                        {
                            loss = (LossKind)value;
                        }
                        else
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLoss, networkLocation, className, value));
                        }

                        break;
                    case "Name" when named.Value.Value is string name && name.Length > 0:
                        networkName = name;
                        break;
                }
            }

            // [Input] and [Dense], in declaration order.
            var inputs = new List<(string Name, int Size, Location Location)>();
            var layers = new List<(string Name, int Size, ActivationKind Activation, bool Bias, string[]? From, Location Location)>();
            // Names are compared by the accessor names they give (hidden and Hidden both give HiddenWeights).
            var seenNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (AttributeData attribute in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                string? attributeName = attribute.AttributeClass?.ToDisplayString();
                if (attributeName is not (InputAttributeName or DenseAttributeName))
                {
                    continue;
                }

                Location location = AttributeLocation(attribute) ?? classLocation;
                bool isInput = attributeName == InputAttributeName;
                string shortName = isInput ? "Input" : "Dense";
                ImmutableArray<TypedConstant> arguments = attribute.ConstructorArguments;
                if (HasErrors(attribute) || arguments.Length != (isInput ? 2 : 3)
                    || arguments[0].Value is not string name || arguments[1].Value is not int size)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotConstant, location, shortName, "expected a constant name and size"));
                    continue;
                }

                if (!IsValidName(name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, location, name));
                }
                else if (!seenNames.Add(Emitter.Pascal(name)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateName, location, name, className));
                }

                if (size < 1 || size > MaxSize)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeOutOfRange, location, name, size, MaxSize));
                }

                if (isInput)
                {
                    inputs.Add((name, size, location));
                    continue;
                }

                var activation = ActivationKind.Sigmoid;
                if (arguments[2].Value is int activationValue && activationValue is >= 0 and <= (int)ActivationKind.Identity)
                {
                    activation = (ActivationKind)activationValue;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownActivation, location, name, arguments[2].Value ?? "null"));
                }

                bool bias = true;
                string[]? from = null;
                foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
                {
                    if (named.Key == "Bias" && named.Value.Value is bool b)
                    {
                        bias = b;
                    }
                    else if (named.Key == "From" && named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull)
                    {
                        from = named.Value.Values.Select(v => v.Value as string ?? string.Empty).ToArray();
                    }
                }

                layers.Add((name, size, activation, bias, from, location));
            }

            if (inputs.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoInput, networkLocation, className));
            }

            if (layers.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, networkLocation, className));
            }

            // Generated member names must be free.
            var layerMemberNames = new HashSet<string>(
                layers.SelectMany(l => new[] { Emitter.Pascal(l.Name) + "Weights", Emitter.Pascal(l.Name) + "Weight", Emitter.Pascal(l.Name) + "Biases" }),
                StringComparer.Ordinal);
            foreach (ISymbol member in type.GetMembers())
            {
                if (!member.IsImplicitlyDeclared && (GeneratedMemberNames.Contains(member.Name) || layerMemberNames.Contains(member.Name)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameClash, member.Locations.FirstOrDefault() ?? classLocation, member.Name, className));
                }
            }

            if (diagnostics.Count > 0 || inputs.Count == 0 || layers.Count == 0)
            {
                return null;
            }

            // Resolve sources and lay out parameters: per layer, weights row by row, then biases.
            var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
            var inputModels = new List<InputGroupModel>();
            int inputOffset = 0;
            foreach ((string name, int size, _) in inputs)
            {
                inputModels.Add(new InputGroupModel(name, size, inputOffset));
                inputOffset += size;
                sizes[name] = size;
            }

            var readers = new HashSet<string>(StringComparer.Ordinal);
            var layerModels = new List<LayerModel>();
            long offset = 0;
            for (int index = 0; index < layers.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var layer = layers[index];
                string[] sources = layer.From ?? (index == 0 ? inputs.Select(i => i.Name).ToArray() : new[] { layers[index - 1].Name });
                long fanIn = 0;
                bool valid = true;
                var distinct = new HashSet<string>(StringComparer.Ordinal);
                foreach (string source in sources)
                {
                    if (!sizes.TryGetValue(source, out int sourceSize))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownSource, layer.Location, layer.Name, source, string.Join(", ", sizes.Keys)));
                        valid = false;
                        continue;
                    }

                    if (!distinct.Add(source))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateSource, layer.Location, layer.Name, source));
                        valid = false;
                        continue;
                    }

                    readers.Add(source);
                    fanIn += sourceSize;
                }

                if (sources.Length == 0)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownSource, layer.Location, layer.Name, "", string.Join(", ", sizes.Keys)));
                    valid = false;
                }

                sizes[layer.Name] = layer.Size;
                if (!valid)
                {
                    continue;
                }

                long weights = fanIn * layer.Size;
                long biasOffset = layer.Bias ? offset + weights : -1;
                long next = offset + weights + (layer.Bias ? layer.Size : 0);
                if (next > MaxSize * 100L)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeOutOfRange, layer.Location, layer.Name + " (parameters)", next, MaxSize * 100L));
                    return null;
                }

                layerModels.Add(new LayerModel(layer.Name, layer.Size, layer.Activation, layer.Bias, sources.ToEquatableArray(), (int)fanIn, (int)offset, (int)biasOffset));
                offset = next;
            }

            if (diagnostics.Count > 0)
            {
                return null;
            }

            // Warnings: units that nothing reads, and very large unrolled code.
            foreach ((string name, _, Location location) in inputs)
            {
                if (!readers.Contains(name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedUnits, location, name));
                }
            }

            for (int index = 0; index < layers.Count - 1; index++)
            {
                if (!readers.Contains(layers[index].Name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnusedUnits, layers[index].Location, layers[index].Name));
                }
            }

            int unrolled = UnrollPolicy.UnrolledParameters(layerModels);
            if (unrolled > LargeNetworkParameters)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LargeUnrolledNetwork, networkLocation, className, unrolled, LargeNetworkParameters));
            }

            string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString() : null;
            return new NetworkModel(
                ns,
                containingTypes.ToEquatableArray(),
                type.IsRecord ? "record" : "class",
                className,
                networkName,
                precision,
                loss,
                inputModels.ToEquatableArray(),
                layerModels.ToEquatableArray());
        }

        private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
        {
            RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
            RecordDeclarationSyntax => "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };

        private static Location? AttributeLocation(AttributeData attribute) =>
            attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();

        private static bool HasErrors(AttributeData attribute) =>
            attribute.AttributeConstructor is null
            || attribute.ConstructorArguments.Any(a => a.Kind == TypedConstantKind.Error)
            || attribute.NamedArguments.Any(a => a.Value.Kind == TypedConstantKind.Error);

        /// <summary>A name becomes part of C# identifiers (y_hidden_0, HiddenWeights): letters, digits, '_', starting with a letter.</summary>
        internal static bool IsValidName(string name)
        {
            if (name.Length == 0 || name.Length > 64 || !char.IsLetter(name[0]) || name[0] > 127)
            {
                return false;
            }

            foreach (char c in name)
            {
                if (c > 127 || !(char.IsLetterOrDigit(c) || c == '_'))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
