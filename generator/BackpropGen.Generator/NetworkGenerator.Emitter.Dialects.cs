using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using BackpropGen.Generator.Helpers;
using BackpropGen.Generator.Model;
using BackpropGen.Generator.Plan;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    // The scalar and lane dialects: how the same statements are spelled for one pattern or for a block of patterns.
    internal static partial class Emitter
    {
        /// <summary>
        /// The scalar dialect: how the statements of one pattern are spelled when every unit's local is one
        /// <see cref="Name"/> (float or double). <see cref="LaneTypes"/> spells the same statements for a block of
        /// patterns; the emitter writes the same sequence through either, so there is one emitter, not two.
        /// </summary>
        internal class Types
        {
            private readonly bool _double;

            public Types(NetworkModel model)
                : this(model, "")
            {
            }

            /// <param name="model">The network.</param>
            /// <param name="aliasSuffix">"" for Vector&lt;T&gt; (Lanes, LaneMath); <see cref="LaneTypes.Wide"/> for the 512-bit aliases (Lanes512, LaneMath512).</param>
            protected Types(NetworkModel model, string aliasSuffix)
            {
                _double = model.Precision == NumericType.Double;
                LanesAlias = model.LanesAlias + aliasSuffix;
                LaneMathAlias = model.LaneMathAlias + aliasSuffix;
            }

            /// <summary>The file's alias of Vector&lt;T&gt; (Lanes, unless that name is taken where the class is declared); Vector512&lt;T&gt; (Lanes512) in the 512-bit lane dialect.</summary>
            public string LanesAlias { get; }

            /// <summary>The file's alias of System.Numerics.Vector, whose Exp, Max and Sum the lane dialect calls (LaneMath, unless taken); Vector512 (LaneMath512) in the 512-bit lane dialect.</summary>
            public string LaneMathAlias { get; }

            /// <summary>The element type: float or double.</summary>
            public string Name => _double ? "double" : "float";

            public int Size => _double ? 8 : 4;

            /// <summary>The type of a unit's local (x_j, y_j, ∂E/∂y_j, δ_j): the element type here.</summary>
            public virtual string Local => Name;

            private string Math => _double ? Global.Math : Global.MathF;

            /// <summary>A round-trip literal in invariant culture with the type's suffix.</summary>
            public string Literal(double value)
            {
                if (_double)
                {
                    string text = value.ToString("R", CultureInfo.InvariantCulture);
                    if (double.Parse(text, CultureInfo.InvariantCulture) != value)
                    {
                        text = value.ToString("G17", CultureInfo.InvariantCulture);
                    }

                    return text.IndexOfAny(new[] { '.', 'E', 'e' }) >= 0 ? text : text + ".0";
                }

                float single = (float)value;
                string s = single.ToString("R", CultureInfo.InvariantCulture);
                if (float.Parse(s, CultureInfo.InvariantCulture) != single)
                {
                    s = single.ToString("G9", CultureInfo.InvariantCulture);
                }

                return s + "f";
            }

            /// <summary>A constant of the local type.</summary>
            public virtual string Constant(double value) => Literal(value);

            /// <summary>A parameter (a scalar such as w[3]) as a value of the local type.</summary>
            public virtual string Broadcast(string scalar) => scalar;

            /// <summary>The statement s += a · b.</summary>
            public virtual string AddProduct(string s, string a, string b) => s + " += " + a + " * " + b + ";";

            /// <summary>y_j − d_j at an output unit (∂E/∂y_j of squared error, δ_j of a matched loss).</summary>
            public string OutputDifference(string y, string d) => MaskOpen + y + " - " + d + MaskClose;

            /// <summary>What the comment above the output error adds about <see cref="OutputDifference"/>.</summary>
            public virtual string OutputDifferenceNote => "";

            /// <summary>How the activation is spelled, where that differs from its equation (appended to the comment).</summary>
            public virtual string Spelling(ActivationKind activation) => "";

            /// <summary>The array that holds the units kept in spans.</summary>
            public virtual string ScratchField => "_unitScratch";

            /// <summary>The array that ∂E/∂w is accumulated in.</summary>
            public virtual string GradientField => "_gradients";

            /// <summary>A span over <paramref name="length"/> elements of the array (or lane buffer) <paramref name="field"/> from <paramref name="offset"/>.</summary>
            public virtual string SpanOver(string field, string offset, string length) => "new(" + field + ", " + offset + ", " + length + ")";

            /// <summary>The least positive normal number of the element type (ln of it is finite: about −708 in double, −87 in float).</summary>
            public double LeastNormal => _double ? 2.2250738585072014E-308 : 1.1754943508222875E-38;

            /// <summary>e^x.</summary>
            public virtual string Exp(string x) => Math + ".Exp(" + x + ")";

            /// <summary>ln x.</summary>
            public virtual string Log(string x) => Math + ".Log(" + x + ")";

            /// <summary>The larger of a and b.</summary>
            public virtual string Max(string a, string b) => Math + ".Max(" + a + ", " + b + ")";

            /// <summary>What opens an expression kept to the lanes that hold a case (nothing for one pattern).</summary>
            public virtual string MaskOpen => "";

            /// <summary>What closes it (see <see cref="MaskOpen"/>).</summary>
            public virtual string MaskClose => "";

            public virtual string Activate(ActivationKind activation, string x) => activation switch
            {
                ActivationKind.Sigmoid => Literal(1) + " / (" + Literal(1) + " + " + Math + ".Exp(-" + x + "))",
                ActivationKind.Tanh => Math + ".Tanh(" + x + ")",
                ActivationKind.ReLU => Math + ".Max(" + Literal(0) + ", " + x + ")",
                _ => x,
            };

            public virtual string Delta(ActivationKind activation, string dEdy, string x, string y) => activation switch
            {
                ActivationKind.Sigmoid => dEdy + " * (" + y + " * (" + Literal(1) + " - " + y + "))",
                ActivationKind.Tanh => dEdy + " * (" + Literal(1) + " - " + y + " * " + y + ")",
                ActivationKind.ReLU => "(" + x + " > " + Literal(0) + " ? " + dEdy + " : " + Literal(0) + ")",
                _ => dEdy,
            };
        }

        /// <summary>
        /// The lane dialect: every unit's local is a <c>Vector&lt;T&gt;</c> holding that quantity for Vector&lt;T&gt;.Count
        /// patterns; a weight w[k] stays a scalar (vector × scalar broadcasts it). Each lane computes the scalar
        /// statements, with three differences in rounding: e^x is <c>LaneExp.Exp</c> (inlined, float in float; largest relative
        /// error 8e-8 in float, 3e-16 in double, against Math.Exp); tanh is 1 − 2 / (e^(2x) + 1), whose absolute error is a few ulps of 1 (System.Numerics has no vector
        /// Tanh); and ∂E/∂w += δ · y is a fused multiply-add where the hardware has one (<c>Vector.MultiplyAddEstimate</c>).
        /// The same dialect spells the 512-bit path (<c>Vector512&lt;T&gt;</c>, aliased Lanes512, with Vector512's Sum
        /// and MultiplyAddEstimate as LaneMath512), which the training sweep takes where <c>LaneWidth</c> allows it: the
        /// statements are the same text but for the type names, <c>LaneMath512.Create(x)</c> for a broadcast, and the
        /// <see cref="Suffix"/> on the members that hold the lanes.
        /// </summary>
        internal sealed class LaneTypes : Types
        {
            /// <summary>The runtime's inlined vector e^x (see <see cref="Exp"/>).</summary>
            private const string LaneExpClass = "global::BackpropGen.LaneExp";

            /// <summary>The suffix of the 512-bit path's aliases and members (Lanes512, AccumulateLanes512, _gradientLanes512).</summary>
            public const string Wide = "512";

            public LaneTypes(NetworkModel model, bool wide = false)
                : base(model, wide ? Wide : "")
            {
                IsWide = wide;
            }

            /// <summary>Whether this is the 512-bit dialect (Vector512&lt;T&gt;) rather than Vector&lt;T&gt;.</summary>
            public bool IsWide { get; }

            /// <summary>"" for Vector&lt;T&gt;, "512" for the 512-bit path: appended to the lane members' names.</summary>
            public string Suffix => IsWide ? Wide : "";

            public override string Local => LanesAlias;

            public override string Constant(double value) => value switch
            {
                0 => Local + ".Zero",
                1 => Local + ".One",
                _ => Broadcast(Literal(value)),
            };

            public override string Broadcast(string scalar) => LaneMathAlias + ".Create(" + scalar + ")";

            /// <summary>The type that holds a lane buffer's vectors of this width, for <c>new LaneBuffer&lt;T&gt;(length, lanes)</c>.</summary>
            public string NewLaneBuffer(string length) =>
                "new " + Global.LaneBuffer + "<" + Name + ">(" + length + (IsWide ? ", " + Local + ".Count" : "") + ")";

            /// <summary>s += a · b as one fused multiply-add where the hardware has it (one rounding instead of two).</summary>
            public override string AddProduct(string s, string a, string b) => s + " = " + LaneMathAlias + ".MultiplyAddEstimate(" + a + ", " + b + ", " + s + ");";

            /// <summary>The block's lane mask, set per block by AccumulateLanes (AccumulateLanes512).</summary>
            public string MaskField => GeneratedNames.LaneMask + Suffix;

            /// <summary>An expression in the lanes that hold a case, 0 in the last block's padding (so its E and ∂E/∂w are 0).</summary>
            public override string MaskOpen => "(";

            public override string MaskClose => ") & " + MaskField;

            /// <summary>e^x inlined, float in float (<c>LaneExp.Exp</c>: Vector.Exp is a call, and runs float in double).</summary>
            public override string Exp(string x) => LaneExpClass + ".Exp(" + x + ")";

            public override string Log(string x) => LaneMathAlias + ".Log(" + x + ")";

            public override string Max(string a, string b) => LaneMathAlias + ".Max(" + a + ", " + b + ")";

            public override string OutputDifferenceNote => ", 0 in the lanes past the last case (" + MaskField + ")";

            public override string Spelling(ActivationKind activation) => SpellingOf(activation);

            public static string SpellingOf(ActivationKind activation) =>
                activation == ActivationKind.Tanh ? ", as 1 − 2 / (e^(2x_j) + 1)" : "";

            public override string ScratchField => "_laneScratch" + Suffix + "!";

            public override string GradientField => "_gradientLanes" + Suffix + "!";

            /// <summary>A lane buffer's vectors (64-byte aligned) from offset, of a constant length.</summary>
            public override string SpanOver(string field, string offset, string length) => field + ".Slice" + Suffix + "(" + offset + ", " + length + ")";

            /// <summary>How many rows' sums <see cref="WriteRowSums"/> keeps in registers at once (AVX-512 has 32 vector registers).</summary>
            public const int RowsPerGroup = 16;

            /// <summary>
            /// x_j = b_j + Σ_i y_i w_ji for the rows [<paramref name="from"/>, <paramref name="to"/>), up to
            /// <see cref="RowsPerGroup"/> rows at a time: each row's sum is a local <paramref name="sum"/>(j) that starts at
            /// b_j (or 0), then each source unit y_i (loaded once for the group) adds y_i w_ji to every row's sum as a fused
            /// multiply–add. The rows' chains are independent, so their multiply–adds overlap. Where the units live in a span,
            /// <paramref name="target"/>(j) receives the sum at the end; else the sum is the unit's local itself.
            /// </summary>
            public void WriteRowSums(SourceWriter w, IReadOnlyList<string> sources, int from, int to, Func<int, string> sum, Func<int, string>? target,
                Func<int, int, string> weight, Func<int, string>? bias)
            {
                for (int first = from; first < to; first += RowsPerGroup)
                {
                    int last = Math.Min(first + RowsPerGroup, to);
                    IEnumerable<int> rows = Enumerable.Range(first, last - first);
                    WriteLines(w, rows.Select(j => Local + " " + sum(j) + " = " + (bias is null ? Constant(0) : Broadcast(bias(j))) + ";"), 3);
                    for (int i = 0; i < sources.Count; i++)
                    {
                        WriteLines(w, rows.Select(j => sum(j) + " = " + LaneMathAlias + ".MultiplyAddEstimate(" + sources[i] + ", " + Broadcast(weight(j, i)) + ", " + sum(j) + ");"), 2);
                    }

                    if (target is not null)
                    {
                        WriteLines(w, rows.Select(j => target(j) + " = " + sum(j) + ";"), 3);
                    }
                }
            }

            /// <summary>
            /// ∂E/∂w_ji += δ_j · y_i for the rows [<paramref name="from"/>, <paramref name="to"/>), source unit by source
            /// unit: y_i read once into a local (a register) for every row's multiply–add, where row by row would read it
            /// again for each row (the stores to the gradients in between keep the JIT from reusing the load).
            /// </summary>
            public void WriteGradientColumns(SourceWriter w, IReadOnlyList<string> sources, int from, int to, Func<int, string> delta, Func<int, int, string> gradient)
            {
                w.Line("// ∂E/∂w_ji += δ_j · y_i, source unit by source unit (each y_i read once)");
                for (int i = 0; i < sources.Count; i++)
                {
                    w.OpenBrace();
                    w.Line(Local + " y_i = " + sources[i] + ";");
                    int column = i;
                    WriteLines(w, Enumerable.Range(from, to - from).Select(j => AddProduct(gradient(j, column), delta(j), "y_i")), 3);
                    w.CloseBrace();
                }
            }

            /// <summary>How many rows' δ_j of both blocks <see cref="WriteGradientColumnPairs"/> keeps in registers at once (two vectors a row).</summary>
            public const int PairRowsPerGroup = 8;

            /// <summary>
            /// ∂E/∂w_ji += δ_j · y_i for two blocks at once (<paramref name="next"/> prefixes block b + 1's spans and locals),
            /// <see cref="PairRowsPerGroup"/> rows at a time: their δ_j of both blocks into locals, then source unit by source
            /// unit both blocks' y_i and, per row, block b's multiply–add then block b + 1's on the same value — one load and
            /// one store of each lane gradient for the two blocks, and the same sums in the same order as one block per pass.
            /// </summary>
            public void WriteGradientColumnPairs(SourceWriter w, IReadOnlyList<string> sources, string next, int from, int to, Func<int, string> delta,
                Func<int, string> deltaLocal, Func<int, int, string> gradient, Func<int, string>? bias)
            {
                for (int first = from; first < to; first += PairRowsPerGroup)
                {
                    int last = Math.Min(first + PairRowsPerGroup, to);
                    IEnumerable<int> rows = Enumerable.Range(first, last - first);
                    w.Line("// Rows " + first + "–" + (last - 1) + ": δ_j of blocks b and b + 1, then ∂E/∂w_ji += δ_j · y_i of block b, then of block b + 1 (each y_i read once)");
                    w.OpenBrace();
                    WriteLines(w, rows.Select(j => Local + " " + deltaLocal(j) + " = " + delta(j) + ";"), 3);
                    WriteLines(w, rows.Select(j => Local + " " + next + deltaLocal(j) + " = " + next + delta(j) + ";"), 3);
                    for (int i = 0; i < sources.Count; i++)
                    {
                        w.OpenBrace();
                        w.Line(Local + " y_i = " + sources[i] + ", " + next + "y_i = " + next + sources[i] + ";");
                        int column = i;
                        WriteLines(w, rows.Select(j => gradient(j, column) + " = " + LaneMathAlias + ".MultiplyAddEstimate(" + next + deltaLocal(j) + ", " + next + "y_i, " +
                            LaneMathAlias + ".MultiplyAddEstimate(" + deltaLocal(j) + ", y_i, " + gradient(j, column) + "));"), 2);
                        w.CloseBrace();
                    }

                    if (bias is not null)
                    {
                        w.Line("// ∂E/∂b_j += δ_j of block b, then of block b + 1");
                        WriteLines(w, rows.Select(j => bias(j) + " = " + bias(j) + " + " + deltaLocal(j) + " + " + next + deltaLocal(j) + ";"), 3);
                    }

                    w.CloseBrace();
                }
            }

            /// <summary>Statements, <paramref name="perLine"/> to a line.</summary>
            private static void WriteLines(SourceWriter w, IEnumerable<string> statements, int perLine)
            {
                // Piece by piece into the writer (no string of the whole line): a large layer has thousands of these lines.
                int count = 0;
                foreach (string statement in statements)
                {
                    (count == 0 ? w.StartLine() : w.Append(" ")).Append(statement);
                    if (++count == perLine)
                    {
                        w.EndLine();
                        count = 0;
                    }
                }

                if (count > 0)
                {
                    w.EndLine();
                }
            }

            public override string Activate(ActivationKind activation, string x) => activation switch
            {
                ActivationKind.Sigmoid => Constant(1) + " / (" + Constant(1) + " + " + Exp("-" + x) + ")",
                ActivationKind.Tanh => Constant(1) + " - " + Constant(2) + " / (" + Exp(Constant(2) + " * " + x) + " + " + Constant(1) + ")",
                ActivationKind.ReLU => LaneMathAlias + ".Max(" + Constant(0) + ", " + x + ")",
                _ => x,
            };

            public override string Delta(ActivationKind activation, string dEdy, string x, string y) => activation switch
            {
                ActivationKind.Sigmoid => dEdy + " * (" + y + " * (" + Constant(1) + " - " + y + "))",
                ActivationKind.Tanh => dEdy + " * (" + Constant(1) + " - " + y + " * " + y + ")",
                ActivationKind.ReLU => LaneMathAlias + ".ConditionalSelect(" + LaneMathAlias + ".GreaterThan(" + x + ", " + Constant(0) + "), " + dEdy + ", " + Constant(0) + ")",
                _ => dEdy,
            };
        }
    }
}
