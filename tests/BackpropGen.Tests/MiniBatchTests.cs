namespace BackpropGen.Tests;

/// <summary>Mini-batch epochs, shuffling, Fit, schedules and checkpoints on a small synthetic three-class problem.</summary>
public class MiniBatchTests
{
    /// <summary><paramref name="count"/> cases of 16 inputs: class c = k mod 3 lights inputs i ≡ c (mod 3), plus seeded noise.</summary>
    internal static DataSet<double> Classes(int count, ulong seed = 3, double noise = 0.6)
    {
        var inputs = new double[count * 16];
        var targets = new double[count * 3];
        ulong state = seed;
        for (int k = 0; k < count; k++)
        {
            int c = k % 3;
            for (int i = 0; i < 16; i++)
            {
                inputs[(k * 16) + i] = (i % 3 == c ? 0.8 : 0.0) + (noise * (SeededUniform.NextDouble(ref state) - 0.5));
            }

            targets[(k * 3) + c] = 1;
        }

        return new DataSet<double>(inputs, 16, targets, 3);
    }

    [Fact]
    public void The_same_seed_gives_the_same_order_every_run_and_every_case_once()
    {
        int[] a = new int[100];
        int[] b = new int[100];
        CaseOrder.Shuffle(a, seed: 42, epoch: 3);
        CaseOrder.Shuffle(b, seed: 42, epoch: 3);
        Assert.Equal(a, b);
        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.NotEqual(Enumerable.Range(0, 100), a);

        CaseOrder.Shuffle(b, seed: 42, epoch: 4);
        Assert.NotEqual(a, b);
        CaseOrder.Shuffle(b, seed: 43, epoch: 3);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void The_shuffle_is_the_documented_Fisher_Yates_over_SplitMix64()
    {
        // An independent transcription of CaseOrder's remarks, with BigInteger for the 128-bit product.
        const ulong seed = 2026;
        const int epoch = 7;
        int[] expected = Enumerable.Range(0, 31).ToArray();
        ulong state = seed ^ unchecked((ulong)epoch * 0xD1B54A32D192ED03UL);
        state = SplitMix(ref state);
        for (int i = expected.Length - 1; i > 0; i--)
        {
            var j = (int)((new System.Numerics.BigInteger(SplitMix(ref state)) * (i + 1)) >> 64);
            (expected[i], expected[j]) = (expected[j], expected[i]);
        }

        int[] actual = new int[31];
        CaseOrder.Shuffle(actual, seed, epoch);
        Assert.Equal(expected, actual);

        static ulong SplitMix(ref ulong s)
        {
            s += 0x9E3779B97F4A7C15UL;
            ulong z = s;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(32)]
    [InlineData(1000)]
    public void An_epoch_trains_on_every_case_once(int batchSize)
    {
        // With ε = 0 nothing changes, so the epoch's E (each case's error before its batch's step) is E over the whole
        // set: a case missed or trained twice would change it by that case's error.
        var data = Classes(100);
        var net = new SmallClassifier();
        net.Initialize(5, 0.5);
        net.LearningRate = 0;
        double whole = net.AccumulateBatch(data);
        net.ClearGradients();
        var epoch = new MiniBatchEpoch<double>(data, batchSize);
        double shuffled = epoch.Run(net, 1, seed: 9, shuffle: true, GradientScale.Sum);
        Assert.Equal(whole, shuffled, 1e-10);
        Assert.Equal(Enumerable.Range(0, 100), epoch.Order.ToArray().Order());
        Assert.Equal((100 + Math.Min(batchSize, 100) - 1) / Math.Min(batchSize, 100), epoch.BatchCount);
    }

    [Fact]
    public void One_unshuffled_batch_of_everything_is_the_papers_sweep_bit_for_bit()
    {
        var data = Classes(60);
        var sweep = new SmallClassifier { LearningRate = 0.01, Momentum = 0.9 };
        var epochs = new SmallClassifier { LearningRate = 0.01, Momentum = 0.9 };
        sweep.Initialize(1, 0.3);
        epochs.Initialize(1, 0.3);
        var epoch = new MiniBatchEpoch<double>(data, FitOptions<double>.FullBatch);
        for (int e = 1; e <= 10; e++)
        {
            Assert.Equal(sweep.TrainBatch(data), epoch.Run(epochs, e, 0, shuffle: false, GradientScale.Sum));
        }

        Assert.Equal(sweep.Parameters.ToArray(), epochs.Parameters.ToArray());
    }

    [Fact]
    public void Mean_needs_an_optimizer()
    {
        var net = new SmallClassifier();
        var e = Assert.Throws<ArgumentException>(() => new MiniBatchEpoch<double>(Classes(10), 4).Run(net, 1, 0, true, GradientScale.Mean));
        Assert.Contains("GradientScale.Mean needs an optimizer", e.Message);
    }

    [Fact]
    public void Mini_batch_steps_and_epochs_allocate_nothing()
    {
        // float on the SIMD path (8 or 16 lanes), batches of 32 and a last batch of 4 (100 = 3·32 + 4).
        var data32 = Classes(100);
        var data = new DataSet<float>(data32.Inputs.ToArray().Select(v => (float)v).ToArray(), 16, data32.Targets.ToArray().Select(v => (float)v).ToArray(), 3);
        var net = new SmallClassifierSingle { Optimizer = new AdamOptimizer<float>(0.01f) };
        net.Initialize(2, 0.3f);
        var epoch = new MiniBatchEpoch<float>(data, 32);
        epoch.Run(net, 1, 5, true, GradientScale.Mean);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int e = 2; e <= 50; e++)
        {
            epoch.Run(net, e, 5, true, GradientScale.Mean);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // Fit: what each epoch allocates, seen from its progress reports (which run on this thread).
        var bytes = new List<long>(64);
        var progress = new Reporter(_ => bytes.Add(GC.GetAllocatedBytesForCurrentThread()));
        var (train, validation) = DataSplit.Stratified(data, 0.2, 1);
        NetworkTrainer.Fit(net, train, new FitOptions<float> { Epochs = 30, BatchSize = 32, GradientScale = GradientScale.Mean, Patience = 1000 }, validation, progress);
        Assert.Equal(30, bytes.Count);
        Assert.Equal(0, bytes[^1] - bytes[1]);
    }

    [Fact]
    public void Mini_batches_with_the_error_margin_on_the_SIMD_path_are_the_case_by_case_margin_rule()
    {
        // Batches of 8 in data-set order; the reference runs each batch case by case on the scalar path: forward with
        // the batch's starting weights, targets within the 0.8/0.2 margin replaced by the outputs, gradient, one step.
        // Noisy enough that some units stay outside their margins for the whole run.
        var data = Classes(60, noise: 2.5);
        var simd = new SmallClassifier { LearningRate = 0.05, Momentum = 0.9, VectorizeAcrossPatterns = true };
        var reference = new SmallClassifier { LearningRate = 0.05, Momentum = 0.9, VectorizeAcrossPatterns = false };
        var plain = new SmallClassifier { LearningRate = 0.05, Momentum = 0.9 };
        simd.Initialize(6, 0.5);
        reference.Initialize(6, 0.5);
        plain.Initialize(6, 0.5);
        var epoch = new MiniBatchEpoch<double>(data, 8);
        var plainEpoch = new MiniBatchEpoch<double>(data, 8);
        var output = new double[3];
        var target = new double[3];
        for (int e = 1; e <= 10; e++)
        {
            double expected = 0;
            for (int start = 0; start < data.Count; start += 8)
            {
                int end = Math.Min(start + 8, data.Count);
                for (int c = start; c < end; c++)
                {
                    reference.Forward(data.Input(c), output);
                    ErrorMargin.Paper.AdjustTargets<double>(output, data.Target(c), target);
                    expected += reference.AccumulateGradient(data.Input(c), target);
                }

                reference.ApplyUpdate();
            }

            double error = epoch.Run(simd, e, 0, shuffle: false, GradientScale.Sum, ErrorMargin.Paper);
            Assert.True(expected > 0.05, $"epoch {e}: E = {expected}, the margin left too little to compare");
            Assert.Equal(expected, error, expected * 1e-12);
            plainEpoch.Run(plain, e, 0, shuffle: false, GradientScale.Sum);
        }

        for (int k = 0; k < simd.Parameters.Length; k++)
        {
            Assert.Equal(reference.Parameters[k], simd.Parameters[k], 1e-10);
        }

        // The margin changed the run (else this test could not fail), and an epoch with it allocates nothing.
        Assert.NotEqual(plain.Parameters.ToArray(), simd.Parameters.ToArray());
        long before = GC.GetAllocatedBytesForCurrentThread();
        epoch.Run(simd, 11, 0, shuffle: true, GradientScale.Sum, ErrorMargin.Paper);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Fit_passes_its_error_margin_to_the_batches_and_measures_validation_without_it()
    {
        var data = Classes(90);
        var (train, validation) = DataSplit.Stratified(data, 0.2, 2);
        var withMargin = new SmallClassifier { LearningRate = 0.05, Momentum = 0.9 };
        var byHand = new SmallClassifier { LearningRate = 0.05, Momentum = 0.9 };
        withMargin.Initialize(3, 0.5);
        byHand.Initialize(3, 0.5);
        var result = NetworkTrainer.Fit(withMargin, train, new FitOptions<double> { Epochs = 3, BatchSize = 16, ErrorMargin = ErrorMargin.Paper, Seed = 4, RestoreBest = false }, validation);
        var epoch = new MiniBatchEpoch<double>(train, 16);
        for (int e = 1; e <= 3; e++)
        {
            Assert.Equal(epoch.Run(byHand, e, 4, shuffle: true, GradientScale.Sum, ErrorMargin.Paper), result.History[e - 1].TrainingError);
        }

        Assert.Equal(byHand.Parameters.ToArray(), withMargin.Parameters.ToArray());

        // The validation error (measured in blocks) is the plain E summed case by case, without the margin.
        double validationError = 0;
        for (int c = 0; c < validation.Count; c++)
        {
            validationError += byHand.AccumulateGradient(validation.Input(c), validation.Target(c));
        }

        Assert.Equal(validationError, result.History[^1].ValidationError, validationError * 1e-12);
    }

    [Fact]
    public void Fit_learns_stops_early_restores_the_best_and_reports_every_epoch()
    {
        // Noisy enough that the validation error turns up once the net starts to learn the noise.
        var data = Classes(120, noise: 2.5);
        var net = new SmallClassifier();
        net.Initialize(4, 0.3);
        var reports = new List<EpochMetrics>();
        var result = NetworkTrainer.Fit(net, data, new FitOptions<double>
        {
            Epochs = 400,
            BatchSize = 16,
            Optimizer = new AdamOptimizer<double>(0.05),
            Schedule = Schedule.Cosine(0.05, 400),
            ValidationFraction = 0.2,
            Patience = 10,
            Seed = 1,
        }, progress: new Reporter(reports.Add));

        Assert.Equal(TrainingStopReason.EarlyStopping, result.StopReason);
        Assert.True(result.LastEpoch < 400);
        Assert.Equal(result.LastEpoch - 10, result.BestEpoch);
        Assert.True(result.RestoredBest);
        Assert.Equal(result.History, reports);
        EpochMetrics best = result.History[result.BestEpoch - 1];
        Assert.Equal(result.History.Min(m => m.ValidationError), best.ValidationError);
        Assert.True(best.ValidationAccuracy > 0.5, $"validation accuracy {best.ValidationAccuracy}");
        Assert.True(result.History[0].LearningRate > result.History[^1].LearningRate);
    }

    [Fact]
    public void Fit_classifies_validation_cases_through_the_generated_ForwardBatch()
    {
        // The generated ForwardBatch (SIMD across patterns) is INetwork's: Fit and Evaluation reach it through the
        // interface, not the default that loops over Forward.
        foreach (Type type in new[] { typeof(SmallClassifier), typeof(SmallClassifierSingle) })
        {
            Type network = type.GetInterfaces().Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(INetwork<>));
            var map = type.GetInterfaceMap(network);
            int at = Array.FindIndex(map.InterfaceMethods, m => m.Name == nameof(INetwork<double>.ForwardBatch));
            Assert.Equal(type, map.TargetMethods[at].DeclaringType);
        }

        // Its classes are the ones Forward gives case by case, and Fit reports that accuracy.
        var data = Classes(90);
        var (train, validation) = DataSplit.Stratified(data, 0.3, 5);
        var net = new SmallClassifier { Optimizer = new AdamOptimizer<double>(0.01) };
        net.Initialize(6, 0.3);
        var result = NetworkTrainer.Fit(net, train, new FitOptions<double> { Epochs = 5, BatchSize = 8, RestoreBest = false }, validation);
        var output = new double[3];
        int right = 0;
        for (int c = 0; c < validation.Count; c++)
        {
            net.Forward(validation.Input(c), output);
            right += Evaluation.ClassOf<double>(output) == Evaluation.ClassOf(validation.Target(c)) ? 1 : 0;
        }

        Assert.Equal((double)right / validation.Count, result.History[^1].ValidationAccuracy);
        Assert.Equal((double)right / validation.Count, Evaluation.Accuracy(net, validation));
    }

    [Fact]
    public void Fit_stops_between_epochs_when_cancelled()
    {
        var data = Classes(30);
        var net = new SmallClassifier { Optimizer = new AdamOptimizer<double>(0.01) };
        using var cancel = new CancellationTokenSource();
        var reports = new List<EpochMetrics>();
        var result = NetworkTrainer.Fit(net, data, new FitOptions<double> { Epochs = 100 }, progress: new Reporter(m =>
        {
            reports.Add(m);
            if (m.Epoch == 3)
            {
                cancel.Cancel();
            }
        }), cancellationToken: cancel.Token);
        Assert.Equal(TrainingStopReason.Cancelled, result.StopReason);
        Assert.Equal(3, result.LastEpoch);
        Assert.Equal(3, reports.Count);
    }

    /// <summary>Reports on the training thread (unlike <see cref="Progress{T}"/>, which posts to the thread pool).</summary>
    private sealed class Reporter(Action<EpochMetrics> report) : IProgress<EpochMetrics>
    {
        public void Report(EpochMetrics value) => report(value);
    }

    [Fact]
    public void Five_epochs_saved_loaded_and_five_more_are_ten_bit_for_bit()
    {
        var data = Classes(90);
        string path = TemporaryCheckpoint();
        try
        {
            FitOptions<double> Options(int epochs, int initial) => new()
            {
                Epochs = epochs,
                InitialEpoch = initial,
                BatchSize = 8,
                Seed = 77,
                GradientScale = GradientScale.Mean,
                Schedule = Schedule.LinearWarmup(2, Schedule.Cosine(0.02, 8)),
                RestoreBest = false,
            };

            var straight = new SmallClassifier { VectorizeAcrossPatterns = false, Optimizer = new AdamOptimizer<double>(0.02) };
            straight.Initialize(8, 0.4);
            NetworkTrainer.Fit(straight, data, Options(10, 0));

            var first = new SmallClassifier { VectorizeAcrossPatterns = false, Optimizer = new AdamOptimizer<double>(0.02) };
            first.Initialize(8, 0.4);
            NetworkTrainer.Fit(first, data, Options(5, 0));
            TrainingCheckpoint.Save(first, path, epoch: 5);

            var resumed = new SmallClassifier { VectorizeAcrossPatterns = false, Optimizer = new AdamOptimizer<double>(0.02) };
            int epoch = TrainingCheckpoint.Load(resumed, path);
            Assert.Equal(5, epoch);
            Assert.Equal(first.Parameters.ToArray(), resumed.Parameters.ToArray());
            Assert.Equal(first.Optimizer!.StepCount, resumed.Optimizer!.StepCount);
            NetworkTrainer.Fit(resumed, data, Options(10, epoch));

            Assert.Equal(straight.Parameters.ToArray(), resumed.Parameters.ToArray());
            Assert.Equal(((AdamOptimizer<double>)straight.Optimizer).SecondMoment.ToArray(), ((AdamOptimizer<double>)resumed.Optimizer).SecondMoment.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_papers_rule_without_an_optimizer_checkpoints_its_previous_deltas()
    {
        var data = Classes(30);
        string path = TemporaryCheckpoint();
        try
        {
            var net = new SmallClassifier { LearningRate = 0.01, Momentum = 0.9 };
            net.Initialize(3, 0.3);
            net.TrainBatch(data);
            TrainingCheckpoint.Save(net, path, 1);
            var copy = new SmallClassifier { LearningRate = 0.01, Momentum = 0.9 };
            Assert.Equal(1, TrainingCheckpoint.Load(copy, path));
            Assert.Equal(net.PreviousDeltas.ToArray(), copy.PreviousDeltas.ToArray());
            Assert.Equal(net.TrainBatch(data), copy.TrainBatch(data));
            Assert.Equal(net.Parameters.ToArray(), copy.Parameters.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Damaged_or_mismatched_checkpoints_are_refused_and_change_nothing()
    {
        var data = Classes(30);
        string path = TemporaryCheckpoint();
        try
        {
            var saved = new SmallClassifier { Optimizer = new AdamOptimizer<double>(0.01) };
            saved.Initialize(1, 0.3);
            saved.TrainBatch(data);
            TrainingCheckpoint.Save(saved, path, 1);
            byte[] good = File.ReadAllBytes(path);

            var target = new SmallClassifier { Optimizer = new AdamOptimizer<double>(0.01) };
            target.Initialize(2, 0.3);
            target.TrainBatch(data);
            double[] parameters = target.Parameters.ToArray();
            var adam = (AdamOptimizer<double>)target.Optimizer!;
            double[] moment = adam.FirstMoment.ToArray();

            void Refused(string because, byte[]? bytes = null, SmallClassifier? into = null)
            {
                if (bytes is not null)
                {
                    File.WriteAllBytes(path, bytes);
                }

                var e = Assert.Throws<ParameterFileException>(() => TrainingCheckpoint.Load(into ?? target, path));
                Assert.Contains(because, e.Message);
                Assert.Equal(parameters, target.Parameters.ToArray());
                Assert.Equal(moment, adam.FirstMoment.ToArray());
                Assert.Equal(1, adam.StepCount);
            }

            byte[] flipped = (byte[])good.Clone();
            flipped[good.Length / 2] ^= 0x10;
            Refused("checksum", flipped);
            Refused("checksum", good[..^9]);
            byte[] notOne = (byte[])good.Clone();
            notOne[0] = (byte)'X';
            Refused("not a BackpropGen training checkpoint", notOne);

            File.WriteAllBytes(path, good);
            target.Optimizer = new NesterovOptimizer<double>(0.1, 0.9);
            var e = Assert.Throws<ParameterFileException>(() => TrainingCheckpoint.Load(target, path));
            Assert.Contains("'adam' optimizer; this network's is 'nesterov'", e.Message);
            Assert.Equal(parameters, target.Parameters.ToArray());
            target.Optimizer = adam;

            // Another network (float, same name): refused by the parameter file's checks.
            var other = new SmallClassifierSingle { Optimizer = new AdamOptimizer<float>(0.01f) };
            other.Initialize(3, 0.3f);
            float[] otherParameters = other.Parameters.ToArray();
            var e2 = Assert.Throws<ParameterFileException>(() => TrainingCheckpoint.Load(other, path));
            Assert.Contains("double", e2.Message);
            Assert.Equal(otherParameters, other.Parameters.ToArray());

            var xor = new XorNet();
            Assert.Throws<ParameterFileException>(() => TrainingCheckpoint.Load(xor, path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string TemporaryCheckpoint() => Path.Combine(Path.GetTempPath(), $"bpg-checkpoint-{Guid.NewGuid():N}.bpgc");

    [Fact]
    public void Schedules_give_the_declared_rates()
    {
        // The paper's family-trees schedule as one declaration.
        Schedule family = Schedule.Constant(0.005, momentum: 0.5).Then(after: 20, Schedule.Constant(0.01, momentum: 0.9));
        Assert.Equal(0.005, family.LearningRate(1));
        Assert.Equal(0.5, family.Momentum(20));
        Assert.Equal(0.01, family.LearningRate(21));
        Assert.Equal(0.9, family.Momentum(1500));

        Schedule step = Schedule.Step(0.1, stepEpochs: 10, gamma: 0.5);
        Assert.Equal(0.1, step.LearningRate(10));
        Assert.Equal(0.05, step.LearningRate(11));
        Assert.Equal(0.025, step.LearningRate(21));

        Schedule cosine = Schedule.Cosine(0.1, epochs: 10, minLearningRate: 0.01);
        Assert.Equal(0.1, cosine.LearningRate(1), 1e-15);
        Assert.Equal(0.055, cosine.LearningRate(6), 1e-15);
        Assert.Equal(0.01, cosine.LearningRate(11), 1e-15);
        Assert.Null(cosine.Momentum(3));

        Schedule warm = Schedule.LinearWarmup(4, Schedule.Constant(0.2, momentum: 0.9));
        Assert.Equal(0.05, warm.LearningRate(1), 1e-15);
        Assert.Equal(0.2, warm.LearningRate(4), 1e-15);
        Assert.Equal(0.2, warm.LearningRate(5), 1e-15);
        Assert.Equal(0.9, warm.Momentum(1));

        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Constant(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.Constant(0.1, momentum: 1));
        Assert.Throws<ArgumentException>(() => Schedule.Piecewise());
    }

    [Fact]
    public void Train_applies_a_schedule_to_the_network_before_each_sweep()
    {
        var net = new SmallClassifier();
        net.Initialize(1, 0.3);
        var seen = new List<(double, double)>();
        NetworkTrainer.Train(net, Classes(12), new TrainingOptions<double>
        {
            MaxSweeps = 23,
            Schedule = Schedule.Constant(0.005, momentum: 0.5).Then(after: 20, Schedule.Constant(0.01, momentum: 0.9)),
            BeforeSweep = (sweep, n) => seen.Add((n.LearningRate, n.Momentum)),
        });
        Assert.Equal((0.005, 0.5), seen[19]);
        Assert.Equal((0.01, 0.9), seen[20]);
    }

    [Fact]
    public void Stratified_split_keeps_each_class_share_and_is_seeded()
    {
        var data = Classes(100); // classes of 34, 33, 33
        var (train, test) = DataSplit.Stratified(data, 0.2, 5);
        Assert.Equal(100, train.Count + test.Count);
        int[] perClass = new int[3];
        for (int c = 0; c < test.Count; c++)
        {
            perClass[Evaluation.ClassOf(test.Target(c))]++;
        }

        Assert.Equal([7, 7, 6], perClass); // ⌈100 · 0.2⌉ = 20: ⌊6.8⌋, ⌊6.6⌋, ⌊6.6⌋ = 18, then the largest remainders (class 0, then class 1 on the tie)
        var (_, again) = DataSplit.Stratified(data, 0.2, 5);
        Assert.Equal(test.Inputs.ToArray(), again.Inputs.ToArray());
        var (_, other) = DataSplit.Stratified(data, 0.2, 6);
        Assert.NotEqual(test.Inputs.ToArray(), other.Inputs.ToArray());
    }

    [Fact]
    public void Confusion_matrix_precision_and_recall()
    {
        var m = new ConfusionMatrix(3);
        // actual 0: 3 right, 1 called 2; actual 1: 2 right; actual 2: 1 right, 1 called 0.
        foreach (var (a, p) in new[] { (0, 0), (0, 0), (0, 0), (0, 2), (1, 1), (1, 1), (2, 2), (2, 0) })
        {
            m.Add(a, p);
        }

        Assert.Equal(6.0 / 8, m.Accuracy);
        Assert.Equal(3.0 / 4, m.Recall(0));
        Assert.Equal(3.0 / 4, m.Precision(0));
        Assert.Equal(1.0, m.Precision(1));
        Assert.Equal(0.5, m.Recall(2));
        Assert.Equal(0.5, m.Precision(2));
        Assert.Contains("recall", m.ToString());
    }
}
