namespace BackpropGen.Generator;

public sealed partial class NetworkGenerator
{
    internal static partial class Emitter
    {
        /// <summary>
        /// Every type the generated code names, fully qualified with <c>global::</c> (so no type or namespace of the
        /// user's can capture the name), in one place.
        /// </summary>
        internal static class Global
        {
            public const string Span = "global::System.Span";
            public const string ReadOnlySpan = "global::System.ReadOnlySpan";
            public const string Math = "global::System.Math";
            public const string MathF = "global::System.MathF";
            public const string Array = "global::System.Array";
            public const string ArgumentException = "global::System.ArgumentException";
            public const string ArgumentOutOfRangeException = "global::System.ArgumentOutOfRangeException";
            public const string MemoryMarshal = "global::System.Runtime.InteropServices.MemoryMarshal";
            public const string GeneratedCode = "global::System.CodeDom.Compiler.GeneratedCode";
            public const string Vector = "global::System.Numerics.Vector";
            public const string System = "global::System";

            public const string INetwork = "global::BackpropGen.INetwork";
            public const string ILayeredNetwork = "global::BackpropGen.ILayeredNetwork";
            public const string LayerLayout = "global::BackpropGen.LayerLayout";
            public const string IReadOnlyList = "global::System.Collections.Generic.IReadOnlyList";
            public const string Guard = "global::BackpropGen.Guard";
            public const string Kernels = "global::BackpropGen.Kernels";
            public const string ForwardKernels = "global::BackpropGen.ForwardKernels";
            public const string LaneBuffer = "global::BackpropGen.LaneBuffer";
            public const string LaneWidth = "global::BackpropGen.LaneWidth";
            public const string Vector512 = "global::System.Runtime.Intrinsics.Vector512";
            public const string PatternBlocks = "global::BackpropGen.PatternBlocks";
            public const string DataSet = "global::BackpropGen.DataSet";
            public const string UpdateRule = "global::BackpropGen.UpdateRule";
            public const string Optimizer = "global::BackpropGen.Optimizer";
            public const string SeededUniform = "global::BackpropGen.SeededUniform";

            public const string SequenceGuard = "global::BackpropGen.SequenceGuard";
            public const string ParameterFile = "global::BackpropGen.ParameterFile";
        }
    }
}
