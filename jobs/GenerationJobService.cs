using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Transactions;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HappyHorse.Generated.Jobs;

/// <summary><see cref="IGenerationJobs"/> on the jobs table and Hangfire.</summary>
internal sealed class GenerationJobService(JobStore store, Operations operations, IServiceProvider services, IOptions<GenerationJobsOptions> settings, IOptionsMonitor<HappyHorseClientOptions> clientOptions) : IGenerationJobs
{
    // Resolved when first used: making Hangfire's storage waits out its start-up retries, which an unreachable
    // database should not cost a caller whose own query already says so.
    private IBackgroundJobClient Hangfire => (IBackgroundJobClient)services.GetService(typeof(IBackgroundJobClient))!;

    public async Task<(long JobId, bool Enqueued)> EnqueueAsync(IGenerationRequest request, GenerationJobOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        options ??= new GenerationJobOptions();
        request.Validate().ThrowIfInvalid();
        var operation = request.Operation;
        var (body, fingerprint) = Operations.BodyOf(request);

        // The key's row and the Hangfire job commit together or not at all: one connection string, so Npgsql hands
        // Hangfire the connection this transaction already holds (no distributed transaction).
        // Reachable, our table made, and Hangfire's storage made (its schema installed) before the transaction begins.
        await (await store.OpenAsync(cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        var hangfire = Hangfire;
        using var scope = new TransactionScope(TransactionScopeOption.Required, new TransactionOptions { IsolationLevel = IsolationLevel.ReadCommitted }, TransactionScopeAsyncFlowOption.Enabled);
        long? id;
        await using (var connection = await store.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var insert = new NpgsqlCommand(
                $"""
                INSERT INTO {store.Table} (id, caller_key, batch, name, label, profile, model, operation, body, fingerprint, output_directory, state, next_check_at)
                SELECT next.id, @key, @batch, coalesce(@name, 'job-' || next.id), @label, @profile, @model, @operation, @body, @fingerprint, @output, 'queued', now() + @lease
                FROM (SELECT nextval(pg_get_serial_sequence('{store.Table}', 'id')) AS id) next
                ON CONFLICT (caller_key) DO NOTHING RETURNING id
                """,
                connection);
            insert.Parameters.AddWithValue("key", (object?)options.CallerKey ?? DBNull.Value);
            insert.Parameters.AddWithValue("batch", (object?)options.Batch ?? DBNull.Value);
            insert.Parameters.AddWithValue("name", NpgsqlTypes.NpgsqlDbType.Text, options.Name is null ? DBNull.Value : Operations.SafeName(options.Name));
            insert.Parameters.AddWithValue("label", options.Label ?? options.Name ?? options.CallerKey ?? "job");
            insert.Parameters.AddWithValue("profile", operation.Profile.Id);
            insert.Parameters.AddWithValue("model", operation.ModelId);
            insert.Parameters.AddWithValue("operation", operation.OperationId);
            insert.Parameters.AddWithValue("body", body);
            insert.Parameters.AddWithValue("fingerprint", fingerprint);
            insert.Parameters.AddWithValue("output", (object?)options.OutputDirectory ?? DBNull.Value);

            // A queued job is looked at again by the recurring check if its Hangfire run is lost (e.g. failed for good while the database was down).
            insert.Parameters.AddWithValue("lease", NpgsqlTypes.NpgsqlDbType.Interval, settings.Value.ClaimLease);
            id = (long?)await insert.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        }

        if (id is not { } jobId)
        {
            scope.Complete();
            scope.Dispose();
            var existing = await store.FindAsync(options.CallerKey!, cancellationToken).ConfigureAwait(false)
                ?? throw new GenerationJobsException($"The job '{options.CallerKey}' was enqueued and is gone again.");
            if (existing.Job.BodyFingerprint != fingerprint || existing.Profile != operation.Profile.Id || existing.Model != operation.ModelId || existing.OperationId != operation.OperationId)
            {
                throw new GenerationJobsException($"The key '{options.CallerKey}' was enqueued before with another request (job {existing.Job.Id}, {existing.Job.Operation}, body {existing.Job.BodyFingerprint}); nothing was enqueued.");
            }

            return (existing.Job.Id, false);
        }

        var label = options.Label ?? options.Name ?? $"job {jobId}";
        var hangfireId = hangfire.Create<GenerationJobRunner>(r => r.RunAsync(jobId, $"{operation}, {label}", CancellationToken.None), new EnqueuedState());
        await store.UpdateAsync("UPDATE {table} SET hangfire_id = @hangfire WHERE id = @id", p =>
        {
            p.AddWithValue("id", jobId);
            p.AddWithValue("hangfire", hangfireId);
        }, cancellationToken).ConfigureAwait(false);
        scope.Complete();
        return (jobId, true);
    }

    public async Task<GenerationJob?> GetAsync(long jobId, CancellationToken cancellationToken = default) =>
        (await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false))?.Job;

    public async Task<GenerationJob?> FindAsync(string callerKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(callerKey);
        return (await store.FindAsync(callerKey, cancellationToken).ConfigureAwait(false))?.Job;
    }

    public async Task<IReadOnlyList<GenerationJob>> ListAsync(string batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return [.. (await store.ListAsync(batch, cancellationToken).ConfigureAwait(false)).Select(r => r.Job)];
    }

    public async Task<GenerationJobCancelOutcome> CancelAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var row = await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw new GenerationJobsException($"There is no generation job {jobId}.");
        switch (row.Job.State)
        {
            case GenerationJobState.Queued:
                if (await SetAsync(jobId, "state = 'canceled', message = 'canceled before it was sent', finished_at = now(), next_check_at = NULL", "state = 'queued'", cancellationToken).ConfigureAwait(false) is null) break;
                if (row.HangfireId is { } hangfireId) Hangfire.Delete(hangfireId);
                return GenerationJobCancelOutcome.NotSent;
            case GenerationJobState.Submitting:
                if (await SetAsync(jobId, "cancel_requested = true", "state = 'submitting'", cancellationToken).ConfigureAwait(false) is null) break;
                return GenerationJobCancelOutcome.CancelRequested;
            case GenerationJobState.Submitted or GenerationJobState.Waiting:
                return await CancelTaskAsync(store, Client(), operations, row, cancellationToken).ConfigureAwait(false);
            case GenerationJobState.Uncertain:
                await SkipAsync(jobId, cancellationToken).ConfigureAwait(false);
                return GenerationJobCancelOutcome.StoppedWaiting;
            default:
                return GenerationJobCancelOutcome.AlreadyFinished;
        }

        // The row moved on while we looked: cancel what it is now.
        return await CancelAsync(jobId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels an accepted task at the service where its dialect can, and stops waiting on it either way.</summary>
    internal static async Task<GenerationJobCancelOutcome> CancelTaskAsync(JobStore store, HappyHorseClient client, Operations operations, JobRow row, CancellationToken cancellationToken)
    {
        var task = operations.Task(row.Job.Handle!);
        if (task.CanCancel) await client.CancelAsync(task, cancellationToken).ConfigureAwait(false);
        var message = task.CanCancel ? "canceled at the service" : $"no longer waited on; the {task.Profile.Id} dialect cannot cancel a task, so it goes on at the service";
        await store.UpdateAsync("UPDATE {table} SET state = 'canceled', message = @message, next_check_at = NULL, finished_at = now() WHERE id = @id AND state IN ('submitting', 'submitted', 'waiting')", p =>
        {
            p.AddWithValue("id", row.Job.Id);
            p.AddWithValue("message", message);
        }, cancellationToken).ConfigureAwait(false);
        return task.CanCancel ? GenerationJobCancelOutcome.CanceledAtService : GenerationJobCancelOutcome.StoppedWaiting;
    }

    public async Task AttachAsync(long jobId, string taskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskId);
        var row = await Uncertain(jobId, cancellationToken).ConfigureAwait(false);
        var operation = operations.Find(row.Profile, row.Model, row.OperationId);
        var baseUrl = clientOptions.CurrentValue.BaseUrl ?? operation.Profile.DefaultBaseUrl ?? throw new GenerationJobsException($"Job {jobId}: no service address to attach task {taskId} at; set HappyHorse:BaseUrl.");
        var handle = new GenerationTask(operation, taskId, baseUrl).ToHandle().ToJson();
        await store.UpdateAsync("UPDATE {table} SET state = 'submitted', handle = @handle, message = NULL, submitted_at = now(), next_check_at = now() WHERE id = @id AND state = 'uncertain'", p =>
        {
            p.AddWithValue("id", jobId);
            p.AddWithValue("handle", handle);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task ResubmitAsync(long jobId, CancellationToken cancellationToken = default)
    {
        var row = await Uncertain(jobId, cancellationToken).ConfigureAwait(false);
        await SetAsync(jobId, "state = 'queued', message = NULL, request_id = NULL, intent_at = NULL, next_check_at = now() + interval '2 minutes'", "state = 'uncertain'", cancellationToken).ConfigureAwait(false);
        if (row.HangfireId is not { } id || !Hangfire.Requeue(id)) Hangfire.Enqueue<GenerationJobRunner>(r => r.RunAsync(jobId, $"{row.Job.Operation}, {row.Label}", CancellationToken.None));
    }

    public async Task SkipAsync(long jobId, CancellationToken cancellationToken = default)
    {
        await Uncertain(jobId, cancellationToken).ConfigureAwait(false);
        await SetAsync(jobId, $"state = 'canceled', message = '{GenerationJob.SkippedMessage}', finished_at = now(), next_check_at = NULL", "state = 'uncertain'", cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobRow> Uncertain(long jobId, CancellationToken cancellationToken)
    {
        var row = await store.GetAsync(jobId, cancellationToken).ConfigureAwait(false) ?? throw new GenerationJobsException($"There is no generation job {jobId}.");
        return row.Job.State == GenerationJobState.Uncertain ? row : throw new GenerationJobsException($"Job {jobId} is {row.Job.State.ToString().ToLowerInvariant()}, not uncertain: only an uncertain submit is attached, resubmitted or skipped.");
    }

    private async Task<JobRow?> SetAsync(long id, string set, string when, CancellationToken cancellationToken)
    {
        var rows = await store.UpdateAsync($"UPDATE {{table}} SET {set} WHERE id = @id AND {when} RETURNING {Sql.Columns}", p => p.AddWithValue("id", id), cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    private HappyHorseClient Client() => (HappyHorseClient)services.GetService(typeof(HappyHorseClient))!;
}
