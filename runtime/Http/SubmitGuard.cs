using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Http;

/// <summary>
/// One attempt of a submit: what its body is, when it was sent and whether it may have reached the service. Shared by
/// the body (<see cref="SendOnceContent"/>) and <see cref="SubmitGuardHandler"/>, so that any handler re-sending the
/// same request (a retry or hedging handler a user adds) is stopped before a second copy leaves the process.
/// </summary>
internal sealed class SubmitAttempt(TimeProvider time, Func<bool>? restartTimer = null)
{
    private int _bodySends;
    private int _guarded;
    private int _reached;
    private int _inFlight;

    /// <summary>When the body first started to go out, by the client's clock.</summary>
    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Whether a copy of the body may have reached the service (and not been refused with 429 or before connecting).</summary>
    public bool MayHaveReached => Volatile.Read(ref _reached) != 0;

    /// <summary>Whether the body ever started to go out.</summary>
    private bool BodySent => Volatile.Read(ref _bodySends) > 0;

    /// <summary>The status of the first answer that may have come from the service, as the guard saw it.</summary>
    public HttpStatusCode? FirstStatus { get; private set; }

    /// <summary>The request id header of that answer.</summary>
    public string? FirstRequestId { get; private set; }

    /// <summary>
    /// Called just before the body goes out: the attempt's request timer starts again, so time spent waiting for a
    /// free connection does not shorten the exchange; false when that time already ran out (nothing may be sent then).
    /// </summary>
    public bool TryRestartTimer() => restartTimer?.Invoke() ?? true;

    /// <summary>Called as the body starts to go out; false when this copy must not be sent.</summary>
    public bool TryStartBody()
    {
        SentAt ??= time.GetUtcNow();
        var sends = Interlocked.Increment(ref _bodySends);

        // Behind the guard, the connection layer may re-send a body it knows was never read (a pooled connection
        // closed under it); without the guard nothing can tell that apart, so a second copy is refused.
        if (Volatile.Read(ref _guarded) != 0) return true;
        if (sends == 1)
        {
            Volatile.Write(ref _reached, 1);
            return true;
        }

        return false;
    }

    /// <summary>
    /// The guard passes one send down to the connection; false when an earlier one may have reached the service or is
    /// still on its way (a hedging handler's second copy waits for nothing: it is stopped).
    /// </summary>
    public bool TryPassGuard()
    {
        if (Interlocked.CompareExchange(ref _inFlight, 1, 0) != 0) return false;
        if (MayHaveReached)
        {
            Volatile.Write(ref _inFlight, 0);
            return false;
        }

        Volatile.Write(ref _guarded, 1);
        return true;
    }

    /// <summary>What the guard learned from one send: an answer, or a failure.</summary>
    public void Observed(HttpResponseMessage? response, Exception? failure)
    {
        try
        {
            Record(response, failure);
        }
        finally
        {
            Volatile.Write(ref _inFlight, 0); // after _reached is set, so the next copy sees it
        }
    }

    private void Record(HttpResponseMessage? response, Exception? failure)
    {
        if (!BodySent) return;
        var notTaken = response?.StatusCode == HttpStatusCode.TooManyRequests || (failure is HttpRequestException e && TransportFailures.NothingSent(e));
        if (notTaken) return;
        if (response is not null && FirstStatus is null)
        {
            FirstStatus = response.StatusCode;
            FirstRequestId = TransportFailures.RequestIdHeader(response);
        }

        Volatile.Write(ref _reached, 1);
    }
}

/// <summary>Thrown instead of sending a submit's body a second time; not an <see cref="HttpRequestException"/>, so retry handlers give up at once.</summary>
internal sealed class SubmitResendBlockedException()
    : InvalidOperationException("A handler tried to send a submit again after the service may have received it; HappyHorse submits are sent at most once.");

/// <summary>A submit's body, bytes built once; it goes out at most once unless <see cref="SubmitGuardHandler"/> vouches for the re-send.</summary>
internal sealed class SendOnceContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _body;

    public SendOnceContent(ReadOnlyMemory<byte> body, MediaTypeHeaderValue contentType, SubmitAttempt attempt)
    {
        _body = body;
        Attempt = attempt;
        Headers.ContentType = contentType;
    }

    public SubmitAttempt Attempt { get; }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // A request whose time ran out while it waited for a connection sends nothing, even when its timer's
        // cancellation has not run yet (a connection can free up just then): it must not count as sent.
        cancellationToken.ThrowIfCancellationRequested();
        if (!Attempt.TryRestartTimer()) throw new OperationCanceledException("The request's time ran out before its body went out.", cancellationToken);
        if (!Attempt.TryStartBody()) throw new SubmitResendBlockedException();
        await stream.WriteAsync(_body, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _body.Length;
        return true;
    }
}

/// <summary>
/// The innermost handler of the client's <c>HttpClient</c>: a submit goes down to the connection again only when no
/// earlier copy may have reached the service (it was answered 429, or no connection was made). Placed below every
/// handler a user adds, so their retry or hedging strategies cannot pay for a task twice.
/// </summary>
public sealed class SubmitGuardHandler : DelegatingHandler
{
    /// <summary>A guard over <paramref name="innerHandler"/>.</summary>
    public SubmitGuardHandler(HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
    }

    /// <summary>A guard whose inner handler is set later (as <c>IHttpClientFactory</c> does).</summary>
    public SubmitGuardHandler()
    {
    }

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not SendOnceContent { Attempt: var attempt }) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!attempt.TryPassGuard()) throw new SubmitResendBlockedException();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            attempt.Observed(null, e);
            throw;
        }

        attempt.Observed(response, null);
        return response;
    }
}
