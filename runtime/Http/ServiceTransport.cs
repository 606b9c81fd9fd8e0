using System;
using System.Buffers;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace HappyHorse.Generated.Http;

/// <summary>
/// Sends the client's calls and turns whatever happens into one outcome: the answer, or a typed exception. Status
/// queries, cancels and downloads are idempotent: retried on transient answers, unreadable bodies, dropped
/// connections and timeouts. A submit is re-sent only when the service provably did not take it; any other failure
/// after its body went out is a <see cref="HappyHorseSubmitUncertainException"/>.
/// </summary>
internal sealed class ServiceTransport
{
    internal const int SnippetLength = 200;
    private const string Redacted = "[redacted]";
    private static readonly string[] RequestIdHeaders = ["X-Request-Id", "Request-Id"];

    private readonly HttpClient _http;
    private readonly HappyHorseClientOptions _options;
    private readonly ILogger _logger;
    private readonly string? _apiKey;
    private readonly ResiliencePipeline _idempotent;
    private readonly ResiliencePipeline _submit;
    private readonly ConcurrentDictionary<string, RequestPacer> _pacers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ServiceTransport(HttpClient http, HappyHorseClientOptions options, ILogger logger, TimeProvider time)
    {
        _http = http;
        _time = time;
        _options = options;
        _logger = logger;
        _apiKey = options.ApiKey;
        _idempotent = Pipeline(IsRetryableQueryFailure);
        _submit = Pipeline(IsRetryableSubmitFailure);
    }

