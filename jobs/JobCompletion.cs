using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NpgsqlTypes;

namespace HappyHorse.Generated.Jobs;

/// <summary>
/// The end of a job: a succeeded task's files stored through the <see cref="IResultStore"/>, and the app's handlers
/// told. Both run where the end is found (the recurring check, or the job's own run for a refused or uncertain
/// submit), so a job costs one Hangfire run; what fails here is done again when the row is due, never the submit.
/// </summary>
internal sealed class JobCompletion(JobStore store, HappyHorseClient client, IResultStore results, IEnumerable<IGenerationJobHandler> handlers, IOptions<GenerationJobsOptions> options, ILogger<JobCompletion> logger)
{
    private readonly IGenerationJobHandler[] _handlers = [.. handlers];

    /// <summary>Whether the app registered any <see cref="IGenerationJobHandler"/>.</summary>
    public bool HasHandlers => _handlers.Length > 0;

    /// <summary>Stores the files of a task that succeeded with <paramref name="result"/> and marks the job succeeded; the row after, or <see langword="null"/> if it was no longer saving.</summary>
    public async Task<JobRow?> StoreAsync(JobRow row, GenerationResult result, CancellationToken cancellationToken)
    {
        var count = result.Urls.Count + result.Contents.Count;
        var files = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var index = i;
            var file = new ResultFile(row.Job, index, count, result.FileExtension(index), row.OutputDirectory);
            files.Add(await results.SaveAsync(file, (stream, token) => index < result.Urls.Count
                ? client.DownloadResultAsync(result, index, stream, token)
                : stream.WriteAsync(result.Contents[index - result.Urls.Count], token).AsTask(), cancellationToken).ConfigureAwait(false));
        }

        logger.LogInformation("Job {JobId}: {Count} file(s) stored.", row.Job.Id, count);
        var rows = await store.UpdateAsync(
            $"UPDATE {{table}} SET state = 'succeeded', files = @files, finished_at = now(), handled = NOT @handlers, next_check_at = CASE WHEN @handlers THEN now() + @lease END WHERE id = @id AND state = 'saving' RETURNING {Sql.Columns}",
            p =>
            {
                p.AddWithValue("id", row.Job.Id);
                p.AddWithValue("files", JsonSerializer.Serialize(files.ToArray(), JobJson.Default.StringArray));
                p.AddWithValue("handlers", HasHandlers);
                p.AddWithValue("lease", NpgsqlDbType.Interval, options.Value.ClaimLease);
            },
            cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    /// <summary>Tells the handlers that <paramref name="row"/>'s job ended, once it has; a handler that throws is told again when the row is next due.</summary>
    public async Task TellAsync(JobRow row, CancellationToken cancellationToken)
    {
        if (row is not { Handled: false, Job.State: GenerationJobState.Succeeded or GenerationJobState.Failed or GenerationJobState.Uncertain }) return;
        foreach (var handler in _handlers) await handler.OnJobEndedAsync(row.Job, cancellationToken).ConfigureAwait(false);
        await store.UpdateAsync("UPDATE {table} SET handled = true, next_check_at = NULL WHERE id = @id AND NOT handled RETURNING " + Sql.Columns, p => p.AddWithValue("id", row.Job.Id), cancellationToken).ConfigureAwait(false);
    }
}
