using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.Jobs;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace HappyHorse.Generated.Hangfire.Tests;

/// <summary>An app with generation jobs on a test database and the emulator, with or without a Hangfire server.</summary>
internal sealed class JobsHost : IAsyncDisposable
{
    private readonly IHost _host;

    private JobsHost(IHost host, string results)
    {
        _host = host;
        Results = results;
    }

    public IGenerationJobs Jobs => _host.Services.GetRequiredService<IGenerationJobs>();

    public IServiceProvider Services => _host.Services;

    public string Results { get; }

    /// <summary>Fast checks for short emulator tasks: every 200 ms, checked by the recurring job every second.</summary>
    public static readonly PollSchedule QuickChecks = new(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, TimeSpan.FromMilliseconds(200), TimeSpan.FromMinutes(10)) { MinDelay = TimeSpan.FromMilliseconds(100) };

    public static async Task<JobsHost> StartAsync(string connectionString, HappyHorseEmulator emulator, bool server = true, Action<IServiceCollection>? services = null)
    {
        var results = Path.Combine(Path.GetTempPath(), "happyhorse-jobs-" + Guid.NewGuid().ToString("N")[..8]);
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddHappyHorse(o =>
        {
            o.BaseUrl = emulator.BaseAddress;
            o.ApiKey = emulator.Options.ApiKey;
        }).AddGenerationJobs(o =>
        {
            o.ConnectionString = connectionString;
            o.ResultDirectory = results;
            o.CheckInterval = TimeSpan.FromSeconds(1);
            o.CheckSchedule = QuickChecks;
            o.RetryDelaysInSeconds = [1, 1, 1];
            o.ClaimLease = TimeSpan.FromSeconds(5);
            o.CheckTimeout = TimeSpan.FromSeconds(4);
            o.DistributedLockTimeout = TimeSpan.FromSeconds(10);
            o.InvisibilityTimeout = TimeSpan.FromSeconds(15);
        });
        if (server) builder.Services.AddGenerationJobsServer(workers: 4);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new JobsHost(host, results);
    }

    public async Task<GenerationJob> WaitAsync(long id, Func<GenerationJob, bool> until, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var job = (await Jobs.GetAsync(id))!;
            if (until(job)) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {id} is still {job.State} ({job.Message}).");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (Directory.Exists(Results)) Directory.Delete(Results, recursive: true);
    }

    public static IGenerationRequest Video(string prompt) => HappyHorseVideo.TextToVideo(prompt).WithDuration(3);

    /// <summary>A DashScope request: its dialect can cancel a task.</summary>
    public static IGenerationRequest DashScope(string prompt) => new JsonBodyRequest(
        HappyHorseCatalog.Operations.First(o => o.CanCancel && o.OperationId == "video-edit"),
        new JsonObject { ["input"] = new JsonObject { ["prompt"] = prompt, ["media"] = new JsonArray(new JsonObject { ["type"] = "video", ["url"] = "https://example.com/in.mp4" }) } },
        []);

    public static async Task<long> CountAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static IReadOnlyList<RecordedRequest> Submits(HappyHorseEmulator emulator) =>
        [.. emulator.Requests.Where(r => r.Method == "POST" && !r.Path.Contains("cancel", StringComparison.Ordinal))];
}
