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
/// Sends the client's calls: bearer auth, retries, pacing, size caps, and turning error answers into typed
/// exceptions. A submit (not idempotent) is re-sent only when the service provably did not take it.
/// </summary>
internal sealed class ServiceTransport
{
    internal const int SnippetLength = 200;

    private readonly HttpClient _http;
    private readonly HappyHorseClientOptions _options;
    private readonly ILogger _logger;
    private readonly string? _apiKey;
    private readonly ResiliencePipeline<Answer> _idempotent;
    private readonly ResiliencePipeline<Answer> _submit;
    private readonly ConcurrentDictionary<string, RequestPacer> _pacers = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ServiceTransport(HttpClient http, HappyHorseClientOptions options, ILogger logger, TimeProvider time)
    {
        _http = http;
        _time = time;
        _options = options;
        _logger = logger;
        _apiKey = options.ApiKey;
        _idempotent = Pipeline(idempotent: true);
        _submit = Pipeline(idempotent: false);
    }

    /// <summary>Sends a submit; a failure after the service may have taken it is a <see cref="HappyHorseSubmitUncertainException"/>.</summary>
    public async Task<JsonDocument> SubmitAsync(OperationInfo operation, Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        Answer answer;
        try
        {
            answer = await SendAsync(_submit, create, $"Submit of {operation}", cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TimeoutException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            if (e is HttpRequestException request && NothingSent(request)) throw;
            throw new HappyHorseSubmitUncertainException(operation, null, e);
        }

        if ((int)answer.Status >= 500 || answer.Status == HttpStatusCode.RequestTimeout)
        {
            throw new HappyHorseSubmitUncertainException(operation, answer.Status, null);
        }

        return Parse(answer, operation.Profile);
    }

    /// <summary>Sends an idempotent call (status, cancel), retrying transient failures; status calls keep to the dialect's rate limit.</summary>
    public async Task<JsonDocument> QueryAsync(ProtocolProfile profile, Func<HttpRequestMessage> create, string what, bool paced, CancellationToken cancellationToken)
    {
        var answer = await SendAsync(
            _idempotent,
            () =>
            {
                HappyHorseTelemetry.StatusRequests.Add(1);
                return create();
            },
            what,
            cancellationToken,
            paced ? PacerFor(profile) : null).ConfigureAwait(false);
        return Parse(answer, profile);
    }

    /// <summary>Streams a result file without credentials (results live on public CDNs), stopping at <paramref name="maxBytes"/>.</summary>
    public async Task<long> DownloadAsync(Uri url, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HappyHorseApiException($"Downloading {url.GetLeftPart(UriPartial.Path)} answered HTTP {(int)response.StatusCode}.", response.StatusCode, null, null);
        }

        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes) throw TooLarge(url, declared, maxBytes);
        await using var source = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                total += read;
                if (total > maxBytes) throw TooLarge(url, total, maxBytes);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static string Snippet(string text) => text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";

