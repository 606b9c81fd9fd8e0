using System;
using System.Net;

namespace HappyHorse.Generated;

/// <summary>
/// A submit failed after the service may have received it (a timeout, a connection lost mid-call, a 5xx): the task
/// may exist and be charged. The submit was not re-sent, so as not to charge twice; look for the task before
/// submitting again.
/// </summary>
public sealed class HappyHorseSubmitUncertainException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseSubmitUncertainException(OperationInfo operation, HttpStatusCode? statusCode, Exception? innerException)
        : base(
            $"The submit of {operation} failed after the service may have received it ({(statusCode is { } code ? $"HTTP {(int)code}" : innerException?.GetType().Name ?? "no answer")}); " +
            "the task may exist. It was not re-sent, to avoid a duplicate charge: check for the task before submitting again.",
            innerException)
    {
        Operation = operation;
        StatusCode = statusCode;
    }

    /// <summary>The operation submitted.</summary>
    public OperationInfo Operation { get; }

    /// <summary>The HTTP status of the failed answer, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }
}
