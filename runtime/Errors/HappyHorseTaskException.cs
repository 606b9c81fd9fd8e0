using System;

namespace HappyHorse.Generated;

/// <summary>A task ended without a result: it failed, was canceled or the service lost it.</summary>
public sealed class HappyHorseTaskFailedException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseTaskFailedException(GenerationTask task, GenerationStatus status, string? failureMessage)
        : base($"{task} ended {status}{(failureMessage is null ? "." : ": " + failureMessage)}")
    {
        ArgumentNullException.ThrowIfNull(task);
        base.Task = task;
        Status = status;
        FailureMessage = failureMessage;
    }

    /// <summary>The task.</summary>
    public new GenerationTask Task => base.Task!;

    /// <summary>How it ended.</summary>
    public GenerationStatus Status { get; }

    /// <summary>The service's own explanation, when it gave one.</summary>
    public string? FailureMessage { get; }
}

/// <summary>The wait for a task reached its deadline. The task may still finish: resume waiting with <see cref="Task"/>.</summary>
public sealed class HappyHorseWaitTimeoutException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseWaitTimeoutException(GenerationTask task, TimeSpan waited)
        : base($"Stopped waiting for {task} after {waited:g}; it may still finish. Keep the task id and ask again later.")
    {
        ArgumentNullException.ThrowIfNull(task);
        base.Task = task;
        Waited = waited;
    }

    /// <summary>The task, still resumable.</summary>
    public new GenerationTask Task => base.Task!;

    /// <summary>How long the wait lasted.</summary>
    public TimeSpan Waited { get; }
}

/// <summary>
/// A result file could not be saved: the URL is not http(s) or points at a link-local or cloud-metadata address, the
/// server answered an error (after retries where one could help), the connection kept failing or timing out, the
/// file was larger than <see cref="HappyHorseClientOptions.MaxDownloadBytes"/> or shorter than the server declared.
/// A partial file is never left under the destination's name.
/// </summary>
public sealed class HappyHorseDownloadException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseDownloadException(string message, Uri url, System.Net.HttpStatusCode? statusCode, long bytesWritten, Exception? innerException = null)
        : base(message, innerException)
    {
        Url = url;
        StatusCode = statusCode;
        BytesWritten = bytesWritten;
    }

    /// <summary>The file's URL.</summary>
    public Uri Url { get; }

    /// <summary>The HTTP status of the last answer, when it was an error.</summary>
    public System.Net.HttpStatusCode? StatusCode { get; }

    /// <summary>How many bytes reached the destination stream before the failure.</summary>
    public long BytesWritten { get; }
}
