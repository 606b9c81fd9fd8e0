using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Batch;
using HappyHorse.Cli.Requests;
using HappyHorse.Cli.Running;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Studio;

/// <summary>
/// Every task the studio started, kept in a journal on disk (<c>studio-history.jsonl</c> in the out folder, the batch
/// journal's format: each record flushed to disk before the step it guards). A run's intent is recorded before its
/// submit is sent and its task handle once the service accepts it, so after a restart waiting tasks are resumed from
/// their handles, and a submit that may have reached the service is shown as uncertain, never sent again.
/// </summary>
internal sealed class StudioRuns : IAsyncDisposable
{
    private readonly StudioSettings _settings;
    private readonly BatchJournal _journal;
    private readonly CancellationToken _stopping;
    private readonly ConcurrentDictionary<int, StudioRun> _runs = new();
    private readonly ConcurrentDictionary<int, Task> _waits = new();
    private int _last;

    private StudioRuns(StudioSettings settings, BatchJournal journal, CancellationToken stopping)
    {
        _settings = settings;
        _journal = journal;
        _stopping = stopping;
    }

    private HappyHorseClient Client => _settings.Session.Client;

    /// <summary>Whether requests go to the embedded emulator.</summary>
    public bool Emulator => _settings.Session.Emulator is not null;

    /// <summary>Every run, newest first.</summary>
    public IEnumerable<StudioRun> All => _runs.Values.OrderByDescending(r => r.Number);

    public StudioRun? Find(int number) => _runs.GetValueOrDefault(number);

    /// <summary>Opens the journal in <see cref="StudioSettings.Directory"/> and reads back every run it records.</summary>
    /// <exception cref="CliInputException">Another studio uses the same folder.</exception>
    public static StudioRuns Open(StudioSettings settings, CancellationToken stopping)
    {
        Directory.CreateDirectory(settings.Directory);
        var journal = BatchJournal.Open(Path.Combine(settings.Directory, "studio-history.jsonl"), settings.Time);
        var runs = new StudioRuns(settings, journal, stopping);
        foreach (var record in journal.Records) runs.Replay(record);
        return runs;
    }

    /// <summary>Sends a checked request; returns once the service accepted it, refused it, or left it uncertain.</summary>
    public async Task<StudioRun> SubmitAsync(OperationInfo operation, StudioInput input, StudioCheck check)
    {
        var number = Interlocked.Increment(ref _last);
        var run = new StudioRun(number, operation, input, check.Body, _settings.Time.GetUtcNow(), Emulator, _settings.Catalog.Operations.CatalogWords(operation));
        var fingerprint = StudioForms.Fingerprint(check.Body);
        run.Submitting(fingerprint, check.Credits);
        _runs[number] = run;
        Append("intent", number, new JsonObject
        {
            ["key"] = StudioCatalog.KeyOf(operation),
            ["input"] = input.ToJson(),
            ["body"] = check.Body.DeepClone(),
            ["fingerprint"] = fingerprint,
            ["credits"] = check.Credits,
            ["createdAt"] = _settings.Time.GetUtcNow().ToString("O"),
        });
        GenerationTask task;
        try
        {
            task = await Client.SubmitAsync(check.Request!, _stopping).ConfigureAwait(false);
        }
        catch (HappyHorseSubmitUncertainException e)
        {
            Append("uncertain", number, new JsonObject { ["message"] = e.Message, ["fingerprint"] = e.BodyFingerprint });
            run.Submitting(e.BodyFingerprint, check.Credits);
            run.Finished(RunState.Uncertain, e.Message);
            return run;
        }
        catch (HappyHorseException e)
        {
            // Every other submit failure means no task was made (docs/outcomes.md).
            Append("rejected", number, new JsonObject { ["message"] = e.Message });
            run.Finished(RunState.Rejected, e.Message);
            return run;
        }

        Append("submitted", number, new JsonObject { ["handle"] = JsonNode.Parse(task.ToHandle().ToJson()) });
        run.Accepted(task);
        StartWaiting(run);
        return run;
    }

    /// <summary>Asks the service to cancel the run's task; the reason it cannot, else <see langword="null"/>.</summary>
    public async Task<string?> CancelAsync(StudioRun run)
    {
        if (run.Task is not { } task || run.State != RunState.Waiting) return "Only a waiting task can be canceled.";
        if (!task.CanCancel) return $"{task.Operation} cannot be canceled: the {task.Profile.Id} dialect has no cancel call.";
        try
        {
            await Client.CancelAsync(task, _stopping).ConfigureAwait(false);
        }
        catch (HappyHorseException e)
        {
            return e.Message;
        }

        run.CancelRequested();
        return null;
    }

