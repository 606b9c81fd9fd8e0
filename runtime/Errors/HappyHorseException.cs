using System;

namespace HappyHorse.Generated;

/// <summary>The base of every exception the HappyHorse client throws. Messages never contain the API key.</summary>
public class HappyHorseException : Exception
{
    /// <summary>Creates an exception with a message.</summary>
    public HappyHorseException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and the fault that caused it.</summary>
    public HappyHorseException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
