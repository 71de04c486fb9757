using System.Globalization;
using System.Text;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// Random network declarations, most of them wrong in some way: missing, extra and mistyped attribute arguments,
/// non-constant arguments, integers cast to enums, bad and duplicate names, sizes from −2³¹ to 2³¹−1, random
/// topologies whose From lists name inputs, earlier, later and unknown layers and the layer itself, duplicated and
/// misplaced attributes, member name clashes, unsupported class kinds, and text cut off anywhere.
/// Declaration k is the whole of one file, in namespace F{k} with class Fuzz{k}, so that its diagnostics (by file)
/// and its generated source (by hint name) can be told apart from the others in the same compilation.
/// Deterministic: the same seed gives the same text (SplitMix64, <see cref="SeededUniform.Next"/>).
/// </summary>
internal sealed class FuzzCorpus
{
    private static readonly string[] ValidNames = { "x", "y", "h", "h1", "hidden", "o", "out", "p_q", "Layer2", "code", "class" };
    private static readonly string[] InvalidNames = { "", "1x", "a-b", "with space", "é", "_x", new string('n', 65), "x\"y" };
    private static readonly string[] HugeSizes = { "0", "-1", "int.MinValue", "int.MaxValue", "10001", "16001", "1 << 20", "-2147483648" };
    private static readonly string[] Activations = { "Sigmoid", "Tanh", "ReLU", "Identity", "Softmax" };
    private static readonly string[] ClashingMembers =
    {
        "public void Forward() { }", "public int Parameters;", "public static int InputSize;", "private void Save(int x) { }",
        "public int LearningRate { get; set; }", "public class ParameterCount { }", "public event System.Action? Load;",
    };

    private ulong _state;
    private int _k;

    public FuzzCorpus(ulong seed) => _state = seed;

    public string Declaration(int k)
    {
        _k = k;
        var text = new StringBuilder("using BackpropGen;\n\n");
        bool blockNamespace = Chance(0.3);
        text.Append(blockNamespace ? $"namespace F{k}\n{{\n" : $"namespace F{k};\n\n");
        text.Append($"public static class C{k} {{ public const int Two = 2; public static readonly int Three = 3; public const string X = \"x\"; }}\n\n");

        string className = Chance(0.02) ? Pick("Save", "HWeights", "Forward") : $"Fuzz{k}";
        string baseList = "";
        if (Chance(0.03))
        {
            text.Append($"[Network, Input(\"x\", 1), Dense(\"o\", 1, Activation.Identity)]\npublic partial class B{k} {{ }}\n\n");
            baseList = $" : B{k}";
        }
        else if (Chance(0.03))
        {
            text.Append($"public class B{k} {{ {Pick(ClashingMembers)} }}\n\n");
            baseList = $" : B{k}";
        }

        if (Chance(0.03))
        {
            text.Append($"[{Pick("Input(\"x\", 1)", "Dense(\"o\", 1, Activation.Tanh)")}]\npublic partial class Orphan{k} {{ }}\n\n");
        }

        int outers = Chance(0.15) ? 1 + Below(2) : 0;
        for (int j = 0; j < outers; j++)
        {
            string keyword = Chance(0.1) ? Pick("struct", "interface", "record") : "class";
            text.Append($"public {(Chance(0.85) ? "partial " : "")}{(keyword == "class" && Chance(0.2) ? "static " : "")}{keyword} Outer{j}{(Chance(0.08) ? "<T>" : "")}\n{{\n");
        }

        (List<string> attributes, List<string> layerNames) = Attributes();
        bool split = attributes.Count > 2 && Chance(0.03);
        List<string> elsewhere = split ? attributes.GetRange(attributes.Count - 1, 1) : new List<string>();
        if (split)
        {
            attributes.RemoveAt(attributes.Count - 1);
        }

        string kind = Chance(0.06) ? Pick("record", "struct", "interface", "record struct") : "class";
        var modifiers = new StringBuilder(outers == 0 && Chance(0.02) ? "file " : "public ");
        modifiers.Append(Chance(0.03) ? "static " : "").Append(kind == "class" && Chance(0.03) ? "abstract " : "").Append(Chance(0.03) ? "sealed " : "");
        bool partial = Chance(0.94);
        string header = $"{modifiers}{(partial ? "partial " : "")}{kind} {className}{(Chance(0.03) ? "<T>" : "")}{baseList}";

        text.Append(string.Concat(attributes.Select(a => "[" + a + "]\n")));
        text.Append(header).Append("\n{\n");
        if (Chance(0.3))
        {
            text.Append("    public int Helper() => 1;\n");
        }

