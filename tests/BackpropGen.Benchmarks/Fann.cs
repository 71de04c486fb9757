using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace BackpropGen.Benchmarks;

/// <summary>
/// FANN 2.2 (Debian libfann-dev: libdoublefann.so.2 / libfloatfann.so.2) through P/Invoke, set up as the same network:
/// fann_create_standard_array (the array form of fann_create_standard: every layer gets a bias), FANN_SIGMOID units,
/// FANN_TRAIN_BATCH, the linear error function (E = ½ Σ (y − d)², not FANN's default tanh-shaped error).
/// <list type="bullet">
/// <item>FANN's sigmoid is 1 / (1 + e^(−2 s x)); steepness s = 0.5 is the paper's (and BackpropGen's) 1 / (1 + e^(−x)), slope 1.</item>
/// <item>FANN's batch step is (learning rate / cases) × slope, so its learning rate is set to ε × cases for the same step.</item>
/// <item>FANN's batch training has no momentum term (only incremental training uses it): it is set to α all the same, and ignored.</item>
/// </list>
/// </summary>
public sealed unsafe class FannNetwork<T> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int Sigmoid = 3;          // FANN_SIGMOID
    private const int TrainBatch = 1;       // FANN_TRAIN_BATCH
    private const int ErrorLinear = 0;      // FANN_ERRORFUNC_LINEAR

    private readonly IntPtr _ann;
    private readonly IntPtr _data;
    private readonly T[] _input;

    public FannNetwork(Workload workload, DataSet<T> data, double range)
    {
        uint[] layers = workload.Sizes.Select(s => (uint)s).ToArray();
        fixed (uint* sizes = layers)
        {
            _ann = Native.CreateStandardArray((uint)layers.Length, sizes);
        }

        Native.SetActivationFunctionHidden(_ann, Sigmoid);
        Native.SetActivationFunctionOutput(_ann, Sigmoid);
        Native.SetActivationSteepnessHidden(_ann, T.CreateChecked(0.5));
        Native.SetActivationSteepnessOutput(_ann, T.CreateChecked(0.5));
        Native.SetTrainingAlgorithm(_ann, TrainBatch);
        Native.SetTrainErrorFunction(_ann, ErrorLinear);
        Native.SetLearningRate(_ann, (float)(workload.LearningRate * data.Count));
        Native.SetLearningMomentum(_ann, (float)workload.Momentum);
        Native.RandomizeWeights(_ann, T.CreateChecked(-range), T.CreateChecked(range));

        _data = FannFill.Create(data);
        _input = data.Input(0).ToArray();
    }

    /// <summary>Whether the FANN library of this precision loads.</summary>
    public static bool IsAvailable => NativeLibrary.TryLoad(Native.Library, out IntPtr handle) && Free(handle);

    /// <summary>One batch epoch (fann_train_epoch); returns FANN's MSE.</summary>
    public float TrainEpoch() => Native.TrainEpoch(_ann, _data);

    /// <summary>One forward pass of case 0 (fann_run); returns the first output.</summary>
    public T Run()
    {
        fixed (T* input = _input)
        {
            return *Native.Run(_ann, input);
        }
    }

    public void Dispose()
    {
        Native.DestroyTrain(_data);
        Native.Destroy(_ann);
    }

    private static bool Free(IntPtr handle)
    {
        NativeLibrary.Free(handle);
        return true;
    }

    /// <summary>The entry points of one precision's library; T picks the library.</summary>
    private static class Native
    {
        public static string Library => typeof(T) == typeof(double) ? "libdoublefann.so.2" : "libfloatfann.so.2";

        public static IntPtr CreateStandardArray(uint count, uint* sizes) =>
            typeof(T) == typeof(double) ? FannDouble.fann_create_standard_array(count, sizes) : FannSingle.fann_create_standard_array(count, sizes);

        public static void SetActivationFunctionHidden(IntPtr ann, int f)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_set_activation_function_hidden(ann, f); else FannSingle.fann_set_activation_function_hidden(ann, f);
        }

        public static void SetActivationFunctionOutput(IntPtr ann, int f)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_set_activation_function_output(ann, f); else FannSingle.fann_set_activation_function_output(ann, f);
        }

        public static void SetActivationSteepnessHidden(IntPtr ann, T s)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_set_activation_steepness_hidden(ann, double.CreateChecked(s)); else FannSingle.fann_set_activation_steepness_hidden(ann, float.CreateChecked(s));
        }

        public static void SetActivationSteepnessOutput(IntPtr ann, T s)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_set_activation_steepness_output(ann, double.CreateChecked(s)); else FannSingle.fann_set_activation_steepness_output(ann, float.CreateChecked(s));
        }

        public static void SetTrainingAlgorithm(IntPtr ann, int a)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_set_training_algorithm(ann, a); else FannSingle.fann_set_training_algorithm(ann, a);
        }

        public static void SetTrainErrorFunction(IntPtr ann, int f)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_set_train_error_function(ann, f); else FannSingle.fann_set_train_error_function(ann, f);
        }

        public static void SetLearningRate(IntPtr ann, float r)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_set_learning_rate(ann, r); else FannSingle.fann_set_learning_rate(ann, r);
        }

        public static void SetLearningMomentum(IntPtr ann, float m)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_set_learning_momentum(ann, m); else FannSingle.fann_set_learning_momentum(ann, m);
        }

        public static void RandomizeWeights(IntPtr ann, T min, T max)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_randomize_weights(ann, double.CreateChecked(min), double.CreateChecked(max)); else FannSingle.fann_randomize_weights(ann, float.CreateChecked(min), float.CreateChecked(max));
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float TrainEpoch(IntPtr ann, IntPtr data) =>
            typeof(T) == typeof(double) ? FannDouble.fann_train_epoch(ann, data) : FannSingle.fann_train_epoch(ann, data);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static T* Run(IntPtr ann, T* input) =>
            typeof(T) == typeof(double) ? (T*)FannDouble.fann_run(ann, (double*)input) : (T*)FannSingle.fann_run(ann, (float*)input);

        public static void DestroyTrain(IntPtr data)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_destroy_train(data); else FannSingle.fann_destroy_train(data);
        }

        public static void Destroy(IntPtr ann)
        {
            if (typeof(T) == typeof(double)) FannDouble.fann_destroy(ann); else FannSingle.fann_destroy(ann);
        }
    }
}

