using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Http;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Generated;

/// <summary>
/// What a client does with the service, shared by the client and the tasks it hands out: submits, single status
/// requests, cancels and downloads, each checked against the hosts the key may go to and logged.
/// </summary>
internal sealed class TaskService
{
    private readonly ServicePipeline _pipeline;
    private readonly DownloadPolicy _download;
    private readonly AnswerReader _reader;

    public TaskService(HttpClient http, HappyHorseClientOptions options, ILogger logger, TimeProvider time)
    {
        Options = options;
        Logger = logger;
        Time = time;
        var scrubber = new KeyScrubber(options.ApiKey);
        _reader = new AnswerReader(scrubber);
        _pipeline = new ServicePipeline(http, options, logger, time, scrubber, _reader);
        _download = new DownloadPolicy(http, options, time, _pipeline.Retry, scrubber);
    }

    public HappyHorseClientOptions Options { get; }

    public ILogger Logger { get; }

    public TimeProvider Time { get; }

    /// <summary>Validates, encodes and sends <paramref name="request"/>; the task it returns is bound to this service.</summary>
    public async Task<GenerationTask> SubmitAsync(IGenerationRequest request, CancellationToken cancellationToken)
    {
        request.Validate().ThrowIfInvalid();
        var operation = request.Operation;
        var profile = operation.Profile;
        var baseUrl = ResolveBaseUrl(profile);
        Log.Submitting(Logger, operation, baseUrl.Host);

        var (body, contentType) = await SubmitBody.EncodeAsync(request).ConfigureAwait(false);
        var fingerprint = HappyHorseSubmitUncertainException.FingerprintOf(body);
        var submitUrl = ServiceUrls.Combine(baseUrl, SubmitBody.PathFor(operation, body, contentType));
        var (taskId, answer) = await _pipeline.SubmitAsync(
            operation,
            attempt =>
            {
                var message = new HttpRequestMessage(new HttpMethod(profile.Submit.Method), submitUrl) { Content = new SendOnceContent(body, contentType, attempt) };
                foreach (var header in profile.Submit.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
                return message;
            },
            fingerprint,
            cancellationToken).ConfigureAwait(false);
        Log.Submitted(Logger, operation, taskId);
        if (answer is not { } root) return new GenerationTask(operation, taskId, baseUrl) { Service = this };
        FollowedUrls followed;
        try
        {
            followed = profile.FollowsUrls ? FollowedUrls.Read(profile, root, baseUrl) : FollowedUrls.None;
        }
        catch (HappyHorseProtocolException e)
        {
            // The task exists and is paid for: the error carries it, and its calls go by the profile's paths.
            throw About(new GenerationTask(operation, taskId, baseUrl) { Service = this }, e, "submit");
        }

        var task = new GenerationTask(operation, taskId, baseUrl) { Service = this, Followed = followed };
        if (profile.Submit.AnswerIsStatus) task.Settled = SettledBy(task, root);
        return task;
    }

    /// <summary>The end a submit answer already tells (a synchronous API's result); <see langword="null"/> when the task must be polled.</summary>
    private TaskStatusUpdate? SettledBy(GenerationTask task, System.Text.Json.JsonElement root)
    {
        try
        {
            var update = _reader.Status(task, root, TimeSpan.Zero);
            return update.Status.IsTerminal() ? update : null;
        }
        catch (HappyHorseProtocolException)
        {
            return null; // the answer tells no end: the status call will
        }
    }

    /// <summary>One status request, outside any wait.</summary>
    public async Task<TaskStatusUpdate> GetStatusAsync(GenerationTask task, CancellationToken cancellationToken)
    {
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

    /// <summary>One status request (and the result fetch where the dialect has one), in a span under <paramref name="wait"/> when given.</summary>
    public async Task<TaskStatusUpdate> PollAsync(GenerationTask task, TimeSpan elapsed, CancellationToken cancellationToken, Activity? wait = null)
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
        var url = FollowedUrls.Choose(task.Followed.Status, task.BaseUrl, () => PathOf(task, poll), "status");
        var update = await _pipeline.QueryAsync(
            ServiceCallKind.Status,
            task.Profile,
            () => new HttpRequestMessage(new HttpMethod(poll.Method), url),
            $"Status of {task}",
            root => _reader.Status(task, root, elapsed),
            cancellationToken).ConfigureAwait(false);
        Log.StatusReceived(Logger, task.TaskId, update.RawStatus, update.Status, elapsed);
        if (update.Status != GenerationStatus.Succeeded || task.Profile.Result.Fetch is not { } fetch) return update;

        // The status says done; the results are a second call away.
        var resultUrl = FollowedUrls.Choose(task.Followed.Result, task.BaseUrl, () => PathOf(task, fetch), "result");
        var result = await _pipeline.QueryAsync(
            ServiceCallKind.Result,
            task.Profile,
            () => new HttpRequestMessage(new HttpMethod(fetch.Method), resultUrl),
            $"Result of {task}",
            root => _reader.Result(task, root),
            cancellationToken).ConfigureAwait(false);
        return update with { Result = result };
    }

    /// <summary>Asks the service to cancel the task.</summary>
    public async Task CancelAsync(GenerationTask task, CancellationToken cancellationToken)
    {
        using var activity = HappyHorseTelemetry.Start(HappyHorseTelemetry.CancelSpan, ActivityKind.Client, task.Operation);
        HappyHorseTelemetry.SetTask(activity, task.TaskId);
        try
        {
            var cancel = task.Profile.Cancel
                ?? throw new HappyHorseNotSentException($"The {task.Profile.Id} dialect cannot cancel a task; cancel the wait's CancellationToken to stop waiting (the task goes on at the service).");
            EnsureMayContact(task);
            var url = FollowedUrls.Choose(task.Followed.Cancel, task.BaseUrl, () => PathOf(task, cancel), "cancel");
            await _pipeline.QueryAsync(
                ServiceCallKind.Cancel,
                task.Profile,
                () => new HttpRequestMessage(new HttpMethod(cancel.Method), url),
                $"Cancel of {task}",
                static _ => true,
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            HappyHorseTelemetry.Fail(activity, e);
            if (e is HappyHorseException typed) throw About(task, typed, "cancel");
            throw;
        }

        Log.Canceled(Logger, task.TaskId);
    }

    /// <summary>Streams a URL without credentials.</summary>
    public Task<long> DownloadAsync(Uri url, Stream destination, CancellationToken cancellationToken) =>
        _download.DownloadAsync(url, destination, Options.MaxDownloadBytes, Options.BaseUrl, cancellationToken);

    /// <summary>Streams result file <paramref name="index"/>; the key goes along only where the dialect's results need it and the file is on the task's own service.</summary>
    public async Task<long> DownloadResultAsync(GenerationResult result, int index, Stream destination, CancellationToken cancellationToken)
    {
        var url = result.Urls[index];
        var task = result.Task;
        var credentials = task.Profile.Result.NeedsCredentials && IsOwnHost(task, url) ? task.Profile : null;
        using var activity = HappyHorseTelemetry.Start(HappyHorseTelemetry.DownloadSpan, ActivityKind.Client, task.Operation);
        HappyHorseTelemetry.SetTask(activity, task.TaskId);
        try
        {
            var written = await _download.DownloadAsync(url, destination, Options.MaxDownloadBytes, task.BaseUrl, cancellationToken, credentials).ConfigureAwait(false);
            activity?.SetTag("happyhorse.download.bytes", written);
            return written;
        }
        catch (Exception e)
        {
            HappyHorseTelemetry.Fail(activity, e);
            throw;
        }
    }

    /// <summary>Saves a result's first file (or inline content) to <paramref name="path"/>, moved into place only when whole.</summary>
    public async Task<long> DownloadToFileAsync(GenerationResult result, string path, CancellationToken cancellationToken)
    {
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

    /// <summary>The service this client sends <paramref name="profile"/>'s requests to, when one is configured or documented.</summary>
    public Uri? ServiceUrlFor(ProtocolProfile profile) => Options.BaseUrl ?? profile.DefaultBaseUrl;

    /// <summary>The key goes only to the configured service: a task handle naming another host is refused unless allowed.</summary>
    public void EnsureMayContact(GenerationTask task)
    {
        ServiceUrls.EnsureSafeToSendKey(task.BaseUrl);
        if (Options.AllowOtherTaskHosts) return;
        var expected = ServiceUrlFor(task.Profile);
        if (expected is null || !ServiceUrls.SameService(expected, task.BaseUrl))
        {
            throw new HappyHorseNotSentException(
                $"{task} lives on {task.BaseUrl.GetLeftPart(UriPartial.Authority)}, not on this client's service ({expected?.GetLeftPart(UriPartial.Authority) ?? "none configured"}); " +
                $"the key is not sent there. Use a client configured for that service, or set {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.AllowOtherTaskHosts)}.");
        }
    }

    /// <summary>Attaches the task to an error about it, so a caller always learns which paid task the error concerns.</summary>
    public HappyHorseException About(GenerationTask task, HappyHorseException e, string what)
    {
        e.Task ??= task;
        Log.CallFailed(Logger, task.TaskId, what, e.GetType().Name);
        return e;
    }

    /// <summary>A task's path in <paramref name="call"/>, with its id and model put in.</summary>
    private static string PathOf(GenerationTask task, PollSpec call) => call.PathFor(task.TaskId, task.Operation.ModelId, task.Profile.TaskIdIsPath);

    /// <summary>Whether <paramref name="url"/> is on the task's service, where the key may go.</summary>
    private bool IsOwnHost(GenerationTask task, Uri url)
    {
        var service = ServiceUrlFor(task.Profile);
        return service is not null && ServiceUrls.SameService(service, task.BaseUrl) &&
            string.Equals(url.GetLeftPart(UriPartial.Authority), task.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);
    }

    private Uri ResolveBaseUrl(ProtocolProfile profile)
    {
        var baseUrl = ServiceUrlFor(profile)
            ?? throw new HappyHorseNotSentException($"No base URL for the {profile.Id} dialect: set {HappyHorseClientOptions.BaseUrlVariable} or {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.BaseUrl)}.");
        ServiceUrls.EnsureSafeToSendKey(baseUrl);
        return baseUrl;
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
}
