using FamilyTrees;

namespace BackpropGen.Tests;

/// <summary>The family-trees study of samples/FamilyTrees: its splits, its right-answer rule, and a short run of it.</summary>
public class FamilyTreesStudyTests
{
    private static readonly IReadOnlyList<KinshipCase> Cases = Kinship.Cases();

    [Fact]
    public void SplitsAreSeeded()
    {
        Assert.Equal(Splits.Generate(50, 104, 4, 7), Splits.Generate(50, 104, 4, 7));
        Assert.NotEqual(Splits.Generate(50, 104, 4, 7), Splits.Generate(50, 104, 4, 8));
        Assert.Equal(Study.Splits(50), Splits.Generate(50, 104, 4, Study.SplitSeed));

        // More splits extend fewer: the first 10 of 50 are the 10.
        Assert.Equal(Study.Splits(10), Study.Splits(50).Take(10));
    }

    [Theory]
    [InlineData(50, 104, 4, 1986UL)]
    [InlineData(50, 104, 4, 1UL)]
    [InlineData(200, 104, 4, 2UL)]
    [InlineData(37, 10, 3, 3UL)]     // 10 cases do not divide into groups of 3: groups straddle permutations
    [InlineData(20, 5, 4, 4UL)]
    public void EachSplitHoldsOutDistinctCasesAndEveryCaseIsHeldOutEquallyOftenWithinTwo(int count, int caseCount, int heldOut, ulong seed)
    {
        int[][] splits = Splits.Generate(count, caseCount, heldOut, seed);
        Assert.Equal(count, splits.Length);
        var times = new int[caseCount];
        foreach (int[] split in splits)
        {
            Assert.Equal(heldOut, split.Length);
            Assert.Equal(heldOut, split.Distinct().Count());
            Assert.All(split, i => Assert.InRange(i, 0, caseCount - 1));
            foreach (int i in split)
            {
                times[i]++;
            }
        }

        Assert.True(times.Max() - times.Min() <= 2, $"held out between {times.Min()} and {times.Max()} times");
        double mean = count * heldOut / (double)caseCount;
        Assert.All(times, t => Assert.InRange(t, mean - 2, mean + 2));
    }

    [Fact]
    public void TheStudysFiftySplitsHoldOutEveryCaseOnceOrTwice()
    {
        int[] times = new int[Cases.Count];
        foreach (int i in Study.Splits(50).SelectMany(s => s))
        {
            times[i]++;
        }

        Assert.Equal(new[] { 1, 2 }, times.Distinct().Order());
    }

    [Fact]
    public void BadSplitRequestsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Generate(0, 104, 4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Generate(5, 104, 104, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Splits.Generate(5, 104, 0, 1));
    }

    [Theory]
    [InlineData("Colin", Relationship.Father, new[] { "James" }, true)]
    [InlineData("Colin", Relationship.Father, new[] { "James", "Arthur" }, false)]       // another unit on as well
    [InlineData("Colin", Relationship.Father, new string[0], false)]                       // nothing on
    [InlineData("Colin", Relationship.Aunt, new[] { "Margaret", "Jennifer" }, true)]      // both answers on, the other 22 off
    [InlineData("Colin", Relationship.Aunt, new[] { "Margaret" }, false)]                 // only one of two answers
    [InlineData("Colin", Relationship.Aunt, new[] { "Jennifer" }, false)]
    [InlineData("Colin", Relationship.Aunt, new[] { "Margaret", "Jennifer", "Victoria" }, false)]
    [InlineData("Sophia", Relationship.Uncle, new[] { "Emilio", "Tomaso" }, true)]
    [InlineData("Sophia", Relationship.Uncle, new[] { "Arthur", "Charles" }, false)]      // the English uncles
    public void TheRightAnswerRuleNeedsEveryAnswerOnAndEveryoneElseOff(string person, Relationship relationship, string[] on, bool right)
    {
        KinshipCase c = Case(person, relationship);
        double[] output = Enumerable.Repeat(0.1, 24).ToArray();
        foreach (string name in on)
        {
            output[Kinship.Person(name).Unit] = 0.9;
        }

        Assert.Equal(right, AnswerRule.Half.IsRight(output, c));
        Assert.Equal(right, AnswerRule.Margin.IsRight(output, c));
    }

