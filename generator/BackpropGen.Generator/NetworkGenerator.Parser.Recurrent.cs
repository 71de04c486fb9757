using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Parser
    {
        /// <summary>What [Network(TimeSteps = …, Outputs = …)] said, and where (for the diagnostics of <see cref="CheckTime"/>).</summary>
        private sealed class TimeDeclaration
        {
            /// <summary>T, 0 for a feed-forward network (and while TimeSteps is invalid).</summary>
            public int Steps { get; private set; }

            public bool LastStepOnly { get; private set; }

            public int DeclaredSteps { get; private set; }

            public Location? StepsLocation { get; private set; }

            public Location? OutputsLocation { get; private set; }

            public int? UnknownOutputs { get; private set; }

            public void Read(string property, object? value, Location location)
            {
                if (property == "TimeSteps" && value is int steps)
                {
                    DeclaredSteps = steps;
                    StepsLocation = location;
                    Steps = steps > 0 ? steps : 0;
                }
                else if (property == "Outputs" && value is int outputs)
                {
                    OutputsLocation = location;
                    if (outputs is 0 or 1)
                    {
                        LastStepOnly = outputs == 1;
                    }
                    else
                    {
                        UnknownOutputs = outputs;
                    }
                }
            }
        }

        /// <summary>
        /// The checks of a network run in time: T ≥ 1 where it is set (BPG050), recurrent layers only with T (BPG051), T
        /// within the unroll policy (BPG053), no softmax on a recurrent output layer (BPG054), a known Outputs (BPG055).
        /// </summary>
        private static void CheckTime(string className, Location networkLocation, TimeDeclaration time, LossKind loss, Location lossLocation, List<LayerDeclaration> layers, List<DiagnosticInfo> diagnostics)
        {
            if (time.StepsLocation is not null && time.DeclaredSteps <= 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidTimeSteps, time.StepsLocation, className, time.DeclaredSteps));
            }

            if (time.UnknownOutputs is int outputs)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownSequenceOutputs, time.OutputsLocation ?? networkLocation, className, outputs));
            }

            if (time.StepsLocation is null)
            {
                foreach (LayerDeclaration layer in layers.Where(l => l.Recurrent))
                {
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RecurrentWithoutTimeSteps, layer.Location, layer.Name, className));
                }

                return;
            }

            if (time.Steps == 0)
            {
                return;
            }

            long states = (long)time.Steps * layers.Sum(l => (long)l.Size);
            if (time.Steps > TimeUnrollPolicy.MaxTimeSteps || states > TimeUnrollPolicy.MaxUnrolledStates)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.TooManyTimeSteps, time.StepsLocation, className, time.Steps, states, TimeUnrollPolicy.MaxUnrolledStates, TimeUnrollPolicy.MaxTimeSteps));
            }

            // Softmax with cross-entropy is written per step (δ = y − d); a softmax layer that reads itself at t − 1 would also need
            // the softmax's Jacobian for what step t + 1 sends back, which is not written.
            LayerDeclaration output = layers.Count > 0 ? layers[layers.Count - 1] : null!;
            if (output is not null && output.Recurrent && output.Activation == ActivationKind.Softmax)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.RecurrentSoftmax, output.ActivationLocation, output.Name, className));
            }
        }

        /// <summary>[Recurrent(InitialState = …)]: whether h(−1) is learned; a value that is not an InitialState is BPG056 (and read as Zero).</summary>
        private static bool ReadInitialState(string layer, int value, Location location, List<DiagnosticInfo> diagnostics)
        {
            if (value is 0 or 1)
            {
                return value == 1;
            }

            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownInitialState, location, layer, value));
            return false;
        }

        /// <summary>The layer's block with its learned h_k(−1) after the biases, one per unit, when it has a learned initial state.</summary>
        private static ParameterBlockModel WithInitialState(LayerDeclaration layer, ParameterBlockModel block) =>
            layer.LearnedInitialState ? block with { InitialStates = layer.Size } : block;

        /// <summary>[Recurrent(FromPrevious = new[] { … })]: the layers named, each with where it is written (BPG057 when empty).</summary>
        private static (string Name, Location Location)[] ReadFromPrevious(AttributeData attribute, TypedConstant value, string layer, Location location, List<DiagnosticInfo> diagnostics, CancellationToken cancellationToken)
        {
            Location whole = NamedArgumentLocation(attribute, "FromPrevious", cancellationToken) ?? location;
            IReadOnlyList<Location> elements = ElementLocations(attribute, value.Values.Length, cancellationToken, "FromPrevious");
            (string Name, Location Location)[] names = value.Values.Select((v, k) => (v.Value as string ?? "null", k < elements.Count ? elements[k] : whole)).ToArray();
            if (names.Length == 0)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.EmptyPreviousSources, whole, layer));
            }

            return names;
        }

        /// <summary>
        /// The layers each recurrent layer reads at t − 1 besides itself (FromPrevious), with their units in all: any layer of
        /// the network, earlier or later (the time delay breaks the loop), not an input (BPG058), not the layer itself
        /// (BPG059), each once (BPG060), not a softmax layer (BPG061).
        /// </summary>
        private static Dictionary<string, (string[] Sources, int FanIn)> ResolvePrevious(List<LayerDeclaration> layers, IEnumerable<string> inputs, List<DiagnosticInfo> diagnostics)
        {
            var result = new Dictionary<string, (string[] Sources, int FanIn)>(StringComparer.Ordinal);
            string known = string.Join(", ", layers.Select(l => l.Name));
            var inputNames = new HashSet<string>(inputs, StringComparer.Ordinal);
            foreach (LayerDeclaration layer in layers)
            {
                if (layer.FromPrevious is null || layer.FromPrevious.Length == 0)
                {
                    continue;
                }

                var sources = new List<string>();
                int fanIn = 0;
                foreach ((string source, Location location) in layer.FromPrevious)
                {
                    LayerDeclaration? read = layers.FirstOrDefault(l => l.Name == source);
                    if (source == layer.Name)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.PreviousSelf, location, layer.Name));
                    }
                    else if (read is null)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.UnknownPreviousSource, location, layer.Name, source,
                            inputNames.Contains(source) ? "an input (a layer reads inputs at t, through From)" : "not a layer of the network", known));
                    }
                    else if (sources.Contains(source))
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DuplicatePreviousSource, location, layer.Name, source));
                    }
                    else if (read.Activation == ActivationKind.Softmax)
                    {
                        diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SoftmaxReadAtPrevious, location, layer.Name, source));
                    }
                    else
                    {
                        sources.Add(source);
                        fanIn += read.Size;
                    }
                }

                result[layer.Name] = (sources.ToArray(), fanIn);
            }

            return result;
        }

        /// <summary>The layer's block with the columns of the layers it reads at t − 1 (after its own units' columns in each row).</summary>
        private static ParameterBlockModel WithPrevious(LayerDeclaration layer, int previousFanIn, ParameterBlockModel block) =>
            WithInitialState(layer, previousFanIn > 0 ? block with { Columns = block.Columns + previousFanIn } : block);

        /// <summary>
        /// In a network run in time, a layer that names itself or a later layer in From reads it at the same step: a loop
        /// without a time delay (BPG052). Returns whether it reported one (else the source is simply unknown, BPG009).
        /// </summary>
        private static bool CycleWithoutDelay(TimeDeclaration time, List<LayerDeclaration> layers, int index, string source, Location location, List<DiagnosticInfo> diagnostics)
        {
            if (time.StepsLocation is null && !layers.Any(l => l.Recurrent))
            {
                return false;
            }

            for (int later = index; later < layers.Count; later++)
            {
                if (layers[later].Name == source)
                {
                    string what = later == index
                        ? "the layer itself" + (layers[index].Recurrent ? " (a recurrent layer reads its own states at t − 1 without being named)" : "")
                        : "declared after it, and reads it back at the same step";
                    diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.CycleWithoutDelay, location, layers[index].Name, source, what));
                    return true;
                }
            }

            return false;
        }
    }
}
