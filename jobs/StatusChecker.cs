using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace HappyHorse.Generated.Jobs;

/// <summary>
/// The one recurring Hangfire job that checks every waiting task: it claims the due rows in bulk
/// (<c>FOR UPDATE SKIP LOCKED</c>, moving their next check past a lease), asks the service with no transaction open,
/// writes every answer in one transaction, and hands finished tasks on to their job's run. A waiting task holds no
/// worker or thread; a check killed midway loses nothing (its rows are due again when the lease ends).
/// </summary>
public sealed class StatusChecker
{
    /// <summary>The recurring job's id in Hangfire.</summary>
    public const string RecurringJobId = "happyhorse-status-checks";

    private readonly JobStore _store;
    private readonly Operations _operations;
    private readonly HappyHorseClient _client;
    private readonly IBackgroundJobClient _jobs;
    private readonly GenerationJobsOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly JobStorage _storage;
    private readonly JobCompletion _completion;

    internal StatusChecker(JobStore store, Operations operations, HappyHorseClient client, JobCompletion completion, IBackgroundJobClient jobs, JobStorage storage, IOptions<GenerationJobsOptions> options, ILogger<StatusChecker> logger, TimeProvider time)
    {
        _completion = completion;
        _storage = storage;
        _time = time;
        _store = store;
        _operations = operations;
        _client = client;
        _jobs = jobs;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Checks every due task, a batch at a time, for at most one check interval.</summary>
    [DisplayName("happyhorse: check waiting tasks")]
    [AutomaticRetry(Attempts = 0)]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var until = _time.GetUtcNow() + _options.CheckInterval;
        while (await CheckBatchAsync(cancellationToken).ConfigureAwait(false) == _options.CheckBatchSize && _time.GetUtcNow() < until)
        {
        }
    }

