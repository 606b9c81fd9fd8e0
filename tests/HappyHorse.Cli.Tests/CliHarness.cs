using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using Spectre.Console;

namespace HappyHorse.Cli.Tests;

/// <summary>What a command printed and how it ended.</summary>
internal sealed record CliRun(ExitCode Code, string Out, string Error)
{
    public override string ToString() => $"exit {Code} ({(int)Code})\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>Runs the tool in this process (its root command, recorded output) or as a child process (the built dll).</summary>
internal static class CliHarness
{
    public const string ApiKey = "cli-test-key-7f3a";

    /// <summary>An emulator whose tasks queue 20 ms and run 60 ms.</summary>
    public static EmulatorOptions QuickEmulator() => new() { ApiKey = ApiKey, QueueDuration = TimeSpan.FromMilliseconds(20), RunDuration = TimeSpan.FromMilliseconds(60) };

    /// <summary>Runs <paramref name="args"/> in process with the given environment variables (nothing else is read from the environment).</summary>
    public static async Task<CliRun> RunAsync(IReadOnlyDictionary<string, string>? variables, IAnsiConsole? terminal, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = output,
            Error = error,
            Terminal = terminal,
            Variable = name => variables is not null && variables.TryGetValue(name, out var value) ? value : null,
            EmulatorOptions = QuickEmulator,
        };
        var code = await HappyHorseCli.RunAsync(args, environment, CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }

    public static Task<CliRun> RunAsync(params string[] args) => RunAsync(variables: null, terminal: null, args);

    /// <summary>The variables that point the tool at <paramref name="emulator"/>.</summary>
    public static Dictionary<string, string> For(HappyHorseEmulator emulator, string? apiKey = null) => new()
    {
        ["HAPPYHORSE_BASE_URL"] = emulator.BaseAddress.AbsoluteUri,
        ["HAPPYHORSE_API_KEY"] = apiKey ?? emulator.Options.ApiKey,
    };

    /// <summary>A fresh temporary folder.</summary>
    public static string TempDirectory(string name)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hh-cli-{name}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return path;
    }

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The configuration these tests were built in (the tool was built in the same one).</summary>
    public static string Configuration { get; } = typeof(CliHarness).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>The built tool, run with <c>dotnet happyhorse.dll</c>.</summary>
    public static string ToolDll => Path.Combine(RepositoryRoot, "cli", "bin", Configuration, "net10.0", "happyhorse.dll");

    /// <summary>Starts <paramref name="fileName"/> with output captured; the caller waits or kills it.</summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string> variables)
    {
        var start = new ProcessStartInfo(fileName) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in variables) start.Environment[name] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start.");
    }

    /// <summary>
    /// Runs the built tool as a person does, as its own process (<c>dotnet happyhorse.dll ARGS</c>), with
    /// <paramref name="stdin"/> as its input, and returns its exit code and output.
    /// </summary>
    public static async Task<CliRun> ToolAsync(IReadOnlyDictionary<string, string>? variables, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetTempPath(), RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        start.ArgumentList.Add(ToolDll);
        foreach (var argument in args) start.ArgumentList.Add(argument);
        start.Environment.Remove("HAPPYHORSE_API_KEY");
        start.Environment.Remove("HAPPYHORSE_BASE_URL");
        foreach (var (name, value) in variables ?? new Dictionary<string, string>()) start.Environment[name] = value;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(stdin ?? "");
        process.StandardInput.Close();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"happyhorse {string.Join(' ', args)} did not finish within 60 s.");
        }

        return new CliRun((ExitCode)process.ExitCode, await output, await error);
    }

    /// <summary>Runs a process to its end (at most <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static async Task<(int ExitCode, string Out, string Error)> RunProcessAsync(string fileName, IEnumerable<string> arguments, string directory, IReadOnlyDictionary<string, string> variables, TimeSpan timeout)
    {
        using var process = Start(fileName, arguments, directory, variables);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}.");
        }

        return (process.ExitCode, await output, await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "HappyHorse.Generated.sln"))) return directory;
        }

        throw new InvalidOperationException("The repository root (HappyHorse.Generated.sln) was not found above " + AppContext.BaseDirectory);
    }
}
