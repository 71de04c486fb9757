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
    internal static partial class Parser
    {
        public const string NetworkAttributeName = "BackpropGen.NetworkAttribute";
        public const string InputAttributeName = "BackpropGen.InputAttribute";

        /// <summary>
        /// The largest size of an input group or layer (BPG004). Not a limit of the generated code: a layer with more than
        /// <see cref="UnrollPolicy.MaxUnrolledLayerWeights"/> weights is a loop, whatever its size; this only keeps sizes,
        /// offsets and their products far from int overflow.
        /// </summary>
        public const int MaxSize = 1_000_000;

        /// <summary>
        /// The most units the unrolled layers can have: a pass that fits one method declares four locals per unrolled unit
        /// (x_j, y_j, ∂E/∂y_j, δ_j), and C# allows 65534 (CS0204). Looped layers' units live in spans and do not count.
        /// </summary>
        public const int MaxUnits = 16_000;

        /// <summary>
        /// The most parameters the unrolled layers can have (BPG023): every unrolled weight is a few statements of
        /// straight-line code, and at this size the generated file is over 20 MB and takes the C# compiler minutes.
        /// Looped layers do not count. A baked network unrolls every layer, so for one all its parameters count.
        /// </summary>
        public const int MaxUnrolledParameters = 200_000;

        /// <summary>The most parameters a network can have in all: three buffers (w, ∂E/∂w, Δw(t−1)) of this many, 1.2 GB in float.</summary>
        public const int MaxParameters = 100_000_000;

        /// <summary>Above this many parameters in unrolled layers (see <see cref="UnrollPolicy"/>), BPG015 warns that the code gets large.</summary>
        public const int LargeNetworkParameters = UnrollPolicy.LargeUnrolledParameters;

        private static readonly SymbolDisplayFormat NamespaceFormat = new(
            globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

        public static ParseResult Parse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            // [Network] on a struct or an interface is the compiler's CS0592 already, and a class, containing type
            // or namespace whose name is missing (text cut off after "class") its CS1001: there is nothing to add.
            if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type || context.TargetNode is not TypeDeclarationSyntax declaration
                || HasMissingName(declaration))
            {
                return ParseResult.Empty;
            }

            // [Network] on several partial declarations (or twice on one) is BPG019. FAWMN calls us once per
            // declaration that has one (each time with all of the class's [Network]); the declaration holding the
            // first parses and reports, the others stay silent, so that the class is generated (or reported) once.
            ImmutableArray<AttributeData> networkAttributes = AttributesNamed(type, NetworkAttributeName);
            if (networkAttributes.IsEmpty || !DeclaredOn(networkAttributes[0], declaration, cancellationToken))
            {
                return ParseResult.Empty;
            }

            var diagnostics = new List<DiagnosticInfo>();
            NetworkModel? model = ParseNetwork(type, declaration, networkAttributes, diagnostics, cancellationToken);
            WeightsReference? weights = ParseBakedWeights(type, declaration, diagnostics, cancellationToken);
            return new ParseResult(diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) ? null : model, diagnostics.ToEquatableArray(), weights);
        }

        /// <summary>
        /// [Input], [Dense] or [Recurrent] on a class without [Network] (BPG020): FAWMN for those attributes, since the
        /// [Network] pipeline never sees such a class. A network's own [Input], [Dense] and [Recurrent] give nothing here.
        /// </summary>
        public static EquatableArray<DiagnosticInfo> ParseOrphan(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
        {
            if (context.TargetSymbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type || !AttributesNamed(type, NetworkAttributeName).IsEmpty)
            {
                return EquatableArray<DiagnosticInfo>.Empty;
            }

            var diagnostics = new List<DiagnosticInfo>();
            foreach (AttributeData attribute in context.Attributes)
            {
                cancellationToken.ThrowIfCancellationRequested();
                string shortName = KindOf(attribute.AttributeClass)?.AttributeShortName ?? "Input";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerWithoutNetwork, AttributeLocation(attribute, cancellationToken), shortName, type.Name));
            }

            return diagnostics.ToEquatableArray();
        }

        internal static NetworkModel? ParseNetwork(
            INamedTypeSymbol type,
            TypeDeclarationSyntax declaration,
            ImmutableArray<AttributeData> networkAttributes,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            Location classLocation = declaration.Identifier.GetLocation();
            string className = type.Name;

            List<ContainingTypeModel> containingTypes = CheckClassShape(type, declaration, diagnostics, cancellationToken);

            // A base class that is a network has generated members too, which ours would hide.
            for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                if (!AttributesNamed(baseType, NetworkAttributeName).IsEmpty)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkBaseClass, BaseTypeLocation(type, cancellationToken) ?? classLocation, className, baseType.Name));
                    break;
                }
            }

            // [Network(Precision = ..., Loss = ..., Name = ...)], declared once.
            AttributeData networkAttribute = networkAttributes[0];
            Location networkLocation = AttributeLocation(networkAttribute, cancellationToken) ?? classLocation;
            for (int index = 1; index < networkAttributes.Length; index++)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateNetworkAttribute, AttributeLocation(networkAttributes[index], cancellationToken) ?? classLocation, className));
            }

            var precision = NumericType.Single;
            var loss = LossKind.SumSquaredError;
            Location lossLocation = networkLocation;
            string networkName = className;
            var time = new TimeDeclaration();
            if (CheckConstants(networkAttribute, "Network", networkLocation, diagnostics, cancellationToken))
            {
                foreach (KeyValuePair<string, TypedConstant> named in networkAttribute.NamedArguments)
                {
                    Location location = NamedArgumentLocation(networkAttribute, named.Key, cancellationToken) ?? networkLocation;
                    switch (named.Key)
                    {
                        case "Precision" when named.Value.Value is int value:
                            if (value is (int)NumericType.Single or (int)NumericType.Double)
                            {
                                precision = (NumericType)value;
                            }
                            else
                            {
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPrecision, location, className, value));
                            }

                            break;
                        case "Loss" when named.Value.Value is int value:
                            if (value is (int)LossKind.SumSquaredError or (int)LossKind.CrossEntropy or (int)LossKind.BinaryCrossEntropy)
                            {
                                loss = (LossKind)value;
                            }
                            else
                            {
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownLoss, location, className, value));
                            }

                            lossLocation = location;

                            break;
                        case "Name" when named.Value.Value is string name && name.Length > 0:
                            // The name is written into comments as well as into a string literal.
                            if (name.Any(c => char.IsControl(c) || c is '\u2028' or '\u2029'))
                            {
                                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNetworkName, location, className, Quoted(name)));
                            }

                            networkName = name;
                            break;
                        case "TimeSteps" or "Outputs":
                            time.Read(named.Key, named.Value.Value, location);
                            break;
                    }
                }
            }

            // [Input] and [Dense], in declaration order, all on the declaration that carries [Network].
            var inputs = new List<(string Name, int Size, Location Location)>();
            var layers = new List<LayerDeclaration>();
            // Names are compared by the accessor names they give (hidden and Hidden both give HiddenWeights).
            var seenNames = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (AttributeData attribute in type.GetAttributes())
            {
                cancellationToken.ThrowIfCancellationRequested();
                // [Input], or the attribute of one of the layer kinds (each kind names its own attribute).
                bool isInput = HasMetadataName(attribute.AttributeClass, InputAttributeName);
                LayerKind? declaredKind = isInput ? null : KindOf(attribute.AttributeClass);
                if (!isInput && declaredKind is null)
                {
                    continue;
                }

                Location location = AttributeLocation(attribute, cancellationToken) ?? classLocation;
                string shortName = declaredKind?.AttributeShortName ?? "Input";
                if (attribute.ApplicationSyntaxReference is not null && !DeclaredOn(attribute, declaration, cancellationToken))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.LayerOnOtherDeclaration, location, shortName, className));
                    continue;
                }

                ImmutableArray<TypedConstant> arguments = attribute.ConstructorArguments;
                if (!CheckConstants(attribute, shortName, location, diagnostics, cancellationToken)
                    || arguments.Length != (isInput ? 2 : 3) || arguments[1].Value is not int size)
                {
                    continue;
                }

                string name = arguments[0].Value as string ?? string.Empty;
                Location nameLocation = ArgumentLocation(attribute, 0, cancellationToken) ?? location;
                if (!IsValidName(name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidName, nameLocation, arguments[0].Value is null ? "null" : name));
                }
                else if (seenNames.TryGetValue(GeneratedNames.Pascal(name), out string? earlier))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateName, nameLocation, name, className, earlier, GeneratedNames.Weights(name)));
                }
                else
                {
                    seenNames.Add(GeneratedNames.Pascal(name), name);
                }

                if (size < 1 || size > MaxSize)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SizeOutOfRange, ArgumentLocation(attribute, 1, cancellationToken) ?? location, name, size, MaxSize));
                }

                if (isInput)
                {
                    inputs.Add((name, size, location));
                    continue;
                }

                var activation = ActivationKind.Sigmoid;
                if (arguments[2].Value is int activationValue && activationValue is >= 0 and <= (int)ActivationKind.Softmax)
                {
                    activation = (ActivationKind)activationValue;
                }
                else
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownActivation, ArgumentLocation(attribute, 2, cancellationToken) ?? location, name, arguments[2].Value ?? "null"));
                }

                bool bias = true;
                bool learnedInitialState = false;
                (string Name, Location Location)[]? fromPrevious = null;
                (string Name, Location Location)[]? from = null;
                foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
                {
                    if (named.Key == "Bias" && named.Value.Value is bool b)
                    {
                        bias = b;
                    }
                    else if (named.Key == "FromPrevious" && named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull)
                    {
                        fromPrevious = ReadFromPrevious(attribute, named.Value, name, location, diagnostics, cancellationToken);
                    }
                    else if (named.Key == "InitialState" && named.Value.Value is int initialState)
                    {
                        learnedInitialState = ReadInitialState(name, initialState, NamedArgumentLocation(attribute, named.Key, cancellationToken) ?? location, diagnostics);
                    }
                    else if (named.Key == "From" && named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull)
                    {
                        Location fromLocation = NamedArgumentLocation(attribute, "From", cancellationToken) ?? location;
                        IReadOnlyList<Location> elements = ElementLocations(attribute, named.Value.Values.Length, cancellationToken);
                        from = named.Value.Values.Select((v, k) => (v.Value as string ?? "null", k < elements.Count ? elements[k] : fromLocation)).ToArray();
                        if (from.Length == 0)
                        {
                            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptySources, fromLocation, name));
                        }
                    }
                }

                layers.Add(new LayerDeclaration(name, size, activation, bias, from, location, ArgumentLocation(attribute, 2, cancellationToken) ?? location, declaredKind!, learnedInitialState, fromPrevious));
            }

            if (inputs.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoInput, networkLocation, className));
            }

            if (layers.Count == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoLayers, networkLocation, className));
            }

            CheckMemberNames(type, declaration, className, layers, diagnostics, cancellationToken);
            CheckLoss(className, loss, lossLocation, layers, diagnostics);
            CheckTime(className, networkLocation, time, loss, lossLocation, layers, diagnostics);

            // Resolve sources: a layer reads inputs and earlier layers only, each once.
            var sizes = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach ((string name, int size, _) in inputs)
            {
                sizes[name] = size;
            }

            var readers = new HashSet<string>(StringComparer.Ordinal);
            var resolved = new List<(LayerDeclaration Layer, string[] Sources, long FanIn)>();
            for (int index = 0; index < layers.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                LayerDeclaration layer = layers[index];
                (string Name, Location Location)[] sources = layer.From
                    ?? (index == 0 ? inputs.Select(i => (i.Name, layer.Location)).ToArray() : new[] { (layers[index - 1].Name, layer.Location) });
                long fanIn = 0;
                bool valid = sources.Length > 0;
                var distinct = new HashSet<string>(StringComparer.Ordinal);
                foreach ((string source, Location sourceLocation) in sources)
                {
                    if (!sizes.TryGetValue(source, out int sourceSize))
                    {
                        if (CycleWithoutDelay(time, layers, index, source, sourceLocation, diagnostics))
                        {
                            valid = false;
                            continue;
                        }

                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownSource, sourceLocation, layer.Name, source, string.Join(", ", sizes.Keys)));
                        valid = false;
                        continue;
                    }

                    if (!distinct.Add(source))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicateSource, sourceLocation, layer.Name, source));
                        valid = false;
                        continue;
                    }

                    readers.Add(source);
                    fanIn += sourceSize;
                }

                sizes[layer.Name] = layer.Size;
                if (valid)
                {
                    resolved.Add((layer, sources.Select(s => s.Name).ToArray(), fanIn));
                }
            }

            Dictionary<string, (string[] Sources, int FanIn)> previous = ResolvePrevious(layers, inputs.Select(i => i.Name), diagnostics);
            readers.UnionWith(previous.Values.SelectMany(v => v.Sources));
            if (diagnostics.Any(d => d.Descriptor.DefaultSeverity == DiagnosticSeverity.Error) || inputs.Count == 0 || layers.Count == 0)
            {
                return null;
            }

            // What the unrolled code can hold, parameters (statements) and units (locals), counting only the layers the
            // unroll policy unrolls (a baked network follows it too); and what the buffers can hold.
            // A network run in time unrolls every layer at every step (the time emitter has no loops).
            bool inTime = time.Steps > 0;
            bool Unrolled((LayerDeclaration Layer, string[] Sources, long FanIn) r) => inTime || r.Layer.Kind.ParameterCount(r.Layer.Size, r.FanIn, bias: false) <= UnrollPolicy.MaxUnrolledLayerWeights;
            static long Parameters((LayerDeclaration Layer, string[] Sources, long FanIn) r) => r.Layer.Kind.ParameterCount(r.Layer.Size, r.FanIn, r.Layer.Bias) + (r.Layer.LearnedInitialState ? r.Layer.Size : 0);
            long parameters = resolved.Sum(Parameters);
            long unrolledParameters = resolved.Where(Unrolled).Sum(Parameters);
            long unrolledUnits = resolved.Where(Unrolled).Sum(r => (long)r.Layer.Size);
            if (parameters > MaxParameters || unrolledParameters > MaxUnrolledParameters || unrolledUnits > MaxUnits)
            {
                string policy = "a layer of at most " + UnrollPolicy.MaxUnrolledLayerWeights + " weights is unrolled, a larger one is a loop";
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NetworkTooLarge, networkLocation, className,
                    unrolledParameters, unrolledUnits, policy, parameters, MaxUnrolledParameters, MaxUnits, MaxParameters));
                return null;
            }

            // Lay out parameters: per layer, weights row by row, then biases.
            var inputModels = new List<InputGroupModel>();
            int inputOffset = 0;
            foreach ((string name, int size, _) in inputs)
            {
                inputModels.Add(new InputGroupModel(name, size, inputOffset));
                inputOffset += size;
            }

            var layerModels = new List<LayerModel>();
            int offset = 0;
            foreach ((LayerDeclaration layer, string[] sources, long fanIn) in resolved)
            {
                // The kind lays out the block of parameters the layer uses, from the next free offset.
                LayerKind kind = layer.Kind;
                (string[] Sources, int FanIn) earlier = previous.TryGetValue(layer.Name, out var read) ? read : (Array.Empty<string>(), 0);
                ParameterBlockModel block = WithPrevious(layer, earlier.FanIn, kind.Layout(layer.Name, layer.Size, (int)fanIn, layer.Bias, offset));
                layerModels.Add(new LayerModel(layer.Name, kind.Name, layer.Size, layer.Activation, sources.ToEquatableArray(), (int)fanIn, block, earlier.Sources.ToEquatableArray(), earlier.FanIn));
                offset += block.Count;
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

            // Names go into the generated code as written: a keyword needs its '@' (class @event, namespace @this).
            string? ns = type.ContainingNamespace is { IsGlobalNamespace: false } containing ? containing.ToDisplayString(NamespaceFormat) : null;
            return new NetworkModel(
                ns,
                containingTypes.ToEquatableArray(),
                type.IsRecord ? "record" : "class",
                declaration.Identifier.Text,
                networkName,
                precision,
                loss,
                inputModels.ToEquatableArray(),
                layerModels.ToEquatableArray(),
                FreeName(type, "Lanes"),
                FreeName(type, "LaneMath"),
                time.Steps,
                time.LastStepOnly);
        }

        /// <summary>
        /// A name for one of the generated file's using aliases that nothing visible inside the class already has (a type
        /// or namespace in the class's namespace, a member of the class, a containing type or a base): an alias in a
        /// namespace that also holds a type of its name does not compile (CS0576), and a member of that name would hide it.
        /// <paramref name="name"/> itself when free, else BackpropGen<paramref name="name"/>, then with a number.
        /// </summary>
        private static string FreeName(INamedTypeSymbol type, string name)
        {
            for (int attempt = 0; ; attempt++)
            {
                string candidate = attempt == 0 ? name : "BackpropGen" + name + (attempt == 1 ? "" : attempt.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (!Visible(type, candidate))
                {
                    return candidate;
                }
            }

            static bool Visible(INamedTypeSymbol type, string name)
            {
                if (type.ContainingNamespace.GetMembers(name).Any())
                {
                    return true;
                }

                for (INamedTypeSymbol? scope = type; scope is not null; scope = scope.ContainingType)
                {
                    for (INamedTypeSymbol? baseType = scope; baseType is not null; baseType = baseType.BaseType)
                    {
                        if (!baseType.GetMembers(name).IsEmpty)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }

        /// <summary>
        /// BPG013: a member of the class (in any partial declaration), a member it inherits, or the class's own
        /// name, equal to a member the emitter writes, which would not compile (CS0102, CS0108, CS0542).
        /// </summary>
        private static void CheckMemberNames(
            INamedTypeSymbol type,
            TypeDeclarationSyntax declaration,
            string className,
            List<LayerDeclaration> layers,
            List<DiagnosticInfo> diagnostics,
            CancellationToken cancellationToken)
        {
            string[] layerNames = layers.Select(l => l.Name).ToArray();
            bool Generated(string name) => GeneratedNames.IsReserved(name, layerNames);

            if (Generated(className))
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameClash, declaration.Identifier.GetLocation(), className, "the network class's own name", className));
            }

            foreach (ISymbol member in type.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Generated(member.Name))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameClash, member.Locations.FirstOrDefault() ?? declaration.Identifier.GetLocation(), member.Name, "a member of " + className, className));
                }
            }

            for (INamedTypeSymbol? baseType = type.BaseType; baseType is not null && baseType.SpecialType != SpecialType.System_Object; baseType = baseType.BaseType)
            {
                foreach (ISymbol member in baseType.GetMembers())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (member.DeclaredAccessibility != Accessibility.Private && !member.IsImplicitlyDeclared && Generated(member.Name))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.MemberNameClash, BaseTypeLocation(type, cancellationToken) ?? declaration.Identifier.GetLocation(), member.Name, "inherited from " + baseType.Name, className));
                    }
                }
            }
        }

        /// <summary>
        /// The loss and the activations it works with (BPG027–BPG030): softmax is layer-wide and only on the output
        /// layer, where it needs cross-entropy; cross-entropy needs a softmax output layer; binary cross-entropy needs
        /// sigmoid outputs. Each pairing is what makes δ_j = y_j − d_j at the outputs.
        /// </summary>
        private static void CheckLoss(string className, LossKind loss, Location lossLocation, List<LayerDeclaration> layers, List<DiagnosticInfo> diagnostics)
        {
            if (layers.Count == 0)
            {
                return;
            }

            for (int index = 0; index < layers.Count - 1; index++)
            {
                if (layers[index].Activation == ActivationKind.Softmax)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxHiddenLayer, layers[index].ActivationLocation, layers[index].Name, className));
                }
            }

            LayerDeclaration output = layers[layers.Count - 1];
            string activation = Emitter.ActivationName(output.Activation);
            if (loss == LossKind.CrossEntropy && output.Activation != ActivationKind.Softmax)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CrossEntropyWithoutSoftmax, lossLocation, className, output.Name, activation));
            }
            else if (loss == LossKind.BinaryCrossEntropy && output.Activation != ActivationKind.Sigmoid)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.BinaryCrossEntropyWithoutSigmoid, lossLocation, className, output.Name, activation));
            }
            else if (loss == LossKind.SumSquaredError && output.Activation == ActivationKind.Softmax)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxWithoutCrossEntropy, output.ActivationLocation, output.Name, className));
            }
        }

        /// <summary>
        /// The class must be partial (every declaration of it), not generic, not static, not file-local; so must every
        /// type that contains it. Reports what is not, and returns the containing types, outermost first. Shared by
        /// [Network] and [OnnxModel] classes.
        /// </summary>
        internal static List<ContainingTypeModel> CheckClassShape(INamedTypeSymbol type, TypeDeclarationSyntax declaration, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            string className = type.Name;
            Location classLocation = declaration.Identifier.GetLocation();
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax part && !part.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNotPartial, part.Identifier.GetLocation(), className));
                }
            }

            // Its own type parameters: IsGenericType is also true when only a containing type has some.
            if (type.TypeParameters.Length > 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, classLocation, className));
            }

            if (type.IsStatic)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.StaticClass, classLocation, className));
            }

            if (type.IsFileLocal)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalClass, classLocation, className));
            }

            var containingTypes = new List<ContainingTypeModel>();
            for (SyntaxNode? parent = declaration.Parent; parent is TypeDeclarationSyntax outer; parent = outer.Parent)
            {
                if (!outer.Modifiers.Any(SyntaxKind.PartialKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ContainingTypeNotPartial, outer.Identifier.GetLocation(), outer.Identifier.ValueText, className));
                }

                if (outer.TypeParameterList is not null)
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.GenericClass, outer.Identifier.GetLocation(), outer.Identifier.ValueText));
                }

                if (outer.Modifiers.Any(SyntaxKind.FileKeyword))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.FileLocalClass, outer.Identifier.GetLocation(), outer.Identifier.ValueText));
                }

                containingTypes.Insert(0, new ContainingTypeModel(Keyword(outer), outer.Identifier.Text));
            }

            return containingTypes;
        }

        /// <summary>A [Dense] attribute as read, before its sources are resolved.</summary>
        private sealed record LayerDeclaration(string Name, int Size, ActivationKind Activation, bool Bias, (string Name, Location Location)[]? From, Location Location, Location ActivationLocation, LayerKind Kind, bool LearnedInitialState = false, (string Name, Location Location)[]? FromPrevious = null)
        {
            /// <summary>Whether the layer's units read their own states at t − 1 (a recurrent kind).</summary>
            public bool Recurrent => Kind.ReadsOwnPreviousStates;
        }

        private static string Keyword(TypeDeclarationSyntax declaration) => declaration switch
        {
            RecordDeclarationSyntax record when record.ClassOrStructKeyword.IsKind(SyntaxKind.StructKeyword) => "record struct",
            RecordDeclarationSyntax => "record",
            StructDeclarationSyntax => "struct",
            InterfaceDeclarationSyntax => "interface",
            _ => "class",
        };

        private static ImmutableArray<AttributeData> AttributesNamed(INamedTypeSymbol type, string name)
        {
            ImmutableArray<AttributeData> attributes = type.GetAttributes();
            ImmutableArray<AttributeData>.Builder? named = null;
            foreach (AttributeData attribute in attributes)
            {
                if (HasMetadataName(attribute.AttributeClass, name))
                {
                    (named ??= ImmutableArray.CreateBuilder<AttributeData>()).Add(attribute);
                }
            }

            return named?.ToImmutable() ?? ImmutableArray<AttributeData>.Empty;
        }

        /// <summary>The layer kind whose attribute <paramref name="attributeClass"/> is, or null.</summary>
        private static LayerKind? KindOf(INamedTypeSymbol? attributeClass)
        {
            foreach (LayerKind kind in LayerKinds.All)
            {
                if (HasMetadataName(attributeClass, kind.AttributeName))
                {
                    return kind;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether <paramref name="type"/> is the non-generic, non-nested type of metadata name <paramref name="name"/>
        /// (e.g. BackpropGen.DenseAttribute), compared segment by segment: unlike ToDisplayString, it allocates nothing,
        /// and the parse steps ask it for every attribute of every network on every edit.
        /// </summary>
        internal static bool HasMetadataName(INamedTypeSymbol? type, string name)
        {
            if (type is null || type.ContainingType is not null || type.Arity != 0)
            {
                return false;
            }

            int end = name.Length;
            if (!EndsWithSegment(name, ref end, type.Name))
            {
                return false;
            }

            for (INamespaceSymbol? ns = type.ContainingNamespace; ns is { IsGlobalNamespace: false }; ns = ns.ContainingNamespace)
            {
                if (!EndsWithSegment(name, ref end, ns.Name))
                {
                    return false;
                }
            }

            return end == 0;
        }

        /// <summary>Whether name[0..end) ends with <paramref name="segment"/> as a whole dotted segment; if so, moves end before it (and its dot).</summary>
        private static bool EndsWithSegment(string name, ref int end, string segment)
        {
            int start = end - segment.Length;
            if (segment.Length == 0 || start < 0 || string.CompareOrdinal(name, start, segment, 0, segment.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                end = 0;
                return true;
            }

            if (name[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
            return end > 0;
        }

        private static bool HasMissingName(TypeDeclarationSyntax declaration) =>
            declaration.AncestorsAndSelf().Any(node => node switch
            {
                BaseTypeDeclarationSyntax type => type.Identifier.IsMissing || type.Identifier.ValueText.Length == 0,
                BaseNamespaceDeclarationSyntax ns => ns.Name.IsMissing,
                _ => false,
            });

        /// <summary>Whether the attribute is written in one of the declaration's own attribute lists.</summary>
        private static bool DeclaredOn(AttributeData attribute, TypeDeclarationSyntax declaration, CancellationToken cancellationToken) =>
            attribute.ApplicationSyntaxReference is { } reference
            && reference.SyntaxTree == declaration.SyntaxTree
            && reference.GetSyntax(cancellationToken).Parent?.Parent is { } owner
            && owner.Span == declaration.Span;

        /// <summary>
        /// BPG014 when an argument is not a constant of its parameter's type (CS0182, CS1503 …) or no constructor
        /// matches (CS1729, CS7036); false when the attribute cannot be read.
        /// </summary>
        private static bool CheckConstants(AttributeData attribute, string shortName, Location location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            string expected = shortName switch
            {
                "Input" => "(string name, int size)",
                _ when LayerKinds.All.Any(kind => kind.AttributeShortName == shortName) => "(string name, int size, Activation activation) and Bias = bool, From = string[]",
                _ => "Precision = Precision, Loss = Loss, Name = string",
            };

            if (attribute.AttributeConstructor is null)
            {
                int count = AttributeSyntaxOf(attribute, cancellationToken)?.ArgumentList?.Arguments.Count(a => a.NameEquals is null) ?? 0;
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotConstant, location, shortName, "arguments", "no constructor takes the " + count + " positional argument" + (count == 1 ? "" : "s") + " given", expected));
                return false;
            }

            for (int index = 0; index < attribute.ConstructorArguments.Length; index++)
            {
                if (attribute.ConstructorArguments[index].Kind == TypedConstantKind.Error)
                {
                    IParameterSymbol parameter = attribute.AttributeConstructor.Parameters[Math.Min(index, attribute.AttributeConstructor.Parameters.Length - 1)];
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotConstant, ArgumentLocation(attribute, index, cancellationToken) ?? location, shortName,
                        "argument '" + parameter.Name + "'", "it is not a constant " + parameter.Type.ToDisplayString(), expected));
                    return false;
                }
            }

            foreach (KeyValuePair<string, TypedConstant> named in attribute.NamedArguments)
            {
                if (named.Value.Kind == TypedConstantKind.Error || (named.Value.Kind == TypedConstantKind.Array && !named.Value.IsNull && named.Value.Values.Any(v => v.Kind == TypedConstantKind.Error)))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ArgumentNotConstant, NamedArgumentLocation(attribute, named.Key, cancellationToken) ?? location, shortName,
                        "argument '" + named.Key + "'", "it is not a constant of the property's type", expected));
                    return false;
                }
            }

            return true;
        }

        private static AttributeSyntax? AttributeSyntaxOf(AttributeData attribute, CancellationToken cancellationToken) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) as AttributeSyntax;

        private static Location? AttributeLocation(AttributeData attribute, CancellationToken cancellationToken) =>
            attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation();

        /// <summary>The constructor argument at <paramref name="index"/>, written in position or as <c>name: value</c>.</summary>
        private static Location? ArgumentLocation(AttributeData attribute, int index, CancellationToken cancellationToken)
        {
            if (AttributeSyntaxOf(attribute, cancellationToken)?.ArgumentList is not { } list)
            {
                return null;
            }

            string? parameterName = attribute.AttributeConstructor is { } constructor && index < constructor.Parameters.Length ? constructor.Parameters[index].Name : null;
            int position = 0;
            foreach (AttributeArgumentSyntax argument in list.Arguments)
            {
                if (argument.NameEquals is not null)
                {
                    continue;
                }

                if (argument.NameColon is not null ? argument.NameColon.Name.Identifier.ValueText == parameterName : position == index)
                {
                    return argument.GetLocation();
                }

                position++;
            }

            return null;
        }

        /// <summary>The named argument <c>Property = value</c>.</summary>
        private static Location? NamedArgumentLocation(AttributeData attribute, string property, CancellationToken cancellationToken) =>
            AttributeSyntaxOf(attribute, cancellationToken)?.ArgumentList?.Arguments
                .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property)?.GetLocation();

        /// <summary>The elements of <c>From = new[] { … }</c> (or <c>new string[] { … }</c>, or <c>[…]</c>), when there are <paramref name="count"/>.</summary>
        private static IReadOnlyList<Location> ElementLocations(AttributeData attribute, int count, CancellationToken cancellationToken, string property = "From")
        {
            ExpressionSyntax? value = AttributeSyntaxOf(attribute, cancellationToken)?.ArgumentList?.Arguments
                .FirstOrDefault(a => a.NameEquals?.Name.Identifier.ValueText == property)?.Expression;
            IEnumerable<SyntaxNode> elements = value switch
            {
                ArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
                ImplicitArrayCreationExpressionSyntax { Initializer: { } initializer } => initializer.Expressions,
                CollectionExpressionSyntax collection => collection.Elements,
                _ => Array.Empty<SyntaxNode>(),
            };
            Location[] locations = elements.Select(e => e.GetLocation()).ToArray();
            return locations.Length == count ? locations : Array.Empty<Location>();
        }

        /// <summary>The base class in this declaration's base list, if it is written there.</summary>
        private static Location? BaseTypeLocation(INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            foreach (SyntaxReference reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is TypeDeclarationSyntax { BaseList.Types: { Count: > 0 } types })
                {
                    return types[0].GetLocation();
                }
            }

            return null;
        }

        /// <summary>The text as a C# string literal, its line breaks and control characters escaped, for a message.</summary>
        private static string Quoted(string text)
        {
            var quoted = new System.Text.StringBuilder("\"");
            foreach (char c in text)
            {
                quoted.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '"' => "\\\"",
                    '\\' => "\\\\",
                    _ when char.IsControl(c) || c is '\u2028' or '\u2029' => "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture),
                    _ => c.ToString(),
                });
            }

            return quoted.Append('"').ToString();
        }

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
