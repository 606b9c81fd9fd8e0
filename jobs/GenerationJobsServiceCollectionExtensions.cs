using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Hangfire;
using Hangfire.PostgreSql;
using HappyHorse.Generated;
using HappyHorse.Generated.Jobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers generation jobs (<see cref="IGenerationJobs"/>) on Hangfire with PostgreSQL storage.</summary>
public static class GenerationJobsServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="IGenerationJobs"/> for the client <see cref="HappyHorseServiceCollectionExtensions.AddHappyHorse(IServiceCollection, Action{HappyHorseClientOptions}?)"/>
    /// added, and Hangfire with its storage in the PostgreSQL database of <see cref="GenerationJobsOptions.ConnectionString"/>
    /// (bound from <c>HappyHorse:Jobs</c>, then <paramref name="configure"/>). Enqueueing needs only this; to run jobs on
    /// this machine add <see cref="AddGenerationJobsServer"/> too.
    /// </summary>
    /// <returns>The services, for more registrations (your <see cref="IGenerationJobHandler"/>, another <see cref="IResultStore"/>).</returns>
    public static IServiceCollection AddGenerationJobs(this IHttpClientBuilder client, Action<GenerationJobsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (client.Name != HappyHorseServiceCollectionExtensions.HttpClientName)
        {
            throw new InvalidOperationException("AddGenerationJobs() runs on the unnamed client: call it on services.AddHappyHorse(...).");
        }

        var services = client.Services;
        var options = services.AddOptions<GenerationJobsOptions>()
            .Configure<IServiceProvider>(static (options, provider) => provider.GetService<IConfiguration>()?.GetSection(GenerationJobsOptions.ConfigurationSection).Bind(options));
        if (configure is not null) options.Configure(configure);
        services.TryAddSingleton<JobStore>();
        services.TryAddSingleton<Operations>();
        services.TryAddSingleton<IResultStore>(static provider => new FolderResultStore(provider.GetRequiredService<IOptions<GenerationJobsOptions>>().Value.ResultDirectory));
        services.TryAddSingleton<IGenerationJobs, GenerationJobService>();
        services.TryAddTransient(static provider => new JobCompletion(
            provider.GetRequiredService<JobStore>(),
            provider.GetRequiredService<HappyHorseClient>(),
            provider.GetRequiredService<IResultStore>(),
            provider.GetServices<IGenerationJobHandler>(),
            provider.GetRequiredService<IOptions<GenerationJobsOptions>>(),
            provider.GetRequiredService<ILogger<JobCompletion>>()));
        services.TryAddTransient(static provider => new GenerationJobRunner(
            provider.GetRequiredService<JobStore>(),
            provider.GetRequiredService<Operations>(),
            provider.GetRequiredService<HappyHorseClient>(),
            provider.GetRequiredService<JobCompletion>(),
            provider.GetRequiredService<IOptions<GenerationJobsOptions>>()));
        services.TryAddTransient(static provider => new StatusChecker(
            provider.GetRequiredService<JobStore>(),
            provider.GetRequiredService<Operations>(),
            provider.GetRequiredService<HappyHorseClient>(),
            provider.GetRequiredService<JobCompletion>(),
            provider.GetRequiredService<IBackgroundJobClient>(),
            provider.GetRequiredService<JobStorage>(),
            provider.GetRequiredService<IOptions<GenerationJobsOptions>>(),
            provider.GetRequiredService<ILogger<StatusChecker>>(),
            provider.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddLogging();
        services.AddHangfire(static (provider, configuration) =>
        {
            var settings = provider.GetRequiredService<IOptions<GenerationJobsOptions>>().Value;
            var connectionString = JobStore.Normalize(settings.ConnectionString);
            configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(connectionString), StorageOptions(settings));

            // One retry policy for the job runs (a failed download, a handler that throws): Hangfire's default, with our delays.
            GlobalJobFilters.Filters.Remove(typeof(AutomaticRetryAttribute));
            configuration.UseFilter(new AutomaticRetryAttribute { Attempts = settings.RetryDelaysInSeconds.Length, DelaysInSeconds = settings.RetryDelaysInSeconds });
        });
        return services;
    }

    /// <summary>
    /// Runs generation jobs on this machine: a Hangfire server with <paramref name="workers"/> workers (start one on
    /// each machine), and the recurring job that checks waiting tasks. A killed worker's job runs again on another
    /// within about <see cref="GenerationJobsOptions.InvisibilityTimeout"/> (docs/jobs.md).
    /// </summary>
    public static IServiceCollection AddGenerationJobsServer(this IServiceCollection services, int workers = 20)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        services.AddHangfireServer((provider, server) =>
        {
            var settings = provider.GetRequiredService<IOptions<GenerationJobsOptions>>().Value;
            server.WorkerCount = workers;
            server.SchedulePollingInterval = settings.SchedulePollingInterval;
            server.ServerTimeout = TimeSpan.FromMinutes(1);
            server.ServerCheckInterval = TimeSpan.FromSeconds(30);
            server.HeartbeatInterval = TimeSpan.FromSeconds(10);
        });
        services.AddHostedService<RecurringCheckRegistration>();
        return services;
    }

    /// <summary>The Hangfire.PostgreSql settings that bound how long a dead worker's job and locks stay held (docs/jobs.md).</summary>
    public static PostgreSqlStorageOptions StorageOptions(GenerationJobsOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new PostgreSqlStorageOptions
        {
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = settings.InvisibilityTimeout,
            QueuePollInterval = settings.QueuePollInterval,
            DistributedLockTimeout = settings.DistributedLockTimeout,
            PrepareSchemaIfNecessary = true,
            EnableTransactionScopeEnlistment = true,
        };
    }

    /// <summary>Creates the jobs table and registers the one recurring check when the server starts.</summary>
    private sealed class RecurringCheckRegistration(JobStore store, IRecurringJobManager recurring, IOptions<GenerationJobsOptions> options) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await (await store.OpenAsync(cancellationToken).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
            var seconds = (int)Math.Round(options.Value.CheckInterval.TotalSeconds);
            var problems = new System.Collections.Generic.List<string>();
            if (seconds is < 1 or > 59 || 60 % seconds != 0) problems.Add($"CheckInterval must be whole seconds dividing a minute (1, 2, 3, 4, 5, 6, 10, 12, 15, 20 or 30), not {options.Value.CheckInterval}.");
            if (options.Value.CheckTimeout <= TimeSpan.Zero || options.Value.CheckTimeout >= options.Value.ClaimLease) problems.Add($"CheckTimeout ({options.Value.CheckTimeout}) must be positive and less than ClaimLease ({options.Value.ClaimLease}), so a check's rows are never claimed twice.");
            if (problems.Count > 0) throw new OptionsValidationException(nameof(GenerationJobsOptions), typeof(GenerationJobsOptions), problems);
            recurring.AddOrUpdate<StatusChecker>(StatusChecker.RecurringJobId, checker => checker.RunAsync(CancellationToken.None), $"*/{seconds} * * * * *");
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
