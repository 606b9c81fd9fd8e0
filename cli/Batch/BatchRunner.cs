using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Running;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Batch;

/// <summary>
/// Runs a batch's jobs against its journal: each submit's intent is on disk before it is sent and its handle as soon
/// as it is accepted; accepted jobs are only ever waited on; uncertain ones wait for the user to reconcile them.
/// </summary>
internal sealed class BatchRunner(CliEnvironment environment, IReadOnlyList<BatchJob> jobs, BatchJournal journal, string outputDirectory, int concurrency, bool json)
{
    private readonly Dictionary<int, JobState> _states = JobState.Fold(journal.Records);
    private readonly ConcurrentDictionary<int, JsonObject> _results = new();

    /// <summary>Refuses a jobs file whose lines changed since the journal recorded them (a resumed job must be the same job).</summary>
    public void CheckJournal()
    {
        var byLine = jobs.ToDictionary(j => j.Line);
        var problems = new List<string>();
        foreach (var (line, state) in _states.OrderBy(s => s.Key))
        {
            if (!byLine.TryGetValue(line, out var job)) problems.Add($"line {line}: the journal has a job here but the jobs file has none.");
            else if (state.Fingerprint is { } recorded && recorded != job.Fingerprint) problems.Add($"line {line}: the job changed since the journal recorded it ({recorded} then, {job.Fingerprint} now).");
        }

        if (problems.Count > 0)
        {
            throw new CliInputException(
                "The jobs file no longer matches its journal; nothing was sent:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)) + Environment.NewLine +
                "Restore the jobs file, or start a new batch under another file name.");
        }
    }

    /// <summary>Applies the user's word on uncertain submits: a task found (<c>--attach</c>), none found (<c>--resubmit-uncertain</c>), or given up (<c>--skip-uncertain</c>).</summary>
    public void Reconcile(ServiceSession session, IReadOnlyList<string> attachments, bool resubmit, bool skip)
    {
        var attached = BatchResults.Attachments(attachments, line => StateOf(line).Stage == JobStage.Uncertain);
        foreach (var job in jobs)
        {
            if (StateOf(job.Line).Stage != JobStage.Uncertain) continue;
            if (attached.TryGetValue(job.Line, out var taskId))
            {
                var baseUrl = session.BaseUrlFor(job.Operation) ?? throw new CliInputException($"--attach {job.Line}: no service address; pass --base-url.");
                var handle = new GenerationTask(job.Operation, taskId, baseUrl).ToHandle();
                Record("attached", job, new JsonObject { ["handle"] = JsonNode.Parse(handle.ToJson()) });
                Apply(job, JobStage.Submitted, handle);
            }
            else if (resubmit)
            {
                Record("resubmit", job, []);
                Apply(job, JobStage.Pending, null);
            }
            else if (skip)
            {
                var finished = Record("finished", job, new JsonObject { ["outcome"] = "skipped", ["message"] = "given up by --skip-uncertain" });
                StateOf(job.Line).Finished = finished;
                Apply(job, JobStage.Finished, null);
            }
        }
    }

    /// <summary>Runs every job not yet finished, then prints the summary and writes results.jsonl.</summary>
    public async Task<ExitCode> RunAsync(HappyHorseClient client, CancellationToken cancellationToken)
    {
        var counts = new BatchCounts { Total = jobs.Count };
        var display = BatchDisplay.For(environment, counts, json);
        var work = new List<BatchJob>();
        foreach (var job in jobs)
        {
            var state = StateOf(job.Line);
            switch (state.Stage)
            {
                case JobStage.Finished:
                    _results[job.Line] = BatchResults.Result(job, state.Finished!);
                    counts.Finish(Outcome(state.Finished!), wasRunning: false);
                    break;
                case JobStage.Uncertain:
                    _results[job.Line] = BatchResults.Result(job, new JsonObject { ["outcome"] = "uncertain", ["message"] = state.UncertainReason });
                    counts.Finish(JobOutcome.Uncertain, wasRunning: false);
                    break;
                default:
                    work.Add(job);
                    break;
            }
        }

        // Accepted tasks first: they are paid for already.
        work = [.. work.OrderBy(j => StateOf(j.Line).Stage == JobStage.Submitted ? 0 : 1).ThenBy(j => j.Line)];
        Directory.CreateDirectory(outputDirectory);
        await display.RunAsync(() => Parallel.ForEachAsync(
            work,
            new ParallelOptions { MaxDegreeOfParallelism = concurrency },
            async (job, _) => await RunJobAsync(client, job, display, counts, cancellationToken).ConfigureAwait(false))).ConfigureAwait(false);

        return BatchResults.Report(environment, jobs, _results, outputDirectory, json);
    }

