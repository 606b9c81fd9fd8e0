using System;
using System.Collections.Generic;
using System.Text.Json.Nodes;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Batch;

/// <summary>Where a job stands by its journal.</summary>
internal enum JobStage
{
    /// <summary>Never sent, or refused with nothing created: it may be sent.</summary>
    Pending,

    /// <summary>Its intent is recorded but neither a handle nor a refusal: the submit may have reached the service.</summary>
    Uncertain,

    /// <summary>The service accepted it: wait on its handle, never send it again.</summary>
    Submitted,

    /// <summary>Finished (succeeded, failed, or skipped by the user).</summary>
    Finished,
}

/// <summary>A job's state, folded from its journal records in order (the last word wins).</summary>
internal sealed class JobState
{
    public JobStage Stage { get; set; }

    public TaskHandle? Handle { get; set; }

    public string? Fingerprint { get; set; }

    public string? Operation { get; set; }

    /// <summary>The last finished record (outcome, files, message), for results.jsonl.</summary>
    public JsonObject? Finished { get; set; }

    /// <summary>Why the submit is uncertain, in the service's or the tool's words.</summary>
    public string? UncertainReason { get; set; }

    /// <summary>The job states the journal's records describe, by line.</summary>
    public static Dictionary<int, JobState> Fold(IEnumerable<JsonObject> records)
    {
        var states = new Dictionary<int, JobState>();
        foreach (var record in records)
        {
            var line = (int)record["job"]!.GetValue<double>();
            if (!states.TryGetValue(line, out var state)) states[line] = state = new JobState();
            switch (record["type"]!.GetValue<string>())
            {
                case "intent":
                    state.Stage = JobStage.Uncertain;
                    state.UncertainReason = "the tool stopped during the submit, before the service's answer was recorded";
                    state.Fingerprint = record["fingerprint"]?.GetValue<string>();
                    state.Operation = record["operation"]?.GetValue<string>();
                    break;
                case "uncertain":
                    state.Stage = JobStage.Uncertain;
                    state.UncertainReason = record["message"]?.GetValue<string>() ?? "the submit's answer was lost";
                    break;
                case "submitted" or "attached":
                    state.Stage = JobStage.Submitted;
                    state.Handle = TaskHandle.Parse(record["handle"]!.ToJsonString());
                    break;
                case "rejected" or "resubmit":
                    state.Stage = JobStage.Pending;
                    state.Handle = null;
                    break;
                case "finished":
                    state.Stage = JobStage.Finished;
                    state.Finished = record;
                    break;
                default:
                    // A record of a later version of the tool: it does not move the job.
                    break;
            }
        }

        return states;
    }
}
