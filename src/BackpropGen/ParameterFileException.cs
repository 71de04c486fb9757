using System;
using System.IO;

namespace BackpropGen;

/// <summary>
/// A parameter file could not be loaded because its contents are not valid for the network: it is not a
/// parameter file, it is truncated or corrupt, or it was saved from a different network or precision.
/// The message names the file, the offending value and what was expected. See <see cref="ParameterFile"/>.
/// </summary>
/// <remarks>
/// <para>When this is thrown, the network's parameters have not been changed.</para>
/// <para>It derives from <see cref="IOException"/>, so code that handles failed file reads handles it too.
/// (<see cref="InvalidDataException"/>, the closer match, is sealed and cannot be derived from.)</para>
/// </remarks>
public sealed class ParameterFileException : IOException
{
    /// <summary>Creates an exception with a default message.</summary>
    public ParameterFileException()
        : base("The parameter file is not valid for the network.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong with the file.</param>
    public ParameterFileException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong with the file.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public ParameterFileException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception with a message and the path of the file.</summary>
    /// <param name="message">What is wrong with the file, naming it.</param>
    /// <param name="path">The file's path, or <see langword="null"/> when it was read from a stream without one.</param>
    public ParameterFileException(string message, string? path)
        : base(message)
    {
        Path = path;
    }

    /// <summary>
    /// The path of the file, or <see langword="null"/> when it was read from a stream that is not a
    /// <see cref="FileStream"/>.
    /// </summary>
    public string? Path { get; }
}
