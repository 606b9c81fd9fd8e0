using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Cli.Batch;
using HappyHorse.Cli.Requests;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Studio;

/// <summary>
/// Batches of <c>happyhorse batch</c> shown as galleries: each line of the jobs file with its state by the journal
/// (<c>JOBS.jsonl.journal</c>, read without taking its lock, so a running batch can be watched), its files, and for an
/// uncertain submit its body fingerprint and why.
/// </summary>
internal sealed class StudioBatches
{
    private readonly List<string> _paths = [];
    private readonly object _gate = new();
    private readonly OperationLookup _operations;

    public StudioBatches(IEnumerable<FileInfo> batches, OperationLookup operations)
    {
        _operations = operations;
        foreach (var batch in batches) Add(batch.FullName);
    }

    /// <summary>The jobs files shown, by index.</summary>
    public JsonArray List()
    {
        lock (_gate) return new JsonArray([.. _paths.Select((p, i) => (JsonNode)new JsonObject { ["index"] = i, ["path"] = p })]);
    }

    /// <summary>Adds a jobs file; its index, or why it cannot be shown.</summary>
    public (int Index, string? Problem) Add(string path)
    {
        if (path.Trim().Length == 0) return (-1, "Give the path of a jobs file (JOBS.jsonl).");
        var full = Path.GetFullPath(path.Trim());
        if (!File.Exists(full)) return (-1, $"There is no file {full}.");
        lock (_gate)
        {
            var existing = _paths.IndexOf(full);
            if (existing >= 0) return (existing, null);
            _paths.Add(full);
            return (_paths.Count - 1, null);
        }
    }

    /// <summary>The gallery of batch <paramref name="index"/>, or <see langword="null"/>.</summary>
    public JsonObject? Gallery(int index)
    {
        if (PathOf(index) is not { } path) return null;
        var states = JobState.Fold(BatchJournal.ReadRecords(path + ".journal"));
        var jobs = new JsonArray();
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (line, job) in Lines(path))
        {
            var state = states.GetValueOrDefault(line);
            var finished = state?.Finished;
            var outcome = state?.Stage switch
            {
                JobStage.Finished => finished?["outcome"]?.GetValue<string>() ?? "finished",
                JobStage.Submitted => "waiting",
                JobStage.Uncertain => "uncertain",
                _ => "pending",
            };
            counts[outcome] = counts.GetValueOrDefault(outcome) + 1;
            var files = FilesOf(path, finished);
            var model = Text(job?["model"]);
            var operationId = Text(job?["operation"]);
            jobs.Add(new JsonObject
            {
                ["line"] = line,
                ["id"] = Text(job?["id"]) ?? $"job-{line}",
                ["model"] = model,
                ["operation"] = operationId,
                ["caption"] = Caption(model, operationId, Text(job?["dialect"]), job?["fields"] as JsonObject),
                ["state"] = outcome,
                ["message"] = outcome == "uncertain" ? state?.UncertainReason : finished?["message"]?.GetValue<string>(),
                ["fingerprint"] = state?.Fingerprint,
                ["taskId"] = state?.Handle?.TaskId ?? finished?["taskId"]?.GetValue<string>(),
                ["files"] = new JsonArray([.. files.Select((f, i) => (JsonNode)new JsonObject
                {
                    ["name"] = Path.GetFileName(f),
                    ["url"] = $"/batch-files/{index}/{line}/{i}",
                })]),
            });
        }

        return new JsonObject
        {
            ["index"] = index,
            ["path"] = path,
            ["counts"] = new JsonObject([.. counts.Select(c => KeyValuePair.Create(c.Key, (JsonNode?)c.Value))]),
            ["jobs"] = jobs,
        };
    }

    /// <summary>File <paramref name="file"/> of the job on <paramref name="line"/>: only a file its journal names.</summary>
    public string? FilePath(int index, int line, int file)
    {
        if (PathOf(index) is not { } path) return null;
        var states = JobState.Fold(BatchJournal.ReadRecords(path + ".journal"));
        var files = FilesOf(path, states.GetValueOrDefault(line)?.Finished);
        return file >= 0 && file < files.Count ? files[file] : null;
    }

    private string? PathOf(int index)
    {
        lock (_gate) return index >= 0 && index < _paths.Count ? _paths[index] : null;
    }

    /// <summary>
    /// The files a finished record names, found where they are: the journal keeps them relative to the batch's
    /// <c>--out</c> folder, which it does not record, so the jobs file's folder and the current folder are tried.
    /// </summary>
    private static List<string> FilesOf(string jobsPath, JsonObject? finished)
    {
        var found = new List<string>();
        foreach (var name in (finished?["files"] as JsonArray ?? []).Select(f => f?.GetValue<string>()).OfType<string>())
        {
            var candidates = new[] { Path.GetDirectoryName(jobsPath)!, Directory.GetCurrentDirectory() }.Select(d => Path.GetFullPath(name, d));
            if (candidates.FirstOrDefault(File.Exists) is { } path) found.Add(path);
        }

        return found;
    }

    private static IEnumerable<(int Line, JsonObject? Job)> Lines(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            yield break;
        }

        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            JsonObject? job;
            try
            {
                job = JsonNode.Parse(lines[i]) as JsonObject;
            }
            catch (JsonException)
            {
                job = null;
            }

            yield return (i + 1, job);
        }
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private string? Caption(string? model, string? operationId, string? dialect, JsonObject? fields)
    {
        if (model is null || operationId is null || fields is null) return null;
        OperationInfo operation;
        try
        {
            operation = _operations.Find(model, operationId, dialect);
        }
        catch (CliInputException)
        {
            return null;
        }

        return StudioCaption.Of(operation, new StudioInput(fields, []));
    }
}
