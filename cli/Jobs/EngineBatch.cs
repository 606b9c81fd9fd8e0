using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Batch;
using HappyHorse.Cli.Commands;
using HappyHorse.Generated.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace HappyHorse.Cli.Jobs;

/// <summary>
/// <c>batch --engine</c>: the jobs file's lines become generation jobs in PostgreSQL, run by <c>happyhorse worker</c>
/// processes on any machine. Each line's caller key is the file's full path and its line, so running the command again
/// (or two at once) enqueues nothing new.
/// </summary>
internal static class EngineBatch
{
    /// <summary>How many lines are enqueued at once.</summary>
    private const int EnqueueConcurrency = 8;

    public static Option<string?> Engine() => new("--engine") { Description = "An Npgsql connection string: enqueue the jobs for 'happyhorse worker' processes instead of running them here (HAPPYHORSE_ENGINE if set)." };

    /// <summary>The jobs of a file as the engine knows them, by line.</summary>
    public static ServiceProvider Services(string connectionString, CliEnvironment environment)
    {
        var services = new ServiceCollection();
        services.AddHappyHorse(o =>
        {
            if (environment.Variable(Generated.HappyHorseClientOptions.BaseUrlVariable) is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var baseUrl)) o.BaseUrl = baseUrl;
        }).AddGenerationJobs(o =>
        {
            o.ConnectionString = connectionString;
            foreach (var operation in environment.OwnOperations) o.Operations.Add(operation);
        });
        return services.BuildServiceProvider();
    }

    public static string ConnectionString(string? given, CliEnvironment environment) =>
        given ?? environment.Variable("HAPPYHORSE_ENGINE") ?? throw new CliInputException("--engine: give an Npgsql connection string (or set HAPPYHORSE_ENGINE).");

    public static async Task<ExitCode> RunAsync(CliEnvironment environment, string path, string connectionString, string output, bool wait, bool json, IReadOnlyList<string> attachments, bool resubmit, bool skip, CancellationToken cancellationToken)
    {
        var all = BatchJob.ReadAll(path, environment.Lookup);
        await using var services = Services(connectionString, environment);
        var jobs = services.GetRequiredService<IGenerationJobs>();
        var batch = Path.GetFullPath(path);
        try
        {
            await ReconcileAsync(jobs, batch, all, attachments, resubmit, skip, cancellationToken).ConfigureAwait(false);
            // Each enqueue is one round trip and one commit of its own: several at once (the keys keep a line to one job).
            int enqueued = 0, already = 0;
            await Parallel.ForEachAsync(all, new ParallelOptions { MaxDegreeOfParallelism = EnqueueConcurrency, CancellationToken = cancellationToken }, async (job, token) =>
            {
                var (_, added) = await jobs.EnqueueAsync(job.Request, new GenerationJobOptions { CallerKey = $"{batch}#{job.Line}", Batch = batch, Name = job.Name, Label = $"line {job.Line}", OutputDirectory = output }, token).ConfigureAwait(false);
                Interlocked.Increment(ref added ? ref enqueued : ref already);
            }).ConfigureAwait(false);

            environment.Out.WriteLine($"enqueued {enqueued}, already enqueued {already}");
            if (!wait) return ExitCode.Success;

            IReadOnlyList<GenerationJob> states;
            while (true)
            {
                states = await jobs.ListAsync(batch, cancellationToken).ConfigureAwait(false);
                if (states.All(j => j.IsFinished || j.State == GenerationJobState.Uncertain)) break;
                await Task.Delay(TimeSpan.FromSeconds(1), environment.Time, cancellationToken).ConfigureAwait(false);
            }

            return Summarize(environment, all, states, output, json);
        }
        catch (GenerationJobsException e)
        {
            throw new CliInputException(e.Message);
        }
    }

    public static async Task<ExitCode> StatusAsync(CliEnvironment environment, string path, string connectionString, bool json, CancellationToken cancellationToken)
    {
        await using var services = Services(connectionString, environment);
        IReadOnlyList<GenerationJob> states;
        try
        {
            states = await services.GetRequiredService<IGenerationJobs>().ListAsync(Path.GetFullPath(path), cancellationToken).ConfigureAwait(false);
        }
        catch (GenerationJobsException e)
        {
            throw new CliInputException(e.Message);
        }

        var counts = states.GroupBy(j => Word(j.State)).OrderBy(g => g.Key).ToList();
        var uncertain = states.Where(j => j.State == GenerationJobState.Uncertain).ToList();
        if (json)
        {
            var summary = new JsonObject { ["jobs"] = states.Count };
            foreach (var group in counts) summary[group.Key] = group.Count();
            summary["uncertain_jobs"] = new JsonArray([.. uncertain.Select(j => (JsonNode)new JsonObject { ["line"] = LineOf(j), ["name"] = j.Name, ["bodyFingerprint"] = j.BodyFingerprint, ["sentAt"] = j.SentAt?.ToString("O"), ["requestId"] = j.RequestId, ["message"] = j.Message })]);
            environment.Out.WriteLine(summary.ToJsonString());
        }
        else
        {
            CatalogCommands.Table(environment, ["state", "jobs"], [.. counts.Select(g => new[] { g.Key, g.Count().ToString(CultureInfo.InvariantCulture) })]);
            foreach (var job in uncertain) environment.Out.WriteLine($"uncertain: line {LineOf(job)} ({job.Name}, {job.Operation}, body {job.BodyFingerprint}, sent {job.SentAt:O}, request id {job.RequestId ?? "none"}): {job.Message}");
        }

        return ExitCode.Success;
    }

    /// <summary>The user's word on uncertain submits, with the file journal's rules: a task found, none found, or given up.</summary>
    private static async Task ReconcileAsync(IGenerationJobs jobs, string batch, IReadOnlyList<BatchJob> all, IReadOnlyList<string> attachments, bool resubmit, bool skip, CancellationToken cancellationToken)
    {
        var states = (await jobs.ListAsync(batch, cancellationToken).ConfigureAwait(false)).ToDictionary(LineOf);
        var attached = BatchResults.Attachments(attachments, line => states.TryGetValue(line, out var state) && state.State == GenerationJobState.Uncertain);
        foreach (var job in all)
        {
            if (!states.TryGetValue(job.Line, out var state) || state.State != GenerationJobState.Uncertain) continue;
            if (attached.TryGetValue(job.Line, out var taskId)) await jobs.AttachAsync(state.Id, taskId, cancellationToken).ConfigureAwait(false);
            else if (resubmit) await jobs.ResubmitAsync(state.Id, cancellationToken).ConfigureAwait(false);
            else if (skip) await jobs.SkipAsync(state.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>results.jsonl, the summary and the exit code, as the file-journal batch gives them.</summary>
    private static ExitCode Summarize(CliEnvironment environment, IReadOnlyList<BatchJob> all, IReadOnlyList<GenerationJob> states, string output, bool json)
    {
        var results = new Dictionary<int, JsonObject>();
        foreach (var state in states)
        {
            var line = LineOf(state);
            var job = all.FirstOrDefault(j => j.Line == line);
            if (job is null) continue;
            results[line] = BatchResults.Result(job, new JsonObject
            {
                ["taskId"] = state.Handle?.TaskId,
                ["outcome"] = Outcome(state),
                ["files"] = new JsonArray([.. state.Files.Select(f => (JsonNode?)Path.GetRelativePath(output, f))]),
                ["message"] = state.Message,
            });
        }

        return BatchResults.Report(environment, all, results, output, json);
    }

    /// <summary>The file journal's word for a job's state: an uncertain job given up is "skipped", a job canceled by an app "canceled".</summary>
    private static string Outcome(GenerationJob job) => job.State switch
    {
        GenerationJobState.Canceled when job.Message == GenerationJob.SkippedMessage => "skipped",
        var state => Word(state),
    };

    private static int LineOf(GenerationJob job) => int.Parse(job.CallerKey![(job.CallerKey!.LastIndexOf('#') + 1)..], CultureInfo.InvariantCulture);

    private static string Word(GenerationJobState state) => state.ToString().ToLowerInvariant();
}