    /// <summary>One answer read whole inside an attempt, so a connection lost mid-body is that attempt's failure.</summary>
    private sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter, byte[] Body);

    private async Task<Answer> SendAsync(
        ResiliencePipeline<Answer> pipeline, Func<HttpRequestMessage> create, string what, CancellationToken cancellationToken, RequestPacer? pacer = null)
    {
        if (_apiKey is null)
        {
            throw new HappyHorseException($"No API key: set {HappyHorseClientOptions.ApiKeyVariable} or {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.ApiKey)}.");
        }

        var context = ResilienceContextPool.Shared.Get(what, cancellationToken);
        try
        {
            return await pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    if (state.pacer is not null) await state.pacer.WaitTurnAsync(ctx.CancellationToken).ConfigureAwait(false);
                    using var request = state.create();
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", state.self._apiKey);
                    using var response = await state.self._http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ctx.CancellationToken).ConfigureAwait(false);
                    var retryAfter = RetryAfter.Read(response, state.self._time.GetUtcNow(), state.self._options.Retry.MaxRetryAfter);
                    var body = await state.self.ReadBodyAsync(response, ctx.CancellationToken).ConfigureAwait(false);
                    return new Answer(response.StatusCode, retryAfter, body);
                },
                context,
                (self: this, create, pacer)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private ResiliencePipeline<Answer> Pipeline(bool idempotent)
    {
        var retry = _options.Retry;
        if (retry.MaxRetries <= 0) return ResiliencePipeline<Answer>.Empty;
        return new ResiliencePipelineBuilder<Answer> { TimeProvider = _time }
            .AddRetry(new RetryStrategyOptions<Answer>
            {
                MaxRetryAttempts = retry.MaxRetries,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, idempotent, args.Context.CancellationToken)),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = retry.BaseDelay,
                MaxDelay = retry.MaxDelay,
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result?.RetryAfter),
                OnRetry = args =>
                {
                    var outcome = args.Outcome.Result is { } answer ? $"HTTP {(int)answer.Status}" : args.Outcome.Exception?.GetType().Name ?? "nothing";
                    Log.Retrying(_logger, args.Context.OperationKey ?? "A call", outcome, args.AttemptNumber + 1, args.RetryDelay);
                    return default;
                },
            })
            .Build();
    }

    private static bool ShouldRetry(Outcome<Answer> outcome, bool idempotent, CancellationToken cancellationToken) => outcome switch
    {
        { Result: { } answer } => idempotent
            ? answer.Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or HttpStatusCode.InternalServerError
                or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout
            : answer.Status == HttpStatusCode.TooManyRequests,
        { Exception: HttpRequestException e } => idempotent || NothingSent(e),
        { Exception: IOException } => idempotent,
        { Exception: TaskCanceledException or TimeoutException } => idempotent && !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    /// <summary>Whether a failure happened before any byte of the request could reach the service.</summary>
    private static bool NothingSent(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    private RequestPacer? PacerFor(ProtocolProfile profile)
    {
        var schedule = profile.Schedule;
        return schedule.MaxRequestsPerSecond is > 0 and var rate ? _pacers.GetOrAdd(profile.Id, _ => new RequestPacer(TimeSpan.FromSeconds(1 / rate), _time)) : null;
    }

    private static JsonDocument Parse(Answer answer, ProtocolProfile profile)
    {
        var body = answer.Body;
        var success = (int)answer.Status is >= 200 and < 300;
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException) when (!success)
        {
            // An error page that is not JSON still yields an API exception with its status.
        }
        catch (JsonException e)
        {
            throw new HappyHorseProtocolException($"The service answered {(int)answer.Status} with a body that is not JSON.", Snippet(body), e);
        }

        var failed = !success;
        var status = (int)answer.Status;
        if (!failed && document is not null && profile.Envelope is { } envelope && envelope.CodePath.TryFind(document.RootElement, out var code))
        {
            var text = code.ValueKind == JsonValueKind.String ? code.GetString()! : code.GetRawText();
            if (!envelope.SuccessValues.Contains(text))
            {
                failed = true;
                if (code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var numeric) && numeric is >= 400 and < 600) status = numeric;
            }
        }

        if (!failed) return document!;
        using (document)
        {
            throw CreateApiException(profile, status, document?.RootElement, body);
        }
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
            new($"The response body ({size} bytes or more) exceeds {nameof(HappyHorseClientOptions.MaxResponseBytes)} ({limit} bytes).", null);
    }

    private static HappyHorseApiException CreateApiException(ProtocolProfile profile, int status, JsonElement? root, byte[] body)
    {
        string? code = null, message = null, requestId = null;
        if (root is { } element)
        {
            code = ResponsePath.FirstText(profile.Error.CodePaths, element);
            message = ResponsePath.FirstText(profile.Error.MessagePaths, element);
            requestId = ResponsePath.FirstText(profile.Error.RequestIdPaths, element);
        }

        // A numeric code only repeats the HTTP status; the profile's table names it when the status is unambiguous.
        if (code is null || int.TryParse(code, out _)) code = DocumentedCodeFor(profile, status) ?? code;
        var text = $"HappyHorse API error {status}{(code is null ? string.Empty : " " + code)}: {message ?? Snippet(body)}";
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

    private static string Snippet(byte[] body) => Snippet(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, SnippetLength * 4)));

    private static HappyHorseException TooLarge(Uri url, long size, long cap) =>
        new($"The file at {url.GetLeftPart(UriPartial.Path)} is larger than the download cap ({size} bytes or more; cap {cap} bytes). Raise the cap to accept it.");
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