/// <summary>Builds a fann_train_data from a data set through fann_create_train_from_callback (callbacks cannot be generic).</summary>
internal static unsafe class FannFill
{
    [ThreadStatic]
    private static DataSet<double>? s_double;

    [ThreadStatic]
    private static DataSet<float>? s_single;

    public static IntPtr Create<T>(DataSet<T> data)
        where T : unmanaged
    {
        try
        {
            if (data is DataSet<double> d)
            {
                s_double = d;
                return FannDouble.fann_create_train_from_callback((uint)d.Count, (uint)d.InputLength, (uint)d.TargetLength, &FillDouble);
            }

            s_single = (DataSet<float>)(object)data;
            return FannSingle.fann_create_train_from_callback((uint)data.Count, (uint)data.InputLength, (uint)data.TargetLength, &FillSingle);
        }
        finally
        {
            s_double = null;
            s_single = null;
        }
    }

    [UnmanagedCallersOnly]
    private static void FillDouble(uint index, uint inputs, uint outputs, double* input, double* output)
    {
        s_double!.Input((int)index).CopyTo(new Span<double>(input, (int)inputs));
        s_double.Target((int)index).CopyTo(new Span<double>(output, (int)outputs));
    }

    [UnmanagedCallersOnly]
    private static void FillSingle(uint index, uint inputs, uint outputs, float* input, float* output)
    {
        s_single!.Input((int)index).CopyTo(new Span<float>(input, (int)inputs));
        s_single.Target((int)index).CopyTo(new Span<float>(output, (int)outputs));
    }
}

