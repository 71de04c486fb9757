using BackpropGen;

namespace FamilyTrees;

/// <summary>A network trained on one split: its outputs, its person-encoding weights and how long it trained.</summary>
/// <param name="Forward">The trained network: 36 inputs to 24 outputs, one per person.</param>
/// <param name="PersonCodeWeight">The weight from person unit i to person-encoding unit j, as (j, i) → w_ji.</param>
/// <param name="Sweeps">How many sweeps through the training cases it trained for.</param>
/// <param name="Network">The network itself, when it is a <see cref="FamilyTreesNet"/> (for the plateau diagnosis).</param>
public sealed record Trained(Func<double[], double[]> Forward, Func<int, int, double> PersonCodeWeight, int Sweeps, FamilyTreesNet? Network = null)
{
    /// <summary>The network's output for a case.</summary>
    public double[] Output(KinshipCase c) => Forward(Kinship.Input(c));

    /// <summary>Wraps a network's <see cref="INetwork{T}.Forward"/>.</summary>
    public static Func<double[], double[]> Of(INetwork<double> net) => x =>
    {
        var y = new double[net.OutputLength];
        net.Forward(x, y);
        return y;
    };
}

/// <summary>A way of training the family-trees network: a row of the study's table.</summary>
/// <param name="Name">A short name for the table.</param>
public abstract record Configuration(string Name)
{
    /// <summary>What the configuration is, in a line or two.</summary>
    public abstract string Describe();

    /// <summary>When an answer counts as right for this configuration's outputs.</summary>
    public abstract AnswerRule Rule { get; }

    /// <summary>Trains a fresh network on <paramref name="training"/>, its initial weights drawn from <paramref name="seed"/>.</summary>
    public abstract Trained Train(DataSet<double> training, ulong seed);
}

