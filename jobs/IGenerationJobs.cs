using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Jobs;

/// <summary>
/// Generation jobs run by Hangfire workers on any machine: each submit is sent at most once, waiting tasks are checked
/// in bulk, results go to the <see cref="IResultStore"/>. The states and rules are in docs/jobs.md.
/// </summary>
public interface IGenerationJobs
{
    /// <summary>
    /// Validates <paramref name="request"/> and enqueues it. With a <see cref="GenerationJobOptions.CallerKey"/> already
    /// enqueued, returns that job's id and enqueues nothing.
    /// </summary>
    /// <returns>The job id, and whether this call enqueued it (<see langword="false"/>: the key was enqueued before).</returns>
    /// <exception cref="HappyHorseValidationException">The request breaks the model's rules (every problem listed); nothing was enqueued.</exception>
    /// <exception cref="GenerationJobsException">The database cannot be reached, or the key was enqueued before with another request.</exception>
    Task<(long JobId, bool Enqueued)> EnqueueAsync(IGenerationRequest request, GenerationJobOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>The job's state, or <see langword="null"/> when there is no job <paramref name="jobId"/>.</summary>
    Task<GenerationJob?> GetAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>The job enqueued under <paramref name="callerKey"/>, or <see langword="null"/>.</summary>
    Task<GenerationJob?> FindAsync(string callerKey, CancellationToken cancellationToken = default);

    /// <summary>Every job of <paramref name="batch"/> (<see cref="GenerationJobOptions.Batch"/>), by id.</summary>
    Task<IReadOnlyList<GenerationJob>> ListAsync(string batch, CancellationToken cancellationToken = default);

    /// <summary>Cancels the job: never sent if it was not, canceled at the service where the dialect can, else no longer waited on.</summary>
    /// <exception cref="GenerationJobsException">There is no job <paramref name="jobId"/>.</exception>
    /// <exception cref="HappyHorseException">The service's cancel call failed; the job goes on.</exception>
    Task<GenerationJobCancelOutcome> CancelAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>An uncertain job's task was found at the service: wait on it instead of sending again.</summary>
    /// <exception cref="GenerationJobsException">The job is not uncertain.</exception>
    Task AttachAsync(long jobId, string taskId, CancellationToken cancellationToken = default);

    /// <summary>You checked the service and an uncertain job's submit made no task: send it again.</summary>
    /// <exception cref="GenerationJobsException">The job is not uncertain.</exception>
    Task ResubmitAsync(long jobId, CancellationToken cancellationToken = default);

    /// <summary>Gives up an uncertain job (you found and handled its task yourself): it ends as canceled.</summary>
    /// <exception cref="GenerationJobsException">The job is not uncertain.</exception>
    Task SkipAsync(long jobId, CancellationToken cancellationToken = default);
}

/// <summary>Told when a job ends (succeeded or failed) or becomes uncertain, so an app can tell its user. Register it in the container.</summary>
/// <remarks>If it throws, Hangfire runs it again later (the job's state and files stay as they are; nothing is sent again).</remarks>
public interface IGenerationJobHandler
{
    /// <summary>Called once per job that succeeded, failed or became uncertain (again if it threw).</summary>
    Task OnJobEndedAsync(GenerationJob job, CancellationToken cancellationToken);
}

/// <summary>A generation-jobs call that could not be done: no such job, the database unreachable (its host and database named, never its password), a key reused for another request.</summary>
public sealed class GenerationJobsException : System.Exception
{
    /// <summary>Creates the exception.</summary>
    public GenerationJobsException(string message, System.Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
