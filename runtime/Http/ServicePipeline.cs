using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Generated.Http;

/// <summary>
/// Sends the client's calls through its policies (retry, timeout, pacing, send-once, error mapping, key, bounded
/// body) and turns whatever happens into one outcome: the answer's value, or a typed exception. A submit is re-sent
/// only when the service provably did not take it; any other failure after its body went out is a
/// <see cref="HappyHorseSubmitUncertainException"/>.
/// </summary>
internal sealed class ServicePipeline
{
    private readonly ServicePolicy[] _policies;
    private readonly HappyHorseClientOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly KeyScrubber _scrubber;
    private readonly AnswerReader _reader;

    public ServicePipeline(HttpClient http, HappyHorseClientOptions options, ILogger logger, TimeProvider time, KeyScrubber scrubber, AnswerReader reader)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _scrubber = scrubber;
        _reader = reader;
        Retry = new RetryPolicy(options.Retry, logger, time);
        _policies =
        [
            Retry,
            new RequestTimeoutPolicy(options.RequestTimeout, time),
            new PacingPolicy(time),
            new SubmitOncePolicy(time),
            new ErrorMappingPolicy(reader, scrubber),
            new KeyAuthPolicy(options.ApiKey),
            new BoundedBodyPolicy(http, options, time),
        ];
    }

    /// <summary>The retry policy, whose safe retries downloads share.</summary>
    public RetryPolicy Retry { get; }

    /// <summary>
    /// Sends a submit built by <paramref name="create"/> (one request per attempt, each with a fresh
    /// <see cref="SubmitAttempt"/>) and reads the task id from the answer.
    /// </summary>
    /// <returns>The task id, and the whole answer when the dialect reads it as a status answer.</returns>
    public async Task<(string TaskId, JsonElement? Answer)> SubmitAsync(OperationInfo operation, Func<SubmitAttempt, HttpRequestMessage> create, string fingerprint, CancellationToken cancellationToken)
    {
        var profile = operation.Profile;
        var what = $"Submit of {operation}";
        using var message = new ServiceMessage(ServiceCallKind.Submit, profile, what, attempt => create(attempt!)) { CancellationToken = cancellationToken };
        try
        {
            await ProcessAsync(message).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException or MayHaveArrivedException)
        {
            if (message.Attempt is { MayHaveReached: true } sent) throw Uncertain("canceled by the caller after sending", sent.FirstStatus, sent.FirstRequestId, null, null);
            throw TransportFailures.CallerCanceled(e, cancellationToken);
        }
        catch (TransientAnswerException refused)
        {
            throw refused.Error!;
        }
        catch (Exception e) when (e is not HappyHorseException || e is HappyHorseProtocolException)
        {
            var blocked = TransportFailures.Find<SubmitResendBlockedException>(e) is not null;
            var last = message.Attempt;
            if (!blocked && last is not { MayHaveReached: true }) throw TransportFailures.Failure(e, what, _options.RequestTimeout, _scrubber);
            var reason = blocked
                ? $"a handler on the HttpClient tried to send it again{(last?.FirstStatus is { } first ? $" after HTTP {(int)first}" : string.Empty)}; the copy was stopped"
                : TransportFailures.Describe(e, _options.RequestTimeout);
            throw Uncertain(reason, last?.FirstStatus, last?.FirstRequestId, null, e);
        }

        var answer = message.Answer!;
        if (answer.Status >= 500 || answer.Status == (int)HttpStatusCode.RequestTimeout)
        {
            throw Uncertain($"HTTP {answer.Status}", (HttpStatusCode)answer.Status, _reader.RequestId(profile, answer), _scrubber.Snippet(answer.Body), null);
        }

        if (!answer.Succeeded) throw _reader.Error(profile, answer);
        if (answer.Document is not { } document) throw Uncertain($"an answer that is not JSON ({answer.ParseError})", answer.HttpStatus, _reader.RequestId(profile, answer), _scrubber.Snippet(answer.Body), null);
        try
        {
            return (_reader.TaskId(profile, document.RootElement), profile.Submit.AnswerIsStatus || profile.FollowsUrls ? document.RootElement.Clone() : null);
        }
        catch (HappyHorseProtocolException e)
        {
            throw Uncertain(e.Message, answer.HttpStatus, _reader.RequestId(profile, answer), _scrubber.Snippet(answer.Body), e);
        }

        HappyHorseSubmitUncertainException Uncertain(string reason, HttpStatusCode? status, string? requestId, string? snippet, Exception? inner)
        {
            var sentAt = message.Attempt?.SentAt ?? _time.GetUtcNow();
            reason = _scrubber.Scrub(reason);
            Log.SubmitUncertain(_logger, operation, reason, fingerprint);
            return new HappyHorseSubmitUncertainException(operation, reason, status, _scrubber.Scrub(requestId), sentAt, fingerprint, snippet, inner);
        }
    }

    /// <summary>
    /// Sends a call that is safe to repeat (status, result, cancel) and reads its answer with <paramref name="read"/>,
    /// retrying transient answers, answers <paramref name="read"/> finds malformed, lost connections and timeouts.
    /// </summary>
    public async Task<T> QueryAsync<T>(
        ServiceCallKind kind, ProtocolProfile profile, Func<HttpRequestMessage> create, string what, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        using var message = new ServiceMessage(kind, profile, what, _ => create()) { Read = root => read(root), CancellationToken = cancellationToken };
        try
        {
            await ProcessAsync(message).ConfigureAwait(false);
            return (T)message.Value!;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            throw TransportFailures.CallerCanceled(e, cancellationToken);
        }
        catch (TransientAnswerException transient)
        {
            throw transient.Error!;
        }
        catch (Exception e) when (e is not HappyHorseException)
        {
            throw TransportFailures.Failure(e, what, _options.RequestTimeout, _scrubber);
        }
    }

    private ValueTask ProcessAsync(ServiceMessage message) => _policies[0].ProcessAsync(message, _policies.AsMemory(1));
}
