using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>
/// Submits generation requests and waits for their results, speaking whichever dialect each model's protocol
/// profile describes.
/// </summary>
public sealed class HappyHorseClient : IDisposable
{
    private const int SnippetLength = 200;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly HappyHorseClientOptions _options;
    private readonly string? _apiKey;

    /// <summary>A client configured from <c>HAPPYHORSE_API_KEY</c> and <c>HAPPYHORSE_BASE_URL</c>.</summary>
    public HappyHorseClient()
        : this(HappyHorseClientOptions.FromEnvironment())
    {
    }

    /// <summary>A client with explicit options, optionally on a caller-owned <see cref="HttpClient"/>.</summary>
    public HappyHorseClient(HappyHorseClientOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _apiKey = options.ApiKey;
        if (options.BaseUrl is { } baseUrl) EnsureSafeToSendKey(baseUrl);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
    }

    /// <summary>Validates <paramref name="request"/> and submits it; nothing is sent when it breaks a rule.</summary>
    /// <exception cref="HappyHorseValidationException">The request breaks the model's rules (every problem is listed).</exception>
    /// <exception cref="HappyHorseApiException">The service refused the request.</exception>
    public async Task<GenerationTask> SubmitAsync(IGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate().ThrowIfInvalid();
        var operation = request.Operation;
        var profile = operation.Profile;
        var baseUrl = ResolveBaseUrl(profile);

        using var message = new HttpRequestMessage(new HttpMethod(profile.Submit.Method), Combine(baseUrl, operation.SubmitPath));
        message.Content = operation.ContentType == RequestContentType.Multipart ? FormBody(request) : JsonBody(request);
        foreach (var header in profile.Submit.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);

        using var document = await SendAsync(message, profile, cancellationToken).ConfigureAwait(false);
        var taskId = ResponsePath.FirstText(profile.TaskIdPaths, document.RootElement)
            ?? throw new HappyHorseProtocolException($"The submit response for {operation} carried no task id at {string.Join(" | ", profile.TaskIdPaths)}.", Snippet(document.RootElement.GetRawText()));
        return new GenerationTask(operation, taskId, baseUrl);
    }

    /// <summary>Asks the service once for the task's status.</summary>
    public async Task<TaskStatusUpdate> GetStatusAsync(GenerationTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var document = await PollAsync(task, cancellationToken).ConfigureAwait(false);
        return ReadStatus(task, document.RootElement, TimeSpan.Zero);
    }

