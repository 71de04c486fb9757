using BackpropGen.Generator.Helpers;

namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// ε, α and λ as properties whose setters refuse NaN, ±∞ and negative values (BackpropGen.Guard.Hyperparameter
        /// throws naming the property and the value), so a bad value is reported where it is set, not as NaN weights later.
        /// </summary>
        private static void EmitHyperparameters(SourceWriter w, Types t)
        {
            EmitHyperparameter(w, t, "LearningRate", "_learningRate", 0.1, "The learning rate ε (0.1 unless set). E sums over the cases, so the step ε ∂E/∂w grows with their number: scale ε by 1 / cases when the data set grows.");
            EmitHyperparameter(w, t, "Momentum", "_momentum", 0, "The momentum α (0 unless set); below 1 for training to converge.");
            EmitHyperparameter(w, t, "WeightDecay", "_weightDecay", 0, "The weight decay λ: after each change, w ← w − λ w (0 unless set).");
        }

        private static void EmitHyperparameter(SourceWriter w, Types t, string name, string field, double initial, string summary)
        {
            w.Line("private " + t.Name + " " + field + (initial == 0 ? "" : " = " + t.Literal(initial)) + ";");
            w.Line();
            w.Line("/// <summary>" + Xml(summary) + "</summary>");
            w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\">The value set is NaN, infinite or negative.</exception>");
            w.Line("public " + t.Name + " " + name);
            w.OpenBrace();
            w.Line("get => " + field + ";");
            w.Line("set => " + field + " = global::BackpropGen.Guard.Hyperparameter<" + t.Name + ">(nameof(" + name + "), value);");
            w.CloseBrace();
            w.Line();
        }
    }
}
