using System;

namespace HappyHorse.Generated;

/// <summary>A task ended without a result: it failed, was canceled or the service lost it.</summary>
public sealed class HappyHorseTaskFailedException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseTaskFailedException(GenerationTask task, GenerationStatus status, string? failureMessage)
        : base($"{task} ended {status}{(failureMessage is null ? "." : ": " + failureMessage)}")
    {
        Task = task;
        Status = status;
        FailureMessage = failureMessage;
    }

    /// <summary>The task.</summary>
    public GenerationTask Task { get; }

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
        Task = task;
        Waited = waited;
    }

    /// <summary>The task, still resumable.</summary>
    public GenerationTask Task { get; }

    /// <summary>How long the wait lasted.</summary>
    public TimeSpan Waited { get; }
}
