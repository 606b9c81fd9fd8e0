using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Http;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HappyHorse.Generated;

/// <summary>
/// Submits generation requests and waits for their results, speaking whichever dialect each model's protocol
/// profile describes.
/// </summary>
public sealed class HappyHorseClient : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly HappyHorseClientOptions _options;
    private readonly ILogger _logger;
    private readonly ServiceTransport _transport;
    private readonly TimeProvider _time;

    /// <summary>A client configured from <c>HAPPYHORSE_API_KEY</c> and <c>HAPPYHORSE_BASE_URL</c>.</summary>
    public HappyHorseClient()
        : this(HappyHorseClientOptions.FromEnvironment())
    {
    }

    /// <summary>A client with explicit options, optionally on a caller-owned <see cref="HttpClient"/>, logger and clock.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="httpClient">The HTTP client to send with; the caller keeps ownership. When null, the client makes and owns one.</param>
    /// <param name="logger">Where submits, polls and results are logged; never headers or the key.</param>
    /// <param name="timeProvider">The clock for every delay, deadline and retry (a fake one makes tests run in virtual time).</param>
    public HappyHorseClient(HappyHorseClientOptions options, HttpClient? httpClient = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (options.BaseUrl is { } baseUrl) EnsureSafeToSendKey(baseUrl);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false });
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _transport = new ServiceTransport(_http, options, _logger, _time);
    }

    /// <summary>Validates <paramref name="request"/> and submits it; nothing is sent when it breaks a rule.</summary>
    /// <exception cref="HappyHorseValidationException">The request breaks the model's rules (every problem is listed).</exception>
    /// <exception cref="HappyHorseApiException">The service refused the request.</exception>
    /// <exception cref="HappyHorseSubmitUncertainException">The service may have taken the request; it was not re-sent.</exception>
    public async Task<GenerationTask> SubmitAsync(IGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate().ThrowIfInvalid();
        var operation = request.Operation;
        var profile = operation.Profile;
        var baseUrl = ResolveBaseUrl(profile);
        using var activity = HappyHorseTelemetry.Source.StartActivity("HappyHorse submit", ActivityKind.Client);
        Tag(activity, operation);
        Log.Submitting(_logger, operation, baseUrl.Host);

        // The body is built once: every attempt sends the same bytes.
        var body = operation.ContentType == RequestContentType.Multipart ? null : JsonBody(request);
        var form = operation.ContentType == RequestContentType.Multipart ? FormFields(request) : null;
        using var document = await _transport.SubmitAsync(
            operation,
            () =>
            {
                var message = new HttpRequestMessage(new HttpMethod(profile.Submit.Method), Combine(baseUrl, operation.SubmitPath))
                {
                    Content = body is not null ? JsonContent(body) : FormContent(form!),
                };
                foreach (var header in profile.Submit.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                return message;
            },
            cancellationToken).ConfigureAwait(false);
        var taskId = ResponsePath.FirstText(profile.TaskIdPaths, document.RootElement)
            ?? throw new HappyHorseProtocolException($"The submit response for {operation} carried no task id at {string.Join(" | ", profile.TaskIdPaths)}.", ServiceTransport.Snippet(document.RootElement.GetRawText()));
        activity?.SetTag("happyhorse.task_id", taskId);
        HappyHorseTelemetry.TasksSubmitted.Add(1, new KeyValuePair<string, object?>("happyhorse.model", operation.ModelId));
        Log.Submitted(_logger, operation, taskId);
        return new GenerationTask(operation, taskId, baseUrl);
    }

    /// <summary>Asks the service once for the task's status.</summary>
    public async Task<TaskStatusUpdate> GetStatusAsync(GenerationTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return await PollAsync(task, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Every status of the task as it changes, until it ends: the last update carries the <see cref="TaskStatusUpdate.Result"/>
    /// or <see cref="TaskStatusUpdate.FailureMessage"/>. Requests follow the dialect's schedule (or
    /// <see cref="HappyHorseClientOptions.PollSchedule"/>), timed from reported progress when there is any.
    /// </summary>
    /// <exception cref="HappyHorseWaitTimeoutException">The schedule's deadline passed; the task can be resumed.</exception>
    public async IAsyncEnumerable<TaskStatusUpdate> WatchAsync(GenerationTask task, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var time = _time;
        var schedule = _options.PollSchedule ?? task.Profile.Schedule;
        var started = time.GetTimestamp();
        using var activity = HappyHorseTelemetry.Source.StartActivity("HappyHorse wait", ActivityKind.Internal);
        Tag(activity, task.Operation);
        activity?.SetTag("happyhorse.task_id", task.TaskId);
        double? progress = null;
        for (var attempt = 0; ; attempt++)
        {
            var elapsed = time.GetElapsedTime(started);
            var remaining = schedule.Deadline - elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                Log.StoppedWaiting(_logger, task.TaskId, elapsed, "deadline");
                throw new HappyHorseWaitTimeoutException(task, elapsed);
            }

            var delay = schedule.NextDelay(attempt, elapsed, progress, Random.Shared.NextDouble());
            try
            {
                await Task.Delay(delay < remaining ? delay : remaining, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Log.StoppedWaiting(_logger, task.TaskId, time.GetElapsedTime(started), "canceled by the caller; the task goes on at the service");
                throw;
            }

            var update = await PollAsync(task, time.GetElapsedTime(started), cancellationToken).ConfigureAwait(false);
            progress = update.Progress;
            if (update.Status.IsTerminal()) Record(update, activity);
            yield return update;
            if (update.Status.IsTerminal()) yield break;
        }
    }

    /// <summary>Polls until the task ends and returns its result.</summary>
    /// <param name="task">The task to wait for.</param>
    /// <param name="progress">Receives each status observed, synchronously, in order.</param>
    /// <param name="cancellationToken">Stops the wait; the task goes on at the service (cancel it with <see cref="CancelAsync"/>).</param>
    /// <exception cref="HappyHorseTaskFailedException">The task failed, was canceled or expired.</exception>
    /// <exception cref="HappyHorseWaitTimeoutException">The schedule's deadline passed; the task can be resumed.</exception>
    public async Task<GenerationResult> WaitForCompletionAsync(GenerationTask task, IProgress<TaskStatusUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        await foreach (var update in WatchAsync(task, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(update);
            if (update.Result is { } result) return result;
            if (update.Status.IsTerminal()) throw new HappyHorseTaskFailedException(task, update.Status, update.FailureMessage);
        }

        throw new InvalidOperationException("A wait ended without a terminal status.");
    }

    /// <summary>Submits <paramref name="request"/> and waits for its result.</summary>
    public async Task<GenerationResult> GenerateAsync(IGenerationRequest request, IProgress<TaskStatusUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        var task = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        return await WaitForCompletionAsync(task, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Asks the service to cancel the task (only dialects that can, and usually only while it is queued).</summary>
    /// <exception cref="HappyHorseException">The dialect has no cancel call: stop waiting with a <see cref="CancellationToken"/> instead.</exception>
    public async Task CancelAsync(GenerationTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        var cancel = task.Profile.Cancel
            ?? throw new HappyHorseException($"The {task.Profile.Id} dialect cannot cancel a task; cancel the wait's CancellationToken to stop waiting (the task goes on at the service).");
        using var document = await _transport.QueryAsync(
            task.Profile,
            () => new HttpRequestMessage(new HttpMethod(cancel.Method), Combine(task.BaseUrl, cancel.PathFor(task.TaskId))),
            $"Cancel of {task}",
            paced: false,
            cancellationToken).ConfigureAwait(false);
        Log.Canceled(_logger, task.TaskId);
    }

    /// <summary>Streams a result URL into <paramref name="destination"/>, without credentials, stopping with an error past <see cref="HappyHorseClientOptions.MaxDownloadBytes"/>.</summary>
    /// <returns>The number of bytes written.</returns>
    public Task<long> DownloadAsync(Uri url, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(destination);
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) throw new ArgumentException($"Only http and https URLs can be downloaded (was {url.Scheme}).", nameof(url));
        return _transport.DownloadAsync(url, destination, _options.MaxDownloadBytes, cancellationToken);
    }

    /// <summary>Saves a result to <paramref name="path"/>: its first URL streamed, or its first inline content. A partial file is deleted on failure.</summary>
    /// <returns>The number of bytes written.</returns>
    public async Task<long> DownloadToFileAsync(GenerationResult result, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(path);
        try
        {
            await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true);
            if (result.Urls.Count > 0) return await DownloadAsync(result.Urls[0], file, cancellationToken).ConfigureAwait(false);
            var content = result.Contents[0];
            await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
            return content.Length;
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(HappyHorseClient)} ({_options})";

    private async Task<TaskStatusUpdate> PollAsync(GenerationTask task, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var poll = task.Profile.Poll;
        using var document = await _transport.QueryAsync(
            task.Profile,
            () => new HttpRequestMessage(new HttpMethod(poll.Method), Combine(task.BaseUrl, poll.PathFor(task.TaskId))),
            $"Status of {task}",
            paced: true,
            cancellationToken).ConfigureAwait(false);
        var root = document.RootElement;
        var spec = task.Profile.Status;
        var word = ResponsePath.FirstText(spec.Paths, root)
            ?? throw new HappyHorseProtocolException($"The status response for {task} carried no status at {string.Join(" | ", spec.Paths)}.", ServiceTransport.Snippet(root.GetRawText()));
        var status = spec.Classify(word);
        Log.StatusReceived(_logger, task.TaskId, word, status, elapsed);
        return new TaskStatusUpdate(task, status, word, ReadProgress(task.Profile, root), elapsed)
        {
            Result = status == GenerationStatus.Succeeded ? ReadResult(task, root) : null,
            FailureMessage = status.IsTerminal() && status != GenerationStatus.Succeeded ? ResponsePath.FirstText(task.Profile.FailureMessagePaths, root) : null,
        };
    }

    private void Record(TaskStatusUpdate update, Activity? activity)
    {
        var model = new KeyValuePair<string, object?>("happyhorse.model", update.Task.Operation.ModelId);
        activity?.SetTag("happyhorse.status", update.Status.ToString());
        if (update.Status == GenerationStatus.Succeeded)
        {
            HappyHorseTelemetry.TasksSucceeded.Add(1, model);
            HappyHorseTelemetry.TimeToResult.Record(update.Elapsed.TotalSeconds, model);
            Log.Succeeded(_logger, update.Task.TaskId, update.Elapsed);
        }
        else
        {
            HappyHorseTelemetry.TasksFailed.Add(1, model);
            activity?.SetStatus(ActivityStatusCode.Error, update.Status.ToString());
            Log.Failed(_logger, update.Task.TaskId, update.Status, update.FailureMessage);
        }
    }

    private static void Tag(Activity? activity, OperationInfo operation)
    {
        activity?.SetTag("happyhorse.model", operation.ModelId);
        activity?.SetTag("happyhorse.operation", operation.OperationId);
        activity?.SetTag("happyhorse.dialect", operation.Profile.Id);
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
                throw new HappyHorseProtocolException($"{task} returned result content that is not valid base64.", ServiceTransport.Snippet(base64), e);
            }
        }

        if (urls.Count == 0 && contents.Count == 0)
        {
            throw new HappyHorseProtocolException($"{task} succeeded but its response holds no result at {string.Join(" | ", task.Profile.Result.UrlPaths)}.", ServiceTransport.Snippet(root.GetRawText()));
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

    internal static void EnsureSafeToSendKey(Uri baseUrl)
    {
        if (baseUrl.Scheme == Uri.UriSchemeHttps || (baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback)) return;
        throw new HappyHorseException($"Refusing to send the API key to {baseUrl.GetLeftPart(UriPartial.Authority)}: use https (plain http is allowed only to loopback).");
    }

    private static Uri Combine(Uri baseUrl, string pathAndQuery) => new(baseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery, UriKind.Absolute);

    private static byte[] JsonBody(IGenerationRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteJsonBody(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ByteArrayContent JsonContent(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = JsonContentType;
        return content;
    }

    private static List<KeyValuePair<string, string>> FormFields(IGenerationRequest request)
    {
        if (request is not IFormGenerationRequest form)
        {
            throw new HappyHorseException($"{request.Operation} submits multipart/form-data, but {request.GetType().Name} does not implement {nameof(IFormGenerationRequest)}.");
        }

        var fields = new List<KeyValuePair<string, string>>();
        form.WriteFormFields(fields);
        return fields;
    }

    private static MultipartFormDataContent FormContent(List<KeyValuePair<string, string>> fields)
    {
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
}
