using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using Spectre.Console.Testing;

namespace HappyHorse.Cli.Tests;

/// <summary><c>run</c>, <c>wait</c>, <c>cancel</c> in process against an emulator on 127.0.0.1 (port 0).</summary>
public sealed class RunCommandTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;
    private readonly string _out = CliHarness.TempDirectory("run");

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(CliHarness.QuickEmulator());

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private Task<CliRun> Run(params string[] args) => CliHarness.RunAsync(CliHarness.For(_emulator), null, [.. args, "--poll-interval", "0.02"]);

    [Fact]
    public async Task Run_prints_the_result_url_on_stdout_saves_the_file_and_shows_progress_on_stderr()
    {
        var run = await Run("run", "happyhorse-1.0/video", "text-to-video", "--prompt", "An eagle", "--duration", "5", "--sound", "false", "--out", _out);

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        var url = run.Out.Split('\n').Single(l => l.StartsWith("Result: ", StringComparison.Ordinal))["Result: ".Length..].Trim();
        new Uri(url).IsLoopback.ShouldBeTrue();
        var saved = run.Out.Split('\n').Single(l => l.StartsWith("Saved: ", StringComparison.Ordinal))["Saved: ".Length..].Trim();
        File.ReadAllBytes(saved).ShouldBe(_emulator.ResultFile(Path.GetFileNameWithoutExtension(saved), 0));
        run.Error.ShouldContain("Submitted happyhorse-1.0/video text-to-video");
        run.Error.ShouldContain("SUCCESS");

        var body = JsonNode.Parse(_emulator.Requests.Single(r => r.CreatedTaskId is not null).Body)!;
        body.ToJsonString().ShouldBe("""{"model":"happyhorse-1.0/video","prompt":"An eagle","duration":5,"sound":false}""");
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once_and_nothing_is_sent()
    {
        var run = await Run("run", "happyhorse-1.0/video", "multi-shot", "--duration", "40", "--mode", "ultra", "--cfg-scale", "high", "--multi-prompt", "[{\"prompt\":\"a\"}", "--set", "=1");

        run.Code.ShouldBe(ExitCode.InvalidInput, run.ToString());
        run.Error.ShouldContain("--cfg-scale: 'high' is not a number");
        run.Error.ShouldContain("--multi-prompt:");
        run.Error.ShouldContain("mode must be one of pro, std (was 'ultra')");
        run.Error.ShouldContain("duration must be between 3 and 15 (was 40)");
        run.Error.ShouldContain("--set '=1'");
        run.Out.ShouldBeEmpty();
        _emulator.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Estimate_prints_the_price_tables_credits_and_sends_nothing()
    {
        var run = await Run("run", "happyhorse-1.0/video", "text-to-video", "--prompt", "p", "--mode", "pro", "--sound", "--duration", "10", "--estimate");

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        run.Out.Trim().ShouldBe("Estimate: 800 credits");
        var json = await Run("run", "happyhorse-1.0/video", "multi-shot", "--multi-prompt", """[{"prompt":"a","duration":3},{"prompt":"b","duration":4}]""", "--mode", "std", "--sound", "false", "--estimate", "--json");
        JsonNode.Parse(json.Out)!["credits"]!.GetValue<double>().ShouldBe(7 * 40);
        _emulator.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Set_sends_a_path_no_option_covers()
    {
        var run = await Run("run", "gpt-image-2", "text-to-image", "--prompt", "a cat", "--set", "extra.flag=true", "--set", "extra.note=hello", "--out", _out);

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        var body = JsonNode.Parse(_emulator.Requests.First(r => r.CreatedTaskId is not null).Body)!;
        body["extra"]!["flag"]!.GetValue<bool>().ShouldBeTrue();
        body["extra"]!["note"]!.GetValue<string>().ShouldBe("hello");
    }

    [Fact]
    public async Task Json_writes_one_event_per_line_from_submitted_to_saved()
    {
        var run = await Run("run", "wan2.7-t2v", "text-to-video", "--prompt", "waves", "--json", "--out", _out);

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        var events = run.Out.Trim().Split('\n').Select(l => JsonNode.Parse(l)!).ToList();
        events.First()["event"]!.GetValue<string>().ShouldBe("submitted");
        events.Where(e => (string)e["event"]! == "status").ShouldNotBeEmpty();
        events.Select(e => (string)e["event"]!).TakeLast(2).ShouldBe(["result", "saved"]);
        File.Exists((string)events.Last()["path"]!).ShouldBeTrue();
    }

    [Fact]
    public async Task No_wait_prints_a_handle_that_wait_resumes_from_a_file_without_submitting_again()
    {
        var submitted = await Run("run", "happyhorse-1.0/video", "text-to-video", "--prompt", "later", "--no-wait");
        submitted.Code.ShouldBe(ExitCode.Success, submitted.ToString());
        var handleFile = Path.Combine(_out, "task.json");
        File.WriteAllText(handleFile, submitted.Out.Trim());
        JsonNode.Parse(submitted.Out)!["taskId"].ShouldNotBeNull();

        var waited = await Run("wait", handleFile, "--out", _out);

        waited.Code.ShouldBe(ExitCode.Success, waited.ToString());
        waited.Out.ShouldContain("Result: ");
        _emulator.Requests.Count(r => r.CreatedTaskId is not null).ShouldBe(1);
    }

    [Fact]
    public async Task Cancel_cancels_a_queued_task_where_the_dialect_can_and_refuses_where_it_cannot()
    {
        // DashScope cancels only a task still queued: this emulator keeps tasks queued a minute.
        await using var queued = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = CliHarness.ApiKey, QueueDuration = TimeSpan.FromMinutes(1) });
        var variables = CliHarness.For(queued);
        var dashscope = await CliHarness.RunAsync(variables, null, "run", "happyhorse-1.0-video-edit", "video-edit", "--dialect", "dashscope", "--prompt", "p", "--media", """[{"type":"video","url":"https://example.com/v.mp4"}]""", "--no-wait");
        dashscope.Code.ShouldBe(ExitCode.Success, dashscope.ToString());

        var canceled = await CliHarness.RunAsync(variables, null, "cancel", dashscope.Out.Trim());

        canceled.Code.ShouldBe(ExitCode.Success, canceled.ToString());
        canceled.Out.ShouldStartWith("Canceled: ");
        var waited = await CliHarness.RunAsync(variables, null, "wait", dashscope.Out.Trim(), "--poll-interval", "0.02");
        waited.Code.ShouldBe(ExitCode.TaskFailed, waited.ToString());

        var app = await CliHarness.RunAsync(variables, null, "run", "happyhorse-1.0/video", "text-to-video", "--prompt", "p", "--no-wait");
        var refused = await CliHarness.RunAsync(variables, null, "cancel", app.Out.Trim());
        refused.Code.ShouldBe(ExitCode.InvalidInput);
        refused.Error.ShouldContain("cannot be canceled");
        queued.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith("/cancel", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_task_exits_3_and_names_its_handle()
    {
        await using var failing = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = CliHarness.ApiKey, QueueDuration = TimeSpan.Zero, RunDuration = TimeSpan.FromMilliseconds(20), FailureRate = 1 });

        var run = await CliHarness.RunAsync(CliHarness.For(failing), null, "run", "gpt-image-2", "text-to-image", "--prompt", "p", "--poll-interval", "0.02", "--json");

        run.Code.ShouldBe(ExitCode.TaskFailed, run.ToString());
        run.Error.ShouldBeEmpty("with --json the error is an event on stdout, not repeated on stderr");
        var error = JsonNode.Parse(run.Out.Trim().Split('\n').Last())!;
        ((string)error["event"]!).ShouldBe("error");
        ((int)error["exitCode"]!).ShouldBe(3);
        error["handle"]!["taskId"].ShouldNotBeNull();
        error["resume"].ShouldBeNull("a failed task is not offered for resuming");

        var plain = await CliHarness.RunAsync(CliHarness.For(failing), null, "run", "gpt-image-2", "text-to-image", "--prompt", "p", "--poll-interval", "0.02");
        plain.Code.ShouldBe(ExitCode.TaskFailed, plain.ToString());
        plain.Error.ShouldContain("Task handle: {");
        plain.Error.ShouldNotContain("Resume with:");
    }

    [Fact]
    public async Task A_submit_answered_5xx_exits_4_with_what_is_needed_to_find_the_task_and_is_not_resent()
    {
        var options = CliHarness.QuickEmulator();
        options.Faults.Add(new FaultRule { PathPrefix = "/api/generate", Method = "POST", ServerErrorRate = 1, ServerErrorStatuses = [502] });
        await using var faulty = await HappyHorseEmulator.StartAsync(options);

        var run = await CliHarness.RunAsync(CliHarness.For(faulty), null, "run", "happyhorse-1.0/video", "text-to-video", "--prompt", "p", "--poll-interval", "0.02");

        run.Code.ShouldBe(ExitCode.SubmitUncertain, run.ToString());
        var body = faulty.Requests.ShouldHaveSingleItem().Body;
        run.Error.ShouldContain($"body {HappyHorse.Generated.HappyHorseSubmitUncertainException.FingerprintOf(System.Text.Encoding.UTF8.GetBytes(body))}");
        run.Error.ShouldContain("Look for the task in the service's records before running it again.");
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_api_key_never_appears_in_any_output_even_when_the_service_refuses_it()
    {
        const string secret = "sk-live-DO-NOT-PRINT-0123456789";
        var keyFile = Path.Combine(_out, "key.txt");
        File.WriteAllText(keyFile, secret + "\n");
        var variables = CliHarness.For(_emulator, apiKey: secret);

        var refused = await CliHarness.RunAsync(variables, null, "run", "happyhorse-1.0/video", "text-to-video", "--prompt", "p", "--json");
        var fromFile = await CliHarness.RunAsync(CliHarness.For(_emulator, apiKey: "unused"), null, "run", "wan2.7-t2v", "text-to-video", "--prompt", "p", "--api-key-file", keyFile);

        refused.Code.ShouldBe(ExitCode.ServiceError, refused.ToString());
        fromFile.Code.ShouldBe(ExitCode.ServiceError, fromFile.ToString());
        foreach (var run in new[] { refused, fromFile }) (run.Out + run.Error).ShouldNotContain(secret);
        _emulator.Requests.Count(r => r.Header("Authorization")?.Contains("[redacted]", StringComparison.Ordinal) == true || !r.Authorized).ShouldBe(2);
    }

    [Fact]
    public async Task No_key_is_invalid_input_before_anything_is_sent()
    {
        var run = await CliHarness.RunAsync(new Dictionary<string, string> { ["HAPPYHORSE_BASE_URL"] = _emulator.BaseAddress.AbsoluteUri }, null, "run", "wan2.7-t2v", "text-to-video", "--prompt", "p");

        run.Code.ShouldBe(ExitCode.InvalidInput);
        run.Error.ShouldContain("HAPPYHORSE_API_KEY");
        _emulator.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task On_a_terminal_the_live_display_shows_the_task_and_results_still_go_to_stdout()
    {
        var terminal = new TestConsole().Width(160);
        terminal.Profile.Capabilities.Interactive = true;

        var run = await CliHarness.RunAsync(CliHarness.For(_emulator), terminal, "run", "happyhorse-1.0/video", "text-to-video", "--prompt", "p", "--poll-interval", "0.02", "--out", _out);

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        terminal.Output.ShouldContain("happyhorse-1.0/video text-to-video");
        terminal.Output.ShouldContain("100%");
        run.Out.ShouldContain("Result: ");
    }

    [Fact]
    public async Task The_embedded_emulator_runs_a_command_offline_without_a_key()
    {
        var run = await CliHarness.RunAsync("run", "happyhorse-1.0/video", "text-to-video", "--prompt", "offline", "--emulator", "--poll-interval", "0.02", "--out", _out);

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        run.Error.ShouldContain("Using the embedded emulator at http://127.0.0.1:");
        Directory.GetFiles(_out, "*.mp4").ShouldNotBeEmpty();
    }
}
