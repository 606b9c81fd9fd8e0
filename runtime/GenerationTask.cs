using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Http;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>
/// A task the service accepted: enough to ask for its status again, from this process or another, and to wait for
/// it. It never holds the API key. A task from <see cref="HappyHorseClient.SubmitAsync"/> or from
/// <see cref="FromHandle(TaskHandle, IEnumerable{OperationInfo}, HappyHorseClient)"/> waits through that client.
/// </summary>
public sealed class GenerationTask
{
    /// <summary>Creates a handle for a task; wait for it with a client's methods (it is bound to none).</summary>
    public GenerationTask(OperationInfo operation, string taskId, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(baseUrl);
        Operation = operation;
        TaskId = taskId;
        BaseUrl = baseUrl;
    }

    /// <summary>The model operation that created the task.</summary>
    public OperationInfo Operation { get; }

    /// <summary>The service's id for the task.</summary>
    public string TaskId { get; }

    /// <summary>The service the task lives on.</summary>
    public Uri BaseUrl { get; }

    /// <summary>Whether the task can be canceled with <see cref="CancelAsync"/> (its dialect has a cancel call; the service may still refuse a task that already runs).</summary>
    public bool CanCancel => Operation.CanCancel;

    /// <summary>The dialect the task speaks.</summary>
    public ProtocolProfile Profile => Operation.Profile;

    /// <summary>The end the submit answer already told (a synchronous API), which a wait reports without asking again.</summary>
    internal TaskStatusUpdate? Settled { get; set; }

    /// <summary>The client's service this task waits through, when it is bound to one.</summary>
    internal TaskService? Service { get; init; }

    /// <summary>The URLs the submit answer gave for the task's status, result and cancel calls, where the dialect follows them.</summary>
    internal FollowedUrls Followed { get; init; } = FollowedUrls.None;

    /// <summary>A serializable handle to resume waiting elsewhere; it never holds the API key.</summary>
    public TaskHandle ToHandle() => new(Operation.Profile.Id, Operation.ModelId, Operation.OperationId, TaskId, BaseUrl)
    {
        StatusUrl = Followed.Status,
        ResultUrl = Followed.Result,
        CancelUrl = Followed.Cancel,
    };

    /// <summary>The task a handle names, found among <paramref name="operations"/> (usually <c>HappyHorseCatalog.Operations</c>); not bound to a client.</summary>
    /// <exception cref="HappyHorseException">No operation matches the handle's dialect, model and operation.</exception>
    public static GenerationTask FromHandle(TaskHandle handle, IEnumerable<OperationInfo> operations) => Find(handle, operations, null);

    /// <summary>The task a handle names, waiting through <paramref name="client"/>: <c>await task.WaitForCompletionAsync()</c>.</summary>
    /// <exception cref="HappyHorseException">No operation matches the handle's dialect, model and operation.</exception>
    public static GenerationTask FromHandle(TaskHandle handle, IEnumerable<OperationInfo> operations, HappyHorseClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        return Find(handle, operations, client.Service);
    }

    /// <summary>Asks the service once for the task's status (retrying what is safe to retry).</summary>
    /// <exception cref="InvalidOperationException">The task is bound to no client (use <see cref="FromHandle(TaskHandle, IEnumerable{OperationInfo}, HappyHorseClient)"/>).</exception>
    /// <exception cref="HappyHorseException">A documented subtype (see docs/outcomes.md); it carries this task.</exception>
    public Task<TaskStatusUpdate> UpdateStatusAsync(CancellationToken cancellationToken = default) => Bound().GetStatusAsync(this, cancellationToken);

    /// <summary>Every status of the task as it changes, until it ends (see <see cref="HappyHorseClient.WatchAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">The task is bound to no client.</exception>
    /// <exception cref="HappyHorseException">A documented subtype (see docs/outcomes.md); every one carries this task.</exception>
    public IAsyncEnumerable<TaskStatusUpdate> WatchAsync(CancellationToken cancellationToken = default) => WatchAsync(Bound(), cancellationToken);

    /// <summary>Polls until the task ends and returns its result (see <see cref="HappyHorseClient.WaitForCompletionAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">The task is bound to no client.</exception>
    /// <exception cref="HappyHorseTaskFailedException">The task failed, was canceled or expired.</exception>
    /// <exception cref="HappyHorseWaitTimeoutException">The schedule's deadline passed; the task can be resumed.</exception>
    /// <exception cref="HappyHorseException">Another documented subtype (see docs/outcomes.md); every one carries this task.</exception>
    public Task<GenerationResult> WaitForCompletionAsync(IProgress<TaskStatusUpdate>? progress = null, CancellationToken cancellationToken = default) =>
        WaitForCompletionAsync(Bound(), progress, cancellationToken);

