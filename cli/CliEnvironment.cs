using System;
using System.IO;
using HappyHorse.Emulator;
using Spectre.Console;

namespace HappyHorse.Cli;

/// <summary>
/// Everything the tool reads from or writes to the world outside its arguments: output streams, the terminal,
/// environment variables, the clock. The process passes the real ones; tests pass recorders and a fake clock.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>Results and JSON: what a script reads.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>What <c>-</c> reads (a task handle, a batch's jobs): the process's stdin, or nothing.</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Errors, warnings and plain progress lines.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>The terminal for live displays, or <see langword="null"/> when output is redirected (then progress is plain lines).</summary>
    public IAnsiConsole? Terminal { get; init; }

    /// <summary>Reads an environment variable (<c>HAPPYHORSE_API_KEY</c>, <c>HAPPYHORSE_BASE_URL</c>).</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The clock that polls, retries and elapsed times run on.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The options of an emulator started by <c>--emulator</c> (tests shorten its task lifecycle).</summary>
    public Func<EmulatorOptions> EmulatorOptions { get; init; } = () => new EmulatorOptions();

    /// <summary>The process's console: a live display on an interactive terminal, plain lines otherwise.</summary>
    public static CliEnvironment FromConsole()
    {
        var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return new CliEnvironment { In = Console.In, Out = Console.Out, Error = Console.Error, Terminal = interactive ? AnsiConsole.Console : null };
    }
}