    /// <summary>Polls until the task ends, following the dialect's schedule (or <see cref="HappyHorseClientOptions.PollSchedule"/>).</summary>
    /// <param name="task">The task to wait for.</param>
    /// <param name="progress">Receives each status observed, synchronously, in order.</param>
    /// <param name="cancellationToken">Stops the wait; the task goes on at the service.</param>
    /// <exception cref="HappyHorseTaskFailedException">The task failed, was canceled or expired.</exception>
    /// <exception cref="HappyHorseWaitTimeoutException">The schedule's deadline passed; the task can be resumed.</exception>
    public async Task<GenerationResult> WaitForCompletionAsync(GenerationTask task, IProgress<TaskStatusUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var time = _options.TimeProvider;
        var schedule = _options.PollSchedule ?? task.Profile.Schedule;
        var started = time.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var elapsed = time.GetElapsedTime(started);
            var remaining = schedule.Deadline - elapsed;
            if (remaining <= TimeSpan.Zero) throw new HappyHorseWaitTimeoutException(task, elapsed);
            var delay = schedule.DelayBefore(attempt);
            await Task.Delay(delay < remaining ? delay : remaining, time, cancellationToken).ConfigureAwait(false);

            using var document = await PollAsync(task, cancellationToken).ConfigureAwait(false);
            var update = ReadStatus(task, document.RootElement, time.GetElapsedTime(started));
            progress?.Report(update);
            switch (update.Status)
            {
                case GenerationStatus.Succeeded:
                    return ReadResult(task, document.RootElement);
                case GenerationStatus.Failed or GenerationStatus.Canceled or GenerationStatus.Expired:
                    throw new HappyHorseTaskFailedException(task, update.Status, ResponsePath.FirstText(task.Profile.FailureMessagePaths, document.RootElement));
            }
        }
    }

    /// <summary>Submits <paramref name="request"/> and waits for its result.</summary>
    public async Task<GenerationResult> GenerateAsync(IGenerationRequest request, IProgress<TaskStatusUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        var task = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        return await WaitForCompletionAsync(task, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(HappyHorseClient)} ({_options})";

    private async Task<JsonDocument> PollAsync(GenerationTask task, CancellationToken cancellationToken)
    {
        var poll = task.Profile.Poll;
        using var message = new HttpRequestMessage(new HttpMethod(poll.Method), Combine(task.BaseUrl, poll.PathFor(task.TaskId)));
        return await SendAsync(message, task.Profile, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JsonDocument> SendAsync(HttpRequestMessage message, ProtocolProfile profile, CancellationToken cancellationToken)
    {
        if (_apiKey is null)
        {
            throw new HappyHorseException($"No API key: set {HappyHorseClientOptions.ApiKeyVariable} or {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.ApiKey)}.");
        }

        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _apiKey);
        using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            // An error page that is not JSON still yields an API exception with its status.
        }
        catch (JsonException e)
        {
            throw new HappyHorseProtocolException($"The service answered {(int)response.StatusCode} with a body that is not JSON.", Snippet(body), e);
        }

        var failed = !response.IsSuccessStatusCode;
        var status = (int)response.StatusCode;
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

    private static TaskStatusUpdate ReadStatus(GenerationTask task, JsonElement root, TimeSpan elapsed)
    {
        var spec = task.Profile.Status;
        var word = ResponsePath.FirstText(spec.Paths, root)
            ?? throw new HappyHorseProtocolException($"The status response for {task} carried no status at {string.Join(" | ", spec.Paths)}.", Snippet(root.GetRawText()));
        return new TaskStatusUpdate(task, spec.Classify(word), word, ReadProgress(task.Profile, root), elapsed);
    }

    private static double? ReadProgress(ProtocolProfile profile, JsonElement root)
    {
        foreach (var path in profile.ProgressPaths)
        {
            if (!path.TryFind(root, out var value)) continue;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return Math.Clamp(number, 0, 100);
            if (value.ValueKind == JsonValueKind.String &&
                double.TryParse(value.GetString()!.TrimEnd('%'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out number))
            {
                return Math.Clamp(number, 0, 100);
            }
        }

        return null;
    }

    private static GenerationResult ReadResult(GenerationTask task, JsonElement root)
    {
        var urls = new List<Uri>();
        foreach (var path in task.Profile.Result.UrlPaths)
        {
            if (!path.TryFind(root, out var value)) continue;
            if (value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray()) AddUrl(item);
            }
            else
            {
                AddUrl(value);
            }

            if (urls.Count > 0) break;
        }

        var contents = new List<ReadOnlyMemory<byte>>();
        if (urls.Count == 0 && ResponsePath.FirstText(task.Profile.Result.Base64Paths, root) is { } base64)
        {
            try
            {
                contents.Add(Convert.FromBase64String(base64));
            }
            catch (FormatException e)
            {
                throw new HappyHorseProtocolException($"{task} returned result content that is not valid base64.", Snippet(base64), e);
            }
        }

        if (urls.Count == 0 && contents.Count == 0)
        {
            throw new HappyHorseProtocolException($"{task} succeeded but its response holds no result at {string.Join(" | ", task.Profile.Result.UrlPaths)}.", Snippet(root.GetRawText()));
        }

        return new GenerationResult(task, urls, contents);

        void AddUrl(JsonElement item)
        {
            if (item.ValueKind == JsonValueKind.String && Uri.TryCreate(item.GetString(), UriKind.Absolute, out var url)) urls.Add(url);
        }
    }

    private Uri ResolveBaseUrl(ProtocolProfile profile)
    {
        var baseUrl = _options.BaseUrl ?? profile.DefaultBaseUrl
            ?? throw new HappyHorseException($"No base URL for the {profile.Id} dialect: set {HappyHorseClientOptions.BaseUrlVariable} or {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.BaseUrl)}.");
        EnsureSafeToSendKey(baseUrl);
        return baseUrl;
    }

    private static void EnsureSafeToSendKey(Uri baseUrl)
    {
        if (baseUrl.Scheme == Uri.UriSchemeHttps || (baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback)) return;
        throw new HappyHorseException($"Refusing to send the API key to {baseUrl.GetLeftPart(UriPartial.Authority)}: use https (plain http is allowed only to loopback).");
    }

    private static Uri Combine(Uri baseUrl, string pathAndQuery) => new(baseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery, UriKind.Absolute);

    private static ByteArrayContent JsonBody(IGenerationRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteJsonBody(writer);
        }

        var content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    private static MultipartFormDataContent FormBody(IGenerationRequest request)
    {
        if (request is not IFormGenerationRequest form)
        {
            throw new HappyHorseException($"{request.Operation} submits multipart/form-data, but {request.GetType().Name} does not implement {nameof(IFormGenerationRequest)}.");
        }

        var fields = new List<KeyValuePair<string, string>>();
        form.WriteFormFields(fields);
        var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            // Plain text parts, as a browser form or Python's files=(None, value) sends them: no per-part content type.
            var part = new StringContent(value, Encoding.UTF8);
            part.Headers.ContentType = null;
            content.Add(part, name);
        }

        return content;
    }

    private static string Snippet(byte[] body) => Snippet(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, SnippetLength * 4)));

    private static string Snippet(string text) => text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";
}
