using System;
using System.CommandLine;
using System.IO;
using System.Linq;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Cli.Jobs;

/// <summary><c>worker</c>: a Hangfire server running generation jobs until SIGTERM or Ctrl+C; start one on each machine.</summary>
internal static class WorkerCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var engine = EngineBatch.Engine();
        var workers = new Option<int>("--workers") { Description = "How many jobs run at once in this process (waiting tasks hold none).", DefaultValueFactory = _ => 20 };
        var dashboard = new Option<string?>("--dashboard") { Description = "Serve the Hangfire Dashboard at this loopback address, e.g. http://127.0.0.1:5090 (read-only).", HelpName = "url" };
        var write = new Option<bool>("--dashboard-write") { Description = "Let the dashboard change jobs (requeue, delete)." };
        var command = new Command(
            "worker",
            "Run generation jobs enqueued by 'happyhorse batch --engine' (or an app's IGenerationJobs) until SIGTERM/Ctrl+C, then stop cleanly.\n" +
            "The service address and key come from HAPPYHORSE_BASE_URL and HAPPYHORSE_API_KEY, as for 'run'; result files go to each job's --out.")
        {
            engine, workers, dashboard, write,
        };
        command.SetAction(HappyHorseCli.Guarded(environment, async (parse, cancellationToken) =>
        {
            var connectionString = EngineBatch.ConnectionString(parse.GetValue(engine), environment);
            var count = parse.GetValue(workers);
            if (count is < 1 or > 1000) throw new CliInputException($"--workers: {count} is not between 1 and 1000.");
            Uri? url = null;
            if (parse.GetValue(dashboard) is { } address && (!Uri.TryCreate(address, UriKind.Absolute, out url) || !url.IsLoopback || url.Scheme != "http"))
            {
                throw new CliInputException($"--dashboard: '{address}' is not an http address on loopback (127.0.0.1 or localhost); the dashboard has no login, so it is served on this machine only.");
            }

            if (environment.Variable(Generated.HappyHorseClientOptions.ApiKeyVariable) is not { Length: > 0 }) throw new CliInputException($"No API key: set {Generated.HappyHorseClientOptions.ApiKeyVariable}.");

            // A web host only for the dashboard: a worker without one listens on no port (several share a machine).
            IHost app;
            if (url is null)
            {
                var builder = Host.CreateApplicationBuilder();
                AddWorker(builder.Services, builder.Logging, connectionString, count, environment);
                app = builder.Build();
            }
            else
            {
                var builder = WebApplication.CreateSlimBuilder();
                builder.WebHost.UseUrls(url.GetLeftPart(UriPartial.Authority));
                AddWorker(builder.Services, builder.Logging, connectionString, count, environment);
                var web = builder.Build();
                var readOnly = !parse.GetValue(write);
                web.UseHangfireDashboard(url.AbsolutePath.TrimEnd('/') is { Length: > 0 } path ? path : "", new DashboardOptions { Authorization = [new LoopbackOnly()], IsReadOnlyFunc = _ => readOnly, DisplayStorageConnectionString = false, DashboardTitle = "happyhorse jobs" });
                app = web;
            }

            await using var disposal = (IAsyncDisposable)app;
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Generated.Jobs.GenerationJobsException e)
            {
                throw new CliInputException(e.Message);
            }

            environment.Error.WriteLine($"Worker running {count} job(s) at once{(url is null ? "" : $"; dashboard at {url}")}; Ctrl+C or SIGTERM stops it.");
            try
            {
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await app.StopAsync(CancellationTokenNone()).ConfigureAwait(false);
            }

            return ExitCode.Success;
        }));
        return command;
    }

    private static void AddWorker(IServiceCollection services, ILoggingBuilder logging, string connectionString, int workers, CliEnvironment environment)
    {
        logging.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning);
        logging.AddFilter("Microsoft.Extensions.Hosting", Microsoft.Extensions.Logging.LogLevel.None);
        services.AddHappyHorse().AddGenerationJobs(o =>
        {
            o.ConnectionString = connectionString;
            o.ResultDirectory = Directory.GetCurrentDirectory();
            foreach (var operation in environment.OwnOperations) o.Operations.Add(operation);
        });
        services.AddGenerationJobsServer(workers);
    }

    private static System.Threading.CancellationToken CancellationTokenNone() => System.Threading.CancellationToken.None;

    /// <summary>The dashboard answers loopback requests only.</summary>
    private sealed class LoopbackOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);
    }
}
