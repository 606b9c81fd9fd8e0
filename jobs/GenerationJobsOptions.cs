using System;
using System.Collections.Generic;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Jobs;

/// <summary>
/// Settings of generation jobs, bound from the <c>HappyHorse:Jobs</c> configuration section (e.g.
/// <c>HappyHorse__Jobs__ConnectionString</c>) and then your callback. The Hangfire settings that decide how soon a
/// dead worker's job runs again are here too; docs/jobs.md explains each.
/// </summary>
public sealed class GenerationJobsOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string ConfigurationSection = "HappyHorse:Jobs";

    /// <summary>The Npgsql connection string of the database holding Hangfire's tables and the jobs table (required).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The schema of the jobs table (<c>happyhorse.generation_jobs</c>); Hangfire's tables are in <c>hangfire</c>.</summary>
    public string SchemaName { get; set; } = "happyhorse";

    /// <summary>The default folder of <see cref="FolderResultStore"/>.</summary>
    public string ResultDirectory { get; set; } = "results";

    /// <summary>Operations beyond the catalog's (your own manifests'), so a worker can rebuild their requests.</summary>
    public IList<OperationInfo> Operations { get; } = new List<OperationInfo>();

    /// <summary>How often the one recurring check job runs (whole seconds dividing a minute; default 2 s).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How many due tasks one check claims at once (default 500).</summary>
    public int CheckBatchSize { get; set; } = 500;

    /// <summary>How many status requests one check has in flight (default 64).</summary>
    public int CheckConcurrency { get; set; } = 64;

    /// <summary>How long one check waits for the service's answers (default 1 min, less than <see cref="ClaimLease"/>): a task not answered by then is checked again later, so a hung status call never holds the recurring check.</summary>
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long claimed rows stay with the check that claimed them: a worker killed mid-check loses nothing, its rows are due again after this (default 2 min).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When to ask for a task's status; default the dialect's own schedule (its deadline is not applied: a paid task is checked until it ends).</summary>
    public PollSchedule? CheckSchedule { get; set; }

    /// <summary>Hangfire.PostgreSql: a fetched job becomes visible to other workers this long after its worker's last heartbeat (sliding; default 1 min, Hangfire's own is 30 min fixed).</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Hangfire.PostgreSql: how often an idle worker looks for a queued job (default 1 s, Hangfire's own is 15 s).</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Hangfire.PostgreSql: a distributed lock held by a dead worker is free again after this (default 1 min, Hangfire's own is 10 min).</summary>
    public TimeSpan DistributedLockTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Hangfire: how often scheduled retries and the recurring check are looked for (default 1 s, Hangfire's own is 15 s).</summary>
    public TimeSpan SchedulePollingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Hangfire: how long a job's run is retried when it throws (a failed download, a handler that throws), in seconds per attempt.</summary>
    public int[] RetryDelaysInSeconds { get; set; } = [5, 15, 60, 300, 900, 1800, 3600];
}
