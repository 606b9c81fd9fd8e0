using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Studio;

/// <summary>Where a run stands.</summary>
internal enum RunState
{
    /// <summary>Being sent.</summary>
    Submitting,

    /// <summary>Accepted: waiting for the result.</summary>
    Waiting,

    /// <summary>The result's files are being saved.</summary>
    Saving,

    /// <summary>Done; its files are saved.</summary>
    Succeeded,

    /// <summary>The task failed or expired at the service.</summary>
    Failed,

    /// <summary>Canceled.</summary>
    Canceled,

    /// <summary>The service refused it; no task was made, nothing is paid.</summary>
    Rejected,

    /// <summary>The submit may have reached the service: look for it there before sending it again.</summary>
    Uncertain,

    /// <summary>Accepted, but the wait stopped on an error (unreachable service, a failed download): it can be resumed.</summary>
    Interrupted,
}

/// <summary>
/// One task the studio started: what was asked, and its live state. Every change wakes whoever waits on
/// <see cref="Snapshot"/> (the page's event stream).
/// </summary>
internal sealed class StudioRun(int number, OperationInfo operation, StudioInput input, JsonObject body, DateTimeOffset createdAt, bool emulator, IReadOnlyList<string> catalogWords)
{
    private readonly object _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Number => number;

    public OperationInfo Operation => operation;

    public StudioInput Input => input;

    public RunState State { get; private set; }

    public GenerationTask? Task { get; private set; }

    private string? _rawStatus;
    private double? _progress;
    private int? _queuePosition;
    private TimeSpan? _elapsed;
    private string? _message;
    private string? _fingerprint;
    private double? _credits;
    private bool _cancelRequested;
    private IReadOnlyList<string> _files = [];

    /// <summary>The saved file <paramref name="index"/>, or <see langword="null"/>.</summary>
    public string? FilePath(int index)
    {
        lock (_gate) return index >= 0 && index < _files.Count && File.Exists(_files[index]) ? _files[index] : null;
    }

    public void Update(Action<StudioRun> change)
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            change(this);
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    public void Submitting(string fingerprint, double? credits) => Update(r => (r.State, r._fingerprint, r._credits) = (RunState.Submitting, fingerprint, credits));

    public void Accepted(GenerationTask task) => Update(r => (r.State, r.Task, r._message) = (RunState.Waiting, task, null));

    public void Status(TaskStatusUpdate update) => Update(r =>
    {
        if (r.State != RunState.Waiting) return;
        (r._rawStatus, r._progress, r._queuePosition, r._elapsed) = (update.RawStatus, update.Progress, update.QueuePosition, update.Elapsed);
    });

    public void Saving() => Update(r => (r.State, r._progress) = (RunState.Saving, 100));

    public void CancelRequested() => Update(r => r._cancelRequested = true);

    public void Finished(RunState state, string? message, IReadOnlyList<string>? files = null) => Update(r =>
    {
        (r.State, r._message) = (state, message);
        if (files is not null) r._files = files;
    });

    /// <summary>The run as the page shows it, a task that completes at its next change, and whether it can still change.</summary>
    public (JsonObject Json, Task Changed, bool Final) Snapshot()
    {
        lock (_gate) return (ToJsonLocked(), _changed.Task, State is not (RunState.Submitting or RunState.Waiting or RunState.Saving));
    }

    public JsonObject ToJson()
    {
        lock (_gate) return ToJsonLocked();
    }

    private JsonObject ToJsonLocked() => new()
    {
        ["number"] = number,
        ["key"] = StudioCatalog.KeyOf(operation),
        ["model"] = operation.ModelId,
        ["operation"] = operation.OperationId,
        ["dialect"] = operation.Profile.Id,
        ["resultKind"] = operation.ResultKind.ToString().ToLowerInvariant(),
        ["createdAt"] = createdAt.ToString("O"),
        ["caption"] = StudioCaption.Of(operation, input),
        ["state"] = State.ToString().ToLowerInvariant(),
        ["status"] = _rawStatus,
        ["progress"] = _progress,
        ["queuePosition"] = _queuePosition,
        ["elapsedSeconds"] = _elapsed is { } elapsed ? Math.Round(elapsed.TotalSeconds, 1) : null,
        ["canCancel"] = operation.CanCancel && State == RunState.Waiting && !_cancelRequested,
        ["cancelRequested"] = _cancelRequested,
        ["taskId"] = Task?.TaskId,
        ["handle"] = Task is null ? null : JsonNode.Parse(Task.ToHandle().ToJson()),
        ["fingerprint"] = _fingerprint,
        ["credits"] = _credits,
        ["message"] = _message,
        ["body"] = body.DeepClone(),
        ["input"] = input.ToJson(),
        ["commandLine"] = StudioForms.CommandLine(operation, input, emulator, catalogWords),
        ["files"] = new JsonArray([.. _files.Select((f, i) => (JsonNode)new JsonObject
        {
            ["name"] = Path.GetFileName(f),
            ["url"] = $"/files/{number}/{i}",
        })]),
    };
}

/// <summary>The caption a run or a batch job is shown with in a gallery: its prompt, the field whose manifest declares that role (none when no field does).</summary>
internal static class StudioCaption
{
    public static string? Of(OperationInfo operation, StudioInput input) =>
        operation.FieldWithRole(FieldRole.Prompt) is { } field && input.Fields[field.Name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
