using System;

namespace HappyHorse.Generated;

/// <summary>
/// The base of every exception the HappyHorse client throws. Messages never contain the API key. Once the service has
/// given a task id, <see cref="Task"/> names the task, so a paid task is never lost with an error.
/// </summary>
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

    /// <summary>The task the failed call was about, when the service had given it an id; resume or cancel it from here.</summary>
    public GenerationTask? Task { get; internal set; }
}

/// <summary>
/// The client refused to make the call and sent nothing: no API key, a host the key must not go to (plain http, or a
/// task handle naming another service), a task id that would change the path it is put into, or a call the dialect
/// does not have. Fix the cause and call again.
/// </summary>
public sealed class HappyHorseNotSentException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseNotSentException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// No usable answer arrived: the connection could not be made or broke before the answer was whole (after the
/// retries an idempotent call is allowed). A submit that may have reached the service is reported as
/// <see cref="HappyHorseSubmitUncertainException"/> instead.
/// </summary>
public sealed class HappyHorseConnectionException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseConnectionException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// A request got no complete answer (headers and body) within <see cref="HappyHorseClientOptions.RequestTimeout"/>,
/// after the retries an idempotent call is allowed. Never the caller's own cancellation, which stays an
/// <see cref="OperationCanceledException"/>.
/// </summary>
public sealed class HappyHorseTimeoutException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseTimeoutException(string message, TimeSpan timeout, Exception? innerException = null)
        : base(message, innerException)
    {
        Timeout = timeout;
    }

    /// <summary>The time each attempt was allowed.</summary>
    public TimeSpan Timeout { get; }
}
