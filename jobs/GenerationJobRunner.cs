using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace HappyHorse.Generated.Jobs;

/// <summary>
/// The one Hangfire job of a generation job: its submit. The recurring check waits on the task, stores its files and
/// tells the handlers, so a job is one Hangfire run. Hangfire may run it more than once (a dead worker, a retry); each
/// run does what the row says is next, and the submit's intent is committed before the body is sent, so a run that finds an
/// intent without a handle never sends again: the job becomes uncertain.
/// </summary>
public sealed class GenerationJobRunner
{
    private readonly JobStore _store;
    private readonly Operations _operations;
    private readonly HappyHorseClient _client;
    private readonly JobCompletion _completion;
    private readonly GenerationJobsOptions _options;

    internal GenerationJobRunner(JobStore store, Operations operations, HappyHorseClient client, JobCompletion completion, IOptions<GenerationJobsOptions> options)
    {
        _store = store;
        _operations = operations;
        _client = client;
        _completion = completion;
        _options = options.Value;
    }

    /// <summary>Runs the next step of job <paramref name="jobId"/>: the submit, or telling the handlers how a submit ended.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="label">How the dashboard names the job (<c>model operation, label</c>); not read.</param>
    /// <param name="cancellationToken">The server's shutdown.</param>
    [DisplayName("{1}")]
    public async Task RunAsync(long jobId, string label, CancellationToken cancellationToken)
    {
        var row = await _store.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        switch (row?.Job.State)
        {
            case null:
                return;
            case GenerationJobState.Queued:
                row = await SubmitAsync(row, cancellationToken).ConfigureAwait(false);
                break;
            case GenerationJobState.Submitting:
                row = await SetAsync(jobId, "state = 'uncertain', message = @message, handled = @handled, next_check_at = NULL", "state = 'submitting'", p => p.AddWithValue("message", "A worker stopped during the submit, before the service's answer was recorded; it was not sent again."), cancellationToken).ConfigureAwait(false);
                break;
        }

        // A submit that ended the job (refused, uncertain) is told here; a handler that throws fails the run, which Hangfire retries.
        if (row is not null) await _completion.TellAsync(row, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JobRow?> SubmitAsync(JobRow row, CancellationToken cancellationToken)
    {
        var request = _operations.Request(row);

        // Committed before the body can leave: from here a crash leaves an intent without a handle, which is never re-sent.
        if (await SetAsync(row.Job.Id, "state = 'submitting', intent_at = now(), next_check_at = now() + @lease", "state = 'queued'", p => p.AddWithValue("lease", NpgsqlDbType.Interval, _options.ClaimLease), cancellationToken).ConfigureAwait(false) is null) return null;
        GenerationTask task;
        try
        {
            task = await _client.SubmitAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (HappyHorseSubmitUncertainException e)
        {
            return await SetAsync(row.Job.Id, "state = 'uncertain', message = @message, request_id = @request, handled = @handled, next_check_at = NULL", "state = 'submitting'", p =>
            {
                p.AddWithValue("message", e.Message);
                p.AddWithValue("request", (object?)e.RequestId ?? DBNull.Value);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HappyHorseConnectionException or HappyHorseTimeoutException or OperationCanceledException)
        {
            // Nothing reached the service (after sending, the client reports an uncertain submit instead): Hangfire runs it again later.
            await SetAsync(row.Job.Id, "state = 'queued', intent_at = NULL", "state = 'submitting'", _ => { }, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        catch (HappyHorseException e)
        {
            // Refused: no task was created (docs/outcomes.md).
            return await SetAsync(row.Job.Id, "state = 'failed', message = @message, finished_at = now(), handled = @handled, next_check_at = NULL", "state = 'submitting'", p => p.AddWithValue("message", e.Message), cancellationToken).ConfigureAwait(false);
        }

        var schedule = _options.CheckSchedule ?? task.Profile.Schedule;
        var submitted = await SetAsync(row.Job.Id, "state = 'submitted', handle = @handle, submitted_at = now(), next_check_at = now() + @delay", "state = 'submitting'", p =>
        {
            p.AddWithValue("handle", task.ToHandle().ToJson());
            p.AddWithValue("delay", NpgsqlDbType.Interval, schedule.NextDelay(0, TimeSpan.Zero, null, Random.Shared.NextDouble()));
        }, CancellationToken.None).ConfigureAwait(false);
        if (submitted is { CancelRequested: true }) await GenerationJobService.CancelTaskAsync(_store, _client, _operations, submitted, CancellationToken.None).ConfigureAwait(false);
        return submitted;
    }

    /// <summary>Sets <paramref name="set"/> on the job if its row still matches <paramref name="when"/>; the row after, or <see langword="null"/> if it did not match.</summary>
    private async Task<JobRow?> SetAsync(long id, string set, string when, Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken)
    {
        var rows = await _store.UpdateAsync($"UPDATE {{table}} SET {set} WHERE id = @id AND {when} RETURNING {Sql.Columns}", p =>
        {
            p.AddWithValue("id", id);
            if (set.Contains("@handled", StringComparison.Ordinal)) p.AddWithValue("handled", !_completion.HasHandlers);
            parameters(p);
        }, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }
}
