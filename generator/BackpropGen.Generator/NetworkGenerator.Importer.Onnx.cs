using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Onnx;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// Joins an [OnnxModel] class with its .onnx file and turns the graph into the model the baked emitter consumes
    /// (<see cref="BakedNetworkModel"/>): input groups from the graph inputs, one dense layer per Gemm (or MatMul +
    /// Add) with the activation that follows it, the parameters from the initializers in BackpropGen's layout. The
    /// graph is read by <see cref="OnnxNetworkReader"/> (shared with the runtime's OnnxParameters); each of its
    /// problems is one diagnostic (BPG202–BPG207). Like the parser, it reports what is wrong and never throws.
    /// </summary>
    internal static class OnnxImporter
    {
        public static BakeResult Import(OnnxImportRequest request, ImmutableArray<WeightsFile> files)
        {
            string name = request.ClassName;
            string path = request.Path;
            WeightsFile? file = Baker.Find(files, path, ".onnx", out bool ambiguous, out string detail);
            if (file is null)
            {
                return Fail(request, ambiguous ? DiagnosticDescriptors.OnnxFileAmbiguous : DiagnosticDescriptors.OnnxFileNotFound, name, path, detail);
            }

            if (file.Error is not null)
            {
                return Fail(request, DiagnosticDescriptors.OnnxFileDamaged, name, path, file.Error);
            }

            byte[] bytes = file.Bytes.AsSpan().ToArray();
            OnnxNetwork? network = OnnxNetworkReader.Read(bytes, out OnnxProblem? problem);
            if (network is null)
            {
                return Fail(request, Descriptor(problem!.Kind), new object[] { name, path }.Concat(Arguments(problem)).ToArray());
            }

            foreach (OnnxLayer layer in network.Layers)
            {
                if (!Enum.IsDefined(typeof(ActivationKind), layer.Activation))
                {
                    return Fail(request, DiagnosticDescriptors.OnnxUnsupportedGraph, name, path, "layer '" + layer.Name + "'",
                        "its activation (Softmax) needs a BackpropGen with softmax output layers");
                }
            }

            int units = network.Inputs.Sum(i => i.Size) + network.Layers.Sum(l => l.Size);
            int parameters = network.Layers.Sum(l => (l.Size * l.FanIn) + (l.Biases?.Length ?? 0));
            int largest = network.Inputs.Select(i => i.Size).Concat(network.Layers.Select(l => l.Size)).Max();
            if (largest > Parser.MaxSize || units > Parser.MaxUnits || parameters > Parser.MaxParameters)
            {
                return Fail(request, DiagnosticDescriptors.NetworkTooLarge, name, parameters, units, Parser.MaxParameters, Parser.MaxUnits);
            }

            NetworkModel model = ToModel(request, network);
            var baked = new BakedNetworkModel(model, path, Crc32.Compute(bytes), request.Form, network.Parameters().ToEquatableArray());
            var diagnostics = new List<DiagnosticInfo>();
            double[] values = network.Parameters();
            int nonFinite = values.Count(v => double.IsNaN(v) || double.IsInfinity(v));
            if (nonFinite > 0)
            {
                int first = Array.FindIndex(values, v => double.IsNaN(v) || double.IsInfinity(v));
                diagnostics.Add(Info(request, DiagnosticDescriptors.NonFiniteWeights, name, path, nonFinite, first));
            }

            return new BakeResult(baked, diagnostics.ToEquatableArray());
        }

        /// <summary>The network model of an imported graph: the class's place, the graph's inputs and layers.</summary>
        private static NetworkModel ToModel(OnnxImportRequest request, OnnxNetwork network)
        {
            var inputs = new List<InputGroupModel>();
            int offset = 0;
            foreach (OnnxInputGroup input in network.Inputs)
            {
                inputs.Add(new InputGroupModel(input.Name, input.Size, offset));
                offset += input.Size;
            }

            var layers = new List<LayerModel>();
            int parameter = 0;
            foreach (OnnxLayer layer in network.Layers)
            {
                // The same layout a [Dense] declaration gets: the kind lays out the layer's block from the next free offset.
                LayerKind kind = LayerKinds.Dense;
                ParameterBlockModel block = kind.Layout(layer.Name, layer.Size, layer.FanIn, layer.Biases is not null, parameter);
                layers.Add(new LayerModel(layer.Name, kind.Name, layer.Size, (ActivationKind)layer.Activation, layer.Sources.ToEquatableArray(), layer.FanIn, block));
                parameter += block.Count;
            }

            // A softmax output layer goes with cross-entropy, as a declared network must have it (BPG030); the loss only
            // shows in the topology text of an inference-only class.
            LossKind loss = layers[layers.Count - 1].Activation == ActivationKind.Softmax ? LossKind.CrossEntropy : LossKind.SumSquaredError;
            return new NetworkModel(
                request.Namespace, request.ContainingTypes, request.ClassKeyword, request.ClassName, request.ClassName,
                network.ElementSize == 8 ? NumericType.Double : NumericType.Single, loss,
                inputs.ToEquatableArray(), layers.ToEquatableArray());
        }

        private static DiagnosticDescriptor Descriptor(OnnxProblemKind kind) => kind switch
        {
            OnnxProblemKind.UnsupportedOperator => DiagnosticDescriptors.OnnxUnsupportedOperator,
            OnnxProblemKind.UnsupportedDataType => DiagnosticDescriptors.OnnxUnsupportedDataType,
            OnnxProblemKind.DynamicShape => DiagnosticDescriptors.OnnxDynamicShape,
            OnnxProblemKind.UnsupportedOpset => DiagnosticDescriptors.OnnxUnsupportedOpset,
            OnnxProblemKind.UnsupportedGraph => DiagnosticDescriptors.OnnxUnsupportedGraph,
            _ => DiagnosticDescriptors.OnnxFileDamaged,
        };

        private static IEnumerable<object> Arguments(OnnxProblem problem) =>
            problem.Kind == OnnxProblemKind.UnsupportedOperator
                ? problem.Arguments.Append(OnnxNetworkReader.SupportedOperators)
                : problem.Arguments;

        private static BakeResult Fail(OnnxImportRequest request, DiagnosticDescriptor descriptor, params object?[] arguments) =>
            new(null, new[] { Info(request, descriptor, arguments) }.ToEquatableArray());

        private static DiagnosticInfo Info(OnnxImportRequest request, DiagnosticDescriptor descriptor, params object?[] arguments) =>
            new(descriptor, request.Location, arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "null").ToEquatableArray());
    }
}
