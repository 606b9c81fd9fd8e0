using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using HappyHorse.Cli.Commands;
using HappyHorse.Cli.Running;

namespace HappyHorse.Cli.Batch;

/// <summary>
/// What a batch reports, the same whether its jobs ran here (the file journal) or on workers (<c>--engine</c>): the
/// <c>--attach</c> arguments read, one results.jsonl line per job, the summary and its exit code.
/// </summary>
internal static class BatchResults
{
    /// <summary>The task id of each <c>--attach LINE=TASK_ID</c>, by line; every bad one listed at once.</summary>
    /// <param name="attachments">The <c>--attach</c> values.</param>
    /// <param name="isUncertain">Whether a line's submit is uncertain (only those can be attached).</param>
    public static Dictionary<int, string> Attachments(IReadOnlyList<string> attachments, Func<int, bool> isUncertain)
    {
        var problems = new List<string>();
        var attached = new Dictionary<int, string>();
        foreach (var attachment in attachments)
        {
            var equals = attachment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !int.TryParse(attachment[..equals], NumberStyles.None, CultureInfo.InvariantCulture, out var line) || attachment[(equals + 1)..].Trim().Length == 0)
            {
                problems.Add($"--attach '{attachment}': expected LINE=TASK_ID, e.g. 12=task_abc.");
            }
            else if (!isUncertain(line))
            {
                problems.Add($"--attach {line}: line {line} has no uncertain submit.");
            }
            else
            {
                attached[line] = attachment[(equals + 1)..].Trim();
            }
        }

        if (problems.Count > 0) throw new CliInputException(string.Join(Environment.NewLine, problems));
        return attached;
    }

    /// <summary>A job's line in results.jsonl, from what became of it (<c>taskId</c>, <c>outcome</c>, <c>files</c>, <c>message</c>).</summary>
    public static JsonObject Result(BatchJob job, JsonObject record) => new()
    {
        ["job"] = job.Name,
        ["line"] = job.Line,
        ["model"] = job.Operation.ModelId,
        ["operation"] = job.Operation.OperationId,
        ["taskId"] = record["taskId"]?.DeepClone(),
        ["outcome"] = record["outcome"]?.DeepClone(),
        ["files"] = record["files"]?.DeepClone() ?? new JsonArray(),
        ["credits"] = job.Credits,
        ["message"] = record["message"]?.DeepClone(),
    };

    /// <summary>
    /// Writes results.jsonl (one line per job in file order, replaced whole, never half written), prints the summary
    /// (a table, or a <c>summary</c> event with <paramref name="json"/>) and lists the uncertain submits with how to
    /// reconcile them.
    /// </summary>
    /// <returns>The exit code of the worst outcome.</returns>
    public static ExitCode Report(CliEnvironment environment, IReadOnlyList<BatchJob> jobs, IReadOnlyDictionary<int, JsonObject> results, string outputDirectory, bool json)
    {
        var path = Path.Combine(outputDirectory, "results.jsonl");
        var text = new StringBuilder();
        foreach (var job in jobs) text.Append((results.TryGetValue(job.Line, out var result) ? result : Result(job, [])).ToJsonString()).Append('\n');
        Directory.CreateDirectory(outputDirectory);
        File.WriteAllText(path + ".partial", text.ToString());
        File.Move(path + ".partial", path, overwrite: true);

        string OutcomeOf(BatchJob job) => results.TryGetValue(job.Line, out var r) ? r["outcome"]?.GetValue<string>() ?? "unknown" : "unknown";
        var byOutcome = jobs.GroupBy(OutcomeOf).ToDictionary(g => g.Key, g => g.Count());
        if (json)
        {
            var summary = new JsonObject { ["results"] = path };
            foreach (var (outcome, count) in byOutcome) summary[outcome] = count;
            new RunOutput(environment, json: true).Event("summary", summary);
        }
        else
        {
            CatalogCommands.Table(environment, ["outcome", "jobs"], [.. byOutcome.OrderBy(p => p.Key).Select(p => new[] { p.Key, p.Value.ToString(CultureInfo.InvariantCulture) })]);
            environment.Out.WriteLine($"Results: {path}");
        }

        var uncertain = jobs.Where(j => OutcomeOf(j) == "uncertain").ToList();
        if (uncertain.Count > 0)
        {
            environment.Error.WriteLine($"{uncertain.Count} submit(s) may have reached the service and were not sent again:");
            foreach (var job in uncertain) environment.Error.WriteLine($"  line {job.Line} ({job.Name}, {job.Operation}, body {job.Fingerprint}): {results[job.Line]["message"]?.GetValue<string>()}");
            environment.Error.WriteLine("Look for these tasks at the service, then run the same command with --attach LINE=TASK_ID for each one found, and --resubmit-uncertain (send the rest again) or --skip-uncertain (give them up).");
        }

        return byOutcome.Keys.Aggregate(ExitCode.Success, (code, outcome) => ExitCodes.Worst(code, outcome switch
        {
            "succeeded" or "skipped" => ExitCode.Success,
            "failed" => ExitCode.TaskFailed,
            "uncertain" => ExitCode.SubmitUncertain,
            "canceled" => ExitCode.Canceled,
            _ => ExitCode.ServiceError,
        }));
    }
}