    private async Task RunJobAsync(HappyHorseClient client, BatchJob job, BatchDisplay display, BatchCounts counts, CancellationToken cancellationToken)
    {
        var state = StateOf(job.Line);
        counts.Start();
        JobOutcome outcome;
        JsonObject result;
        try
        {
            (outcome, result) = await RunStepsAsync(client, job, state, display, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            (outcome, result) = (JobOutcome.Canceled, new JsonObject { ["outcome"] = "canceled", ["taskId"] = state.Handle?.TaskId, ["message"] = "stopped by Ctrl+C; the next run picks it up" });
        }

        _results[job.Line] = BatchResults.Result(job, result);
        counts.Finish(outcome, wasRunning: true);
        display.Finished(job, outcome, result["message"]?.GetValue<string>() ?? string.Join(", ", (result["files"] as JsonArray ?? []).Select(f => f!.GetValue<string>())));
    }

    private async Task<(JobOutcome, JsonObject)> RunStepsAsync(HappyHorseClient client, BatchJob job, JobState state, BatchDisplay display, CancellationToken cancellationToken)
    {
        GenerationTask task;
        if (state is { Stage: JobStage.Submitted, Handle: { } handle })
        {
            task = new GenerationTask(job.Operation, handle.TaskId, handle.BaseUrl);
        }
        else
        {
            cancellationToken.ThrowIfCancellationRequested();
            display.Started(job, "submitting");

            // On disk before the body can leave: a crash from here on leaves the job uncertain, never re-sent.
            Record("intent", job, new JsonObject { ["fingerprint"] = job.Fingerprint, ["operation"] = $"{job.Operation.Profile.Id} {job.Operation}" });
            try
            {
                task = await client.SubmitAsync(job.Request, cancellationToken).ConfigureAwait(false);
            }
            catch (HappyHorseSubmitUncertainException e)
            {
                Record("uncertain", job, new JsonObject { ["message"] = e.Message, ["requestId"] = e.RequestId, ["sentAt"] = e.SentAt.ToString("O"), ["bodyFingerprint"] = e.BodyFingerprint });
                Apply(job, JobStage.Uncertain, null);
                StateOf(job.Line).UncertainReason = e.Message;
                return (JobOutcome.Uncertain, new JsonObject { ["outcome"] = "uncertain", ["message"] = e.Message });
            }
            catch (OperationCanceledException)
            {
                // Canceled before the body went out (after, it is an uncertain submit): nothing reached the service.
                Record("rejected", job, new JsonObject { ["message"] = "canceled before sending" });
                throw;
            }
            catch (HappyHorseException e)
            {
                // Every other submit failure means no task was created (docs/outcomes.md): the next run may send it.
                Record("rejected", job, new JsonObject { ["message"] = e.Message });
                return (JobOutcome.Rejected, new JsonObject { ["outcome"] = "rejected", ["message"] = e.Message });
            }

            Record("submitted", job, new JsonObject { ["handle"] = RunOutput.HandleJson(task) });
            Apply(job, JobStage.Submitted, task.ToHandle());
            display.Submitted(job, task);
        }

        var progress = display.Started(job, "waiting", task.TaskId);
        try
        {
            var generated = await client.WaitForCompletionAsync(task, progress, cancellationToken).ConfigureAwait(false);
            var files = await ResultFiles.SaveAsync(client, generated, outputDirectory, job.Name, cancellationToken).ConfigureAwait(false);
            var paths = new JsonArray([.. files.Select(f => (JsonNode?)Path.GetRelativePath(outputDirectory, f.Path))]);
            var finished = Record("finished", job, new JsonObject { ["outcome"] = "succeeded", ["taskId"] = task.TaskId, ["files"] = paths });
            Apply(job, JobStage.Finished, task.ToHandle());
            return (JobOutcome.Succeeded, finished);
        }
        catch (HappyHorseTaskFailedException e)
        {
            var finished = Record("finished", job, new JsonObject { ["outcome"] = "failed", ["taskId"] = task.TaskId, ["message"] = e.Message });
            Apply(job, JobStage.Finished, task.ToHandle());
            return (JobOutcome.Failed, finished);
        }
        catch (HappyHorseException e)
        {
            // The task is known: the next run waits on it (and downloads) again.
            Record("error", job, new JsonObject { ["taskId"] = task.TaskId, ["message"] = e.Message });
            return (JobOutcome.Error, new JsonObject { ["outcome"] = "error", ["taskId"] = task.TaskId, ["message"] = e.Message });
        }
    }

    private JsonObject Record(string type, BatchJob job, JsonObject properties)
    {
        var record = new JsonObject { ["type"] = type, ["job"] = job.Line };
        foreach (var (key, value) in properties) record[key] = value?.DeepClone();
        journal.Append(record);
        return record;
    }

    private JobState StateOf(int line)
    {
        lock (_states)
        {
            if (!_states.TryGetValue(line, out var state)) _states[line] = state = new JobState();
            return state;
        }
    }

    private void Apply(BatchJob job, JobStage stage, TaskHandle? handle)
    {
        var state = StateOf(job.Line);
        state.Stage = stage;
        state.Handle = handle ?? state.Handle;
    }

    private static JobOutcome Outcome(JsonObject finished) => finished["outcome"]?.GetValue<string>() switch
    {
        "succeeded" => JobOutcome.Succeeded,
        "skipped" => JobOutcome.Skipped,
        _ => JobOutcome.Failed,
    };
}
