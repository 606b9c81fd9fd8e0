using System;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HappyHorse.Cli.Running;

namespace HappyHorse.Cli.Batch;

/// <summary><c>batch</c>: many jobs from a JSON Lines file, resumable after any crash without paying twice.</summary>
internal static class BatchCommand
{
    /// <summary>The most jobs in flight at once: waits are asynchronous, so the bound is memory (a few KB a job), not threads.</summary>
    private const int MaxConcurrency = 100_000;

    public static Command Create(CliEnvironment environment)
    {
        var jobs = new Argument<string>("jobs") { Description = "A JSON Lines file: one {\"model\", \"operation\", \"fields\": {...}} per line (optional \"dialect\", \"id\"); '-' reads them from stdin (kept as OUT/stdin.jsonl, its journal beside it)." };
        var concurrency = new Option<int>("--concurrency") { Description = "How many jobs run at once (1 to 100000; a waiting job holds no thread, and the client opens at most 128 connections).", DefaultValueFactory = _ => 4 };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Where result files and results.jsonl go (default: the current folder)." };
        var budget = new Option<double?>("--budget") { Description = "Refuse to start when the estimated credits of all jobs exceed this." };
        var budgetUnknown = new Option<string>("--budget-unknown") { Description = "With --budget, jobs whose model has no price table: refuse the batch (default), or allow them outside the budget.", DefaultValueFactory = _ => "refuse", HelpName = "allow|refuse" };
        budgetUnknown.AcceptOnlyFromAmong("allow", "refuse");
        var estimate = new Option<bool>("--estimate") { Description = "Print the batch's credit estimate and exit; nothing is sent." };
        var json = new Option<bool>("--json") { Description = "One JSON event per line on stdout instead of the progress display." };
        var resubmit = new Option<bool>("--resubmit-uncertain") { Description = "You checked the service and the uncertain submits made no task: send them again." };
        var skip = new Option<bool>("--skip-uncertain") { Description = "Give up the uncertain submits (e.g. you found and handled their tasks yourself)." };
        var attach = new Option<string[]>("--attach") { Description = "You found an uncertain job's task at the service: LINE=TASK_ID waits on it instead of sending again; repeatable.", HelpName = "line=task-id" };
        var engine = Jobs.EngineBatch.Engine();
        var wait = new Option<bool>("--wait") { Description = "With --engine: wait until every job is final, then print the summary and write results.jsonl." };
        var service = new ServiceOptions();
        var command = new Command(
            "batch",
            "Run every job of a JSON Lines file under a concurrency limit. Every line is checked (and --budget against the estimates) before the first submit.\n" +
            "A journal beside the file (FILE.journal) records each job's intent before its submit and its task handle after, on disk: run the same command\n" +
            "again after a crash and finished jobs are skipped, accepted ones waited on, and submits that may have reached the service listed, never re-sent,\n" +
            "until you reconcile them with --attach, --resubmit-uncertain or --skip-uncertain. At the end: a summary, and results.jsonl in --out.")
        {
            jobs, concurrency, output, budget, budgetUnknown, estimate, json, resubmit, skip, attach, engine, wait,
        };
        command.Add(StatusCommand(environment));
        service.AddTo(command, withEmulator: true);
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var limit = parse.GetValue(concurrency);
            if (limit is < 1 or > MaxConcurrency) throw new CliInputException($"--concurrency: {limit} is not between 1 and {MaxConcurrency}.");
            if (parse.GetValue(resubmit) && parse.GetValue(skip)) throw new CliInputException("--resubmit-uncertain and --skip-uncertain exclude each other.");
            var outputDirectory = parse.GetValue(output)?.FullName ?? Directory.GetCurrentDirectory();
            var path = parse.GetValue(jobs) is "-" ? FromStdin(environment, outputDirectory) : Path.GetFullPath(parse.GetValue(jobs)!);
            if (parse.GetValue(engine) is { } connectionString)
            {
                return await Jobs.EngineBatch.RunAsync(environment, path, connectionString, outputDirectory, parse.GetValue(wait), parse.GetValue(json), parse.GetValue(attach) ?? [], parse.GetValue(resubmit), parse.GetValue(skip), cancellationToken).ConfigureAwait(false);
            }

            var all = BatchJob.ReadAll(path, environment.Lookup);
            var total = all.Sum(j => j.Credits ?? 0);
            var unpriced = all.Where(j => j.Credits is null).ToList();
            if (parse.GetValue(estimate))
            {
                environment.Out.WriteLine($"Estimate: {total.ToString("0.##", CultureInfo.InvariantCulture)} credits for {all.Count - unpriced.Count} of {all.Count} jobs{(unpriced.Count > 0 ? $" ({unpriced.Count} have no price table)" : "")}");
                return ExitCode.Success;
            }

            if (parse.GetValue(budget) is { } credits)
            {
                if (unpriced.Count > 0)
                {
                    var which = $"{unpriced.Count} job{(unpriced.Count == 1 ? " has" : "s have")} no estimate (no price table): {string.Join(", ", unpriced.Select(j => $"line {j.Line} ({j.Name}, {j.Operation.ModelId})"))}";
                    if (parse.GetValue(budgetUnknown) != "allow") throw new CliInputException($"--budget cannot be checked: {which}. Nothing was sent; --budget-unknown allow runs them outside the budget.");
                    environment.Error.WriteLine($"--budget covers {all.Count - unpriced.Count} of {all.Count} jobs; {which}, run outside the budget (--budget-unknown allow).");
                }

                if (total > credits) throw new CliInputException($"The jobs are estimated at {total.ToString("0.##", CultureInfo.InvariantCulture)} credits, over the budget of {credits.ToString("0.##", CultureInfo.InvariantCulture)}; nothing was sent.");
            }

            using var journal = BatchJournal.Open(path + ".journal", environment.Time);
            if (journal.TornLines > 0) environment.Error.WriteLine($"The journal had {journal.TornLines} torn line(s) from an interrupted run; they were records of steps not yet begun, and are ignored.");
            var runner = new BatchRunner(environment, all, journal, outputDirectory, limit, parse.GetValue(json));
            runner.CheckJournal();
            await using var session = await service.OpenAsync(parse, environment, handleBaseUrl: null, cancellationToken).ConfigureAwait(false);
            runner.Reconcile(session, parse.GetValue(attach) ?? [], parse.GetValue(resubmit), parse.GetValue(skip));
            return await runner.RunAsync(session.Client, cancellationToken).ConfigureAwait(false);
        }, json));
        return command;
    }

    /// <summary>
    /// Jobs read from stdin, kept as <c>stdin.jsonl</c> in the out folder so that its journal has a jobs file to check
    /// against and the same command (or <c>batch OUT/stdin.jsonl</c>) resumes it.
    /// </summary>
    private static string FromStdin(CliEnvironment environment, string outputDirectory)
    {
        var text = environment.In.ReadToEnd();
        Directory.CreateDirectory(outputDirectory);
        var path = Path.Combine(outputDirectory, "stdin.jsonl");
        if (File.Exists(path) && File.Exists(path + ".journal") && File.ReadAllText(path) != text)
        {
            throw new CliInputException($"{outputDirectory} holds another batch read from stdin ({path}, with its journal): pass another --out, or resume that one with 'happyhorse batch {path}'.");
        }

        File.WriteAllText(path, text);
        return path;
    }

    /// <summary><c>batch status FILE --engine</c>: the jobs of a file enqueued with --engine, counted by state, uncertain ones listed.</summary>
    private static Command StatusCommand(CliEnvironment environment)
    {
        var jobs = new Argument<FileInfo>("jobs") { Description = "The jobs file given to 'batch --engine'." };
        var engine = Jobs.EngineBatch.Engine();
        var json = new Option<bool>("--json") { Description = "One JSON object on stdout." };
        var command = new Command("status", "Counts the jobs of a file enqueued with --engine by state and lists the uncertain ones.") { jobs, engine, json };
        command.SetAction(HappyHorseCli.Guarded(environment, (parse, cancellationToken) =>
            Jobs.EngineBatch.StatusAsync(environment, parse.GetValue(jobs)!.FullName, Jobs.EngineBatch.ConnectionString(parse.GetValue(engine), environment), parse.GetValue(json), cancellationToken)));
        return command;
    }
}