    [Fact]
    public void TheThresholdsAreStrict()
    {
        KinshipCase c = Case("Colin", Relationship.Father);
        double[] output = new double[24];
        output[Kinship.Person("James").Unit] = 0.5;
        Assert.False(AnswerRule.Half.IsRight(output, c));               // 0.5 is not on
        output[Kinship.Person("James").Unit] = 0.51;
        Assert.True(AnswerRule.Half.IsRight(output, c));
        output[Kinship.Person("Arthur").Unit] = 0.5;
        Assert.False(AnswerRule.Half.IsRight(output, c));               // 0.5 is not off
        output[Kinship.Person("Arthur").Unit] = 0.3;
        Assert.True(AnswerRule.Half.IsRight(output, c));
        Assert.False(AnswerRule.Margin.IsRight(output, c));             // 0.51 is not above 0.8, 0.3 not below 0.2
    }

    [Fact]
    public void TheSoftmaxRuleCountsATwoAnswerCaseRightWhenBothAnswersShareTheProbability()
    {
        KinshipCase aunts = Case("Charlotte", Relationship.Aunt);
        double[] p = Enumerable.Repeat(0.1 / 22, 24).ToArray();
        p[Kinship.Person("Margaret").Unit] = 0.45;
        p[Kinship.Person("Jennifer").Unit] = 0.45;
        Assert.True(AnswerRule.SoftmaxQuarter.IsRight(p, aunts));
        Assert.False(AnswerRule.Half.IsRight(p, aunts));

        p[Kinship.Person("Margaret").Unit] = 0.75;
        p[Kinship.Person("Jennifer").Unit] = 0.15;
        Assert.False(AnswerRule.SoftmaxQuarter.IsRight(p, aunts));       // Jennifer below ¼ of the probability
    }

    [Fact]
    public void TheRuleRejectsAnOutputOfTheWrongLength() =>
        Assert.Throws<ArgumentException>(() => AnswerRule.Half.IsRight(new double[23], Case("Colin", Relationship.Father)));

    [Fact]
    public void AShortStudyReproducesThePlateauAndTheFaithfulVariantLearns()
    {
        // Two splits, the sample's own configurations 1 and 2, as the sample runs them.
        int[][] splits = Study.Splits(2);
        Configuration[] configurations = { PaperProcedure.Transcribed, Configurations.Faithful };
        ConfigurationResult[] results = Study.Run(configurations, splits);

        // Row 1 never leaves the plateau: no training case right.
        Assert.All(results[0].Splits, s => Assert.Equal(0, s.TrainingRight));
        Assert.All(results[0].Splits, s => Assert.Equal(1500, s.Sweeps));

        // Row 2 learns nearly every training case.
        Assert.All(results[1].Splits, s => Assert.InRange(s.TrainingRight, 95, 100));
        Assert.All(results[1].Splits, s => Assert.Equal(splits[s.Split].Select(i => Cases[i].ToString()), s.HeldOut.Select(c => c.ToString())));

        // The result does not depend on how the runs were scheduled over the cores.
        ConfigurationResult[] again = Study.Run(configurations, splits, parallelism: 1);
        for (int c = 0; c < configurations.Length; c++)
        {
            for (int s = 0; s < splits.Length; s++)
            {
                Assert.Equal(results[c].Splits[s].HeldOutRight, again[c].Splits[s].HeldOutRight);
                Assert.Equal(results[c].Splits[s].TrainingRight, again[c].Splits[s].TrainingRight);
            }
        }
    }

    [Fact]
    public void TheCommandLineTakesASplitCountAndTheAblationSwitch()
    {
        Assert.Equal(new Arguments(50, false), Arguments.Parse(Array.Empty<string>(), 50));
        Assert.Equal(new Arguments(200, false), Arguments.Parse(new[] { "--splits", "200" }, 50));
        Assert.Equal(new Arguments(10, true), Arguments.Parse(new[] { "--ablation" }, 10));
        Assert.Equal(new Arguments(20, false, true), Arguments.Parse(new[] { "--tune", "--splits", "20" }, 10));
        Assert.Throws<ArgumentException>(() => Arguments.Parse(new[] { "--tune", "--ablation" }, 10));
        Assert.Contains("\"0\"", Assert.Throws<ArgumentException>(() => Arguments.Parse(new[] { "--splits", "0" }, 50)).Message);
        Assert.Contains("\"-5\"", Assert.Throws<ArgumentException>(() => Arguments.Parse(new[] { "--splits", "-5" }, 50)).Message);
        Assert.Contains("\"--seeds\"", Assert.Throws<ArgumentException>(() => Arguments.Parse(new[] { "--seeds", "5" }, 50)).Message);
    }

