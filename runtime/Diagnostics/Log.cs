using System;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Generated.Diagnostics;

/// <summary>Every log line of the client. None carries a header, a body or the API key.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "Submitting {Operation} to {Host}")]
    public static partial void Submitting(ILogger logger, OperationInfo operation, string host);

    [LoggerMessage(2, LogLevel.Information, "Submitted {Operation}: task {TaskId}")]
    public static partial void Submitted(ILogger logger, OperationInfo operation, string taskId);

    [LoggerMessage(3, LogLevel.Debug, "Task {TaskId}: {RawStatus} ({Status}) after {Elapsed}")]
    public static partial void StatusReceived(ILogger logger, string taskId, string rawStatus, GenerationStatus status, TimeSpan elapsed);

    [LoggerMessage(4, LogLevel.Warning, "{What} answered {Outcome}; retry {Attempt} in {Delay}")]
    public static partial void Retrying(ILogger logger, string what, string outcome, int attempt, TimeSpan delay);

    [LoggerMessage(5, LogLevel.Information, "Task {TaskId} succeeded after {Elapsed}")]
    public static partial void Succeeded(ILogger logger, string taskId, TimeSpan elapsed);

    [LoggerMessage(6, LogLevel.Warning, "Task {TaskId} ended {Status}: {FailureMessage}")]
    public static partial void Failed(ILogger logger, string taskId, GenerationStatus status, string? failureMessage);

    [LoggerMessage(7, LogLevel.Warning, "Stopped waiting for task {TaskId} after {Elapsed}: {Reason}")]
    public static partial void StoppedWaiting(ILogger logger, string taskId, TimeSpan elapsed, string reason);

    [LoggerMessage(8, LogLevel.Information, "Canceled task {TaskId}")]
    public static partial void Canceled(ILogger logger, string taskId);

    [LoggerMessage(9, LogLevel.Error, "The submit of {Operation} may have reached the service ({Reason}); not re-sent. Body {BodyFingerprint}")]
    public static partial void SubmitUncertain(ILogger logger, OperationInfo operation, string reason, string bodyFingerprint);

    [LoggerMessage(10, LogLevel.Warning, "Task {TaskId}: {What} failed: {Error}")]
    public static partial void CallFailed(ILogger logger, string taskId, string what, string error);
}
