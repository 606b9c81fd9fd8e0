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
    /// <param name="httpClient">
    /// The HTTP client to send with; the caller keeps ownership. When null, the client makes and owns one, with at most
    /// <see cref="HappyHorseClientOptions.MaxConnectionsPerServer"/> connections to a service and redirects off. Give
    /// yours redirects off too (<c>AllowAutoRedirect = false</c>) for a dialect that sends the key in a header other than
    /// <c>Authorization</c>: .NET drops only <c>Authorization</c> when it follows a redirect to another host.
    /// </param>
    /// <param name="logger">Where submits, polls and results are logged; never headers or the key.</param>
    /// <param name="timeProvider">The clock for every delay, deadline and retry (a fake one makes tests run in virtual time).</param>
    /// <exception cref="HappyHorseNotSentException"><see cref="HappyHorseClientOptions.BaseUrl"/> is not https (or plain http to loopback).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Without <paramref name="httpClient"/>: <see cref="HappyHorseClientOptions.MaxConnectionsPerServer"/> is less than 1.</exception>
    public HappyHorseClient(HappyHorseClientOptions options, HttpClient? httpClient = null, ILogger? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        if (options.BaseUrl is { } baseUrl) EnsureSafeToSendKey(baseUrl);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SubmitGuardHandler(Connections.CreatePrimaryHandler(options))) { Timeout = Timeout.InfiniteTimeSpan };
        _logger = logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
        _transport = new ServiceTransport(_http, options, _logger, _time);
    }

    /// <summary>Validates <paramref name="request"/> and submits it; nothing is sent when it breaks a rule.</summary>
    /// <remarks>
    /// The submit is sent at most once unless the service provably did not take it (429, or no connection made).
    /// Cancelling <paramref name="cancellationToken"/> after the body went out ends in
    /// <see cref="HappyHorseSubmitUncertainException"/>, since the task may exist. Every outcome is listed in docs/outcomes.md.
    /// </remarks>
    /// <exception cref="HappyHorseValidationException">The request breaks the model's rules (every problem is listed); nothing was sent.</exception>
    /// <exception cref="HappyHorseNotSentException">No API key, or no safe base URL; nothing was sent.</exception>
    /// <exception cref="HappyHorseApiException">The service refused the request; no task was created.</exception>
    /// <exception cref="HappyHorseConnectionException">No connection could be made; nothing reached the service.</exception>
    /// <exception cref="HappyHorseTimeoutException">No connection could be made (or none was free) in time; nothing reached the service.</exception>
    /// <exception cref="HappyHorseSubmitUncertainException">The service may have taken the request; it was not re-sent.</exception>
    public async Task<GenerationTask> SubmitAsync(IGenerationRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = request.Operation;
        using var activity = HappyHorseTelemetry.Start(HappyHorseTelemetry.SubmitSpan, ActivityKind.Client, operation);
        try
        {
            var task = await SubmitCoreAsync(request, operation, cancellationToken).ConfigureAwait(false);
            HappyHorseTelemetry.SetTask(activity, task.TaskId);
            HappyHorseTelemetry.RecordSubmit(operation, null);
            return task;
        }
        catch (Exception e)
        {
            HappyHorseTelemetry.Fail(activity, e);
            HappyHorseTelemetry.RecordSubmit(operation, e);
            throw;
        }
    }

    private async Task<GenerationTask> SubmitCoreAsync(IGenerationRequest request, OperationInfo operation, CancellationToken cancellationToken)
    {
        request.Validate().ThrowIfInvalid();
        var profile = operation.Profile;
        var baseUrl = ResolveBaseUrl(profile);
        Log.Submitting(_logger, operation, baseUrl.Host);

        // The body is built once: every attempt sends the same bytes, and their fingerprint identifies it.
        var (body, contentType) = operation.ContentType == RequestContentType.Multipart ? await FormBodyAsync(request).ConfigureAwait(false) : (JsonBody(request), JsonContentType);
        var fingerprint = HappyHorseSubmitUncertainException.FingerprintOf(body);
        var submitUrl = Combine(baseUrl, SubmitPathFor(operation, body, contentType));
        var taskId = await _transport.SubmitAsync(
            operation,
            attempt =>
            {
                var message = new HttpRequestMessage(new HttpMethod(profile.Submit.Method), submitUrl) { Content = new SendOnceContent(body, contentType, attempt) };
                foreach (var header in profile.Submit.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                return message;
            },
            fingerprint,
            root => ReadTaskId(profile, root),
            cancellationToken).ConfigureAwait(false);
        Log.Submitted(_logger, operation, taskId);
        return new GenerationTask(operation, taskId, baseUrl);
    }

    /// <summary>Asks the service once for the task's status (retrying what is safe to retry).</summary>
    /// <exception cref="HappyHorseException">A documented subtype (see docs/outcomes.md); it carries <paramref name="task"/>.</exception>
    public async Task<TaskStatusUpdate> GetStatusAsync(GenerationTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            EnsureMayContact(task);
            return await PollAsync(task, TimeSpan.Zero, cancellationToken).ConfigureAwait(false);
        }
        catch (HappyHorseException e)
        {
            throw About(task, e, "status");
        }
    }

    /// <summary>
    /// Every status of the task as it changes, until it ends: the last update carries the <see cref="TaskStatusUpdate.Result"/>
    /// or <see cref="TaskStatusUpdate.FailureMessage"/>. Requests follow the dialect's schedule (or
    /// <see cref="HappyHorseClientOptions.PollSchedule"/>), timed from reported progress when there is any. The schedule's
    /// deadline bounds everything: no retry delay or request in flight runs past it.
    /// </summary>
    /// <exception cref="HappyHorseWaitTimeoutException">The schedule's deadline passed; the task can be resumed.</exception>
    /// <exception cref="HappyHorseException">Another documented subtype (see docs/outcomes.md); every one carries <paramref name="task"/>.</exception>
    public async IAsyncEnumerable<TaskStatusUpdate> WatchAsync(GenerationTask task, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        try
        {
            EnsureMayContact(task);
        }
        catch (HappyHorseException e)
        {
            throw About(task, e, "wait");
        }

        var time = _time;
        var schedule = _options.PollSchedule ?? task.Profile.Schedule;
        var started = time.GetTimestamp();
        using var activity = HappyHorseTelemetry.Start(HappyHorseTelemetry.WaitSpan, ActivityKind.Internal, task.Operation);
        HappyHorseTelemetry.SetTask(activity, task.TaskId);
        using var deadline = new CancellationTokenSource(ServiceTransport.TimerSpan(schedule.Deadline), time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        double? progress = null;
        for (var attempt = 0; ; attempt++)
        {
            TaskStatusUpdate update;
            try
            {
                var elapsed = time.GetElapsedTime(started);
                var remaining = schedule.Deadline - elapsed;
                if (remaining <= TimeSpan.Zero) throw new OperationCanceledException(deadline.Token);
                var delay = ServiceTransport.TimerSpan(schedule.NextDelay(attempt, elapsed, progress, Random.Shared.NextDouble()));
                await Task.Delay(delay < remaining ? delay : ServiceTransport.TimerSpan(remaining), time, bounded.Token).ConfigureAwait(false);
                update = await PollAsync(task, time.GetElapsedTime(started), bounded.Token, activity).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                Log.StoppedWaiting(_logger, task.TaskId, time.GetElapsedTime(started), "canceled by the caller; the task goes on at the service");
                var canceled = ServiceTransport.CallerCanceled(e, cancellationToken);
                HappyHorseTelemetry.Fail(activity, canceled);
                throw canceled;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested || time.GetElapsedTime(started) >= schedule.Deadline)
            {
                var waited = time.GetElapsedTime(started);
                Log.StoppedWaiting(_logger, task.TaskId, waited, "deadline");
                var timeout = new HappyHorseWaitTimeoutException(task, waited);
                HappyHorseTelemetry.Fail(activity, timeout);
                throw timeout;
            }
            catch (HappyHorseException e)
            {
                HappyHorseTelemetry.Fail(activity, e);
                throw About(task, e, "wait");
            }

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
    /// <exception cref="HappyHorseException">Another documented subtype (see docs/outcomes.md); every one carries <paramref name="task"/>.</exception>
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
    /// <remarks>Once the service has accepted the task, every exception carries it (<see cref="HappyHorseException.Task"/>), so a paid task is never lost.</remarks>
    /// <exception cref="HappyHorseException">A documented subtype of <see cref="SubmitAsync"/> or <see cref="WaitForCompletionAsync"/> (see docs/outcomes.md).</exception>
    public async Task<GenerationResult> GenerateAsync(IGenerationRequest request, IProgress<TaskStatusUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var operation = request.Operation;

        // One span for the whole generation: the submit, the wait and its status requests are its children.
        using var activity = HappyHorseTelemetry.StartGeneration(operation);
        var started = _time.GetTimestamp();
        try
        {
            var task = await SubmitAsync(request, cancellationToken).ConfigureAwait(false);
            HappyHorseTelemetry.SetTask(activity, task.TaskId);
            var result = await WaitForCompletionAsync(task, progress, cancellationToken).ConfigureAwait(false);
            HappyHorseTelemetry.RecordGeneration(operation, _time.GetElapsedTime(started), null);
            return result;
        }
        catch (Exception e)
        {
            HappyHorseTelemetry.Fail(activity, e);
            HappyHorseTelemetry.RecordGeneration(operation, _time.GetElapsedTime(started), e);
            throw;
        }
    }

    /// <summary>Asks the service to cancel the task (only dialects that can, and usually only while it is queued).</summary>
    /// <exception cref="HappyHorseNotSentException">The dialect has no cancel call: stop waiting with a <see cref="CancellationToken"/> instead.</exception>
    /// <exception cref="HappyHorseException">Another documented subtype (see docs/outcomes.md); every one carries <paramref name="task"/>.</exception>
    public async Task CancelAsync(GenerationTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var activity = HappyHorseTelemetry.Start(HappyHorseTelemetry.CancelSpan, ActivityKind.Client, task.Operation);
        HappyHorseTelemetry.SetTask(activity, task.TaskId);
        try
        {
            var cancel = task.Profile.Cancel
                ?? throw new HappyHorseNotSentException($"The {task.Profile.Id} dialect cannot cancel a task; cancel the wait's CancellationToken to stop waiting (the task goes on at the service).");
            EnsureMayContact(task);
            var url = Combine(task.BaseUrl, PathOf(task, cancel));
            await _transport.QueryAsync(
                task.Profile,
                () => new HttpRequestMessage(new HttpMethod(cancel.Method), url),
                $"Cancel of {task}",
                paced: false,
                static _ => true,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            HappyHorseTelemetry.Fail(activity, e);
            if (e is HappyHorseException typed) throw About(task, typed, "cancel");
            throw;
        }

        Log.Canceled(_logger, task.TaskId);
    }

    /// <summary>
    /// Streams a result URL into <paramref name="destination"/> without credentials: retried on transient answers and
    /// lost connections (resumed with <c>Range</c> where the server allows), checked against the declared length, and
    /// stopped past <see cref="HappyHorseClientOptions.MaxDownloadBytes"/>.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="HappyHorseDownloadException">The file could not be downloaded whole.</exception>
    public Task<long> DownloadAsync(Uri url, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(destination);
        return _transport.DownloadAsync(url, destination, _options.MaxDownloadBytes, cancellationToken);
    }

    /// <summary>
    /// Saves a result to <paramref name="path"/>: its first URL downloaded as <see cref="DownloadAsync"/> does, or its
    /// first inline content. The file is written beside <paramref name="path"/> and moved into place only when whole.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="HappyHorseDownloadException">The file could not be downloaded or written whole; it carries the result's task.</exception>
    public async Task<long> DownloadToFileAsync(GenerationResult result, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (result.Urls.Count == 0 && result.Contents.Count == 0)
        {
            throw About(result.Task, new HappyHorseDownloadException($"{result.Task} has no result to save.", new Uri("data:,"), null, 0), "download");
        }

        var partial = path + ".partial";
        try
        {
            long written;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                if (result.Urls.Count > 0)
                {
                    written = await DownloadResultAsync(result, 0, file, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    var content = result.Contents[0];
                    await file.WriteAsync(content, cancellationToken).ConfigureAwait(false);
                    written = content.Length;
                }
            }

            File.Move(partial, path, overwrite: true);
            return written;
        }
        catch (Exception e)
        {
            DeletePartial(partial);
            if (e is OperationCanceledException) throw;
            if (e is HappyHorseException typed) throw About(result.Task, typed, "download");
            var url = result.Urls.Count > 0 ? new Uri(result.Urls[0].GetLeftPart(UriPartial.Path)) : new Uri("data:,");
            throw About(result.Task, new HappyHorseDownloadException($"Could not write {path}: {e.Message}", url, null, 0, e), "download");
        }
    }

    /// <summary>
    /// Streams result file <paramref name="index"/> of <paramref name="result"/> into <paramref name="destination"/> as
    /// <see cref="DownloadAsync(Uri, Stream, CancellationToken)"/> does; where the dialect's results need the key, it is
    /// sent, and only when the file is on the task's own service (same scheme, host and port).
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="HappyHorseDownloadException">The file could not be downloaded whole.</exception>
    public async Task<long> DownloadResultAsync(GenerationResult result, int index, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, result.Urls.Count);
        var url = result.Urls[index];
        var task = result.Task;
        var credentials = task.Profile.Result.NeedsCredentials && IsOwnHost(task, url) ? task.Profile : null;
        using var activity = HappyHorseTelemetry.Start(HappyHorseTelemetry.DownloadSpan, ActivityKind.Client, task.Operation);
        HappyHorseTelemetry.SetTask(activity, task.TaskId);
        try
        {
            var written = await _transport.DownloadAsync(url, destination, _options.MaxDownloadBytes, cancellationToken, credentials).ConfigureAwait(false);
            activity?.SetTag("happyhorse.download.bytes", written);
            return written;
        }
        catch (Exception e)
        {
            HappyHorseTelemetry.Fail(activity, e);
            throw;
        }
    }

    /// <summary>Whether <paramref name="url"/> is on the task's service, where the key may go.</summary>
    private bool IsOwnHost(GenerationTask task, Uri url)
    {
        var service = _options.BaseUrl ?? task.Profile.DefaultBaseUrl;
        return service is not null && SameService(service, task.BaseUrl) &&
            string.Equals(url.GetLeftPart(UriPartial.Authority), task.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }

    private static void DeletePartial(string partial)
    {
        try
        {
            File.Delete(partial);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing was written there, or it cannot be removed: the error that stopped the download is what matters.
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(HappyHorseClient)} ({_options})";

    /// <summary>The service this client sends <paramref name="profile"/>'s requests to, when one is configured or documented.</summary>
    internal Uri? ServiceUrlFor(ProtocolProfile profile) => _options.BaseUrl ?? profile.DefaultBaseUrl;

    /// <summary>One status request (and the result fetch where the dialect has one), in a span under <paramref name="wait"/> when given.</summary>
    private async Task<TaskStatusUpdate> PollAsync(GenerationTask task, TimeSpan elapsed, CancellationToken cancellationToken, Activity? wait = null)
    {
        // Started under the wait's span explicitly: an async iterator's current span does not flow between its steps.
        using var activity = HappyHorseTelemetry.Start(HappyHorseTelemetry.StatusSpan, ActivityKind.Client, task.Operation, wait?.Context ?? default);
        HappyHorseTelemetry.SetTask(activity, task.TaskId);
        try
        {
            var update = await PollCoreAsync(task, elapsed, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("happyhorse.status", update.Status.ToString());
            return update;
        }
        catch (Exception e)
        {
            HappyHorseTelemetry.Fail(activity, e);
            throw;
        }
    }

    private async Task<TaskStatusUpdate> PollCoreAsync(GenerationTask task, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var poll = task.Profile.Poll;
        var url = Combine(task.BaseUrl, PathOf(task, poll));
        var update = await _transport.QueryAsync(
            task.Profile,
            () => new HttpRequestMessage(new HttpMethod(poll.Method), url),
            $"Status of {task}",
            paced: true,
            root => ReadStatus(task, root, elapsed),
            cancellationToken).ConfigureAwait(false);
        if (update.Status != GenerationStatus.Succeeded || task.Profile.Result.Fetch is not { } fetch) return update;

        // The status says done; the results are a second call away.
        var resultUrl = Combine(task.BaseUrl, PathOf(task, fetch));
        var result = await _transport.QueryAsync(
            task.Profile,
            () => new HttpRequestMessage(new HttpMethod(fetch.Method), resultUrl),
            $"Result of {task}",
            paced: true,
            root => ReadResult(task, root),
            cancellationToken).ConfigureAwait(false);
        return update with { Result = result };
    }

    /// <summary>A task's path in <paramref name="call"/>, with its id and model put in.</summary>
    private static string PathOf(GenerationTask task, PollSpec call) => call.PathFor(task.TaskId, task.Operation.ModelId, task.Profile.TaskIdIsPath);

    /// <summary>Reads one status answer; a malformed one throws a protocol error, which is retried like a 5xx.</summary>
    private TaskStatusUpdate ReadStatus(GenerationTask task, JsonElement root, TimeSpan elapsed)
    {
        var profile = task.Profile;
        var spec = profile.Status;
        var (status, word) = spec.Read(root)
            ?? throw new HappyHorseProtocolException($"The status response for {task} carried no status at {string.Join(" | ", spec.Paths)}.", _transport.Snippet(root.GetRawText()));
        word = _transport.Scrub(word);
        Log.StatusReceived(_logger, task.TaskId, word, status, elapsed);
        var resultHere = status == GenerationStatus.Succeeded && profile.Result.Fetch is null;
        return new TaskStatusUpdate(task, status, word, ReadProgress(profile, root), elapsed)
        {
            Result = resultHere ? ReadResult(task, root) : null,
            FailureMessage = status.IsTerminal() && status != GenerationStatus.Succeeded ? _transport.Scrub(ResponsePath.FirstText(profile.FailureMessagePaths, root)) : null,
            QueuePosition = status == GenerationStatus.Queued || profile.QueuePositionPaths.Count > 0 ? ReadQueuePosition(profile, root) : null,
            Response = root.Clone(),
        };
    }

    private static int? ReadQueuePosition(ProtocolProfile profile, JsonElement root)
    {
        foreach (var path in profile.QueuePositionPaths)
        {
            if (path.TryFind(root, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var position) && position >= 0) return position;
        }

        return null;
    }

    /// <summary>
    /// The submit path with its placeholders filled: <c>{model}</c> with the model id (its <c>/</c> kept), any other
    /// <c>{name}</c> with the request's value at that JSON path.
    /// </summary>
    private static string SubmitPathFor(OperationInfo operation, byte[] body, MediaTypeHeaderValue contentType)
    {
        var template = operation.SubmitPath;
        if (!template.Contains('{', StringComparison.Ordinal)) return template;
        JsonDocument? document = null;
        try
        {
            return PathTemplates.Expand(template, name =>
            {
                if (name == "model") return (operation.ModelId, true);
                if (contentType.MediaType != "application/json") return null;
                document ??= JsonDocument.Parse(body);
                return ResponsePath.FirstText([ResponsePath.Parse(name)], document.RootElement) is { } value ? (value, false) : null;
            });
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>The task id of a submit answer; an answer without a usable one is a protocol error (and the submit uncertain).</summary>
    private string ReadTaskId(ProtocolProfile profile, JsonElement root)
    {
        var taskId = ResponsePath.FirstText(profile.TaskIdPaths, root)
            ?? throw new HappyHorseProtocolException($"The answer carried no task id at {string.Join(" | ", profile.TaskIdPaths)}.", _transport.Snippet(root.GetRawText()));
        var isPath = profile.TaskIdIsPath;
        if (!profile.Poll.IsSafeId(taskId, isPath) || (profile.Cancel is { } cancel && !cancel.IsSafeId(taskId, isPath)) || (profile.Result.Fetch is { } fetch && !fetch.IsSafeId(taskId, isPath)) || (profile.Result.FilePath is { } file && !new PollSpec("GET", file).IsSafeId(taskId, isPath)))
        {
            throw new HappyHorseProtocolException($"The answer's task id would change the status path {profile.Poll.PathTemplate}, so it was not used.", _transport.Snippet(root.GetRawText()));
        }

        return taskId;
    }

    /// <summary>The key goes only to the configured service: a task handle naming another host is refused unless allowed.</summary>
    private void EnsureMayContact(GenerationTask task)
    {
        EnsureSafeToSendKey(task.BaseUrl);
        if (_options.AllowOtherTaskHosts) return;
        var expected = _options.BaseUrl ?? task.Profile.DefaultBaseUrl;
        if (expected is null || !SameService(expected, task.BaseUrl))
        {
            throw new HappyHorseNotSentException(
                $"{task} lives on {task.BaseUrl.GetLeftPart(UriPartial.Authority)}, not on this client's service ({expected?.GetLeftPart(UriPartial.Authority) ?? "none configured"}); " +
                $"the key is not sent there. Use a client configured for that service, or set {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.AllowOtherTaskHosts)}.");
        }
    }

    private static bool SameService(Uri a, Uri b) =>
        string.Equals(a.GetLeftPart(UriPartial.Path).TrimEnd('/'), b.GetLeftPart(UriPartial.Path).TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    /// <summary>Attaches the task to an error about it, so a caller always learns which paid task the error concerns.</summary>
    private HappyHorseException About(GenerationTask task, HappyHorseException e, string what)
    {
        e.Task ??= task;
        Log.CallFailed(_logger, task.TaskId, what, e.GetType().Name);
        return e;
    }

    private void Record(TaskStatusUpdate update, Activity? activity)
    {
        HappyHorseTelemetry.RecordTaskEnd(update.Task.Operation, update.Status, update.Elapsed);
        activity?.SetTag("happyhorse.status", update.Status.ToString());
        if (update.Status == GenerationStatus.Succeeded)
        {
            Log.Succeeded(_logger, update.Task.TaskId, update.Elapsed);
        }
        else
        {
            if (activity is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, update.Status.ToString());
                activity.SetTag("error.type", typeof(HappyHorseTaskFailedException).FullName);
            }

            Log.Failed(_logger, update.Task.TaskId, update.Status, update.FailureMessage);
        }
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

    /// <summary>
    /// The results of a finished task: every URL at the first result path that holds any (a string, an array of
    /// strings, or every match of a <c>[*]</c> path), else the base64 contents, else the profile's result file.
    /// </summary>
    private GenerationResult ReadResult(GenerationTask task, JsonElement root)
    {
        var spec = task.Profile.Result;
        var urls = new List<Uri>();
        foreach (var path in spec.UrlPaths)
        {
            foreach (var value in path.FindAll(root))
            {
                if (value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in value.EnumerateArray()) AddUrl(item);
                }
                else
                {
                    AddUrl(value);
                }
            }

            if (urls.Count > 0) break;
        }

        var contents = new List<ReadOnlyMemory<byte>>();
        if (urls.Count == 0)
        {
            foreach (var path in spec.Base64Paths)
            {
                foreach (var value in path.FindAll(root))
                {
                    if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } base64) continue;
                    try
                    {
                        contents.Add(Convert.FromBase64String(base64));
                    }
                    catch (FormatException e)
                    {
                        throw new HappyHorseProtocolException($"{task} returned result content that is not valid base64.", _transport.Snippet(base64), e);
                    }
                }

                if (contents.Count > 0) break;
            }
        }

        if (urls.Count == 0 && contents.Count == 0 && spec.FilePath is { } file)
        {
            urls.Add(Combine(task.BaseUrl, PathTemplates.Expand(file, name => name switch
            {
                "task_id" => (task.TaskId, task.Profile.TaskIdIsPath),
                "model" => (task.Operation.ModelId, true),
                _ => null,
            })));
        }

        if (urls.Count == 0 && contents.Count == 0)
        {
            throw new HappyHorseProtocolException($"{task} succeeded but its response holds no result at {string.Join(" | ", task.Profile.Result.UrlPaths)}.", _transport.Snippet(root.GetRawText()));
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
            ?? throw new HappyHorseNotSentException($"No base URL for the {profile.Id} dialect: set {HappyHorseClientOptions.BaseUrlVariable} or {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.BaseUrl)}.");
        EnsureSafeToSendKey(baseUrl);
        return baseUrl;
    }

    internal static void EnsureSafeToSendKey(Uri baseUrl)
    {
        if (baseUrl.Scheme == Uri.UriSchemeHttps || (baseUrl.Scheme == Uri.UriSchemeHttp && baseUrl.IsLoopback)) return;
        throw new HappyHorseNotSentException($"Refusing to send the API key to {baseUrl.GetLeftPart(UriPartial.Authority)}: use https (plain http is allowed only to loopback).");
    }

    private static Uri Combine(Uri baseUrl, string pathAndQuery) => new(baseUrl.AbsoluteUri.TrimEnd('/') + pathAndQuery, UriKind.Absolute);

    /// <summary>
    /// The body as an array of exactly its size: written into this thread's reused buffer and writer, then copied once,
    /// so a submit allocates the body and nothing else to build it. The array must outlive the call (every attempt
    /// sends it and the fingerprint hashes it), so it is not pooled.
    /// </summary>
    private static byte[] JsonBody(IGenerationRequest request)
    {
        var scratch = _bodyScratch ??= new BodyScratch();
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        try
        {
            request.WriteJsonBody(scratch.Writer);
            scratch.Writer.Flush();
            return scratch.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A rare huge body is not kept alive by the thread.
            if (scratch.Buffer.Capacity > MaxKeptScratchBytes) _bodyScratch = null;
        }
    }

    private const int MaxKeptScratchBytes = 1 << 20;

    [ThreadStatic]
    private static BodyScratch? _bodyScratch;

    private sealed class BodyScratch
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public Utf8JsonWriter Writer { get; } = new(Stream.Null);
    }

    /// <summary>The form as the exact bytes sent, with a boundary derived from the fields so the same form always has the same bytes (and fingerprint).</summary>
    private static async Task<(byte[] Body, MediaTypeHeaderValue ContentType)> FormBodyAsync(IGenerationRequest request)
    {
        if (request is not IFormGenerationRequest form)
        {
            throw new HappyHorseNotSentException($"{request.Operation} submits multipart/form-data, but {request.GetType().Name} does not implement {nameof(IFormGenerationRequest)}.");
        }

        var fields = new List<KeyValuePair<string, string>>();
        form.WriteFormFields(fields);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (name, value) in fields)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\u0000" + value + "\u0000"));
        }

        using var content = new MultipartFormDataContent("happyhorse-" + Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 12));
        foreach (var (name, value) in fields)
        {
            // Plain text parts, as a browser form or Python's files=(None, value) sends them: no per-part content type.
            var part = new StringContent(value, Encoding.UTF8);
            part.Headers.ContentType = null;
            content.Add(part, name);
        }

        return (await content.ReadAsByteArrayAsync().ConfigureAwait(false), content.Headers.ContentType!);
    }
}
