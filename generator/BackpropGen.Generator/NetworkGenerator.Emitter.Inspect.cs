using System.Linq;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Hidden activations: a nested <c>Activations</c> buffer with a named view per layer (<c>HiddenX</c>: x_j,
        /// <c>HiddenY</c>: y_j), and <c>Inspect(input, activations)</c>, which runs the forward pass for one pattern and
        /// keeps every layer's units there. Inspect writes Forward's statements (the same sums, grouping and activation
        /// functions, so its output layer's y_j equal Forward's bit for bit), with the units in the buffer's spans instead
        /// of locals; allocation-free once the buffer exists.
        /// </summary>
        private static void EmitInspect(SourceWriter w, NetworkPlan p, Types t, CancellationToken cancellationToken)
        {
            NetworkModel m = p.Model;
            string T = t.Name;
            int total = 2 * m.Layers.Sum(l => l.Size);
            w.Line("/// <summary>");
            w.Line("/// Every layer's units for one pattern, as <see cref=\"Inspect\"/> leaves them: per layer its net inputs x_j = Σ_i y_i w_ji (+ b_j)");
            w.Line("/// and its outputs y_j = f(x_j). Make one and reuse it; Inspect allocates nothing.");
            w.Line("/// </summary>");
            w.Line("public sealed class Activations");
            w.OpenBrace();
            w.Line("internal readonly " + T + "[] _units = new " + T + "[" + total + "];");
            w.Line();
            int offset = 0;
            foreach (LayerModel layer in m.Layers)
            {
                string pascal = GeneratedNames.Pascal(layer.Name);
                w.Line("/// <summary>Layer " + layer.Name + "'s net inputs x_j (" + Units(layer.Size) + ").</summary>");
                w.Line("public global::System.Span<" + T + "> " + pascal + "X => new global::System.Span<" + T + ">(_units, " + offset + ", " + layer.Size + ");");
                w.Line();
                w.Line("/// <summary>Layer " + layer.Name + "'s outputs y_j = " + ActivationName(layer.Activation) + "(x_j) (" + Units(layer.Size) + ").</summary>");
                w.Line("public global::System.Span<" + T + "> " + pascal + "Y => new global::System.Span<" + T + ">(_units, " + (offset + layer.Size) + ", " + layer.Size + ");");
                w.Line();
                offset += 2 * layer.Size;
            }

            w.Line("/// <summary>All of them: per layer in declaration order, x_j then y_j.</summary>");
            w.Line("public global::System.Span<" + T + "> All => _units;");
            w.CloseBrace();
            w.Line();

            bool inOneMethod = p.ForwardInOneMethod;
            w.Line("/// <summary>");
            w.Line("/// Runs the forward pass for one pattern and keeps every layer's x_j and y_j in <paramref name=\"activations\"/>: what the");
            w.Line("/// hidden units compute. The output layer's y_j equal what <see cref=\"Forward\"/> writes, bit for bit. Allocates nothing.");
            w.Line("/// </summary>");
            w.Line("/// <remarks>Safe to call from several threads at once on one instance, each with its own buffer, as long as nothing trains the network meanwhile" +
                (inOneMethod ? "." : " (calls take a lock: the pass runs in instance scratch).") + "</remarks>");
            w.Line("/// <param name=\"input\">" + Xml(InputDescription(m)) + "</param>");
            w.Line("/// <param name=\"activations\">Receives every layer's units.</param>");
            w.Line("/// <exception cref=\"global::System.ArgumentException\">The input's length is not InputSize.</exception>");
            w.Line("/// <exception cref=\"global::System.ArgumentNullException\">activations is null.</exception>");
            w.Line("public void Inspect(global::System.ReadOnlySpan<" + T + "> input, Activations activations)");
            w.OpenBrace();
            w.Line("global::BackpropGen.Guard.Length(nameof(input), InputSize, input.Length);");
            w.Line("if (activations is null) throw new global::System.ArgumentNullException(nameof(activations));");
            if (inOneMethod)
            {
                w.Line("// Spans of constant length over the parameters and the buffer's units");
                w.Line("global::System.ReadOnlySpan<" + T + "> w = new(_parameters, 0, ParameterCount);");
                offset = 0;
                foreach (LayerModel layer in m.Layers)
                {
                    w.Line("global::System.Span<" + T + "> " + SpanName("x", layer) + " = new(activations._units, " + offset + ", " + layer.Size + ");");
                    w.Line("global::System.Span<" + T + "> " + SpanName("y", layer) + " = new(activations._units, " + (offset + layer.Size) + ", " + layer.Size + ");");
                    offset += 2 * layer.Size;
                }

                // Forward's body without its copy of the output layer's y_j to output: here they are already in the buffer.
                int mark = w.Length;
                ForwardInOneMethod(w, p, t, p.ForwardVectorActivations, weight: null, cancellationToken, spans: true, copyOutput: false);
                w.EndWithOneNewline(mark);
            }
            else
            {
                w.Line("lock (_unitScratch)");
                w.OpenBrace();
                w.Line("// Too large for one method: the training pass's forward parts, then a copy of their units");
                foreach (PartPlan part in p.Parts.Where(part => part.Kind == PartKind.Forward))
                {
                    w.Line(part.Name + "(input, default);");
                }

                offset = 0;
                foreach (LayerModel layer in m.Layers)
                {
                    foreach (string quantity in new[] { "x", "y" })
                    {
                        w.Line("new global::System.ReadOnlySpan<" + T + ">(_unitScratch, " + p.Scratch.First(s => s.Name == GeneratedNames.Span(quantity, layer.Name)).Offset + ", " + layer.Size + ").CopyTo(new global::System.Span<" + T + ">(activations._units, " + offset + ", " + layer.Size + "));");
                        offset += layer.Size;
                    }
                }

                w.CloseBrace();
            }

            w.CloseBrace();
            w.Line();
        }
    }
}
