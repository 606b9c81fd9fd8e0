using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;

namespace HappyHorse.Cli.Tests;

/// <summary>
/// Where a new user tripped (issue 24), each run as a person runs the tool: the built <c>happyhorse</c> as its own
/// process, its output and exit code checked, against an emulator in this process on 127.0.0.1 (port 0).
/// </summary>
public sealed class ToolAsAUserRunsItTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;
    private readonly string _out = CliHarness.TempDirectory("user");

    public async Task InitializeAsync() => _emulator = await HappyHorseEmulator.StartAsync(CliHarness.QuickEmulator());

    public async Task DisposeAsync()
    {
        await _emulator.DisposeAsync();
        Directory.Delete(_out, recursive: true);
    }

    private Task<CliRun> Tool(params string[] args) => CliHarness.ToolAsync(CliHarness.For(_emulator), null, args);

    [Fact]
    public async Task A_bare_happyhorse_prints_its_usage()
    {
        var run = await CliHarness.ToolAsync(null, null);

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        run.Out.ShouldContain("Usage:");
        run.Out.ShouldContain("Exit codes:");
        run.Error.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once_unknown_options_included_with_did_you_mean()
    {
        var run = await Tool("run", "happyhorse-1.0/video", "text-to-video", "--prompt", "p", "--duraton", "5", "--duration", "20", "--mode", "ultra", "--colour", "red");

        run.Code.ShouldBe(ExitCode.InvalidInput, run.ToString());
        run.Error.ShouldContain("--duraton: no such option of 'happyhorse run'. Did you mean --duration?");
        run.Error.ShouldContain("--colour: no such option of 'happyhorse run'.");
        run.Error.ShouldContain("duration must be between 3 and 15 (was 20)");
        run.Error.ShouldContain("mode must be one of pro, std (was 'ultra')");
        run.Error.ShouldNotContain("'red'");
        run.Out.ShouldBeEmpty();

        var command = await Tool("mdoels");
        command.Code.ShouldBe(ExitCode.InvalidInput, command.ToString());
        command.Error.ShouldContain("'mdoels' is not a happyhorse command. Did you mean models?");
        var model = await Tool("run", "gpt-imag-2", "text-to-image", "-p", "a cat");
        model.Code.ShouldBe(ExitCode.InvalidInput, model.ToString());
        model.Error.ShouldContain("No model 'gpt-imag-2'. Did you mean gpt-image-2");
        _emulator.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Json_problems_are_field_path_code_message_on_stdout_alone_with_text_unescaped()
    {
        var run = await Tool("run", "happyhorse-1.0/video", "text-to-video", "--duration", "20", "--mode", "ultra", "--colour", "red", "--json");

        run.Code.ShouldBe(ExitCode.InvalidInput, run.ToString());
        run.Error.ShouldBeEmpty("--json reports on stdout only");
        var error = JsonNode.Parse(run.Out.ShouldHaveSingleItemLine())!;
        ((string)error["event"]!).ShouldBe("error");
        ((int)error["exitCode"]!).ShouldBe(2);
        var problems = error["problems"]!.AsArray().Select(p => p!.AsObject()).ToList();
        problems.ShouldAllBe(p => p.Select(e => e.Key).OrderBy(k => k).SequenceEqual(new[] { "code", "field", "message", "path" }) || p.ContainsKey("serviceCode"));
        problems.Select(p => ((string?)p["field"], (string)p["code"]!)).ShouldBe(
            [(null, "unknown-option"), ("prompt", "invalid-value"), ("mode", "invalid-value"), ("duration", "invalid-value")],
            ignoreOrder: true);
        ((string)problems.Single(p => (string?)p["field"] == "duration")["path"]!).ShouldBe("duration");
        run.Out.ShouldContain("(was 'ultra')");
        run.Out.ShouldNotContain("\\u0027");
    }

    [Fact]
    public async Task A_model_served_in_two_dialects_lists_its_field_options_and_its_run_line_names_the_dialect()
    {
        var help = await Tool("run", "happyhorse-1.0-video-edit", "video-edit", "--help");
        var described = await Tool("describe", "happyhorse-1.0-video-edit", "--dialect", "dashscope");

        help.Code.ShouldBe(ExitCode.Success, help.ToString());
        help.Out.ShouldContain("--prompt");
        help.Out.ShouldContain("served in two dialects: add --dialect");
        described.Code.ShouldBe(ExitCode.Success, described.ToString());
        described.Out.ShouldContain("Run: happyhorse run happyhorse-1.0-video-edit video-edit --dialect dashscope [options]");
    }

    [Fact]
    public async Task Ctrl_c_after_the_submit_names_the_task_and_the_resume_line_works_without_a_second_submit()
    {
        await using var slow = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = CliHarness.ApiKey, QueueDuration = TimeSpan.FromSeconds(1), RunDuration = TimeSpan.FromMilliseconds(50) });
        var variables = CliHarness.For(slow);
        using var process = CliHarness.Start("dotnet", [CliHarness.ToolDll, "run", "happyhorse-1.0/video", "text-to-video", "-p", "stop me", "--poll-interval", "0.05", "-o", _out], _out, variables);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = new List<string>();
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            error.Add(line);
            if (line.StartsWith("Submitted ", StringComparison.Ordinal)) break;
        }

        SendInterrupt(process);
        error.AddRange((await process.StandardError.ReadToEndAsync()).Split('\n'));
        await process.WaitForExitAsync();

        var stderr = string.Join('\n', error);
        process.ExitCode.ShouldBe((int)ExitCode.Canceled, stderr);
        (await output).ShouldBeEmpty();
        stderr.ShouldContain("Task handle: {");
        var resume = error.Single(l => l.StartsWith("Resume with: ", StringComparison.Ordinal))["Resume with: ".Length..].Trim();
        resume.ShouldStartWith("happyhorse wait ");

        var words = resume.Split(' ').Skip(1).ToArray();
        var resumed = await CliHarness.ToolAsync(variables, null, [.. words, "--poll-interval", "0.05", "-o", _out]);

        resumed.Code.ShouldBe(ExitCode.Success, resumed.ToString());
        resumed.Out.ShouldContain("Saved: ");
        slow.Requests.Count(r => r.CreatedTaskId is not null).ShouldBe(1);
    }

    [Fact]
    public async Task Wait_cancel_and_status_take_a_handle_from_stdin_or_a_task_id_and_cancel_twice_says_already_canceled()
    {
        await using var queued = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = CliHarness.ApiKey, QueueDuration = TimeSpan.FromMinutes(1) });
        var variables = CliHarness.For(queued);
        var submitted = await CliHarness.ToolAsync(variables, null, "run", "happyhorse-1.0-video-edit", "video-edit", "--dialect", "dashscope", "-p", "p", "--media", """[{"type":"video","url":"https://example.com/v.mp4"}]""", "--no-wait", "--json");
        submitted.Code.ShouldBe(ExitCode.Success, submitted.ToString());
        var taskId = (string)JsonNode.Parse(submitted.Out.Trim().Split('\n').Last())!["handle"]!["taskId"]!;

        var status = await CliHarness.ToolAsync(variables, submitted.Out, "status", "-", "--json");
        var canceled = await CliHarness.ToolAsync(variables, null, "cancel", taskId, "--model", "happyhorse-1.0-video-edit", "--dialect", "dashscope");
        var again = await CliHarness.ToolAsync(variables, submitted.Out, "cancel", "-");
        var after = await CliHarness.ToolAsync(variables, null, "status", taskId, "--model", "happyhorse-1.0-video-edit", "--operation", "video-edit", "--dialect", "dashscope");

        status.Code.ShouldBe(ExitCode.Success, status.ToString());
        ((string)JsonNode.Parse(status.Out)!["status"]!).ShouldBe("queued");
        canceled.Code.ShouldBe(ExitCode.Success, canceled.ToString());
        canceled.Out.ShouldStartWith("Canceled: ");
        again.Code.ShouldBe(ExitCode.Success, again.ToString());
        again.Out.ShouldStartWith("Already canceled: ");
        again.Error.ShouldNotContain("Resume");
        after.Out.ShouldContain(": canceled (");

        var bare = await CliHarness.ToolAsync(variables, null, "wait", taskId);
        bare.Code.ShouldBe(ExitCode.InvalidInput, bare.ToString());
        bare.Error.ShouldContain("add --model and --operation");
    }

    [Fact]
    public async Task Batch_reads_its_jobs_from_stdin_and_budget_unknown_decides_about_jobs_without_a_price()
    {
        string[] lines =
        [
            """{"model": "happyhorse-1.0/video", "operation": "text-to-video", "fields": {"prompt": "priced", "duration": 3, "mode": "std", "sound": false}}""",
            """{"id": "free", "model": "gpt-image-2", "operation": "text-to-image", "fields": {"prompt": "no price table"}}""",
        ];
        var jobs = string.Join('\n', lines) + "\n";

        var refused = await CliHarness.ToolAsync(CliHarness.For(_emulator), jobs, "batch", "-", "-o", _out, "--budget", "100000", "--poll-interval", "0.02");
        var allowed = await CliHarness.ToolAsync(CliHarness.For(_emulator), jobs, "batch", "-", "-o", _out, "--budget", "100000", "--budget-unknown", "allow", "--poll-interval", "0.02");

        refused.Code.ShouldBe(ExitCode.InvalidInput, refused.ToString());
        refused.Error.ShouldContain("line 2 (free, gpt-image-2)");
        refused.Error.ShouldContain("--budget-unknown allow");
        allowed.Code.ShouldBe(ExitCode.Success, allowed.ToString());
        allowed.Error.ShouldContain("--budget covers 1 of 2 jobs");
        allowed.Error.ShouldContain("job-1 (happyhorse-1.0/video): waiting on task");
        File.ReadAllText(Path.Combine(_out, "stdin.jsonl")).ShouldBe(jobs);
        File.ReadAllLines(Path.Combine(_out, "results.jsonl")).Select(l => (string)JsonNode.Parse(l)!["outcome"]!).ShouldBe(["succeeded", "succeeded"]);
        _emulator.Requests.Count(r => r.CreatedTaskId is not null).ShouldBe(2);
    }

    [Fact]
    public async Task Result_files_are_numbered_as_the_service_numbers_them_and_short_aliases_work()
    {
        var run = await Tool("run", "gpt-image-2", "text-to-image", "-p", "two cats", "-n", "2", "-o", _out, "--poll-interval", "0.02");

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        var taskId = _emulator.Requests.Single(r => r.CreatedTaskId is not null).CreatedTaskId!;
        JsonNode.Parse(_emulator.Requests.Single(r => r.CreatedTaskId is not null).Body)!["n"]!.GetValue<int>().ShouldBe(2);
        var urls = run.Out.Split('\n').Where(l => l.StartsWith("Result: ", StringComparison.Ordinal)).Select(l => new Uri(l["Result: ".Length..].Trim())).ToList();
        urls.Count.ShouldBe(2);
        for (var i = 0; i < 2; i++)
        {
            var saved = Path.Combine(_out, $"{taskId}-{i}{Path.GetExtension(urls[i].AbsolutePath)}");
            File.ReadAllBytes(saved).ShouldBe(_emulator.ResultFile(taskId, i));
        }
    }

    [Fact]
    public async Task Verbose_traces_each_http_exchange_without_the_key_or_query_strings()
    {
        var run = await Tool("run", "wan2.7-t2v", "text-to-video", "-p", "waves", "-o", _out, "--verbose", "--poll-interval", "0.02");

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        var trace = run.Error.Split('\n').Where(l => l.StartsWith("HTTP ", StringComparison.Ordinal)).ToList();
        trace.ShouldContain(l => l.StartsWith("HTTP POST /", StringComparison.Ordinal) && l.Contains(" -> 200 (", StringComparison.Ordinal));
        trace.ShouldContain(l => l.StartsWith("HTTP GET /", StringComparison.Ordinal));
        trace.Count.ShouldBeGreaterThanOrEqualTo(3, "the submit, at least one poll and the download");
        run.Error.ShouldNotContain(CliHarness.ApiKey);
        trace.ShouldAllBe(l => !l.Contains('=') && !l.Contains("127.0.0.1"));
    }

    [Fact]
    public async Task Completion_scripts_complete_commands_and_options_by_asking_the_tool()
    {
        var bash = await Tool("completion", "bash");
        var zsh = await Tool("completion", "zsh");
        var pwsh = await Tool("completion", "pwsh");
        var wrong = await Tool("completion", "fish");

        foreach (var script in new[] { bash, zsh, pwsh }) script.Code.ShouldBe(ExitCode.Success, script.ToString());
        zsh.Out.ShouldContain("compdef _happyhorse_complete happyhorse");
        pwsh.Out.ShouldContain("Register-ArgumentCompleter -Native -CommandName happyhorse");
        wrong.Code.ShouldBe(ExitCode.InvalidInput, wrong.ToString());

        // The bash script, sourced in bash, with the built tool on PATH: what a Tab after the words gives.
        var completions = await BashCompletions(bash.Out, "happyhorse mod");
        completions.ShouldBe(["models"]);
        (await BashCompletions(bash.Out, "happyhorse run gpt-image-2 text-to-image --pro")).ShouldContain("--prompt");
    }

    private static async Task<string[]> BashCompletions(string script, string line)
    {
        var tool = Path.Combine(Path.GetDirectoryName(CliHarness.ToolDll)!, "happyhorse");
        File.Exists(tool).ShouldBeTrue("the tool's apphost is built beside happyhorse.dll");
        var directory = CliHarness.TempDirectory("bash");
        try
        {
            File.WriteAllText(Path.Combine(directory, "complete.bash"), script);
            var test = $"source complete.bash; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; _happyhorse_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"";
            var path = Path.GetDirectoryName(tool) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
            var (code, output, error) = await CliHarness.RunProcessAsync("bash", ["-c", test], directory, new Dictionary<string, string> { ["PATH"] = path }, TimeSpan.FromSeconds(30));
            code.ShouldBe(0, error);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Ctrl+C as a terminal sends it: SIGINT to the process.</summary>
    private static void SendInterrupt(Process process)
    {
        Assert.True(OperatingSystem.IsLinux() || OperatingSystem.IsMacOS(), "SIGINT is sent the POSIX way");
        Kill(process.Id, 2).ShouldBe(0);
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}

internal static class LineAssertions
{
    /// <summary>The only non-empty line of <paramref name="text"/>.</summary>
    public static string ShouldHaveSingleItemLine(this string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ShouldHaveSingleItem();
}
