using System;
using System.Buffers.Binary;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;
using Xunit;

namespace BackpropGen.Runtime.Tests;

public class ParameterFileTests
{
    // "XorNet" with 3 × 3 = 9 float parameters: 26 + 6 + 9 × 4 = 68 bytes.
    // Offsets: magic 0–3, version 4–5, element size 6, reserved 7, name length 8–9, name 10–15,
    // topology hash 16–23, count 24–27, parameters 28–63, checksum 64–67.
    private const int FileLength = 68;

    private static FakeNetwork<float> XorNet(ulong seed = 1)
    {
        var network = new FakeNetwork<float>(3, 3, "XorNet");
        network.Initialize(seed, 0.5f);
        return network;
    }

    private static byte[] SaveToBytes<T>(INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        using var stream = new MemoryStream();
        ParameterFile.Save(network, stream);
        return stream.ToArray();
    }

    /// <summary>Loads <paramref name="file"/> into a network and asserts that it fails and leaves the network unchanged.</summary>
    private static ParameterFileException LoadFails<T>(FakeNetwork<T> network, byte[] file, bool seekable = true)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        byte[] before = Reference.Bits<T>(network.Parameters);
        network.Gradients.Fill(T.One);
        Stream stream = seekable ? new MemoryStream(file, writable: false) : new TrickleStream(file);
        var exception = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, stream));
        Assert.Equal(before, Reference.Bits<T>(network.Parameters));
        Assert.All(network.Gradients.ToArray(), g => Assert.Equal(T.One, g));
        Assert.Equal(0, network.SetParametersCalls);
        return exception;
    }

    // ---- Round trip ------------------------------------------------------------------------------------

    [Fact]
    public void Float_round_trip_is_bit_exact()
    {
        var source = new FakeNetwork<float>(4, 2, "XorNet");
        float[] values =
        [
            1.5f, -0f, float.Epsilon, BitConverter.Int32BitsToSingle(0x7FC01234), // subnormal, NaN with a payload
            float.PositiveInfinity, float.NegativeInfinity, float.MaxValue, -1e-30f,
        ];
        source.SetParameters(values);
        byte[] file = SaveToBytes(source);

        var target = new FakeNetwork<float>(4, 2, "XorNet");
        target.Initialize(7, 1f);
        ParameterFile.Load(target, new MemoryStream(file));

        Assert.Equal(Reference.Bits<float>(values), Reference.Bits<float>(target.Parameters));
    }

    [Fact]
    public void Double_round_trip_is_bit_exact()
    {
        var source = new FakeNetwork<double>(4, 2, "XorNet");
        double[] values =
        [
            Math.PI, -0d, double.Epsilon, BitConverter.Int64BitsToDouble(0x7FF8_0000_DEAD_BEEF),
            double.PositiveInfinity, double.NegativeInfinity, double.MinValue, 1e-300,
        ];
        source.SetParameters(values);
        byte[] file = SaveToBytes(source);
        Assert.Equal(26 + 6 + 8 * 8, file.Length);

        var target = new FakeNetwork<double>(4, 2, "XorNet");
        ParameterFile.Load(target, new MemoryStream(file));

        Assert.Equal(Reference.Bits<double>(values), Reference.Bits<double>(target.Parameters));
    }

    [Fact]
    public void Round_trip_through_a_file_clears_the_training_state()
    {
        using var directory = new TempDirectory();
        string path = directory.File("xor.bpgw");
        var source = XorNet(seed: 3);
        ParameterFile.Save(source, path);

        var target = XorNet(seed: 4);
        target.Gradients.Fill(1f);
        target.PreviousDeltas.Fill(2f);
        ParameterFile.Load(target, path);

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
        Assert.Equal(1, target.SetParametersCalls);
        Assert.All(target.Gradients.ToArray(), g => Assert.Equal(0f, g));
        Assert.All(target.PreviousDeltas.ToArray(), d => Assert.Equal(0f, d));
        Assert.Equal([path], directory.Entries());
    }

    [Fact]
    public void A_file_can_start_partway_through_a_stream()
    {
        var source = XorNet(seed: 3);
        var stream = new MemoryStream();
        stream.Write("header"u8);
        ParameterFile.Save(source, stream);

        stream.Position = 6;
        var target = XorNet(seed: 4);
        ParameterFile.Load(target, stream);

        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
    }

    [Fact]
    public void A_non_seekable_stream_that_trickles_loads_the_same()
    {
        var source = XorNet(seed: 3);
        var target = XorNet(seed: 4);
        ParameterFile.Load(target, new TrickleStream(SaveToBytes(source)));
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
    }

    [Fact]
    public void A_non_ascii_name_is_stored_as_utf8()
    {
        var source = new FakeNetwork<float>(1, 1, "Netz-ü→");
        byte[] file = SaveToBytes(source);
        Assert.Equal(Encoding.UTF8.GetByteCount("Netz-ü→"), BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)));
        ParameterFile.Load(new FakeNetwork<float>(1, 1, "Netz-ü→"), new MemoryStream(file));
    }

    [Fact]
    public void A_large_network_is_written_in_several_chunks()
    {
        // 40,000 doubles: 320,000 bytes of parameters, far more than one 4 KiB chunk.
        var source = new FakeNetwork<double>(200, 200, "Big");
        source.Initialize(11, 1.0);
        byte[] file = SaveToBytes(source);
        Assert.Equal(26 + 3 + 40_000 * 8, file.Length);

        var target = new FakeNetwork<double>(200, 200, "Big");
        ParameterFile.Load(target, new TrickleStream(file));
        Assert.Equal(source.Parameters.ToArray(), target.Parameters.ToArray());
    }

    // ---- The documented layout, read back with independent code --------------------------------------

    [Fact]
    public void Reference_checksums_match_their_published_check_values()
    {
        Assert.Equal(0xCBF43926u, Reference.Crc32("123456789"u8));
        Assert.Equal(0xCBF29CE484222325UL, Reference.Fnv1a64(""u8));
        Assert.Equal(0xAF63DC4C8601EC8CUL, Reference.Fnv1a64("a"u8));
        Assert.Equal(0x85944171F73967E8UL, Reference.Fnv1a64("foobar"u8));
    }

    [Fact]
    public void The_file_has_the_documented_layout()
    {
        var network = new FakeNetwork<float>(2, 1, "Tiny", topology: "input x 2; dense y 1 identity");
        network.SetParameters([1f, -2f]);
        byte[] file = SaveToBytes(network);

        Assert.Equal(38, file.Length);
        Assert.Equal("BPGW"u8.ToArray(), file[0..4]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(4)));
        Assert.Equal(4, file[6]);
        Assert.Equal(0, file[7]);
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)));
        Assert.Equal("Tiny"u8.ToArray(), file[10..14]);
        Assert.Equal(Reference.Fnv1a64("input x 2; dense y 1 identity"u8), BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(14)));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(22)));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0 }, file[26..34]);
        Assert.Equal(Reference.Crc32(file.AsSpan(0, 34)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(34)));
    }

    [Fact]
    public void A_double_file_stores_element_size_8()
    {
        var network = new FakeNetwork<double>(1, 1, "D");
        network.SetParameters([-2.0]);
        byte[] file = SaveToBytes(network);
        Assert.Equal(8, file[6]);
        Assert.Equal(-2.0, BinaryPrimitives.ReadDoubleLittleEndian(file.AsSpan(23)));
        Assert.Equal(Reference.Crc32(file.AsSpan(0, 31)), BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(31)));
    }

    // ---- Corruption ----------------------------------------------------------------------------------

    [Fact]
    public void Every_single_bit_flip_is_rejected_with_the_network_unchanged()
    {
        byte[] good = SaveToBytes(XorNet(seed: 1));
        Assert.Equal(FileLength, good.Length);

        foreach (bool seekable in new[] { true, false })
        {
            for (int offset = 0; offset < good.Length; offset++)
            {
                for (int bit = 0; bit < 8; bit++)
                {
                    byte[] bad = (byte[])good.Clone();
                    bad[offset] ^= (byte)(1 << bit);
                    string message = LoadFails(XorNet(seed: 2), bad, seekable).Message;
                    Assert.StartsWith("Cannot load parameters from the stream: ", message);

                    string expected = offset switch
                    {
                        < 4 => "not a BackpropGen parameter file",
                        < 6 => "format version",
                        6 => "element size",
                        7 => "reserved header byte",
                        < 10 => "found 68).", // name length: truncated, or trailing bytes
                        < 24 => "checksum does not match", // name, topology hash
                        < 28 => "found 68).", // parameter count: truncated, or trailing bytes
                        _ => "checksum does not match", // parameters, checksum
                    };
                    Assert.True(message.Contains(expected, StringComparison.Ordinal), $"offset {offset} bit {bit}: {message}");
                }
            }
        }
    }

    [Fact]
    public void A_flipped_magic_byte_names_what_was_found()
    {
        byte[] file = SaveToBytes(XorNet());
        file[3] = (byte)'X';
        Assert.Equal(
            "Cannot load parameters from the stream: it does not start with \"BPGW\" (42 50 47 57) but with 42 50 47 58, so it is not a BackpropGen parameter file.",
            LoadFails(XorNet(), file).Message);
    }

    [Fact]
    public void A_corrupt_parameter_gives_both_checksums()
    {
        byte[] file = SaveToBytes(XorNet());
        file[40] ^= 0x10;
        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(64));
        uint computed = Reference.Crc32(file.AsSpan(0, 64));
        Assert.Equal(
            $"Cannot load parameters from the stream: the checksum does not match (stored 0x{stored:X8}, computed 0x{computed:X8}); the file is corrupt.",
            LoadFails(XorNet(), file).Message);
    }

    [Fact]
    public void A_newer_format_version_is_refused_by_number()
    {
        byte[] file = SaveToBytes(XorNet());
        file[4] = 2;
        Reference.FixChecksum(file);
        Assert.Contains("the file has format version 2, but this version of BackpropGen reads only version 1.", LoadFails(XorNet(), file).Message);
    }

    [Fact]
    public void An_unknown_element_size_is_refused()
    {
        byte[] file = SaveToBytes(XorNet());
        file[6] = 2;
        Reference.FixChecksum(file);
        Assert.Contains("the file's element size is 2 bytes, but only 4 (float) and 8 (double) are defined", LoadFails(XorNet(), file).Message);
    }

    [Fact]
    public void A_name_that_is_not_utf8_is_refused()
    {
        byte[] file = SaveToBytes(XorNet());
        file[10] = 0xFF;
        Reference.FixChecksum(file);
        Assert.Contains("the network name in the file (FF 6F 72 4E 65 74) is not valid UTF-8", LoadFails(XorNet(), file).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    public void A_file_truncated_inside_the_fixed_header_says_how_short_it_is(int length)
    {
        byte[] file = SaveToBytes(XorNet())[..length];
        foreach (bool seekable in new[] { true, false })
        {
            Assert.Equal(
                $"Cannot load parameters from the stream: the file is truncated (expected at least 26 bytes, found {length}).",
                LoadFails(XorNet(), file, seekable).Message);
        }
    }

    [Theory]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(25)]
    [InlineData(27)]
    public void A_file_truncated_before_the_count_says_how_short_it_is(int length)
    {
        byte[] file = SaveToBytes(XorNet())[..length];
        foreach (bool seekable in new[] { true, false })
        {
            Assert.Equal(
                $"Cannot load parameters from the stream: the file is truncated (expected at least 32 bytes for a 6-byte network name, found {length}).",
                LoadFails(XorNet(), file, seekable).Message);
        }
    }

    [Theory]
    [InlineData(28)]
    [InlineData(31)]
    [InlineData(45)]
    [InlineData(64)]
    [InlineData(67)]
    public void A_file_truncated_after_the_count_says_how_many_bytes_were_expected_and_found(int length)
    {
        byte[] file = SaveToBytes(XorNet())[..length];
        foreach (bool seekable in new[] { true, false })
        {
            Assert.Equal(
                $"Cannot load parameters from the stream: the file is truncated (expected 68 bytes for a 6-byte network name and 9 float parameters, found {length}).",
                LoadFails(XorNet(), file, seekable).Message);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(10_000)]
    public void Trailing_bytes_are_refused(int extra)
    {
        byte[] file = [.. SaveToBytes(XorNet()), .. new byte[extra]];
        foreach (bool seekable in new[] { true, false })
        {
            Assert.Equal(
                $"Cannot load parameters from the stream: the file has {extra} unexpected bytes after the checksum (expected 68 bytes for a 6-byte network name and 9 float parameters, found {68 + extra}).",
                LoadFails(XorNet(), file, seekable).Message);
        }
    }

    [Fact]
    public void A_huge_declared_name_length_is_refused_before_reading_it()
    {
        byte[] file = SaveToBytes(XorNet());
        file[8] = 0xFF;
        file[9] = 0xFF;
        Assert.Contains("the file is truncated (expected at least 65561 bytes for a 65535-byte network name, found 68)", LoadFails(XorNet(), file).Message);
    }

    [Fact]
    public void A_huge_declared_count_is_refused_without_allocating_for_it()
    {
        byte[] file = SaveToBytes(XorNet());
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(24), uint.MaxValue);
        foreach (bool seekable in new[] { true, false })
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            string message = LoadFails(XorNet(), file, seekable).Message;
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
            Assert.Contains("(expected 17179869212 bytes for a 6-byte network name and 4294967295 float parameters, found 68)", message);
        }
    }

    // ---- A sound file for another network --------------------------------------------------------------

    [Fact]
    public void A_double_file_is_refused_by_a_float_network()
    {
        var saved = new FakeNetwork<double>(3, 3, "XorNet", topology: "xor");
        byte[] file = SaveToBytes(saved);
        var network = new FakeNetwork<float>(3, 3, "XorNet", topology: "xor");
        Assert.Equal(
            "Cannot load parameters from the stream: the file holds double (8-byte) parameters; network 'XorNet' is float.",
            LoadFails(network, file).Message);
    }

    [Fact]
    public void A_float_file_is_refused_by_a_double_network()
    {
        byte[] file = SaveToBytes(new FakeNetwork<float>(3, 3, "XorNet", topology: "xor"));
        Assert.Contains(
            "the file holds float (4-byte) parameters; network 'XorNet' is double.",
            LoadFails(new FakeNetwork<double>(3, 3, "XorNet", topology: "xor"), file).Message);
    }

    [Fact]
    public void A_file_for_another_network_name_is_refused()
    {
        byte[] file = SaveToBytes(new FakeNetwork<float>(3, 3, "Encoder"));
        Assert.Equal(
            "Cannot load parameters from the stream: the file holds parameters for network 'Encoder'; this network is 'XorNet'.",
            LoadFails(XorNet(), file).Message);
    }

    [Fact]
    public void A_file_for_another_topology_is_refused_with_both_hashes()
    {
        byte[] file = SaveToBytes(new FakeNetwork<float>(3, 3, "XorNet", topology: "old layers"));
        var network = new FakeNetwork<float>(3, 3, "XorNet", topology: "new layers");
        string message = LoadFails(network, file).Message;
        Assert.Contains("the file was saved from a network 'XorNet' with a different topology", message);
        Assert.Contains($"topology hash 0x{Reference.Fnv1a64("old layers"u8):X16}; this network's is 0x{Reference.Fnv1a64("new layers"u8):X16}", message);
    }

    [Fact]
    public void A_file_with_another_parameter_count_is_refused()
    {
        byte[] file = SaveToBytes(new FakeNetwork<float>(2, 4, "XorNet", topology: "same"));
        var network = new FakeNetwork<float>(3, 3, "XorNet", topology: "same");
        Assert.Equal(
            "Cannot load parameters from the stream: the file holds 8 parameters; network 'XorNet' has 9.",
            LoadFails(network, file).Message);
    }

    [Fact]
    public void A_file_that_is_not_a_parameter_file_is_refused()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D];
        Assert.Contains("but with 89 50 4E 47, so it is not a BackpropGen parameter file.", LoadFails(XorNet(), png).Message);
    }

    // ---- Paths, streams and arguments ------------------------------------------------------------------

    [Fact]
    public void Errors_loading_a_path_name_the_file()
    {
        using var directory = new TempDirectory();
        string path = directory.File("other.bpgw");
        ParameterFile.Save(new FakeNetwork<float>(3, 3, "Encoder"), path);
        var network = XorNet();

        var exception = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, path));
        Assert.Equal(path, exception.Path);
        Assert.StartsWith($"Cannot load parameters from '{path}': the file holds parameters for network 'Encoder'", exception.Message);

        using var stream = File.OpenRead(path);
        exception = Assert.Throws<ParameterFileException>(() => ParameterFile.Load(network, stream));
        Assert.Equal(path, exception.Path);
    }

    [Fact]
    public void Errors_loading_a_memory_stream_have_no_path()
    {
        var exception = LoadFails(XorNet(), new byte[3]);
        Assert.Null(exception.Path);
        Assert.IsAssignableFrom<IOException>(exception);
    }

    [Fact]
    public void A_missing_file_is_an_io_error_not_a_format_error()
    {
        using var directory = new TempDirectory();
        Assert.Throws<FileNotFoundException>(() => ParameterFile.Load(XorNet(), directory.File("missing.bpgw")));
    }

    [Fact]
    public void Arguments_are_checked()
    {
        var network = XorNet();
        Assert.Throws<ArgumentNullException>(() => ParameterFile.Save<float>(null!, new MemoryStream()));
        Assert.Throws<ArgumentNullException>(() => ParameterFile.Save(network, (Stream)null!));
        Assert.Throws<ArgumentNullException>(() => ParameterFile.Save(network, (string)null!));
        Assert.Throws<ArgumentException>(() => ParameterFile.Save(network, ""));
        Assert.Throws<ArgumentNullException>(() => ParameterFile.Load<float>(null!, new MemoryStream()));
        Assert.Throws<ArgumentNullException>(() => ParameterFile.Load(network, (Stream)null!));
        Assert.Throws<ArgumentNullException>(() => ParameterFile.Load(network, (string)null!));
        Assert.Throws<ArgumentException>(() => ParameterFile.Load(network, ""));
        Assert.Throws<ArgumentException>(() => ParameterFile.Save(network, new MemoryStream([], writable: false)));
        Assert.Throws<ArgumentException>(() => ParameterFile.Load(network, new WriteOnlyStream()));
    }

    [Fact]
    public void Half_precision_is_not_supported()
    {
        var network = new FakeNetwork<Half>(1, 1, "H");
        var exception = Assert.Throws<NotSupportedException>(() => ParameterFile.Save(network, new MemoryStream()));
        Assert.Contains("System.Half", exception.Message);
        Assert.Throws<NotSupportedException>(() => ParameterFile.Load(network, new MemoryStream(new byte[68])));
    }

    [Fact]
    public void A_name_longer_than_65535_bytes_cannot_be_saved_and_nothing_is_written()
    {
        var network = new FakeNetwork<float>(1, 1, new string('é', 40_000));
        var stream = new MemoryStream();
        var exception = Assert.Throws<ArgumentException>(() => ParameterFile.Save(network, stream));
        Assert.Contains("80000 bytes of UTF-8", exception.Message);
        Assert.Equal(0, stream.Length);
    }

    // ---- Atomic save ---------------------------------------------------------------------------------

    [Fact]
    public void Saving_into_a_missing_directory_throws_and_creates_nothing()
    {
        using var directory = new TempDirectory();
        string path = Path.Combine(directory.Path, "missing", "xor.bpgw");
        Assert.Throws<DirectoryNotFoundException>(() => ParameterFile.Save(XorNet(), path));
        Assert.Empty(directory.Entries());
    }

    [Fact]
    public void Saving_over_a_file_replaces_it_and_leaves_no_temporary_file()
    {
        using var directory = new TempDirectory();
        string path = directory.File("xor.bpgw");
        ParameterFile.Save(XorNet(seed: 1), path);
        ParameterFile.Save(XorNet(seed: 2), path);

        Assert.Equal(SaveToBytes(XorNet(seed: 2)), File.ReadAllBytes(path));
        Assert.Equal([path], directory.Entries());
    }

    [Fact]
    public void A_save_that_fails_midway_leaves_the_old_file_byte_identical()
    {
        using var directory = new TempDirectory();
        string path = directory.File("xor.bpgw");
        ParameterFile.Save(XorNet(seed: 1), path);
        byte[] before = File.ReadAllBytes(path);

        var failing = XorNet(seed: 2);
        failing.FailParameters = true;
        Assert.Throws<InvalidOperationException>(() => ParameterFile.Save(failing, path));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], directory.Entries());
    }

    [Fact]
    public void A_save_whose_final_move_fails_leaves_no_temporary_file()
    {
        // The target is a directory, so the temporary file is written in full and then cannot be moved.
        using var directory = new TempDirectory();
        string path = directory.File("xor.bpgw");
        Directory.CreateDirectory(path);

        var exception = Record.Exception(() => ParameterFile.Save(XorNet(), path));
        Assert.True(exception is IOException or UnauthorizedAccessException, exception?.ToString());

        Assert.Equal([path], directory.Entries());
        Assert.Empty(Directory.GetFileSystemEntries(path));
    }

    private sealed class WriteOnlyStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}