    /// <summary>
    /// Sends a submit built by <paramref name="create"/> (one request per attempt, each with a fresh
    /// <see cref="SubmitAttempt"/>) and reads the task id from the answer with <paramref name="readTaskId"/>.
    /// </summary>
    public async Task<string> SubmitAsync(
        OperationInfo operation, Func<SubmitAttempt, HttpRequestMessage> create, string fingerprint, Func<JsonElement, string> readTaskId, CancellationToken cancellationToken)
    {
        var profile = operation.Profile;
        var what = $"Submit of {operation}";
        SubmitAttempt? last = null;
        Answer answer;
        try
        {
            answer = await ExecuteAsync(
                _submit,
                async (timer, token) =>
                {
                    // The time it waited for a free connection (MaxConnectionsPerServer) does not count once its body
                    // goes out: a submit that goes out late is not cut short into an uncertain one.
                    var attempt = last = new SubmitAttempt(_time, timer.TryRestart);
                    using var request = create(attempt);
                    Answer sent;
                    try
                    {
                        sent = await ExchangeAsync(request, profile, token).ConfigureAwait(false);
                    }
                    catch (HttpRequestException e) when (attempt.MayHaveReached)
                    {
                        // A handler below re-sent a copy that then failed to connect: the first copy may have arrived.
                        throw new MayHaveArrivedException(e);
                    }

                    if (sent.Status != (int)HttpStatusCode.TooManyRequests) return sent;
                    using (sent) throw new TransientAnswerException(sent.Status, sent.RetryAfter, ApiError(profile, sent)); // refused: provably not taken, may be sent again
                },
                what,
                bounded: true,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException or MayHaveArrivedException)
        {
            if (last is { MayHaveReached: true }) throw Uncertain("canceled by the caller after sending", last.FirstStatus, last.FirstRequestId, null, null);
            throw CallerCanceled(e, cancellationToken);
        }
        catch (TransientAnswerException refused)
        {
            throw refused.Error!;
        }
        catch (Exception e) when (e is not HappyHorseException || e is HappyHorseProtocolException)
        {
            var blocked = Find<SubmitResendBlockedException>(e) is not null;
            if (!blocked && last is not { MayHaveReached: true }) throw Failure(e, what);
            var reason = blocked
                ? $"a handler on the HttpClient tried to send it again{(last?.FirstStatus is { } first ? $" after HTTP {(int)first}" : string.Empty)}; the copy was stopped"
                : Describe(e);
            throw Uncertain(reason, last?.FirstStatus, last?.FirstRequestId, null, e);
        }

        using (answer)
        {
            if (answer.Status >= 500 || answer.Status == (int)HttpStatusCode.RequestTimeout)
            {
                throw Uncertain($"HTTP {answer.Status}", (HttpStatusCode)answer.Status, RequestIdOf(profile, answer), Snippet(answer.Body), null);
            }

            if (!answer.Succeeded) throw ApiError(profile, answer);
            if (answer.Document is not { } document) throw Uncertain($"an answer that is not JSON ({answer.ParseError})", answer.HttpStatus, RequestIdOf(profile, answer), Snippet(answer.Body), null);
            try
            {
                return readTaskId(document.RootElement);
            }
            catch (HappyHorseProtocolException e)
            {
                throw Uncertain(e.Message, answer.HttpStatus, RequestIdOf(profile, answer), Snippet(answer.Body), e);
            }
        }

        HappyHorseSubmitUncertainException Uncertain(string reason, HttpStatusCode? status, string? requestId, string? snippet, Exception? inner)
        {
            var sentAt = last?.SentAt ?? _time.GetUtcNow();
            reason = Scrub(reason);
            Log.SubmitUncertain(_logger, operation, reason, fingerprint);
            return new HappyHorseSubmitUncertainException(operation, reason, status, Scrub(requestId), sentAt, fingerprint, snippet, inner);
        }
    }

    /// <summary>
    /// Sends an idempotent call (status, cancel) and reads its answer with <paramref name="read"/>, retrying transient
    /// answers, answers <paramref name="read"/> finds malformed, lost connections and timeouts; status calls keep to
    /// the dialect's rate limit.
    /// </summary>
    public Task<T> QueryAsync<T>(
        ProtocolProfile profile, Func<HttpRequestMessage> create, string what, bool paced, Func<JsonElement, T> read, CancellationToken cancellationToken)
    {
        var pacer = paced ? PacerFor(profile) : null;
        return ExecuteQueryAsync(
            async (_, token) =>
            {
                if (pacer is not null) await pacer.WaitTurnAsync(token).ConfigureAwait(false);
                HappyHorseTelemetry.StatusRequests.Add(1);
                using var request = create();
                using var answer = await ExchangeAsync(request, profile, token).ConfigureAwait(false);
                if (IsTransientStatus(answer.Status)) throw new TransientAnswerException(answer.Status, answer.RetryAfter, ApiError(profile, answer));
                if (!answer.Succeeded) throw ApiError(profile, answer);
                if (answer.Document is not { } document) throw new HappyHorseProtocolException($"{what}: the service answered {answer.Status} with a body that is not JSON ({answer.ParseError}).", Snippet(answer.Body));
                return read(document.RootElement);
            },
            what,
            cancellationToken);
    }

    /// <summary>
    /// Streams <paramref name="url"/> into <paramref name="destination"/> without credentials, resuming with
    /// <c>Range</c> after a lost connection, retrying transient answers, stopping at <paramref name="maxBytes"/>.
    /// </summary>
    public async Task<long> DownloadAsync(Uri url, Stream destination, long maxBytes, CancellationToken cancellationToken, ProtocolProfile? credentials = null)
    {
        var shown = new Uri(url.GetLeftPart(UriPartial.Path)); // signed query strings stay out of messages
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            throw new HappyHorseDownloadException($"Only http and https result URLs are downloaded (was {url.Scheme}:).", shown, null, 0);
        }

        if (!_options.AllowLinkLocalDownloads && Connections.IsRefusedResultHost(url.Host))
        {
            throw new HappyHorseDownloadException(
                $"Refusing to download from {url.Host}, a link-local or cloud-metadata address; set {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.AllowLinkLocalDownloads)} to allow it.", shown, null, 0);
        }

        long written = 0;
        HttpStatusCode? lastStatus = null;
        using var overall = new CancellationTokenSource(TimerSpan(_options.DownloadTimeout), _time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, overall.Token);
        try
        {
            await ExecuteAsync(
                _idempotent,
                async (_, token) =>
                {
                    using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, stall.Token);
                    try
                    {
                        return await ReadFileAsync(stall, linked.Token, token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (stall.IsCancellationRequested && !token.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
                    {
                        throw new RequestTimedOutException(e);
                    }
                },
                $"Download of {shown}",
                bounded: false, // a large file may take long: the stall timer bounds each read, DownloadTimeout the whole
                bounded.Token).ConfigureAwait(false);
            return written;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            throw CallerCanceled(e, cancellationToken);
        }
        catch (Exception e) when (overall.IsCancellationRequested)
        {
            var timeout = new HappyHorseTimeoutException($"Download of {shown} did not finish within {Seconds(_options.DownloadTimeout)}.", _options.DownloadTimeout, e);
            throw new HappyHorseDownloadException($"Downloading {shown} did not finish within {nameof(HappyHorseClientOptions.DownloadTimeout)} ({Seconds(_options.DownloadTimeout)}; {written} bytes written).", shown, lastStatus, written, timeout);
        }
        catch (HappyHorseDownloadException)
        {
            throw;
        }
        catch (TransientAnswerException e)
        {
            throw new HappyHorseDownloadException($"Downloading {shown} answered HTTP {e.Status} ({written} bytes written).", shown, (HttpStatusCode)e.Status, written);
        }
        catch (Exception e)
        {
            throw new HappyHorseDownloadException($"Downloading {shown} failed: {Scrub(Describe(e))} ({written} bytes written).", shown, lastStatus, written, Failure(e, $"Download of {shown}"));
        }

        async Task<long> ReadFileAsync(CancellationTokenSource stall, CancellationToken token, CancellationToken writeToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (!_options.AllowLinkLocalDownloads) request.Options.Set(Connections.CheckResultAddress, true);
            if (written > 0) request.Headers.Range = new RangeHeaderValue(written, null);
            if (credentials is not null) AddKey(request, credentials);
            Arm(stall);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            lastStatus = response.IsSuccessStatusCode ? null : response.StatusCode;
            if (IsTransientStatus((int)response.StatusCode))
            {
                throw new TransientAnswerException((int)response.StatusCode, RetryAfter.Read(response, _time.GetUtcNow(), _options.Retry.MaxRetryAfter), null);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HappyHorseDownloadException($"Downloading {shown} answered HTTP {(int)response.StatusCode}.", shown, response.StatusCode, written);
            }

            // A server that ignores Range sends the whole file again: skip what the destination already has.
            var resumed = response.StatusCode == HttpStatusCode.PartialContent;
            var range = response.Content.Headers.ContentRange;
            if (resumed && range?.From != written)
            {
                throw new HappyHorseDownloadException($"Downloading {shown}: the server resumed at byte {range?.From} instead of {written}.", shown, null, written);
            }

            var skip = resumed ? 0 : written;
            var total = resumed ? range?.Length : response.Content.Headers.ContentLength;
            if (total > maxBytes) throw TooLarge(total.Value);
            await using var source = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while (true)
                {
                    Arm(stall);
                    if ((read = await source.ReadAsync(buffer, token).ConfigureAwait(false)) <= 0) break;
                    var fresh = buffer.AsMemory(0, read);
                    if (skip > 0)
                    {
                        var dropped = (int)Math.Min(skip, read);
                        skip -= dropped;
                        fresh = fresh[dropped..];
                    }

                    if (written + fresh.Length > maxBytes) throw TooLarge(written + fresh.Length);
                    try
                    {
                        // Not under the stall timer, and never retried: part of a failed write may be in the destination.
                        await destination.WriteAsync(fresh, writeToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        throw new HappyHorseDownloadException($"Downloading {shown}: the destination could not be written ({e.GetType().Name}: {e.Message}).", shown, null, written, e);
                    }

                    written += fresh.Length;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // Fewer bytes than declared: the connection ended early; the next attempt resumes.
            if (total is { } expected && written < expected) throw new IOException($"The file ended after {written} of {expected} bytes.");
            return written;
        }

        void Arm(CancellationTokenSource stall)
        {
            if (TimerSpan(_options.RequestTimeout) is var limit && limit != Timeout.InfiniteTimeSpan) stall.CancelAfter(limit);
        }

        HappyHorseDownloadException TooLarge(long size) =>
            new($"The file at {shown} is larger than the download cap ({size} bytes or more; cap {maxBytes} bytes). Raise {nameof(HappyHorseClientOptions.MaxDownloadBytes)} to accept it.", shown, null, written);
    }

    /// <summary>The caller's own cancellation, carrying the caller's token (not a linked one of ours) and nothing else.</summary>
    public static OperationCanceledException CallerCanceled(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException canceled && canceled.CancellationToken == cancellationToken ? canceled : new OperationCanceledException("The operation was canceled.", e, cancellationToken);

    /// <summary>A time span as a person reads it, e.g. <c>30 s</c>.</summary>
    public static string Seconds(TimeSpan span) => $"{span.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)} s";

    /// <summary>Text that came from the service, with the client's own key removed.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(text))]
    public string? Scrub(string? text) =>
        text is null || _apiKey is not { Length: > 0 } key || !text.Contains(key, StringComparison.Ordinal) ? text : text.Replace(key, Redacted, StringComparison.Ordinal);

    /// <summary>The start of a service's text for a message, the key removed (before the cut, so no part of it survives).</summary>
    public string Snippet(string text)
    {
        text = Scrub(text);
        return text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";
    }

    /// <summary>A span a timer accepts: negative as zero, beyond a timer's range (about 49 days) as no limit.</summary>
    public static TimeSpan TimerSpan(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? span : span < TimeSpan.Zero ? TimeSpan.Zero : span.TotalMilliseconds >= uint.MaxValue - 1 ? Timeout.InfiniteTimeSpan : span;

    /// <summary>Whether a failure happened before any byte of the request could reach the service.</summary>
    internal static bool NothingSent(HttpRequestException e) =>
        Find<RefusedAddressException>(e) is null &&
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    /// <summary>The service's request id from a conventional header, when it sent one.</summary>
    internal static string? RequestIdHeader(HttpResponseMessage response)
    {
        foreach (var name in RequestIdHeaders)
        {
            if (response.Headers.TryGetValues(name, out var values))
            {
                foreach (var value in values)
                {
                    if (!string.IsNullOrWhiteSpace(value)) return value.Trim();
                }
            }
        }

        return null;
    }

    private async Task<T> ExecuteQueryAsync<T>(Func<RequestTimer, CancellationToken, Task<T>> attempt, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await ExecuteAsync(_idempotent, attempt, what, bounded: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            throw CallerCanceled(e, cancellationToken);
        }
        catch (TransientAnswerException transient)
        {
            throw transient.Error!;
        }
        catch (Exception e) when (e is not HappyHorseException)
        {
            throw Failure(e, what);
        }
    }

    /// <summary>Runs one call through <paramref name="pipeline"/>; when <paramref name="bounded"/>, each attempt within <see cref="HappyHorseClientOptions.RequestTimeout"/>.</summary>
    private async Task<T> ExecuteAsync<T>(ResiliencePipeline pipeline, Func<RequestTimer, CancellationToken, Task<T>> attempt, string what, bool bounded, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(what, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                static async (ctx, state) => state.bounded
                    ? await state.self.WithTimeoutAsync(state.attempt, ctx.CancellationToken).ConfigureAwait(false)
                    : await state.attempt(RequestTimer.None, ctx.CancellationToken).ConfigureAwait(false),
                context,
                (self: this, attempt, bounded)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<T> WithTimeoutAsync<T>(Func<RequestTimer, CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        var limit = TimerSpan(_options.RequestTimeout);
        if (limit == Timeout.InfiniteTimeSpan) return await work(RequestTimer.None, cancellationToken).ConfigureAwait(false);
        using var timeout = new CancellationTokenSource(limit, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await work(new RequestTimer(timeout, limit, _time), linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException &&
            (timeout.IsCancellationRequested || e.InnerException is TimeoutException))
        {
            // Our own deadline, or HttpClient.Timeout: a timeout, never the caller's cancellation.
            throw new RequestTimedOutException(e);
        }
    }

    /// <summary>Sends one request with the key and reads the whole answer, so a connection lost mid-body is this attempt's failure.</summary>
    private async Task<Answer> ExchangeAsync(HttpRequestMessage request, ProtocolProfile profile, CancellationToken cancellationToken)
    {
        if (_apiKey is null)
        {
            throw new HappyHorseNotSentException($"No API key: set {HappyHorseClientOptions.ApiKeyVariable} or {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.ApiKey)}.");
        }

        AddKey(request, profile);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var retryAfter = RetryAfter.Read(response, _time.GetUtcNow(), _options.Retry.MaxRetryAfter);
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        return Answer.Read(profile, response.StatusCode, retryAfter, body, RequestIdHeader(response));
    }

    /// <summary>Puts the key where the dialect expects it (<c>Authorization: Bearer</c> unless its profile says otherwise).</summary>
    private void AddKey(HttpRequestMessage request, ProtocolProfile profile)
    {
        if (_apiKey is null)
        {
            throw new HappyHorseNotSentException($"No API key: set {HappyHorseClientOptions.ApiKeyVariable} or {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.ApiKey)}.");
        }

        var auth = profile.Auth ?? AuthSpec.Bearer;
        var space = auth.Prefix.IndexOf(' ', StringComparison.Ordinal);
        if (string.Equals(auth.Header, "Authorization", StringComparison.OrdinalIgnoreCase) && space > 0 && space == auth.Prefix.Length - 1)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(auth.Prefix[..space], _apiKey);
        }
        else
        {
            request.Headers.TryAddWithoutValidation(auth.Header, auth.Prefix + _apiKey);
        }
    }

    private ResiliencePipeline Pipeline(Func<Exception, bool> retryable)
    {
        var retry = _options.Retry;
        if (retry.MaxRetries <= 0) return ResiliencePipeline.Empty;
        return new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = retry.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && !args.Context.CancellationToken.IsCancellationRequested && retryable(e)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is TransientAnswerException { RetryAfter: { } after } ? after : (TimeSpan?)null),
                OnRetry = args =>
                {
                    var outcome = args.Outcome.Exception is TransientAnswerException t ? $"HTTP {t.Status}" : args.Outcome.Exception?.GetType().Name ?? "nothing";
                    Log.Retrying(_logger, args.Context.OperationKey ?? "A call", outcome, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    private static bool IsRetryableQueryFailure(Exception e) => e switch
    {
        TransientAnswerException or RequestTimedOutException or IOException => true,
        HappyHorseProtocolException { Retryable: true } => true,
        HttpRequestException http => Find<RefusedAddressException>(http) is null,
        _ => false,
    };

    /// <summary>A submit goes again only when the service provably did not take it: answered 429, or no connection was made.</summary>
    private static bool IsRetryableSubmitFailure(Exception e) => e switch
    {
        TransientAnswerException => true,
        HttpRequestException http => NothingSent(http) && Find<SubmitResendBlockedException>(http) is null,
        _ => false,
    };

    private static bool IsTransientStatus(int status) => status is 408 or 429 or 500 or 502 or 503 or 504;

    /// <summary>A failure that carried no answer, as the typed exception a caller sees.</summary>
    private HappyHorseException Failure(Exception e, string what) => e switch
    {
        HappyHorseException typed => typed,
        RequestTimedOutException => new HappyHorseTimeoutException($"{what} got no complete answer within {Seconds(_options.RequestTimeout)}.", _options.RequestTimeout, e),
        _ => new HappyHorseConnectionException($"{what} got no answer: {Scrub(Describe(e))}.", e),
    };

    private string Describe(Exception e) => e switch
    {
        RequestTimedOutException => $"no complete answer within {Seconds(_options.RequestTimeout)}",
        MayHaveArrivedException arrived => Describe(arrived.InnerException!),
        HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => $"{http.HttpRequestError}: {http.Message}",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static T? Find<T>(Exception? e)
        where T : Exception
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is T found) return found;
        }

        return null;
    }

    private RequestPacer? PacerFor(ProtocolProfile profile)
    {
        var schedule = profile.Schedule;
        return schedule.MaxRequestsPerSecond is > 0 and var rate ? _pacers.GetOrAdd(profile.Id, _ => new RequestPacer(TimeSpan.FromSeconds(1 / rate), _time)) : null;
    }

    private async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var limit = _options.MaxResponseBytes;
        if (response.Content.Headers.ContentLength is { } declared && declared > limit) throw TooLarge(declared);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit) throw TooLarge(buffer.Length + read);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();

        HappyHorseProtocolException TooLarge(long size) =>
            new($"The response body ({size} bytes or more) exceeds {nameof(HappyHorseClientOptions.MaxResponseBytes)} ({limit} bytes).", null) { Retryable = false };
    }

    private string? RequestIdOf(ProtocolProfile profile, Answer answer) =>
        (answer.Document is { } document ? ResponsePath.FirstText(profile.Error.RequestIdPaths, document.RootElement) : null) ?? answer.RequestIdHeader;

    private HappyHorseApiException ApiError(ProtocolProfile profile, Answer answer)
    {
        string? code = null, message = null;
        if (answer.Document is { } document)
        {
            code = ResponsePath.FirstText(profile.Error.CodePaths, document.RootElement);
            message = ResponsePath.FirstText(profile.Error.MessagePaths, document.RootElement);
        }

        var status = answer.Status;
        var requestId = Scrub(RequestIdOf(profile, answer));

        // A numeric code only repeats the HTTP status; the profile's table names it when the status is unambiguous.
        if (code is null || int.TryParse(code, out _)) code = DocumentedCodeFor(profile, status) ?? code;
        code = Scrub(code);
        var text = $"HappyHorse API error {status}{(code is null ? string.Empty : " " + code)}: {(message is null ? Snippet(answer.Body) : Scrub(message))}";
        return status switch
        {
            401 => new HappyHorseAuthenticationException(text, code, requestId),
            402 => new HappyHorseInsufficientCreditsException(text, code, requestId),
            _ => new HappyHorseApiException(text, (HttpStatusCode)status, code, requestId),
        };
    }

    private static string? DocumentedCodeFor(ProtocolProfile profile, int status)
    {
        string? found = null;
        foreach (var documented in profile.ErrorCodes)
        {
            if (documented.HttpStatus != status) continue;
            if (found is not null) return null;
            found = documented.Code;
        }

        return found;
    }

    private string Snippet(byte[] body) => Snippet(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, SnippetLength * 4)));

    /// <summary>
    /// One answer read whole: its HTTP status, the status it means (a body-level result code of an enveloped
    /// dialect overrides a 200), its body, and the body parsed when it is JSON.
    /// </summary>
    /// <remarks><see cref="ParseError"/> says where the JSON broke, never what it held: a JsonException's own message quotes the body, which may echo the key.</remarks>
    private sealed record Answer(HttpStatusCode HttpStatus, int Status, TimeSpan? RetryAfter, byte[] Body, JsonDocument? Document, string? ParseError, string? RequestIdHeader)
        : IDisposable
    {
        public bool Succeeded => Status is >= 200 and < 300;

        public static Answer Read(ProtocolProfile profile, HttpStatusCode httpStatus, TimeSpan? retryAfter, byte[] body, string? requestIdHeader)
        {
            JsonDocument? document = null;
            string? parseError = null;
            try
            {
                document = JsonDocument.Parse(body);
            }
            catch (JsonException e)
            {
                parseError = $"invalid JSON at byte {e.BytePositionInLine} of line {e.LineNumber + 1}";
            }

            var status = (int)httpStatus;
            if (status is >= 200 and < 300 && document is not null && profile.Envelope is { } envelope && envelope.CodePath.TryFind(document.RootElement, out var code))
            {
                var text = code.ValueKind == JsonValueKind.String ? code.GetString()! : code.GetRawText();
                if (!envelope.SuccessValues.Contains(text))
                {
                    status = code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var numeric) && numeric is >= 400 and < 600 ? numeric : 400;
                }
            }

            return new Answer(httpStatus, status, retryAfter, body, document, parseError, requestIdHeader);
        }

        public void Dispose() => Document?.Dispose();
    }

    /// <summary>An answer worth another attempt (408, 429, 5xx); the last one's <see cref="Error"/> is thrown when retries run out.</summary>
    private sealed class TransientAnswerException(int status, TimeSpan? retryAfter, HappyHorseApiException? error) : Exception($"HTTP {status}")
    {
        public int Status { get; } = status;

        public TimeSpan? RetryAfter { get; } = retryAfter;

        public HappyHorseApiException? Error { get; } = error;
    }

    /// <summary>A submit failure after a copy of its body may have arrived: never retried.</summary>
    private sealed class MayHaveArrivedException(Exception inner) : Exception(inner.Message, inner);

    /// <summary>
    /// The <see cref="HappyHorseClientOptions.RequestTimeout"/> timer of one attempt, which the attempt may start again
    /// (a submit does as its body goes out); <see cref="None"/> when nothing bounds the attempt.
    /// </summary>
    private sealed class RequestTimer(CancellationTokenSource? timeout, TimeSpan limit, TimeProvider time)
    {
        /// <summary>
        /// A timer may fire this much before the clock says it is due (timers and the clock tick apart), or its
        /// cancellation may still be queued: within it, the time counts as run out.
        /// </summary>
        private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(50);

        private readonly Lock _lock = new();
        private long _started = time.GetTimestamp();

        public static RequestTimer None { get; } = new(null, Timeout.InfiniteTimeSpan, TimeProvider.System);

        /// <summary>Gives the attempt all of its time again from now; false, and the attempt canceled, when its time already ran out.</summary>
        public bool TryRestart()
        {
            if (timeout is null) return true;
            lock (_lock)
            {
                try
                {
                    if (!timeout.IsCancellationRequested && time.GetElapsedTime(_started) < limit - Margin)
                    {
                        timeout.CancelAfter(limit);
                        _started = time.GetTimestamp();
                        return true;
                    }
                }
                catch (ObjectDisposedException)
                {
                    return false; // the attempt is over
                }
            }

            // Its time is up even if the timer has not fired yet: cancel now, so the attempt ends as a timeout.
            try
            {
                timeout.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }

            return false;
        }
    }

    /// <summary>One attempt got no complete answer within <see cref="HappyHorseClientOptions.RequestTimeout"/>.</summary>
    private sealed class RequestTimedOutException(Exception inner) : TimeoutException("The request timed out.", inner);
}

/// <summary>Spaces status requests of one dialect so a client stays within the service's documented rate.</summary>
internal sealed class RequestPacer(TimeSpan interval, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _next;

    public Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            var slot = Math.Max(now, _next);
            _next = slot + (long)(interval.TotalSeconds * time.TimestampFrequency);
            wait = TimeSpan.FromSeconds((slot - now) / (double)time.TimestampFrequency);
        }

        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