    [Fact]
    public void TheCommandLinePicksRowsOfTheTable()
    {
        Assert.Equal(new[] { 2, 5 }, Arguments.Parse(new[] { "--splits", "50", "--rows", "2,5" }, 10).Rows);
        Assert.Null(Arguments.Parse(Array.Empty<string>(), 10).Rows);
        Assert.Equal(10, Configurations.All.Length);
        foreach (string bad in new[] { "0", "11", "5,2", "2,2", "2,", "two" })
        {
            Assert.Contains($"\"{bad}\"", Assert.Throws<ArgumentException>(() => Arguments.Parse(new[] { "--rows", bad }, 10)).Message);
        }

        Assert.Throws<ArgumentException>(() => Arguments.Parse(new[] { "--rows", "2", "--tune" }, 10));
    }

    [Fact]
    public void RowFiveIsRowTwoOnTheWiderNetwork()
    {
        PaperProcedure wide = Configurations.FaithfulWide;
        Assert.Equal(Configurations.Faithful with { Name = wide.Name, Wide = true }, wide);

        // A few sweeps on a few cases: it trains the wider net (12 person-code units), from the seed it is given.
        KinshipCase[] few = Cases.Take(20).ToArray();
        var data = DataSet<double>.FromRows(few.Select(Kinship.Input).ToArray(), few.Select(Kinship.Target).ToArray());
        Trained a = (wide with { Sweeps = 30 }).Train(data, 3), b = (wide with { Sweeps = 30 }).Train(data, 3);
        Assert.Equal(30, a.Sweeps);
        Assert.Null(a.Network);
        Assert.Equal(a.Forward(Kinship.Input(Cases[40])), b.Forward(Kinship.Input(Cases[40])));
        Assert.NotEqual(0.0, a.PersonCodeWeight(11, 23));
        Assert.Equal((24 * 12) + 12 + (12 * 6) + 6 + (18 * 24) + 24 + (24 * 12) + 12 + (12 * 24) + 24, FamilyTreesWideNet.ParameterCount);
    }

    [Fact]
    public void TheTuningSplitsAreSeededBalancedAndNeverAReportedSplit()
    {
        int[][] tuning = Study.TuningSplits(50);
        Assert.Equal(50, tuning.Length);
        Assert.Equal(tuning, Study.TuningSplits(50));
        var reported = Study.Splits(50).Select(s => string.Join(",", s)).ToHashSet();
        Assert.All(tuning, s => Assert.DoesNotContain(string.Join(",", s), reported));
        Assert.NotEqual(Study.Splits(50), tuning);
        Assert.All(tuning, s => Assert.Equal(4, s.Distinct().Count()));
    }

