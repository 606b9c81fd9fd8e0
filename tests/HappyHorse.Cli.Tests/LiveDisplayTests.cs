using System;
using System.IO;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using Spectre.Console.Testing;

namespace HappyHorse.Cli.Tests;

/// <summary>
/// The live displays, on a test terminal (a child process's output is redirected, so it gets plain lines; these run
/// the tool's root command in process instead): no made-up 0 % for a dialect that reports no progress, and batch
/// rows that say which model each job is and how long it has run.
/// </summary>
public sealed class LiveDisplayTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;
    private readonly string _out = CliHarness.TempDirectory("live");

    public async Task InitializeAsync() =>
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = CliHarness.ApiKey, QueueDuration = TimeSpan.FromMilliseconds(150), RunDuration = TimeSpan.FromMilliseconds(350) });

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private static TestConsole Terminal()
    {
        var terminal = new TestConsole().Width(200);
        terminal.Profile.Capabilities.Interactive = true;
        return terminal;
    }

    [Fact]
    public async Task Run_shows_an_indeterminate_bar_not_zero_percent_when_the_dialect_reports_no_progress()
    {
        var terminal = Terminal();

        // The happyhorse dialect reports a status word and no progress.
        var run = await CliHarness.RunAsync(CliHarness.For(_emulator), terminal, "run", "happyhorse-1.0/video", "text-to-video", "-p", "p", "--poll-interval", "0.02", "-o", _out);

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        terminal.Output.ShouldContain("happyhorse-1.0/video text-to-video");
        terminal.Output.ShouldContain("IN_PROGRESS");
        terminal.Output.ShouldNotContain(" 0%");
        terminal.Output.ShouldContain("100%");
    }

    [Fact]
    public async Task Batch_rows_show_each_jobs_model_and_status()
    {
        var jobs = Path.Combine(_out, "jobs.jsonl");
        File.WriteAllLines(jobs, [
            """{"id": "clip", "model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "a", "duration": 3, "mode": "std", "sound": false}}""",
            """{"id": "still", "model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "b"}}""",
        ]);
        var terminal = Terminal();

        var run = await CliHarness.RunAsync(CliHarness.For(_emulator), terminal, "batch", jobs, "-o", _out, "--poll-interval", "0.02");

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        terminal.Output.ShouldContain("clip happyhorse-1.0/video");
        terminal.Output.ShouldContain("still gpt-image-2");
        terminal.Output.ShouldContain("0:00:0");
    }
}
