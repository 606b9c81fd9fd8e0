using System;
using System.Net;

namespace HappyHorse.Generated;

/// <summary>The service answered a call with an error.</summary>
public class HappyHorseApiException : HappyHorseException
{
    /// <summary>Creates an exception for an error answer.</summary>
    public HappyHorseApiException(string message, HttpStatusCode statusCode, string? errorCode, string? requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RequestId = requestId;
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The API's own error code, e.g. <c>INVALID_DURATION</c> or <c>InvalidApiKey</c>, when it gave one.</summary>
    public string? ErrorCode { get; }

    /// <summary>The id the service gave the request, for support.</summary>
    public string? RequestId { get; }
}

/// <summary>The service refused the API key (HTTP 401).</summary>
public sealed class HappyHorseAuthenticationException : HappyHorseApiException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseAuthenticationException(string message, string? errorCode, string? requestId)
        : base(message, HttpStatusCode.Unauthorized, errorCode, requestId)
    {
    }
}

/// <summary>The account has too few credits for the task (HTTP 402).</summary>
public sealed class HappyHorseInsufficientCreditsException : HappyHorseApiException
{
    /// <summary>Creates the exception.</summary>
    public HappyHorseInsufficientCreditsException(string message, string? errorCode, string? requestId)
        : base(message, HttpStatusCode.PaymentRequired, errorCode, requestId)
    {
    }
}

/// <summary>The service answered with something the dialect's profile does not describe (malformed JSON, no task id, …).</summary>
public sealed class HappyHorseProtocolException : HappyHorseException
{
    /// <summary>Creates the exception with the start of the offending body.</summary>
    public HappyHorseProtocolException(string message, string? responseSnippet, Exception? innerException = null)
        : base(responseSnippet is null ? message : $"{message} Response began: {responseSnippet}", innerException)
    {
        ResponseSnippet = responseSnippet;
    }

    /// <summary>The first characters of the response body.</summary>
    public string? ResponseSnippet { get; }

    /// <summary>Whether asking again could help (a body cut short can be whole next time; one over the size cap cannot).</summary>
    internal bool Retryable { get; init; } = true;
}