        if (Chance(0.04))
        {
            text.Append("    ").Append(Pick(ClashingMembers)).Append('\n');
        }

        if (layerNames.Count > 0 && Chance(0.02))
        {
            string? name = Pick(layerNames.ToArray());
            text.Append("    public int ").Append(string.IsNullOrEmpty(name) || !char.IsLetter(name[0]) ? "Q" : char.ToUpperInvariant(name[0]) + name.Substring(1)).Append("Weights;\n");
        }

        text.Append("}\n");
        if (split || Chance(0.02))
        {
            text.Append(string.Concat((split ? elsewhere : new List<string> { "Network(Name = \"again\")" }).Select(a => "[" + a + "]\n")));
            text.Append($"public partial {kind} {className} {{ }}\n");
        }

        for (int j = 0; j < outers; j++)
        {
            text.Append("}\n");
        }

        if (blockNamespace)
        {
            text.Append("}\n");
        }

        string result = text.ToString();
        return Chance(0.06) ? result.Substring(0, Below(result.Length)) : result;
    }

    private (List<string> Attributes, List<string> LayerNames) Attributes()
    {
        var attributes = new List<string>();
        if (Chance(0.92))
        {
            attributes.Add(NetworkAttribute());
        }
        else if (Chance(0.3))
        {
            attributes.Add("Netwrk");
        }

        if (Chance(0.02))
        {
            attributes.Add("Network");
        }

        bool absurd = Chance(0.02);
        var names = new List<string>();
        int inputs = Weighted(0.04, 0.6, 0.3, 0.06);
        for (int i = 0; i < inputs; i++)
        {
            string name = Name(i == 0 ? "x" : "y" + i);
            names.Add(name);
            attributes.Add(Mangle($"Input({Literal(name)}, {(absurd ? "9000" : Size())})", "Input"));
        }

        var layers = new List<string>();
        int count = Weighted(0.04, 0.35, 0.35, 0.18, 0.08);
        var layerNames = new List<string>();
        for (int j = 0; j < count; j++)
        {
            layerNames.Add(Name(j == count - 1 ? "o" : "h" + j));
        }

        for (int j = 0; j < count; j++)
        {
            string arguments = $"{Literal(layerNames[j])}, {(absurd ? "9000" : Size())}, {ActivationArgument()}";
            if (Chance(0.3))
            {
                arguments += ", Bias = " + (Chance(0.95) ? (Chance(0.5) ? "true" : "false") : Pick("1", C("Two"), "null"));
            }

            if (Chance(0.35))
            {
                arguments += ", From = " + From(names, layerNames, j);
            }

            // Sometimes a recurrent layer (BPG050–BPG055 need networks run in time, or not).
            string kind = Chance(0.12) ? "Recurrent" : "Dense";
            if (kind == "Recurrent" && Chance(0.5))
            {
                // A learned initial state (BPG056 for an unknown value) and layers read at t − 1 (BPG057–BPG061).
                arguments += Chance(0.4) ? ", InitialState = " + Pick("InitialState.Learned", "InitialState.Zero", "(InitialState)3") : "";
                string any = Literal(layerNames[Below(count)]);
                arguments += ", FromPrevious = " + Pick("new string[0]", "new[] { " + any + " }", "new[] { " + Literal(names.Count > 0 ? names[0] : "x") + " }",
                    "new[] { " + Literal(layerNames[j]) + " }", "new[] { " + any + ", " + any + " }", "new[] { " + Literal(layerNames[count - 1]) + " }");
            }

            attributes.Add(Mangle(kind + "(" + arguments + ")", kind));
        }

        // Mostly in declaration order; sometimes a layer or input is moved (the output layer changes, or a
        // layer now reads a later one).
        if (attributes.Count > 2 && Chance(0.1))
        {
            int from = Below(attributes.Count);
            string moved = attributes[from];
            attributes.RemoveAt(from);
            attributes.Insert(Below(attributes.Count + 1), moved);
        }

        names.AddRange(layerNames);
        return (attributes, names);
    }

    private string NetworkAttribute()
    {
        if (Chance(0.5))
        {
            return "Network";
        }

        var arguments = new List<string>();
        if (Chance(0.5))
        {
            arguments.Add("Precision = " + (Chance(0.85) ? "Precision." + Pick("Single", "Double") : Chance(0.7) ? $"(Precision){Below(5) - 1}" : Pick("1", C("Two"))));
        }

        if (Chance(0.2))
        {
            arguments.Add("Loss = " + (Chance(0.7) ? "Loss." + Pick("SumSquaredError", "CrossEntropy", "BinaryCrossEntropy") : $"(Loss){Below(5) - 1}"));
        }

        if (Chance(0.2))
        {
            arguments.Add("Name = " + Pick("\"net\"", "null", "\"\"", "\"with \\\"quote\\\" and \\\\ \\n\"", C("X"), "42"));
        }

        if (Chance(0.15))
        {
            arguments.Add("TimeSteps = " + Pick("3", "1", "5", "0", "-2", "2000"));
        }

        if (Chance(0.05))
        {
            arguments.Add("Outputs = " + Pick("SequenceOutputs.LastStep", "SequenceOutputs.EveryStep", "(SequenceOutputs)5"));
        }

        if (Chance(0.05))
        {
            arguments.Add(Pick("Foo = 1", "1", "Precision"));
        }

        return arguments.Count == 0 ? "Network()" : "Network(" + string.Join(", ", arguments) + ")";
    }

    /// <summary>Sometimes breaks an attribute's argument list: too few, too many, named out of order, unparsable.</summary>
    private string Mangle(string attribute, string name)
    {
        if (!Chance(0.08))
        {
            return attribute;
        }

        int open = attribute.IndexOf('(');
        string inner = attribute.Substring(open + 1, attribute.Length - open - 2);
        string[] parts = inner.Split(", ");
        return Below(6) switch
        {
            0 => name + "(" + parts[0] + ")",
            1 => name + "(" + inner + ", 3)",
            2 => name + "(size: " + parts[1] + ", name: " + parts[0] + (parts.Length > 2 ? ", activation: " + parts[2] : "") + ")",
            3 => name + "(" + inner.Replace(", ", ", ,"),
            4 => name,
            _ => name + "(" + parts[0] + ", " + Pick("\"2\"", "2.5", C("Three"), "null", "true") + (parts.Length > 2 ? ", " + string.Join(", ", parts.Skip(2)) : "") + ")",
        };
    }

    private string From(List<string> inputs, List<string> layers, int index)
    {
        if (Chance(0.05))
        {
            return Pick("new string[0]", "null", "\"x\"", "new[] { (string)null! }", "[]");
        }

        // Inputs and earlier layers mostly; sometimes a later layer, the layer itself, or an unknown name.
        var pool = new List<string>(inputs);
        pool.AddRange(layers.Take(index));
        int count = 1 + Below(3);
        var chosen = new List<string>();
        for (int n = 0; n < count; n++)
        {
            chosen.Add(Chance(0.9) && pool.Count > 0 ? Pick(pool.ToArray()) : Chance(0.5) ? Pick(layers.ToArray()) : Pick("nope", "X", ""));
        }

        string items = string.Join(", ", chosen.Distinct().Select(Literal));
        if (Chance(0.05))
        {
            items += ", " + Literal(chosen[0]);
        }

        return Below(3) switch
        {
            0 => "new[] { " + items + " }",
            1 => "new string[] { " + items + " }",
            _ => "[" + items + "]",
        };
    }

    private string ActivationArgument()
    {
        double roll = NextDouble();
        return roll switch
        {
            < 0.88 => "Activation." + Pick(Activations),
            < 0.95 => $"(Activation){Below(9) - 2}",
            < 0.97 => "0",
            _ => Pick("1", "\"Sigmoid\"", C("Three"), "Activation.Maxout"),
        };
    }

    /// <summary>A member of this declaration's constants class: Two and X are const, Three is not.</summary>
    private string C(string member) => $"C{_k}.{member}";

    private string Size() => NextDouble() switch
    {
        < 0.84 => (1 + Below(4)).ToString(CultureInfo.InvariantCulture),
        < 0.86 => C("Two"),
        _ => Pick(HugeSizes),
    };

    private string Name(string usual) => NextDouble() switch
    {
        < 0.76 => usual,
        < 0.86 => Pick(ValidNames),
        < 0.96 => Pick(InvalidNames),
        _ => null!,
    };

    private static string Literal(string? name) => name is null ? "null" : "\"" + name.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private int Weighted(params double[] weights)
    {
        double roll = NextDouble();
        for (int index = 0; index < weights.Length; index++)
        {
            roll -= weights[index];
            if (roll < 0)
            {
                return index;
            }
        }

        return weights.Length - 1;
    }

    private T Pick<T>(params T[] items) => items[Below(items.Length)];

    private bool Chance(double probability) => NextDouble() < probability;

    private int Below(int bound) => bound <= 0 ? 0 : (int)(SeededUniform.Next(ref _state) % (ulong)bound);

    private double NextDouble() => SeededUniform.NextDouble(ref _state);
}
