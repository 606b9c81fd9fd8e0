using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Http;

/// <summary>What a call is, which decides what its policies may do: a submit goes out at most once, the others are safe to repeat.</summary>
internal enum ServiceCallKind
{
    /// <summary>Creates a task (paid): re-sent only when the service provably did not take it.</summary>
    Submit,

    /// <summary>Reads a task's status, paced to the dialect's rate.</summary>
    Status,

    /// <summary>Reads a finished task's results, paced to the dialect's rate.</summary>
    Result,

    /// <summary>Asks the service to cancel a task.</summary>
    Cancel,
}

/// <summary>
/// One call on its way through the pipeline: what it is, how to build its request for each attempt, and what came
/// back. Policies read and set it as it passes, in the manner of Azure.Core's <c>HttpMessage</c>.
/// </summary>
internal sealed class ServiceMessage(ServiceCallKind kind, ProtocolProfile profile, string what, Func<SubmitAttempt?, HttpRequestMessage> createRequest) : IDisposable
{
    private HttpRequestMessage? _request;

    public ServiceCallKind Kind { get; } = kind;

    public bool IsSubmit => Kind == ServiceCallKind.Submit;

    /// <summary>The dialect the call speaks.</summary>
    public ProtocolProfile Profile { get; } = profile;

    /// <summary>The call as messages name it, e.g. <c>Status of … task abc</c>.</summary>
    public string What { get; } = what;

    /// <summary>Reads a successful answer into the call's value; a protocol error it throws is retried like a 5xx.</summary>
    public Func<JsonElement, object?>? Read { get; init; }

    /// <summary>The token of the current attempt (the caller's, linked with the attempt's timeout).</summary>
    public CancellationToken CancellationToken { get; set; }

    /// <summary>The attempt's request timer, which a submit restarts as its body goes out.</summary>
    public RequestTimer Timer { get; set; } = RequestTimer.None;

    /// <summary>The current submit attempt, shared by its body and the guard handler; the last one once the call ends.</summary>
    public SubmitAttempt? Attempt { get; set; }

    /// <summary>The current attempt's request, built on first use.</summary>
    public HttpRequestMessage Request => _request ??= createRequest(Attempt);

    /// <summary>The current attempt's answer, read whole.</summary>
    public ServiceAnswer? Answer { get; set; }

    /// <summary>The value <see cref="Read"/> made of the answer.</summary>
    public object? Value { get; set; }

    /// <summary>Forgets the last attempt's request and answer, so the next attempt builds its own.</summary>
    public void StartAttempt()
    {
        _request?.Dispose();
        _request = null;
        Answer?.Dispose();
        Answer = null;
    }

    public void Dispose() => StartAttempt();
}

/// <summary>
/// One concern of sending a call (retrying, pacing, timing out, sending a submit once, adding the key, reading the
/// answer), in the manner of Azure.Core's <c>HttpPipelinePolicy</c>: it does its part and passes the message on.
/// </summary>
internal abstract class ServicePolicy
{
    public abstract ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next);

    protected static ValueTask ProcessNextAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next) => next.Span[0].ProcessAsync(message, next[1..]);
}