/// <summary>
/// The paper's procedure: sigmoid units, squared error, batch sweeps, Δw(t) = −ε ∂E/∂w + α Δw(t−1) and then
/// w ← (1 − λ) w, with a warm-up of ε and α, optionally an error margin; on the paper's network
/// (<see cref="FamilyTreesNet"/>).
/// </summary>
/// <param name="Name">A short name for the table.</param>
/// <param name="InitialRange">Initial weights are uniform in ±this.</param>
/// <param name="WarmupSweeps">For this many sweeps, ε = <paramref name="WarmupEpsilon"/> and α = <paramref name="WarmupAlpha"/>.</param>
/// <param name="WarmupEpsilon">ε during the warm-up.</param>
/// <param name="WarmupAlpha">α during the warm-up.</param>
/// <param name="Epsilon">ε afterwards.</param>
/// <param name="Alpha">α afterwards.</param>
/// <param name="WeightDecay">λ: after each weight change, w ← w − λ w (biases too).</param>
/// <param name="Margin">The error margin trained with, or null for none.</param>
/// <param name="Sweeps">How many sweeps.</param>
/// <param name="Mode">Batch sweeps (the paper's: one weight change per sweep) or online (a change after every case).</param>
/// <param name="Wide">Whether to train the wider network (<see cref="FamilyTreesWideNet"/>) instead of the paper's.</param>
/// <param name="Tied">Whether the person codes at the input and the output are one set of weights (<see cref="TiedCodes"/>).</param>
/// <param name="CodeNoise">
/// σ of Gaussian noise added, for each sweep, to the weights from the person units to the person-encoding units (the input
/// copy only when tied), and taken off again after the sweep (<see cref="FamilyTrees.CodeNoise"/>); 0 for none.
/// </param>
public sealed record PaperProcedure(string Name, double InitialRange, int WarmupSweeps, double WarmupEpsilon, double WarmupAlpha,
    double Epsilon, double Alpha, double WeightDecay, ErrorMargin? Margin, int Sweeps, TrainingMode Mode = TrainingMode.Batch,
    bool Wide = false, bool Tied = false, double CodeNoise = 0) : Configuration(Name)
{
    /// <summary>
    /// The paper's schedule as transcribed: ε = 0.005, α = 0.5 for the first 20 sweeps, then ε = 0.01, α = 0.9; weights
    /// decay by 0.2 % after each change; no error beyond 0.8 / 0.2; 1,500 sweeps. The paper gives no initial range for
    /// this network; ±0.3 is the range it gives for the symmetry network.
    /// </summary>
    public static PaperProcedure Transcribed { get; } = new("1. paper, as transcribed", 0.3, 20, 0.005, 0.5, 0.01, 0.9, 0.002, ErrorMargin.Paper, 1500);

    /// <summary>ε and α per sweep: <see cref="WarmupEpsilon"/> and <see cref="WarmupAlpha"/> for the first <see cref="WarmupSweeps"/> sweeps, then <see cref="Epsilon"/> and <see cref="Alpha"/>.</summary>
    public Schedule Schedule =>
        BackpropGen.Schedule.Constant(WarmupEpsilon, momentum: WarmupAlpha).Then(after: WarmupSweeps, BackpropGen.Schedule.Constant(Epsilon, momentum: Alpha));

    /// <inheritdoc/>
    public override AnswerRule Rule => AnswerRule.Half;

    /// <inheritdoc/>
    public override string Describe() =>
        $"{(Wide ? "the wider network (person codes 12, central 24, answer codes 12); " : "")}{(Tied ? "person codes tied (the input's person → code weights are the output's code → person weights); " : "")}sigmoid units, squared error, {(Mode == TrainingMode.Batch ? "batch sweeps" : "online (a change after every case)")}; weights ±{InitialRange}; ε {WarmupEpsilon}, α {WarmupAlpha} for {WarmupSweeps} sweeps, " +
        $"then ε {Epsilon}, α {Alpha}; decay {WeightDecay * 100:0.###} % per change; " +
        $"{(Margin is null ? "no error margin" : $"no error beyond {Margin.On} / {Margin.Off}")}; " +
        $"{(CodeNoise > 0 ? $"noise σ {CodeNoise} on the person → code weights during each sweep; " : "")}{Sweeps:N0} sweeps";

    /// <inheritdoc/>
    public override Trained Train(DataSet<double> training, ulong seed)
    {
        if (Wide)
        {
            var wide = new FamilyTreesWideNet();
            return new Trained(Trained.Of(wide), (j, i) => wide.PersonCodeWeight(j, i), Fit(wide, training, seed));
        }

        var net = new FamilyTreesNet();
        return new Trained(Trained.Of(net), (j, i) => net.PersonCodeWeight(j, i), Fit(net, training, seed), net);
    }

    /// <summary>Initializes <paramref name="net"/> from <paramref name="seed"/> and trains it; returns the sweeps it took.</summary>
    private int Fit(INetwork<double> net, DataSet<double> training, ulong seed)
    {
        net.WeightDecay = WeightDecay;
        net.Initialize(seed, InitialRange);
        (int PersonCode, int Answer)[]? pairs = null;
        if (Tied)
        {
            pairs = TiedCodes.Pairs(net);
            TiedCodes.Equalize(net.Parameters, pairs);
            net.Optimizer = new TiedMomentumOptimizer(pairs, WarmupEpsilon, WarmupAlpha, WeightDecay);
        }

        var options = new TrainingOptions<double>
        {
            MaxSweeps = Sweeps,
            Mode = Mode,
            ErrorMargin = Margin,
            Schedule = Schedule,
        };
        if (CodeNoise > 0)
        {
            var noise = new CodeNoise(net, CodeNoise, seed, pairs);
            options.BeforeSweep = (_, n) => noise.Add(n.Parameters);
            options.StopWhen = (_, n) =>
            {
                noise.Remove(n.Parameters);
                return false;
            };
        }

        return NetworkTrainer.Train(net, training, options).Sweeps;
    }
}
