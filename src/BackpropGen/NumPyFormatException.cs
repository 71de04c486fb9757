using System;
using System.IO;

namespace BackpropGen;

/// <summary>
/// A NumPy <c>.npy</c> file could not be read into a network: it is not a .npy file, it is damaged, or its dtype,
/// memory order or shape is not the one needed. The message names the file, what was found and what was expected.
/// See <see cref="NpyFile"/> and <see cref="NumPyParameters"/>.
/// </summary>
public sealed class NumPyFormatException : IOException
{
    /// <summary>Creates an exception with a default message.</summary>
    public NumPyFormatException()
        : base("The .npy file does not fit.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    public NumPyFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the exception that caused it.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="innerException">The exception that caused this one.</param>
    public NumPyFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