    [Fact]
    public void AnEnsembleAnswersWithTheMeanOfItsMembersOutputs()
    {
        Assert.Equal(new[] { 0.25, 0.5 }, Ensemble.Mean(new[] { new[] { 0.0, 1.0 }, new[] { 0.5, 0.0 } }));
        Assert.Throws<ArgumentException>(() => Ensemble.Mean(Array.Empty<double[]>()));
        Assert.Equal(7UL, Ensemble.MemberSeed(7, 0));
        Assert.Equal(5, Enumerable.Range(0, 5).Select(m => Ensemble.MemberSeed(7, m)).Distinct().Count());

        // Trained on a few cases for a few sweeps: the ensemble's output is the mean of its members', each trained from its
        // own seed; an ensemble of one is its member.
        KinshipCase[] few = Cases.Take(20).ToArray();
        var data = DataSet<double>.FromRows(few.Select(Kinship.Input).ToArray(), few.Select(Kinship.Target).ToArray());
        PaperProcedure member = Configurations.Faithful with { Sweeps = 50 };
        double[] x = Kinship.Input(Cases[30]);
        double[] a = member.Train(data, Ensemble.MemberSeed(3, 0)).Forward(x), b = member.Train(data, Ensemble.MemberSeed(3, 1)).Forward(x);
        Assert.NotEqual(a, b);
        Assert.Equal(Ensemble.Mean(new[] { a, b }), new Ensemble("E2", member, 2).Train(data, 3).Forward(x));
        Assert.Equal(a, new Ensemble("E1", member, 1).Train(data, 3).Forward(x));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ensemble("E0", member, 0).Train(data, 3));
    }

    [Fact]
    public void TheFaithfulVariantsScheduleIsTheWarmUpThenTheMainSetting()
    {
        Schedule schedule = Configurations.Faithful.Schedule;
        Assert.Equal((0.005, 0.5), (schedule.LearningRate(1), schedule.Momentum(1)!.Value));
        Assert.Equal((0.005, 0.5), (schedule.LearningRate(20), schedule.Momentum(20)!.Value));
        Assert.Equal((0.05, 0.9), (schedule.LearningRate(21), schedule.Momentum(21)!.Value));
        Assert.Equal((0.05, 0.9), (schedule.LearningRate(6000), schedule.Momentum(6000)!.Value));
    }

    [Fact]
    public void TiedPersonCodesStayOneSetOfWeightsAndWithoutPairsTheRuleIsThePapers()
    {
        var net = new FamilyTreesNet();
        (int PersonCode, int Answer)[] pairs = TiedCodes.Pairs(net);
        Assert.Equal(6 * 24, pairs.Length);
        net.Initialize(5, 1.0);
        net.Parameters[pairs[(2 * 24) + 7].PersonCode] = 0.125;   // w_ji of personCode, j = 2 (unit 3), i = 7 (James)
        TiedCodes.Equalize(net.Parameters, pairs);
        Assert.Equal(0.125, net.PersonCodeWeight(2, 7));
        Assert.Equal(0.125, net.Parameters[pairs[(2 * 24) + 7].Answer]);

        // Trained a few sweeps with the tie: each pair's copies are still bit-for-bit equal, and the net differs from the untied one.
        KinshipCase[] few = Cases.Take(30).ToArray();
        var data = DataSet<double>.FromRows(few.Select(Kinship.Input).ToArray(), few.Select(Kinship.Target).ToArray());
        PaperProcedure faithful = Configurations.Faithful with { Sweeps = 40 };
        FamilyTreesNet tied = (faithful with { Tied = true }).Train(data, 3).Network!;
        Assert.All(TiedCodes.Pairs(tied), p => Assert.Equal(tied.Parameters[p.PersonCode], tied.Parameters[p.Answer]));
        FamilyTreesNet untied = faithful.Train(data, 3).Network!;
        Assert.NotEqual(untied.Parameters.ToArray(), tied.Parameters.ToArray());

        // With no pairs the optimizer is the network's own rule (ε, α, λ and the schedule), bit for bit.
        var plain = new FamilyTreesNet { WeightDecay = faithful.WeightDecay };
        plain.Initialize(3, faithful.InitialRange);
        plain.Optimizer = new TiedMomentumOptimizer(Array.Empty<(int, int)>(), faithful.WarmupEpsilon, faithful.WarmupAlpha, faithful.WeightDecay);
        NetworkTrainer.Train(plain, data, new TrainingOptions<double> { MaxSweeps = 40, ErrorMargin = faithful.Margin, Schedule = faithful.Schedule });
        Assert.Equal(untied.Parameters.ToArray(), plain.Parameters.ToArray());
    }

    [Fact]
    public void CodeNoiseTouchesOnlyThePersonCodeWeightsAndIsTakenOffAfterTheSweep()
    {
        var net = new FamilyTreesWideNet();
        net.Initialize(5, 1.0);
        double[] before = net.Parameters.ToArray();
        LayerLayout code = NetworkLayout.Of(net).Single(l => l.Name == "personCode");
        var noise = new CodeNoise(net, 0.5, 9);

        noise.Add(net.Parameters);
        double[] noisy = net.Parameters.ToArray();
        int[] changed = Enumerable.Range(0, before.Length).Where(k => noisy[k] != before[k]).ToArray();
        Assert.Equal(Enumerable.Range(code.WeightOffset, code.Size * code.FanIn), changed);
        double[] drawn = changed.Select(k => noisy[k] - before[k]).ToArray();
        double sd = Math.Sqrt(drawn.Average(d => d * d));
        Assert.InRange(sd, 0.4, 0.6);   // 288 draws of σ 0.5
        noise.Remove(net.Parameters);
        Assert.All(Enumerable.Range(0, before.Length), k => Assert.Equal(before[k], net.Parameters[k], 1e-15));

        noise.Add(net.Parameters);
        Assert.NotEqual(noisy, net.Parameters.ToArray());   // fresh noise every sweep
        noise.Remove(net.Parameters);
        Assert.Throws<ArgumentOutOfRangeException>(() => new CodeNoise(net, -1, 9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CodeNoise(net, double.NaN, 9));

        // Trained with the noise and the tie: the tied copies are one weight again after every sweep, bit for bit, and the net
        // differs from the one trained without noise.
        KinshipCase[] few = Cases.Take(30).ToArray();
        var data = DataSet<double>.FromRows(few.Select(Kinship.Input).ToArray(), few.Select(Kinship.Target).ToArray());
        PaperProcedure tied = Configurations.TiedWide with { Sweeps = 40 };
        double[] x = Kinship.Input(Cases[40]);
        double[] withNoise = (tied with { CodeNoise = 0.5 }).Train(data, 3).Forward(x);
        double[] without = tied.Train(data, 3).Forward(x);
        Assert.NotEqual(without, withNoise);
        Assert.Equal(without, (tied with { CodeNoise = 0 }).Train(data, 3).Forward(x));
        FamilyTreesNet small = (Configurations.Faithful with { Sweeps = 40, Tied = true, CodeNoise = 0.5 }).Train(data, 3).Network!;
        Assert.All(TiedCodes.Pairs(small), p => Assert.Equal(small.Parameters[p.PersonCode], small.Parameters[p.Answer]));
    }

    [Fact]
    public void RowNineIsRowSevenWithNoiseOnThePersonCodes()
    {
        Assert.Equal(Configurations.TiedWide with { Name = Configurations.NoisyTiedWide.Name, CodeNoise = 1.0 }, Configurations.NoisyTiedWide);
        Assert.Same(Configurations.NoisyTiedWide, Configurations.All[8]);
        Assert.Contains(Configurations.NoisyTiedWide, Configurations.Candidates);
    }

    [Fact]
    public void RowSevenIsRowFiveWithThePersonCodesTied()
    {
        Assert.Equal(Configurations.FaithfulWide with { Name = Configurations.TiedWide.Name, Tied = true }, Configurations.TiedWide);
        Assert.Same(Configurations.TiedWide, Configurations.All[6]);
        Assert.Equal(new Ensemble(Configurations.TiedWideEnsemble.Name, Configurations.TiedWide, 5), Configurations.TiedWideEnsemble);
        Assert.Same(Configurations.TiedWideEnsemble, Configurations.All[7]);
        Assert.Equal(12 * 24, TiedCodes.Pairs(new FamilyTreesWideNet()).Length);
    }

    [Fact]
    public void TheTableCountsSplitsByHowManyHeldOutCasesWereRight()
    {
        KinshipCase[] four = Cases.Take(4).ToArray();
        SplitResult Split(int s, params bool[] right) => new(s, four, right, 100, 100, 1, right);
        var result = new ConfigurationResult(Configurations.Faithful, new[]
        {
            Split(0, true, true, true, true),
            Split(1, false, true, false, true),
            Split(2, true, false, true, true),
            Split(3, false, false, false, false),
            Split(4, true, true, true, true),
        }, null!);
        Assert.Equal(new[] { 1, 0, 1, 1, 2 }, result.SplitsByHeldOutRight);
        Assert.Equal("1·0·1·1·2", result.Distribution);
        Assert.Equal(2, result.SplitsAllRight);
        Assert.Equal(13 / 20.0, result.HeldOutAccuracy);
    }

    [Fact]
    public void TheCommandLineTakesAThreadCount()
    {
        Assert.Null(Arguments.Parse(Array.Empty<string>(), 5).Threads);
        Assert.Equal(1, Arguments.Parse(new[] { "--threads", "1", "--rows", "2" }, 5).Threads);
        Assert.Contains("\"0\"", Assert.Throws<ArgumentException>(() => Arguments.Parse(new[] { "--threads", "0" }, 5)).Message);
    }

    private static KinshipCase Case(string person1, Relationship relationship) =>
        Cases.Single(c => c.Person1.Name == person1 && c.Relationship == relationship);
}
