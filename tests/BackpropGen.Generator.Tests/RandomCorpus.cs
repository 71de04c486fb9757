using System.Globalization;
using System.Text;

namespace BackpropGen.Generator.Tests;

/// <summary>
/// The random corpus of networks: sizes 1–8, depth 1–4, every activation, biases on and off, one or two input groups,
/// plain stacks and random DAGs, each declared in double (Random.Net{k}D) and in float (Random.Net{k}F). The gradient
/// check runs over it here; the ONNX export tests (tests/BackpropGen.Onnx.Tests, which link this file) too.
/// </summary>
internal static class RandomCorpus
{
    /// <summary>48 networks with squared error, then 8 with a softmax output layer and cross-entropy, then 8 with sigmoid outputs and binary cross-entropy.</summary>
    public const int NetworkCount = 64;

    public const int FirstCrossEntropy = 48;

    public const int FirstBinaryCrossEntropy = 56;

    public static int Depth(int index) => 1 + (index % 4);

    /// <summary>The random networks, each declared in double and in float.</summary>
    public static string Source()
    {
        var text = new StringBuilder("using BackpropGen;\nnamespace Random;\n");
        string[] activations = { "Sigmoid", "Tanh", "ReLU", "Identity" };
        for (int index = 0; index < NetworkCount; index++)
        {
            ulong state = (ulong)(index * 7919);
            int Next(int max) => (int)(SeededUniform.Next(ref state) % (ulong)max);
            var declarations = new List<string>();
            var names = new List<string>();
            var unread = new HashSet<string>();
            int inputGroups = index % 3 == 2 ? 2 : 1;
            for (int g = 0; g < inputGroups; g++)
            {
                declarations.Add($"[Input(\"in{g}\", {1 + Next(8)})]");
                names.Add("in" + g);
                unread.Add("in" + g);
            }

            int depth = Depth(index);
            bool dag = index % 2 == 1;
            for (int l = 0; l < depth; l++)
            {
                bool last = l == depth - 1;
                string name = "l" + l;
                List<string> from;
                if (dag || inputGroups > 1)
                {
                    // A random non-empty set of earlier units; the output layer also reads whatever is still unread.
                    from = names.Where(_ => Next(2) == 0).ToList();
                    if (from.Count == 0)
                    {
                        from.Add(names[^1]);
                    }

                    if (last)
                    {
                        from = from.Union(unread).ToList();
                    }
                }
                else
                {
                    from = new List<string> { names[^1] };
                }

                from.ForEach(f => unread.Remove(f));
                int size = 1 + Next(8);
                string activation = activations[(index + l) % 4];
                if (last && index >= FirstCrossEntropy)
                {
                    // The output layer a matched loss needs: softmax (of at least two units) or sigmoid.
                    (activation, size) = index < FirstBinaryCrossEntropy ? ("Softmax", Math.Max(2, size)) : ("Sigmoid", size);
                }

                string bias = (index + l) % 3 == 0 ? "false" : "true";
                string sources = string.Join(", ", from.Select(f => $"\"{f}\""));
                declarations.Add($"[Dense(\"{name}\", {size}, Activation.{activation}, Bias = {bias}, From = new[] {{ {sources} }})]");
                names.Add(name);
                unread.Add(name);
            }

            foreach ((string suffix, string precision) in new[] { ("D", "Double"), ("F", "Single") })
            {
                string loss = index >= FirstBinaryCrossEntropy ? ", Loss = Loss.BinaryCrossEntropy" : index >= FirstCrossEntropy ? ", Loss = Loss.CrossEntropy" : "";
                text.Append(CultureInfo.InvariantCulture, $"[Network(Precision = Precision.{precision}, Name = \"Net{index}\"{loss})]\n");
                declarations.ForEach(d => text.Append(d).Append('\n'));
                text.Append(CultureInfo.InvariantCulture, $"public partial class Net{index}{suffix} {{ }}\n\n");
            }
        }

        return text.ToString();
    }
}
