using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Cli.Commands;
using HappyHorse.Cli.Requests;
using HappyHorse.Cli.Running;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Batch;

/// <summary>One line of a jobs file, checked and ready to send.</summary>
/// <param name="Line">Its line number (1-based): the job's key in the journal.</param>
/// <param name="Name">What its files are called: its <c>id</c>, else <c>job-LINE</c>.</param>
/// <param name="Request">The request.</param>
/// <param name="Fingerprint">The SHA-256 of its JSON body: the journal refuses a jobs file whose line changed since.</param>
/// <param name="Credits">The estimate from the model's price table, if it has one.</param>
internal sealed record BatchJob(int Line, string Name, JsonBodyRequest Request, string Fingerprint, double? Credits)
{
    public OperationInfo Operation => Request.Operation;

    private static readonly HashSet<string> Properties = ["model", "operation", "fields", "dialect", "id"];

    /// <summary>
    /// Every job of the file, or every problem of every line at once (<see cref="CliInputException"/>). A line is
    /// <c>{"model": ..., "operation": ..., "fields": {name or JSON path: value}}</c>, with an optional <c>dialect</c>
    /// and <c>id</c>; blank lines are skipped.
    /// </summary>
    public static IReadOnlyList<BatchJob> ReadAll(string path, OperationLookup operations)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliInputException($"The jobs file {path} cannot be read ({e.Message}).");
        }

        var jobs = new List<BatchJob>();
        var problems = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            var lineProblems = new List<string>();
            var job = Read(i + 1, lines[i], operations, lineProblems);
            problems.AddRange(lineProblems.Select(p => $"line {i + 1}: {p}"));
            if (job is not null) jobs.Add(job);
        }

        foreach (var duplicate in jobs.GroupBy(j => j.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add($"lines {string.Join(", ", duplicate.Select(j => j.Line))}: the id '{duplicate.Key}' is used more than once (it names the files).");
        }

        if (jobs.Count == 0 && problems.Count == 0) problems.Add("the jobs file holds no job.");
        if (problems.Count > 0)
        {
            throw new CliInputException($"{path}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}; nothing was sent:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        }

        return jobs;
    }

    private static BatchJob? Read(int line, string text, OperationLookup operations, List<string> problems)
    {
        JsonObject job;
        try
        {
            if (JsonNode.Parse(text) is not JsonObject parsed)
            {
                problems.Add("expected a JSON object {\"model\", \"operation\", \"fields\"}.");
                return null;
            }

            job = parsed;
        }
        catch (JsonException e)
        {
            problems.Add($"not JSON ({e.Message.Split('.')[0]}).");
            return null;
        }

        foreach (var (name, _) in job)
        {
            if (!Properties.Contains(name)) problems.Add($"unknown property '{name}' (a line has model, operation, fields, and optionally dialect and id).");
        }

        var model = Text(job, "model", problems, required: true);
        var operationId = Text(job, "operation", problems, required: true);
        var dialect = Text(job, "dialect", problems, required: false);
        var id = Text(job, "id", problems, required: false);
        if (job["fields"] is not (null or JsonObject)) problems.Add("'fields' must be an object of field names (or JSON paths) and values.");
        if (model is null || operationId is null) return null;

        OperationInfo operation;
        try
        {
            operation = operations.Find(model, operationId, dialect);
        }
        catch (CliInputException e)
        {
            problems.Add(e.Message);
            return null;
        }

        var builder = new RequestBuilder(operation);
        foreach (var (name, value) in job["fields"] as JsonObject ?? []) builder.SetByName(name, value);
        var (request, requestProblems) = builder.Build();
        problems.AddRange(requestProblems.Select(p => p.Message));
        if (problems.Count > 0) return null;

        var body = RunCommands.BodyOf(request);
        var fingerprint = HappyHorseSubmitUncertainException.FingerprintOf(Encoding.UTF8.GetBytes(body.GetRawText()));
        return new BatchJob(line, id is null ? $"job-{line}" : ResultFiles.SafeName(id), request, fingerprint, operation.EstimateCredits(body));
    }

    private static string? Text(JsonObject job, string name, List<string> problems, bool required)
    {
        var value = job[name];
        if (value is JsonValue text && text.GetValueKind() == JsonValueKind.String) return text.GetValue<string>();
        if (value is not null || required) problems.Add($"'{name}' must be {(required ? "given as " : "")}a string.");
        return null;
    }
}
