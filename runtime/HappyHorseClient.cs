using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Runtime.CompilerServices;
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
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly HappyHorseClientOptions _options;
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
        if (options.BaseUrl is { } baseUrl) ServiceUrls.EnsureSafeToSendKey(baseUrl);
        _ownsHttp = httpClient is null;
        _http = httpClient ?? new HttpClient(new SubmitGuardHandler(Connections.CreatePrimaryHandler(options))) { Timeout = Timeout.InfiniteTimeSpan };
        _time = timeProvider ?? TimeProvider.System;
        Service = new TaskService(_http, options, logger ?? NullLogger.Instance, _time);
    }

    /// <summary>What the client and the tasks it hands out send through.</summary>
    internal TaskService Service { get; }

    /// <summary>Validates <paramref name="request"/> and submits it; nothing is sent when it breaks a rule.</summary>
    /// <remarks>
    /// The submit is sent at most once unless the service provably did not take it (429, or no connection made).
    /// Cancelling <paramref name="cancellationToken"/> after the body went out ends in
    /// <see cref="HappyHorseSubmitUncertainException"/>, since the task may exist. Every outcome is listed in docs/outcomes.md.
    /// The task returned waits through this client (<see cref="GenerationTask.WaitForCompletionAsync(IProgress{TaskStatusUpdate}?, CancellationToken)"/>).
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
            var task = await Service.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Asks the service once for the task's status (retrying what is safe to retry).</summary>
    /// <exception cref="HappyHorseException">A documented subtype (see docs/outcomes.md); it carries <paramref name="task"/>.</exception>
    public Task<TaskStatusUpdate> GetStatusAsync(GenerationTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Service.GetStatusAsync(task, cancellationToken);
    }

    /// <summary>
    /// Every status of the task as it changes, until it ends: the last update carries the <see cref="TaskStatusUpdate.Result"/>
    /// or <see cref="TaskStatusUpdate.FailureMessage"/>. Requests follow the dialect's schedule (or
    /// <see cref="HappyHorseClientOptions.PollSchedule"/>), timed from reported progress when there is any. The schedule's
    /// deadline bounds everything: no retry delay or request in flight runs past it.
    /// </summary>
    /// <exception cref="HappyHorseWaitTimeoutException">The schedule's deadline passed; the task can be resumed.</exception>
    /// <exception cref="HappyHorseException">Another documented subtype (see docs/outcomes.md); every one carries <paramref name="task"/>.</exception>
    public IAsyncEnumerable<TaskStatusUpdate> WatchAsync(GenerationTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.WatchAsync(Service, cancellationToken);
    }

    /// <summary>Polls until the task ends and returns its result.</summary>
    /// <param name="task">The task to wait for.</param>
    /// <param name="progress">Receives each status observed, synchronously, in order.</param>
    /// <param name="cancellationToken">Stops the wait; the task goes on at the service (cancel it with <see cref="CancelAsync"/>).</param>
    /// <exception cref="HappyHorseTaskFailedException">The task failed, was canceled or expired.</exception>
    /// <exception cref="HappyHorseWaitTimeoutException">The schedule's deadline passed; the task can be resumed.</exception>
    /// <exception cref="HappyHorseException">Another documented subtype (see docs/outcomes.md); every one carries <paramref name="task"/>.</exception>
    public Task<GenerationResult> WaitForCompletionAsync(GenerationTask task, IProgress<TaskStatusUpdate>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task.WaitForCompletionAsync(Service, progress, cancellationToken);
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
            var result = await task.WaitForCompletionAsync(Service, progress, cancellationToken).ConfigureAwait(false);
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
    public Task CancelAsync(GenerationTask task, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Service.CancelAsync(task, cancellationToken);
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
        return Service.DownloadAsync(url, destination, cancellationToken);
    }

    /// <summary>
    /// Saves a result to <paramref name="path"/>: its first URL downloaded as <see cref="DownloadAsync"/> does, or its
    /// first inline content. The file is written beside <paramref name="path"/> and moved into place only when whole.
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="HappyHorseDownloadException">The file could not be downloaded or written whole; it carries the result's task.</exception>
    public Task<long> DownloadToFileAsync(GenerationResult result, string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Service.DownloadToFileAsync(result, path, cancellationToken);
    }

    /// <summary>
    /// Streams result file <paramref name="index"/> of <paramref name="result"/> into <paramref name="destination"/> as
    /// <see cref="DownloadAsync(Uri, Stream, CancellationToken)"/> does; where the dialect's results need the key, it is
    /// sent, and only when the file is on the task's own service (same scheme, host and port).
    /// </summary>
    /// <returns>The number of bytes written.</returns>
    /// <exception cref="HappyHorseDownloadException">The file could not be downloaded whole.</exception>
    public Task<long> DownloadResultAsync(GenerationResult result, int index, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, result.Urls.Count);
        return Service.DownloadResultAsync(result, index, destination, cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }

    /// <inheritdoc />
    public override string ToString() => $"{nameof(HappyHorseClient)} ({_options})";

    /// <summary>The service this client sends <paramref name="profile"/>'s requests to, when one is configured or documented.</summary>
    internal Uri? ServiceUrlFor(ProtocolProfile profile) => Service.ServiceUrlFor(profile);
}
