using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using HappyHorse.Cli;
using HappyHorse.Emulator;
using Microsoft.Playwright;
using Npgsql;
using Xunit.Abstractions;

namespace HappyHorse.Generated.Hangfire.Tests;

/// <summary>
/// <c>happyhorse worker --dashboard</c> (a real process) in a real browser: Debian's Chromium launched by its path through
/// Playwright. The connection string carries a password (the throwaway cluster trusts every login, so any password
/// connects): it must appear nowhere, not in the worker's or the CLI's output, Hangfire's tables or the dashboard.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DashboardTests(PostgresCluster postgres, ITestOutputHelper log) : IAsyncLifetime
{
    private const string Password = "dash-pw-5b1e93";
    private const int JobCount = 3;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "happyhorse-dashboard-" + Guid.NewGuid().ToString("N")[..8]);
    private HappyHorseEmulator _emulator = null!;
    private string _database = null!;

    /// <summary>Where the screenshots go: the test project's TestResults folder, beside the test results.</summary>
    public static string Screenshots { get; } = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../TestResults/screenshots"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { QueueDuration = TimeSpan.FromMilliseconds(100), RunDuration = TimeSpan.FromMilliseconds(300) });
        _database = new NpgsqlConnectionStringBuilder(await postgres.CreateDatabaseAsync()) { Password = Password }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task The_read_only_dashboard_names_jobs_readably_counts_the_succeeded_and_never_shows_the_password()
    {
        var port = PostgresCluster.FreePort();
        var dashboard = new Uri($"http://127.0.0.1:{port}");
        await using var worker = WorkerProcess.Start("worker", _database, _emulator.BaseAddress, _emulator.Options.ApiKey, _directory, workers: 4, arguments: ["--dashboard", dashboard.ToString()]);
        var jobs = Path.Combine(_directory, "jobs.jsonl");
        File.WriteAllLines(jobs, Enumerable.Range(1, JobCount).Select(i => $$$"""{"model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "dashboard {{{i}}}", "duration": 3}}"""));
        var cliOut = new StringWriter();
        var cliError = new StringWriter();

        var code = await HappyHorseCli.RunAsync(["batch", jobs, "--engine", _database, "--out", Path.Combine(_directory, "out"), "--wait"], new CliEnvironment { Out = cliOut, Error = cliError, Variable = _ => null });

        code.ShouldBe(ExitCode.Success, cliError.ToString() + worker.Output);
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(15_000);

        var served = await (await page.GotoAsync(new Uri(dashboard, "jobs/succeeded?count=100").ToString()))!.TextAsync();

        // Hangfire counts its own jobs: one per generation job and one per run of the status check.
        var succeeded = int.Parse((await page.Locator("a.list-group-item", new PageLocatorOptions { HasText = "Succeeded" }).Locator("[data-metric='succeeded:count']").TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        succeeded.ShouldBeGreaterThan(JobCount);
        var listed = int.Parse(System.Text.RegularExpressions.Regex.Match(served, @"Total items: (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        listed.ShouldBeInRange(JobCount + 1, succeeded); // the page may have polled a newer count since it was served

        var names = (await page.Locator(".js-jobs-list a.job-method").AllTextContentsAsync()).Select(n => n.Trim()).ToList();
        names.Where(n => n.StartsWith("happyhorse-1.0", StringComparison.Ordinal)).Order().ShouldBe(Enumerable.Range(1, JobCount).Select(i => $"happyhorse-1.0/video text-to-video, line {i}"));
        names.ShouldContain("happyhorse: check waiting tasks");
        Directory.CreateDirectory(Screenshots);
        var screenshot = Path.Combine(Screenshots, "jobs-dashboard-succeeded.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        log.WriteLine($"screenshot: {screenshot}");

        // Read-only: the list offers no commands, and the dashboard refuses one posted anyway.
        (await page.Locator(".js-jobs-list button.js-jobs-list-command").CountAsync()).ShouldBe(0);
        var requeue = await page.APIRequest.PostAsync(new Uri(dashboard, "jobs/succeeded/requeue").ToString(), new APIRequestContextOptions { Form = page.APIRequest.CreateFormData() });
        requeue.Status.ShouldBeOneOf(401, 403);

        // The password: on no page, in no output, in none of Hangfire's rows.
        var pages = new List<string> { await page.ContentAsync() };
        var detail = await page.Locator(".js-jobs-list a.job-method", new PageLocatorOptions { HasText = "line 1" }).First.GetAttributeAsync("href");
        foreach (var path in new[] { "", "servers", "recurring", "jobs/enqueued", "retries" }.Append(detail!.TrimStart('/')))
        {
            await page.GotoAsync(new Uri(dashboard, path).ToString());
            pages.Add(await page.ContentAsync());
        }

        pages.ShouldAllBe(html => !html.Contains(Password, StringComparison.Ordinal));
        pages[^1].ShouldContain("text-to-video, line");
        (await worker.StopAsync(TimeSpan.FromSeconds(20))).ShouldBe(0, worker.Output);
        (worker.Output + cliOut + cliError).ShouldNotContain(Password);
        foreach (var table in await HangfireTablesAsync()) (await JobsHost.CountAsync(_database, $"SELECT count(*) FROM hangfire.{table} t WHERE t::text LIKE '%{Password}%'")).ShouldBe(0, table);
    }

    private async Task<IReadOnlyList<string>> HangfireTablesAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'hangfire'", connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        tables.ShouldContain("job");
        return tables;
    }
}