    /// <summary>Asks the service to cancel the task (see <see cref="HappyHorseClient.CancelAsync"/>).</summary>
    /// <exception cref="InvalidOperationException">The task is bound to no client.</exception>
    /// <exception cref="HappyHorseNotSentException">The dialect has no cancel call.</exception>
    /// <exception cref="HappyHorseException">Another documented subtype (see docs/outcomes.md); every one carries this task.</exception>
    public Task CancelAsync(CancellationToken cancellationToken = default) => Bound().CancelAsync(this, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"{Operation} task {TaskId}";

    internal async Task<GenerationResult> WaitForCompletionAsync(TaskService service, IProgress<TaskStatusUpdate>? progress, CancellationToken cancellationToken)
    {
        await foreach (var update in WatchAsync(service, cancellationToken).ConfigureAwait(false))
        {
            progress?.Report(update);
            if (update.Result is { } result) return result;
            if (update.Status.IsTerminal()) throw new HappyHorseTaskFailedException(this, update.Status, update.FailureMessage);
        }

        throw new InvalidOperationException("A wait ended without a terminal status.");
    }

    /// <summary>
    /// The wait: status requests on the dialect's schedule (or the client's), timed from reported progress when there is
    /// any, none past the schedule's deadline, until a terminal status.
    /// </summary>
    internal async IAsyncEnumerable<TaskStatusUpdate> WatchAsync(TaskService service, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            service.EnsureMayContact(this);
        }
        catch (HappyHorseException e)
        {
            throw service.About(this, e, "wait");
        }

        var time = service.Time;
        var logger = service.Logger;
        var schedule = service.Options.PollSchedule ?? Profile.Schedule;
        var started = time.GetTimestamp();
        using var activity = HappyHorseTelemetry.Start(HappyHorseTelemetry.WaitSpan, ActivityKind.Internal, Operation);
        HappyHorseTelemetry.SetTask(activity, TaskId);
        using var deadline = new CancellationTokenSource(TransportFailures.TimerSpan(schedule.Deadline), time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        if (Settled is { } settled)
        {
            Record(service, settled, activity);
            yield return settled;
            yield break;
        }

        double? progress = null;
        for (var attempt = 0; ; attempt++)
        {
            TaskStatusUpdate update;
            try
            {
                var elapsed = time.GetElapsedTime(started);
                var remaining = schedule.Deadline - elapsed;
                if (remaining <= TimeSpan.Zero) throw new OperationCanceledException(deadline.Token);
                var delay = TransportFailures.TimerSpan(schedule.NextDelay(attempt, elapsed, progress, Random.Shared.NextDouble()));
                await Task.Delay(delay < remaining ? delay : TransportFailures.TimerSpan(remaining), time, bounded.Token).ConfigureAwait(false);
                update = await service.PollAsync(this, time.GetElapsedTime(started), bounded.Token, activity).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
            {
                Log.StoppedWaiting(logger, TaskId, time.GetElapsedTime(started), "canceled by the caller; the task goes on at the service");
                var canceled = TransportFailures.CallerCanceled(e, cancellationToken);
                HappyHorseTelemetry.Fail(activity, canceled);
                throw canceled;
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested || time.GetElapsedTime(started) >= schedule.Deadline)
            {
                var waited = time.GetElapsedTime(started);
                Log.StoppedWaiting(logger, TaskId, waited, "deadline");
                var timeout = new HappyHorseWaitTimeoutException(this, waited);
                HappyHorseTelemetry.Fail(activity, timeout);
                throw timeout;
            }
            catch (HappyHorseException e)
            {
                HappyHorseTelemetry.Fail(activity, e);
                throw service.About(this, e, "wait");
            }

            progress = update.Progress;
            if (update.Status.IsTerminal()) Record(service, update, activity);
            yield return update;
            if (update.Status.IsTerminal()) yield break;
        }
    }

    private static void Record(TaskService service, TaskStatusUpdate update, Activity? activity)
    {
        HappyHorseTelemetry.RecordTaskEnd(update.Task.Operation, update.Status, update.Elapsed);
        activity?.SetTag("happyhorse.status", update.Status.ToString());
        if (update.Status == GenerationStatus.Succeeded)
        {
            Log.Succeeded(service.Logger, update.Task.TaskId, update.Elapsed);
        }
        else
        {
            if (activity is not null)
            {
                activity.SetStatus(ActivityStatusCode.Error, update.Status.ToString());
                activity.SetTag("error.type", typeof(HappyHorseTaskFailedException).FullName);
            }

            Log.Failed(service.Logger, update.Task.TaskId, update.Status, update.FailureMessage);
        }
    }

    private static GenerationTask Find(TaskHandle handle, IEnumerable<OperationInfo> operations, TaskService? service)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            if (operation.Profile.Id == handle.Profile && operation.ModelId == handle.Model && operation.OperationId == handle.Operation)
            {
                return new GenerationTask(operation, handle.TaskId, handle.BaseUrl) { Service = service, Followed = new FollowedUrls(handle.StatusUrl, handle.ResultUrl, handle.CancelUrl) };
            }
        }

        throw new HappyHorseException($"No operation {handle.Model} {handle.Operation} of the {handle.Profile} dialect is known; pass the catalog the task was created from.");
    }

    private TaskService Bound() => Service
        ?? throw new InvalidOperationException($"{this} is bound to no client: wait with a client's methods, or make it with {nameof(GenerationTask)}.{nameof(FromHandle)}(handle, operations, client).");
}
