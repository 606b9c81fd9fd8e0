using System;
using System.Collections.Generic;

namespace HappyHorse.Generated.Jobs;

/// <summary>A generation job as its row says now.</summary>
/// <param name="Id">The job id <see cref="IGenerationJobs.EnqueueAsync"/> returned.</param>
/// <param name="CallerKey">Your key for it, if you gave one (enqueueing that key again returns this job).</param>
/// <param name="Name">What its files are called.</param>
/// <param name="Operation">The model and operation, e.g. <c>happyhorse-1.0/video text-to-video</c>.</param>
/// <param name="State">Where it stands.</param>
/// <param name="BodyFingerprint">The SHA-256 of the request body: how an uncertain submit is found in the service's records.</param>
public sealed record GenerationJob(long Id, string? CallerKey, string Name, string Operation, GenerationJobState State, string BodyFingerprint)
{
    /// <summary>The task handle, once the service accepted the submit (or you attached the task).</summary>
    public TaskHandle? Handle { get; init; }

    /// <summary>The service's status word at the last check.</summary>
    public string? RawStatus { get; init; }

    /// <summary>The progress (0-100) at the last check, where the service reports one.</summary>
    public double? Progress { get; init; }

    /// <summary>The position in the service's queue at the last check, where the service reports one.</summary>
    public int? QueuePosition { get; init; }

    /// <summary>Where the result files were stored (by the <see cref="IResultStore"/>), once <see cref="GenerationJobState.Succeeded"/>.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>Why it failed (the service's reason) or why its submit is uncertain.</summary>
    public string? Message { get; init; }

    /// <summary>For an uncertain submit: the request id the service gave, if any.</summary>
    public string? RequestId { get; init; }

    /// <summary>When its submit was sent (the intent's time), if it was.</summary>
    public DateTimeOffset? SentAt { get; init; }

    /// <summary>How many times the service was asked for its status.</summary>
    public int StatusChecks { get; init; }

    /// <summary>The <see cref="Message"/> of an uncertain job given up with <see cref="IGenerationJobs.SkipAsync"/> (it is <see cref="GenerationJobState.Canceled"/>).</summary>
    public const string SkippedMessage = "uncertain submit given up (skipped)";

    /// <summary>Whether the job has ended (<see cref="GenerationJobState.Succeeded"/>, <see cref="GenerationJobState.Failed"/> or <see cref="GenerationJobState.Canceled"/>).</summary>
    public bool IsFinished => State is GenerationJobState.Succeeded or GenerationJobState.Failed or GenerationJobState.Canceled;
}

/// <summary>How to enqueue a job.</summary>
public sealed class GenerationJobOptions
{
    /// <summary>
    /// Your key for the job (an order id, a line of a file): enqueueing the same key again returns the job already
    /// enqueued, never a second one.
    /// </summary>
    public string? CallerKey { get; init; }

    /// <summary>What its files are called (default <c>job-ID</c>).</summary>
    public string? Name { get; init; }

    /// <summary>How the dashboard names it after its operation (default its <see cref="Name"/>), e.g. <c>line 12</c>.</summary>
    public string? Label { get; init; }

    /// <summary>Groups jobs (a jobs file) for <see cref="IGenerationJobs.ListAsync"/>.</summary>
    public string? Batch { get; init; }

    /// <summary>Where the default folder store writes its files (default <see cref="GenerationJobsOptions.ResultDirectory"/>).</summary>
    public string? OutputDirectory { get; init; }
}
