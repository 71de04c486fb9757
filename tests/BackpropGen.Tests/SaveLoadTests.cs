namespace BackpropGen.Tests;

/// <summary>Save and load through generated networks: round trip, and every wrong file refused with parameters unchanged.</summary>
public sealed class SaveLoadTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bpg-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void RoundTripIsBitExact()
    {
        var net = new FamilyNet();
        net.Initialize(11, 0.3f);
        string path = Path.Combine(_directory, "family.bpgw");
        net.Save(path);
        var copy = new FamilyNet();
        copy.Load(path);
        Assert.Equal(net.Parameters.ToArray(), copy.Parameters.ToArray());
        Assert.Equal(new[] { path }, Directory.GetFiles(_directory));
    }

    [Fact]
    public void FileOfAnotherNetworkIsRefused()
    {
        string path = Save(new Xor221(), 1);
        var net = Fresh();
        var error = Assert.Throws<ParameterFileException>(() => net.Load(path));
        Assert.Contains("Xor221", error.Message);
        AssertUnchanged(net);
    }

    [Fact]
    public void FileOfTheSameNameAndSizeButAnotherTopologyIsRefused()
    {
        string path = Save(new XorNetImpostor(), 1);
        var net = Fresh();
        Assert.Throws<ParameterFileException>(() => net.Load(path));
        AssertUnchanged(net);
    }

    [Fact]
    public void FileOfAnotherPrecisionIsRefused()
    {
        string path = Save(new XorNetSingle(), 1);
        var net = Fresh();
        var error = Assert.Throws<ParameterFileException>(() => net.Load(path));
        Assert.Contains("float", error.Message);
        AssertUnchanged(net);
    }

    [Fact]
    public void TruncatedFilesAreRefused()
    {
        string path = Save(new XorNet(), 1);
        byte[] bytes = File.ReadAllBytes(path);
        for (int length = 0; length < bytes.Length; length += 7)
        {
            File.WriteAllBytes(path, bytes[..length]);
            var net = Fresh();
            Assert.Throws<ParameterFileException>(() => net.Load(path));
            AssertUnchanged(net);
        }
    }

    [Fact]
    public void EveryFlippedBitIsRefused()
    {
        string path = Save(new XorNet(), 1);
        byte[] bytes = File.ReadAllBytes(path);
        for (int bit = 0; bit < bytes.Length * 8; bit++)
        {
            byte[] damaged = (byte[])bytes.Clone();
            damaged[bit / 8] ^= (byte)(1 << (bit % 8));
            File.WriteAllBytes(path, damaged);
            var net = Fresh();
            Assert.Throws<ParameterFileException>(() => net.Load(path));
            AssertUnchanged(net);
        }
    }

    [Fact]
    public void FailedSaveKeepsThePreviousFile()
    {
        string path = Save(new XorNet(), 1);
        byte[] before = File.ReadAllBytes(path);
        Assert.ThrowsAny<IOException>(() => new XorNet().Save(Path.Combine(path, "not-a-directory", "x.bpgw")));
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    private static XorNet Fresh()
    {
        var net = new XorNet();
        net.Initialize(123, 1);
        return net;
    }

    private static void AssertUnchanged(XorNet net) => Assert.Equal(Fresh().Parameters.ToArray(), net.Parameters.ToArray());

    private string Save<T>(INetwork<T> net, ulong seed)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        net.Initialize(seed, T.One);
        string path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".bpgw");
        ParameterFile.Save(net, path);
        return path;
    }
}
