using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    /// <summary>
    /// Joins a [BakedWeights] network with its weights file and checks that the file fits the declaration, in
    /// ParameterFile.Load's order: integrity first (BPG102), then precision (BPG103), name (BPG104), topology hash
    /// (BPG105) and parameter count (BPG106). Like the parser, it reports what is wrong and never throws.
    /// </summary>
    internal static class Baker
    {
        public static BakeResult Bake(BakeRequest request, ImmutableArray<WeightsFile> files)
        {
            NetworkModel network = request.Network;
            WeightsReference reference = request.Weights;
            string name = network.NetworkName;
            string path = reference.Path;

            // The baked emitter writes a feed-forward Forward; a network run in time has its own emitter, not baked yet.
            if (network.IsRecurrent)
            {
                return Fail(reference, DiagnosticDescriptors.BakedRecurrentNetwork, name, network.TimeSteps, path);
            }

            WeightsFile? file = Find(files, path, ".bpgw", out bool ambiguous, out string detail);
            if (file is null)
            {
                return Fail(reference, ambiguous ? DiagnosticDescriptors.WeightsFileAmbiguous : DiagnosticDescriptors.WeightsFileNotFound, name, path, detail);
            }

            if (file.Error is not null)
            {
                return Fail(reference, DiagnosticDescriptors.WeightsFileDamaged, name, path, file.Error);
            }

            WeightsFileReader.Contents? contents = WeightsFileReader.Read(file.Bytes.AsSpan(), out string? error);
            if (contents is null)
            {
                return Fail(reference, DiagnosticDescriptors.WeightsFileDamaged, name, path, error);
            }

            int elementSize = network.Precision == NumericType.Double ? 8 : 4;
            if (contents.ElementSize != elementSize)
            {
                return Fail(reference, DiagnosticDescriptors.WeightsPrecisionMismatch, name, path,
                    ParameterFileFormat.PrecisionName(contents.ElementSize), ParameterFileFormat.PrecisionName(elementSize),
                    contents.ElementSize == 8 ? "Double" : "Single");
            }

            if (!string.Equals(contents.Name, name, StringComparison.Ordinal))
            {
                return Fail(reference, DiagnosticDescriptors.WeightsNameMismatch, name, path, contents.Name);
            }

            ulong hash = ParameterFileFormat.TopologyHash(network.Topology);
            if (contents.TopologyHash != hash)
            {
                return Fail(reference, DiagnosticDescriptors.WeightsTopologyMismatch, name, path,
                    contents.TopologyHash.ToString("X16", CultureInfo.InvariantCulture), hash.ToString("X16", CultureInfo.InvariantCulture), network.Topology);
            }

            if (contents.Values.Length != network.ParameterCount)
            {
                return Fail(reference, DiagnosticDescriptors.WeightsCountMismatch, name, path, contents.Values.Length, network.ParameterCount);
            }

            var diagnostics = new List<DiagnosticInfo>();
            int nonFinite = contents.Values.Count(v => double.IsNaN(v) || double.IsInfinity(v));
            if (nonFinite > 0)
            {
                int first = Array.FindIndex(contents.Values, v => double.IsNaN(v) || double.IsInfinity(v));
                diagnostics.Add(Info(reference, DiagnosticDescriptors.NonFiniteWeights, name, path, nonFinite, first));
            }

            var model = new BakedNetworkModel(network, path, contents.Checksum, reference.Form, contents.Values.ToEquatableArray());
            return new BakeResult(model, diagnostics.ToEquatableArray());
        }

        /// <summary>
        /// The one file that the attribute's <paramref name="path"/> names; null when none or several do, with
        /// <paramref name="detail"/> saying which files there are (the last argument of the not-found and ambiguous
        /// diagnostics). Shared with the ONNX import.
        /// </summary>
        internal static WeightsFile? Find(ImmutableArray<WeightsFile> files, string path, string extension, out bool ambiguous, out string detail)
        {
            List<WeightsFile> matches = files.Where(f => Matches(f.OriginalPath, path)).ToList();
            List<string> matching = matches.Select(m => m.OriginalPath).Distinct(StringComparer.Ordinal).OrderBy(p => p, StringComparer.Ordinal).ToList();
            ambiguous = matching.Count > 1;
            if (matching.Count == 0)
            {
                // The files that have the name but not the path the attribute gives (the step before kept only those).
                List<string> named = files.Select(f => f.OriginalPath).Distinct().OrderBy(p => p, StringComparer.Ordinal).ToList();
                detail = named.Count == 0 ? "no " + extension + " file with that name is listed" : "the " + extension + " files with that name are " + string.Join(", ", named);
                return null;
            }

            detail = string.Join(", ", matching);
            return matching.Count == 1 ? matches[0] : null;
        }

        /// <summary>
        /// Whether the original file at <paramref name="filePath"/> is the one the attribute names: the attribute's
        /// path, with either separator, is the whole path or its last segments (compared ignoring case).
        /// </summary>
        internal static bool Matches(string filePath, string attributePath)
        {
            string file = Normalize(filePath);
            string wanted = Normalize(attributePath);
            while (wanted.StartsWith("./", StringComparison.Ordinal))
            {
                wanted = wanted.Substring(2);
            }

            return string.Equals(file, wanted, StringComparison.OrdinalIgnoreCase)
                || file.EndsWith("/" + wanted, StringComparison.OrdinalIgnoreCase);
        }

        private static string Normalize(string path) => path.Replace('\\', '/');

        private static BakeResult Fail(WeightsReference reference, DiagnosticDescriptor descriptor, params object?[] arguments) =>
            new(null, new[] { Info(reference, descriptor, arguments) }.ToEquatableArray());

        private static DiagnosticInfo Info(WeightsReference reference, DiagnosticDescriptor descriptor, params object?[] arguments) =>
            new(descriptor, reference.Location, arguments.Select(a => Convert.ToString(a, CultureInfo.InvariantCulture) ?? "null").ToEquatableArray());
    }
}