    /// <summary>Waits again on a run whose wait stopped on an error; the reason it cannot, else <see langword="null"/>.</summary>
    public string? Resume(StudioRun run)
    {
        if (run.Task is null || run.State != RunState.Interrupted) return "Only a task whose wait was interrupted can be resumed.";
        run.Accepted(run.Task);
        StartWaiting(run);
        return null;
    }

    /// <summary>Waits on every run the journal left accepted but unfinished.</summary>
    public void ResumeWaiting()
    {
        foreach (var run in _runs.Values.Where(r => r.State == RunState.Waiting)) StartWaiting(run);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Task.WhenAll(_waits.Values).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }

        _journal.Dispose();
    }

    private void StartWaiting(StudioRun run) => _waits[run.Number] = Task.Run(() => WaitAsync(run));

    private async Task WaitAsync(StudioRun run)
    {
        var task = run.Task!;
        try
        {
            var result = await Client.WaitForCompletionAsync(task, new StatusOf(run), _stopping).ConfigureAwait(false);
            run.Saving();
            var saved = await ResultFiles.SaveAsync(Client, result, _settings.Directory, $"{run.Number}-{task.TaskId}", _stopping).ConfigureAwait(false);
            var files = saved.Select(s => s.Path).ToList();
            Append("finished", run.Number, new JsonObject { ["outcome"] = "succeeded", ["files"] = new JsonArray([.. files.Select(f => (JsonNode)Path.GetFileName(f))]) });
            run.Finished(RunState.Succeeded, null, files);
        }
        catch (HappyHorseTaskFailedException e)
        {
            var state = e.Status == GenerationStatus.Canceled ? RunState.Canceled : RunState.Failed;
            Append("finished", run.Number, new JsonObject { ["outcome"] = state.ToString().ToLowerInvariant(), ["message"] = e.Message });
            run.Finished(state, e.Message);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // The studio is stopping: the task stays accepted in the journal and is waited on at the next start.
        }
        catch (HappyHorseException e)
        {
            run.Finished(RunState.Interrupted, e.Message);
        }
    }

    private void Append(string type, int number, JsonObject properties)
    {
        var record = new JsonObject { ["type"] = type, ["job"] = number };
        foreach (var (key, value) in properties) record[key] = value?.DeepClone();
        _journal.Append(record);
    }

    /// <summary>Folds one journal record into the run it is about (the last word wins).</summary>
    private void Replay(JsonObject record)
    {
        var number = (int)record["job"]!.GetValue<double>();
        _last = Math.Max(_last, number);
        var run = _runs.GetValueOrDefault(number);
        switch (record["type"]!.GetValue<string>())
        {
            case "intent":
                if (_settings.Catalog.Find(record["key"]?.GetValue<string>() ?? "") is not { } operation) return;
                var createdAt = DateTimeOffset.TryParse(record["createdAt"]?.GetValue<string>(), out var at) ? at : _settings.Time.GetUtcNow();
                run = _runs[number] = new StudioRun(number, operation, StudioInput.FromJson(record["input"]), record["body"]?.DeepClone() as JsonObject ?? [], createdAt, Emulator, _settings.Catalog.Operations.CatalogWords(operation));
                run.Submitting(record["fingerprint"]?.GetValue<string>() ?? "", record["credits"]?.GetValue<double>());
                run.Finished(RunState.Uncertain, "The studio stopped during the submit, before the service's answer was recorded: look for the task at the service before sending it again.");
                break;
            case "uncertain" when run is not null:
                run.Finished(RunState.Uncertain, record["message"]?.GetValue<string>());
                break;
            case "rejected" when run is not null:
                run.Finished(RunState.Rejected, record["message"]?.GetValue<string>());
                break;
            case "submitted" when run is not null:
                var handle = TaskHandle.Parse(record["handle"]!.ToJsonString());
                if (_settings.Catalog.Operations.ForHandle(handle) is { } handled) run.Accepted(new GenerationTask(handled, handle.TaskId, handle.BaseUrl));
                break;
            case "finished" when run is not null:
                var outcome = Enum.TryParse<RunState>(record["outcome"]?.GetValue<string>(), ignoreCase: true, out var state) ? state : RunState.Failed;
                var files = (record["files"] as JsonArray ?? []).Select(f => Path.Combine(_settings.Directory, f!.GetValue<string>())).ToList();
                run.Finished(outcome, record["message"]?.GetValue<string>(), files);
                break;
            default:
                break;
        }
    }

    private sealed class StatusOf(StudioRun run) : IProgress<TaskStatusUpdate>
    {
        public void Report(TaskStatusUpdate value) => run.Status(value);
    }
}
