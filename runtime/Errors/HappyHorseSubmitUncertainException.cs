using System;
using System.Net;
using System.Security.Cryptography;

namespace HappyHorse.Generated;

/// <summary>
/// A submit failed after the service may have received it (a timeout, a connection lost mid-call, a 5xx, an answer
/// that could not be read or named no usable task, the caller's cancellation after sending): the task may exist and
/// be charged. The submit was not re-sent, by this client or by any handler on its <c>HttpClient</c>, so as not to
/// charge twice. Reconcile with the service's records using <see cref="RequestId"/>, <see cref="SentAt"/> and
/// <see cref="BodyFingerprint"/> before submitting again.
/// </summary>
public sealed class HappyHorseSubmitUncertainException : HappyHorseException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseSubmitUncertainException(
        OperationInfo operation,
        string reason,
        HttpStatusCode? statusCode,
        string? requestId,
        DateTimeOffset sentAt,
        string bodyFingerprint,
        string? responseSnippet = null,
        Exception? innerException = null)
        : base(Describe(operation, reason, requestId, sentAt, bodyFingerprint, responseSnippet), innerException)
    {
        Operation = operation;
        Reason = reason;
        StatusCode = statusCode;
        RequestId = requestId;
        SentAt = sentAt;
        BodyFingerprint = bodyFingerprint;
        ResponseSnippet = responseSnippet;
    }

    /// <summary>The operation submitted.</summary>
    public OperationInfo Operation { get; }

    /// <summary>What went wrong after sending, e.g. <c>HTTP 502</c> or <c>no answer within 00:00:30</c>.</summary>
    public string Reason { get; }

    /// <summary>The HTTP status of the failed answer, when there was one.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The id the service gave the request (from the answer's body or its <c>X-Request-Id</c> header), when it gave one.</summary>
    public string? RequestId { get; }

    /// <summary>When the body was sent, in UTC.</summary>
    public DateTimeOffset SentAt { get; }

    /// <summary>
    /// <c>sha256:</c> and the lowercase hex SHA-256 of the exact bytes of the body sent (see <see cref="FingerprintOf"/>):
    /// the same request always has the same fingerprint, so it can be matched against a log of bodies.
    /// </summary>
    public string BodyFingerprint { get; }

    /// <summary>The first characters of the answer's body, when one arrived (the API key removed).</summary>
    public string? ResponseSnippet { get; }

    /// <summary>The fingerprint of a request body as <see cref="BodyFingerprint"/> gives it: <c>sha256:</c> and the lowercase hex SHA-256 of <paramref name="body"/>.</summary>
    public static string FingerprintOf(ReadOnlySpan<byte> body)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(body, hash);
        return "sha256:" + Convert.ToHexStringLower(hash);
    }

    private static string Describe(OperationInfo operation, string reason, string? requestId, DateTimeOffset sentAt, string fingerprint, string? snippet) =>
        $"The submit of {operation} failed after the service may have received it ({reason}); the task may exist and be charged. " +
        "It was not re-sent, to avoid a duplicate charge: check for the task before submitting again " +
        $"(sent {sentAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'}, body {fingerprint}{(requestId is null ? string.Empty : ", request id " + requestId)})." +
        (snippet is null ? string.Empty : " Response began: " + snippet);
}
