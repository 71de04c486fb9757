namespace BackpropGen.Generator;

// The fix for each diagnostic, shown by an IDE as the descriptor's description (no link needed): the first paragraph
// of the "Fix" section of its page in docs/diagnostics, which DiagnosticTests keeps in step.
internal static partial class DiagnosticDescriptors
{
    /// <summary>How to fix diagnostic <paramref name="id"/>, from its docs page.</summary>
    internal static string FixFor(string id) => id switch
    {
        "BPG001" => "Add partial to every declaration of the class.",
        "BPG002" => "Declare the containing type (and any type around it) partial.",
        "BPG003" => "Remove the type parameters; pick the element type with Precision.",
        "BPG004" => "Give every input group and layer between 1 and 1,000,000 units.",
        "BPG005" => "Use Activation.Sigmoid, Activation.Tanh, Activation.ReLU, Activation.Identity or (on the output layer, with Loss.CrossEntropy) Activation.Softmax.",
        "BPG006" => "Use Precision.Single (float, the default) or Precision.Double (double).",
        "BPG007" => "Use Loss.SumSquaredError (or leave Loss unset), Loss.CrossEntropy or Loss.BinaryCrossEntropy.",
        "BPG008" => "Declare at least one input group; several are concatenated in declaration order.",
        "BPG009" => "Declare at least one layer; the last one is the output.",
        "BPG010" => "Read only inputs and earlier layers; to feed a layer from another, declare the source first.",
        "BPG011" => "Give every input group and layer its own name.",
        "BPG012" => "Use a name such as x, hidden2 or person_code.",
        "BPG013" => "Rename the member (or the class, or the layer whose accessor it matches).",
        "BPG014" => "Pass literals or const values: [Input(string name, int size)], [Dense(string name, int size, Activation activation)] with Bias = bool and From = string[], [Network] with Precision, Loss and Name.",
        "BPG015" => "Make the network smaller, or, if the size is what you want, suppress the warning where the network is declared.",
        "BPG016" => "Read it from a layer, or remove it.",
        "BPG017" => "Remove static.",
        "BPG018" => "List each source once.",
        "BPG019" => "Keep one [Network], with all its settings.",
        "BPG020" => "Add [Network] to the class, or remove the attributes.",
        "BPG021" => "Put every [Input] and [Dense] on the declaration that carries [Network].",
        "BPG022" => "Use internal (or any other accessibility) instead of file.",
        "BPG023" => "Stay under 100,000,000 parameters in all, and under 200,000 parameters and 16,000 units in unrolled layers (layers of at most 4,096 weights); to bake a large network, keep it trainable and Load its .bpgw file instead.",
        "BPG024" => "List the inputs and earlier layers to read, or leave From unset to read the layer declared before (the inputs, for the first layer).",
        "BPG025" => "Derive from a class without [Network] (for shared helpers), or hold the other network in a field.",
        "BPG026" => "Use a name on one line.",
        "BPG027" => "Give the hidden layer a unit-wise activation; keep softmax on the output layer.",
        "BPG028" => "Make the output layer softmax (targets are then probabilities: one-hot, or ½, ½ for a case with two answers).",
        "BPG029" => "Use sigmoid output units.",
        "BPG030" => "Declare cross-entropy.",
        "BPG100" => "Add the file to the project: <ItemGroup><AdditionalFiles Include=\"xor.bpgw\" /></ItemGroup>. The attribute's path is matched against the end of the file's path (\"xor.bpgw\", or \"weights/xor.bpgw\" for a file in a weights folder). A project that references BackpropGen by project reference, not by package, must also import build/BackpropGen.targets (see the README), which hands the file to the generator.",
        "BPG101" => "Give enough of the path to pick one: [BakedWeights(\"b/xor.bpgw\")].",
        "BPG102" => "Save the file again from the trained network (net.Save(\"xor.bpgw\"), or dotnet run --project samples/Xor -- --save xor.bpgw). If the message says the file reached the generator as text, import build/BackpropGen.targets (project references) or reference the BackpropGen package, which imports it.",
        "BPG103" => "Declare the precision the network was trained in: [Network(Precision = Precision.Double)].",
        "BPG104" => "[Network(Name = \"XorNet\")] on the baked class, or bake the right file.",
        "BPG105" => "Copy the [Input] and [Dense] attributes of the trained network exactly.",
        "BPG106" => "Save the file with BackpropGen from the trained network.",
        "BPG107" => "Pass the file name: [BakedWeights(\"xor.bpgw\")].",
        "BPG108" => "Retrain (a smaller learning rate; NetworkTrainer stops with TrainingDivergedException when it sees NaN) and save again. Suppress with #pragma warning disable BPG108 or <NoWarn>BPG108</NoWarn> if it is intended.",
        _ => "See docs/diagnostics/" + id + ".md in the BackpropGen package.",
    };
}