    /// <summary>Claims and checks one batch of due rows; returns how many were claimed.</summary>
    internal async Task<int> CheckBatchAsync(CancellationToken cancellationToken)
    {
        var claimed = await _store.UpdateAsync(
            $"""
            UPDATE {_store.Table} j SET next_check_at = now() + @lease
            FROM (SELECT id FROM {_store.Table} WHERE next_check_at <= now() ORDER BY next_check_at LIMIT @limit FOR UPDATE SKIP LOCKED) due
            WHERE j.id = due.id
            RETURNING {string.Join(", ", Sql.Columns.Split(", ").Select(c => "j." + c))}
            """,
            p =>
            {
                p.AddWithValue("lease", NpgsqlDbType.Interval, _options.ClaimLease);
                p.AddWithValue("limit", _options.CheckBatchSize);
            },
            cancellationToken).ConfigureAwait(false);
        if (claimed.Count == 0) return 0;

        // The answers wait at most CheckTimeout: a hung status call must not hold the recurring check (and its rows) forever.
        var answers = new ConcurrentBag<(JobRow Row, TaskStatusUpdate? Update, string? Error)>();
        using var deadline = new CancellationTokenSource(_options.CheckTimeout, _time);
        using var asking = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        await Parallel.ForEachAsync(
            claimed.Where(r => r.Job.State is GenerationJobState.Submitted or GenerationJobState.Waiting or GenerationJobState.Saving),
            new ParallelOptions { MaxDegreeOfParallelism = _options.CheckConcurrency, CancellationToken = cancellationToken },
            async (row, _) =>
            {
                try
                {
                    answers.Add((row, await _client.GetStatusAsync(_operations.Task(row.Job.Handle!), asking.Token).ConfigureAwait(false), null));
                }
                catch (HappyHorseException e)
                {
                    answers.Add((row, null, e.Message));
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    answers.Add((row, null, $"no answer within the check's deadline ({_options.CheckTimeout})"));
                }
            }).ConfigureAwait(false);

        // Rows not checked are queued, submitting or handed on before, and their run has not finished: hand them on again
        // only if Hangfire no longer holds a run of theirs (failed for good, deleted). One still enqueued, scheduled or
        // processing (a dead worker's comes back after the invisibility timeout) is Hangfire's: a second run beside it
        // would find the first one's intent and call a job uncertain whose answer is still coming.
        var handOn = claimed.Where(r => r.Job.State is GenerationJobState.Queued or GenerationJobState.Submitting && !HangfireHolds(r)).ToList();
        var toStore = new List<(JobRow Row, GenerationResult Result)>();

        // Ended before and not told yet (a handler threw): told again below.
        var toTell = new ConcurrentQueue<JobRow>(claimed.Where(r => !r.Handled));
        await using (var connection = await _store.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var batch = new NpgsqlBatch(connection, transaction);
            await using (batch)
            {
                foreach (var (row, update, error) in answers)
                {
                    if (row.Job.State == GenerationJobState.Saving)
                    {
                        // Its files were not stored (a failed download, a worker gone): the fresh result is stored now.
                        if (update is { Status: GenerationStatus.Succeeded, Result: { } fresh }) toStore.Add((row, fresh));
                        else _logger.LogWarning("Job {JobId}: a task that succeeded now answers {Status}; its files will be asked for again.", row.Job.Id, update?.RawStatus ?? error);
                        continue;
                    }

                    var command = batch.CreateBatchCommand();
                    command.Parameters.AddWithValue("id", row.Job.Id);
                    var schedule = _options.CheckSchedule ?? _operations.Task(row.Job.Handle!).Profile.Schedule;
                    if (update is { Status: GenerationStatus.Succeeded, Result: { } result })
                    {
                        // Saving until the files are stored below; if they are not, the row is due again when the lease ends.
                        command.CommandText = $"UPDATE {_store.Table} SET state = 'saving', raw_status = @raw, progress = 100, queue_position = NULL, checks = checks + 1, next_check_at = now() + @lease WHERE id = @id AND state IN ('submitted', 'waiting')";
                        command.Parameters.AddWithValue("lease", NpgsqlDbType.Interval, _options.ClaimLease);
                        toStore.Add((row with { Job = row.Job with { State = GenerationJobState.Saving } }, result));
                    }
                    else if (update is { } ended && ended.Status.IsTerminal())
                    {
                        command.CommandText = $"UPDATE {_store.Table} SET state = 'failed', raw_status = @raw, message = @message, checks = checks + 1, finished_at = now(), handled = NOT @handlers, next_check_at = CASE WHEN @handlers THEN now() + @lease END WHERE id = @id AND state IN ('submitted', 'waiting')";
                        command.Parameters.AddWithValue("message", ended.FailureMessage ?? $"The task ended {ended.RawStatus}.");
                        command.Parameters.AddWithValue("handlers", _completion.HasHandlers);
                        command.Parameters.AddWithValue("lease", NpgsqlDbType.Interval, _options.ClaimLease);
                        if (_completion.HasHandlers) toTell.Enqueue(row with { Job = row.Job with { State = GenerationJobState.Failed, Message = ended.FailureMessage ?? $"The task ended {ended.RawStatus}." } });
                    }
                    else
                    {
                        // Still queued or running, or no answer this time: checked again on the dialect's schedule.
                        var elapsed = update?.Elapsed ?? TimeSpan.Zero;
                        command.CommandText = $"UPDATE {_store.Table} SET state = 'waiting', raw_status = coalesce(@raw, raw_status), progress = coalesce(@progress, progress), queue_position = @position, checks = checks + 1, next_check_at = now() + @delay WHERE id = @id AND state IN ('submitted', 'waiting')";
                        command.Parameters.AddWithValue("progress", NpgsqlDbType.Double, (object?)update?.Progress ?? DBNull.Value);
                        command.Parameters.AddWithValue("position", NpgsqlDbType.Integer, (object?)update?.QueuePosition ?? DBNull.Value);
                        command.Parameters.AddWithValue("delay", NpgsqlDbType.Interval, schedule.NextDelay(row.Job.StatusChecks + 1, elapsed, update?.Progress ?? row.Job.Progress, Random.Shared.NextDouble()));
                        if (error is not null) _logger.LogWarning("Job {JobId}: status check failed ({Error}); checked again later.", row.Job.Id, error);
                    }

                    command.Parameters.AddWithValue("raw", NpgsqlDbType.Text, (object?)update?.RawStatus ?? DBNull.Value);
                    batch.BatchCommands.Add(command);
                }

                if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        foreach (var row in handOn) HandOn(row);

        // After the commit, with no transaction open: the files of the tasks that succeeded (from the answer just read,
        // so no second status request), then the handlers. What fails is done again when its row is next due.
        await Parallel.ForEachAsync(toStore, new ParallelOptions { MaxDegreeOfParallelism = _options.CheckConcurrency, CancellationToken = cancellationToken }, async (item, token) =>
        {
            try
            {
                if (await _completion.StoreAsync(item.Row, item.Result, token).ConfigureAwait(false) is { } stored) toTell.Enqueue(stored);
            }
            catch (Exception e) when (!token.IsCancellationRequested)
            {
                _logger.LogWarning("Job {JobId}: its files could not be stored ({Error}); tried again in {Lease}, without a new submit.", item.Row.Job.Id, e.Message, _options.ClaimLease);
            }
        }).ConfigureAwait(false);
        foreach (var row in toTell)
        {
            try
            {
                await _completion.TellAsync(row, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(e, "Job {JobId}: a job handler failed; it is told again in {Lease}.", row.Job.Id, _options.ClaimLease);
            }
        }

        return claimed.Count;
    }

    private static readonly string[] HeldStates = [EnqueuedState.StateName, ProcessingState.StateName, ScheduledState.StateName, AwaitingState.StateName];

    private bool HangfireHolds(JobRow row)
    {
        if (row.HangfireId is not { } id) return false;
        using var connection = _storage.GetConnection();
        return connection.GetStateData(id)?.Name is { } state && HeldStates.Contains(state);
    }

    private void HandOn(JobRow row)
    {
        if (row.HangfireId is { } id && _jobs.Requeue(id)) return;
        _jobs.Enqueue<GenerationJobRunner>(r => r.RunAsync(row.Job.Id, $"{row.Job.Operation}, {row.Label}", CancellationToken.None));
    }
}
