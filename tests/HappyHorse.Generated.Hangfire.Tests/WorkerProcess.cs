using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Hangfire.Tests;

/// <summary>
/// A real <c>happyhorse worker</c> process (the CLI this project builds), so a SIGKILL is a real one: nothing in it
/// gets to clean up. Its output is kept for the test's messages.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    /// <summary>Every line it wrote (standard output and error) so far.</summary>
    public string Output => string.Join(Environment.NewLine, _output);

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>happyhorse worker --engine CONNECTION --workers N</c> (plus <paramref name="arguments"/>) with the service
    /// address and key in the environment as a user sets them, and <paramref name="settings"/> as more environment
    /// (e.g. <c>HappyHorse__Jobs__InvisibilityTimeout</c>).
    /// </summary>
    public static WorkerProcess Start(string name, string connectionString, Uri serviceAddress, string apiKey, string directory, int workers, IReadOnlyDictionary<string, string>? settings = null, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "happyhorse.dll"), "worker", "--engine", connectionString, "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture), .. arguments]) start.ArgumentList.Add(argument);
        start.Environment[HappyHorseClientOptions.BaseUrlVariable] = serviceAddress.ToString();
        start.Environment[HappyHorseClientOptions.ApiKeyVariable] = apiKey;
        start.Environment["HAPPYHORSE_ENGINE"] = null;
        start.Environment["DOTNET_gcServer"] = "0";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, name);
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Runs <c>happyhorse ARGS</c> as a process of its own (as two users on two machines would) to its end.</summary>
    public static async Task<(int Code, string Out, string Error)> RunCliAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "happyhorse.dll"), .. arguments]) start.ArgumentList.Add(argument);
        start.Environment["HAPPYHORSE_ENGINE"] = null;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>SIGKILL: the process dies at once, mid-submit or mid-check as it may be.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, as a deploy stops it; killed if it has not stopped within <paramref name="timeout"/>.</summary>
    /// <returns>Its exit code, or <see langword="null"/> if it had to be killed.</returns>
    public async Task<int?> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited) return _process.ExitCode;
        using (var term = Process.Start(new ProcessStartInfo("kill", $"-TERM {_process.Id}") { UseShellExecute = false })!)
        {
            await term.WaitForExitAsync();
        }

        var exited = _process.WaitForExitAsync();
        if (await Task.WhenAny(exited, Task.Delay(timeout)) == exited) return _process.ExitCode;
        await KillAsync();
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 2000) _output.TryDequeue(out _);
    }
}