// The raw entry points, one class per library. fann_run and fann_train_epoch neither block nor call back into
// .NET, so they skip the GC transition (the cheapest P/Invoke there is: FANN is not charged for the interop).
#pragma warning disable SA1300, IDE1006 // C names
internal static unsafe class FannDouble
{
    private const string Lib = "libdoublefann.so.2";

    [DllImport(Lib)] public static extern IntPtr fann_create_standard_array(uint numLayers, uint* layers);
    [DllImport(Lib)] public static extern void fann_set_activation_function_hidden(IntPtr ann, int activation);
    [DllImport(Lib)] public static extern void fann_set_activation_function_output(IntPtr ann, int activation);
    [DllImport(Lib)] public static extern void fann_set_activation_steepness_hidden(IntPtr ann, double steepness);
    [DllImport(Lib)] public static extern void fann_set_activation_steepness_output(IntPtr ann, double steepness);
    [DllImport(Lib)] public static extern void fann_set_training_algorithm(IntPtr ann, int algorithm);
    [DllImport(Lib)] public static extern void fann_set_train_error_function(IntPtr ann, int function);
    [DllImport(Lib)] public static extern void fann_set_learning_rate(IntPtr ann, float rate);
    [DllImport(Lib)] public static extern void fann_set_learning_momentum(IntPtr ann, float momentum);
    [DllImport(Lib)] public static extern void fann_randomize_weights(IntPtr ann, double min, double max);
    [DllImport(Lib)] public static extern IntPtr fann_create_train_from_callback(uint count, uint inputs, uint outputs, delegate* unmanaged<uint, uint, uint, double*, double*, void> fill);
    [DllImport(Lib), SuppressGCTransition] public static extern float fann_train_epoch(IntPtr ann, IntPtr data);
    [DllImport(Lib), SuppressGCTransition] public static extern double* fann_run(IntPtr ann, double* input);
    [DllImport(Lib)] public static extern void fann_destroy_train(IntPtr data);
    [DllImport(Lib)] public static extern void fann_destroy(IntPtr ann);
}

internal static unsafe class FannSingle
{
    private const string Lib = "libfloatfann.so.2";

    [DllImport(Lib)] public static extern IntPtr fann_create_standard_array(uint numLayers, uint* layers);
    [DllImport(Lib)] public static extern void fann_set_activation_function_hidden(IntPtr ann, int activation);
    [DllImport(Lib)] public static extern void fann_set_activation_function_output(IntPtr ann, int activation);
    [DllImport(Lib)] public static extern void fann_set_activation_steepness_hidden(IntPtr ann, float steepness);
    [DllImport(Lib)] public static extern void fann_set_activation_steepness_output(IntPtr ann, float steepness);
    [DllImport(Lib)] public static extern void fann_set_training_algorithm(IntPtr ann, int algorithm);
    [DllImport(Lib)] public static extern void fann_set_train_error_function(IntPtr ann, int function);
    [DllImport(Lib)] public static extern void fann_set_learning_rate(IntPtr ann, float rate);
    [DllImport(Lib)] public static extern void fann_set_learning_momentum(IntPtr ann, float momentum);
    [DllImport(Lib)] public static extern void fann_randomize_weights(IntPtr ann, float min, float max);
    [DllImport(Lib)] public static extern IntPtr fann_create_train_from_callback(uint count, uint inputs, uint outputs, delegate* unmanaged<uint, uint, uint, float*, float*, void> fill);
    [DllImport(Lib), SuppressGCTransition] public static extern float fann_train_epoch(IntPtr ann, IntPtr data);
    [DllImport(Lib), SuppressGCTransition] public static extern float* fann_run(IntPtr ann, float* input);
    [DllImport(Lib)] public static extern void fann_destroy_train(IntPtr data);
    [DllImport(Lib)] public static extern void fann_destroy(IntPtr ann);
}
#pragma warning restore SA1300, IDE1006
