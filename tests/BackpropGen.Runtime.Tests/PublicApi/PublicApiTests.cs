using System;
using System.ComponentModel;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using BackpropGen.Generator.Tests;
using Xunit;
using Xunit.Sdk;

namespace BackpropGen.Runtime.Tests.PublicApi;

/// <summary>
/// The runtime's public surface is approved: <c>BackpropGen.verified.txt</c> beside this file is the accepted surface;
/// any change (a member added, removed, renamed, re-typed, hidden or shown) fails here with a
/// <c>BackpropGen.received.txt</c> to compare, so API changes are seen in review. Accept an intended change with
/// BACKPROPGEN_ACCEPT_SNAPSHOTS=1 (or copy the received file over the verified one).
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void The_runtime_public_surface_is_approved() =>
        Snapshot.Verify(PublicApiText.Of(typeof(INetwork<>).Assembly), "BackpropGen", folder: "", extension: ".txt");

    [Fact]
    public void Plumbing_for_generated_code_is_public_but_hidden_from_IntelliSense()
    {
        foreach (MemberInfo member in new MemberInfo[]
        {
            typeof(Guard), typeof(Kernels), typeof(PatternBlocks<>), typeof(LaneBuffer<>),
            typeof(DataSet<>).GetMethod(nameof(DataSet<float>.Blocks))!,
        })
        {
            Assert.Equal(EditorBrowsableState.Never, member.GetCustomAttribute<EditorBrowsableAttribute>()?.State);
        }

        string surface = PublicApiText.Of(typeof(INetwork<>).Assembly);
        Assert.Contains("[EditorBrowsable(Never)] public static class BackpropGen.Guard\n", surface);
        Assert.Contains("    [EditorBrowsable(Never)] public BackpropGen.PatternBlocks<T> Blocks(int lanes);\n", surface);

        // What users do call stays visible.
        Assert.Null(typeof(DataSet<>).GetCustomAttribute<EditorBrowsableAttribute>());
        Assert.Null(typeof(UpdateRule).GetCustomAttribute<EditorBrowsableAttribute>());
    }

    [Fact]
    public void The_surface_text_names_the_interface_members_with_their_signatures()
    {
        string surface = PublicApiText.Of(typeof(INetwork<>).Assembly);
        Assert.Contains("public interface BackpropGen.INetwork<T> where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>\n", surface);
        Assert.Contains("    public virtual T AccumulateBatch(BackpropGen.DataSet<T> data);\n", surface);
        Assert.Contains("    public virtual bool VectorizeAcrossPatterns { get; set; }\n", surface);
        Assert.Contains("    public T AccumulateGradient(System.ReadOnlySpan<T> input, System.ReadOnlySpan<T> target);\n", surface);
        Assert.Contains("    public string? Name { get; set; }\n", surface);
    }

    [Fact]
    public void An_added_public_member_fails_the_approval()
    {
        // The same type twice, the second with one more public method: the first is "approved", the second must fail.
        string before = PublicApiText.Of(new[] { Probe(withExtraMember: false) });
        string after = PublicApiText.Of(new[] { Probe(withExtraMember: true) });
        string directory = Path.Combine(Path.GetTempPath(), "backpropgen-probe-" + Guid.NewGuid().ToString("N"));
        string folder = directory; // an absolute folder: Snapshot.Verify's Path.Combine keeps it as it is
        Directory.CreateDirectory(directory);
        try
        {
            File.WriteAllText(Path.Combine(directory, "Probe.verified.txt"), before);
            Snapshot.Verify(before, "Probe", folder: folder, extension: ".txt");

            if (Environment.GetEnvironmentVariable(Snapshot.AcceptVariable) == "1")
            {
                return; // accepting overwrites instead of failing, by design
            }

            var failure = Assert.Throws<XunitException>(() => Snapshot.Verify(after, "Probe", folder: folder, extension: ".txt"));
            Assert.Contains("the text differs from the verified snapshot", failure.Message);
            Assert.Contains("received:     public void Added();", failure.Message);
            string received = File.ReadAllText(Path.Combine(directory, "Probe.received.txt"));
            Assert.Equal(after, received);
            Assert.Equal(before.Split('\n').Length + 1, received.Split('\n').Length);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A public class <c>Probes.Probe</c> with <c>Kept()</c>, and <c>Added()</c> too when asked, in a new dynamic assembly.</summary>
    private static Type Probe(bool withExtraMember)
    {
        AssemblyBuilder assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Probe" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        TypeBuilder type = assembly.DefineDynamicModule("Probe").DefineType("Probes.Probe", TypeAttributes.Public | TypeAttributes.Class | TypeAttributes.Sealed);
        foreach (string name in withExtraMember ? new[] { "Kept", "Added" } : new[] { "Kept" })
        {
            MethodBuilder method = type.DefineMethod(name, MethodAttributes.Public, typeof(void), Type.EmptyTypes);
            method.GetILGenerator().Emit(OpCodes.Ret);
        }

        return type.CreateType();
    }
}
