using System.Diagnostics;
using System.Text;
using Xor;
using Xunit.Abstractions;

namespace BackpropGen.Tests;

/// <summary>
/// Parameters as NumPy .npy arrays: W[i, j] = w_ji with shape (fan-in, units), biases (units,); the seed's
/// initial weights as committed .npy files; round trips; and every wrong file refused with a clear message.
/// </summary>
public sealed class NumPyInteropTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string SeedDirectory = Path.Combine(AppContext.BaseDirectory, "seed-initial-weights");
    private readonly string _directory = Directory.CreateTempSubdirectory("bpg-npy-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void TheCommittedSeedFilesHoldTheSeedsInitialWeightsAndTrainToNumPysResult()
    {
        var net = new XorNet { LearningRate = 0.5 };
        NumPyParameters.Load(net, SeedDirectory);
        Assert.Equal(XorReference.InitialParameters(), net.Parameters.ToArray());

        // W1 as NumPy holds it: row i = input unit, column j = hidden unit.
        double[] w1 = NpyFile.Read<double>(Path.Combine(SeedDirectory, "hidden.weights.npy"), [2, 4]);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 4; j++)
            {
                Assert.Equal(XorReference.W1[i, j], w1[(i * 4) + j]);
                Assert.Equal(XorReference.W1[i, j], net.HiddenWeight(j, i));
            }
        }

        // Writing them again gives the committed bytes (what np.save writes for the seed's arrays).
        NumPyParameters.Save(net, _directory);
        foreach (string name in new[] { "hidden.weights.npy", "output.weights.npy" })
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(SeedDirectory, name)), File.ReadAllBytes(Path.Combine(_directory, name)));
        }

        Assert.Equal(new[] { "hidden.weights.npy", "output.weights.npy" }, Directory.GetFiles(_directory).Select(Path.GetFileName).Order());

        var data = XorReference.Data();
        for (int step = 0; step < XorReference.Steps; step++)
        {
            net.TrainBatch(data);
        }

        double[] expected = XorReference.FinalParameters();
        for (int k = 0; k < XorNet.ParameterCount; k++)
        {
            Assert.True(Math.Abs(expected[k] - net.Parameters[k]) <= 1e-9 * Math.Abs(expected[k]), $"final weight {k}: {net.Parameters[k]:R} vs NumPy {expected[k]:R}");
        }
    }

    [Fact]
    public void FloatNetworkWithBiasesAndTwoInputGroupsRoundTrips()
    {
        var net = new FamilyNet();
        net.Initialize(3, 0.7f);
        NumPyParameters.Save(net, _directory);
        Assert.Equal(10, Directory.GetFiles(_directory).Length);

        // The central layer reads personCode (6) then relationCode (6): W has shape (12, 12), W[i, j] = w_ji.
        float[] central = NpyFile.Read<float>(Path.Combine(_directory, "central.weights.npy"), [12, 12]);
        Assert.Equal(net.CentralWeight(5, 7), central[(7 * 12) + 5]);
        Assert.Equal(net.AnswerBiases.ToArray(), NpyFile.Read<float>(Path.Combine(_directory, "answer.biases.npy"), [24]));

        var copy = new FamilyNet();
        NumPyParameters.Load(copy, _directory);
        Assert.Equal(net.Parameters.ToArray(), copy.Parameters.ToArray());
    }

    [Fact]
    public void WrongDtypeIsRefusedNamingBoth()
    {
        NpyFile.Write<float>(Path.Combine(_directory, "hidden.weights.npy"), new float[8], 2, 4);
        NpyFile.Write<double>(Path.Combine(_directory, "output.weights.npy"), new double[4], 4, 1);
        var error = AssertRefused(() => NumPyParameters.Load(Fresh(), _directory));
        Assert.Equal($"Cannot load '{Path.Combine(_directory, "hidden.weights.npy")}': its dtype is '<f4' (float32, little-endian), but layer 'hidden' of network 'XorNet' (W[i, j] = w_ji: fan-in × units) needs '<f8' (float64, little-endian).", error.Message);
    }

    [Fact]
    public void WrongShapeIsRefusedNamingBoth()
    {
        // PyTorch's nn.Linear layout (out, in) is the transpose of what is needed.
        NpyFile.Write<double>(Path.Combine(_directory, "hidden.weights.npy"), new double[8], 4, 2);
        NpyFile.Write<double>(Path.Combine(_directory, "output.weights.npy"), new double[4], 4, 1);
        var error = AssertRefused(() => NumPyParameters.Load(Fresh(), _directory));
        Assert.Equal($"Cannot load '{Path.Combine(_directory, "hidden.weights.npy")}': its shape is (4, 2), but layer 'hidden' of network 'XorNet' (W[i, j] = w_ji: fan-in × units) needs (2, 4).", error.Message);

        NpyFile.Write<double>(Path.Combine(_directory, "hidden.weights.npy"), new double[8], 2, 4);
        NpyFile.Write<double>(Path.Combine(_directory, "output.weights.npy"), new double[4], 4);
        error = AssertRefused(() => NumPyParameters.Load(Fresh(), _directory));
        Assert.Contains("its shape is (4,), but layer 'output' of network 'XorNet' (W[i, j] = w_ji: fan-in × units) needs (4, 1).", error.Message);
    }

    [Fact]
    public void DamagedAndForeignFilesAreRefused()
    {
        string path = Path.Combine(_directory, "a.npy");
        NpyFile.Write<double>(path, [1, 2, 3, 4, 5, 6], 2, 3);
        byte[] good = File.ReadAllBytes(path);

        File.WriteAllBytes(path, good[..^8]);
        Assert.Equal($"Cannot load '{path}': it holds 40 bytes of data; shape (2, 3) of '<f8' needs 48.", Read(path).Message);

        File.WriteAllBytes(path, [.. good, 0]);
        Assert.Contains("it has bytes after the 48 bytes of data", Read(path).Message);

        File.WriteAllBytes(path, "PK\u0003\u0004rest"u8.ToArray());
        Assert.Equal($"Cannot load '{path}': it does not start with \"\\x93NUMPY\", so it is not a NumPy .npy file.", Read(path).Message);

        File.WriteAllBytes(path, Header("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }", 48));
        Assert.Contains("it is stored in Fortran (column-major) order", Read(path).Message);

        File.WriteAllBytes(path, Header("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 3), }", 48));
        Assert.Contains("its dtype is '<i8' (an integer type), but the array needs '<f8'", Read(path).Message);

        File.WriteAllBytes(path, Header("{'descr': '>f8', 'fortran_order': False, 'shape': (2, 3), }", 48));
        Assert.Contains("its dtype is '>f8' (float64, big-endian), but the array needs '<f8'", Read(path).Message);

        var missing = Assert.Throws<FileNotFoundException>(() => NumPyParameters.Load(Fresh(), _directory));
        Assert.Equal($"Cannot load the parameters of network 'XorNet' from '{_directory}': layer 'hidden' needs 'hidden.weights.npy', which does not exist.", missing.Message);
    }

    [Fact]
    public void HeadersAreWhatNumPyWritesAndWhatNumPyMayWriteIsRead()
    {
        string path = Path.Combine(_directory, "b.npy");
        NpyFile.Write<float>(path, [1, 2, 3], 3);
        byte[] bytes = File.ReadAllBytes(path);
        Assert.Equal(0, (bytes.Length - 12) % 64);
        Assert.Equal("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", Encoding.ASCII.GetString(bytes, 10, bytes.Length - 23).TrimEnd());
        Assert.Equal((byte)'\n', bytes[^13]);

        // Version 2.0 (4-byte header length), double quotes, no trailing comma, a 0-d shape.
        byte[] dict = "{\"shape\": (), \"fortran_order\": False, \"descr\": \"<f8\"}\n"u8.ToArray();
        byte[] v2 = [0x93, .. "NUMPY"u8, 2, 0, .. BitConverter.GetBytes(dict.Length), .. dict, .. BitConverter.GetBytes(2.5)];
        File.WriteAllBytes(path, v2);
        Assert.Equal([2.5], NpyFile.Read<double>(path, []));
    }

    /// <summary>With NumPy at hand (not needed for the suite), NumPy reads what we write and we read what it writes.</summary>
    [Fact]
    public void NumPyItselfAgreesWhenItIsInstalled()
    {
        string? python = new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(p => Run(p, "import numpy", out _) == 0);
        if (python is null)
        {
            output.WriteLine("Skipped: no python3 with numpy on this machine (apt-get install python3-numpy to run this check).");
            return;
        }

        var net = new FamilyNet();
        net.Initialize(12, 0.9f);
        NumPyParameters.Save(net, _directory);
        string script = $$"""
            import numpy as np, os
            d = {{Quote(_directory)}}
            W = np.load(os.path.join(d, 'central.weights.npy'))
            assert W.dtype == np.float32 and W.shape == (12, 12), (W.dtype, W.shape)
            print(repr(float(W[7, 5])))
            np.save(os.path.join(d, 'from_numpy.npy'), np.arange(6, dtype=np.float64).reshape(2, 3) / 7)
            np.save(os.path.join(d, 'from_numpy32.npy'), np.asfortranarray(np.arange(4, dtype=np.float32).reshape(2, 2)).copy(order='C'))
            """;
        Assert.True(Run(python, script, out string printed) == 0, printed);
        Assert.Equal((double)net.CentralWeight(5, 7), double.Parse(printed.Trim(), System.Globalization.CultureInfo.InvariantCulture));
        double[] fromNumPy = NpyFile.Read<double>(Path.Combine(_directory, "from_numpy.npy"), [2, 3]);
        Assert.Equal(Enumerable.Range(0, 6).Select(k => k / 7.0), fromNumPy);
        Assert.Equal([0f, 1, 2, 3], NpyFile.Read<float>(Path.Combine(_directory, "from_numpy32.npy"), [2, 2]));
    }

    private static XorNet Fresh()
    {
        var net = new XorNet();
        net.Initialize(1, 1);
        return net;
    }

    private static NumPyFormatException AssertRefused(Action load)
    {
        var error = Assert.Throws<NumPyFormatException>(load);
        return error;
    }

    private static NumPyFormatException Read(string path) => Assert.Throws<NumPyFormatException>(() => NpyFile.Read<double>(path, [2, 3]));

    private static byte[] Header(string dict, int dataBytes)
    {
        string header = dict + new string(' ', 63 - ((10 + dict.Length) % 64)) + "\n";
        return [0x93, .. "NUMPY"u8, 1, 0, .. BitConverter.GetBytes((ushort)header.Length), .. Encoding.ASCII.GetBytes(header), .. new byte[dataBytes]];
    }

    private static string Quote(string text) => "'" + text.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    private static int Run(string python, string script, out string printed)
    {
        try
        {
            var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(script);
            using Process process = Process.Start(start)!;
            process.StandardInput.Close();
            Task<string> error = process.StandardError.ReadToEndAsync();
            printed = process.StandardOutput.ReadToEnd();
            process.WaitForExit(60_000);
            printed += error.Result;
            return process.HasExited ? process.ExitCode : -1;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            printed = "";
            return -1;
        }
    }
}
