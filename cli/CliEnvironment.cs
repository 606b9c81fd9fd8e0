using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using HappyHorse.Cli.Requests;
using HappyHorse.Emulator;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
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

    /// <summary>
    /// Every operation the tool knows: the catalog's, then those of the assemblies given with <c>--catalog</c> (or
    /// <c>HAPPYHORSE_CATALOG</c>).
    /// </summary>
    public IReadOnlyList<OperationInfo> Operations { get; init; } = HappyHorseCatalog.Operations;

    /// <summary>Finds <see cref="Operations"/> by the ids a person types.</summary>
    internal OperationLookup Lookup => _lookup ??= new OperationLookup(Operations, _catalogPaths);

    private OperationLookup? _lookup;
    private IReadOnlyList<string> _catalogPaths = [];

    /// <summary>
    /// This environment knowing <paramref name="operations"/> instead of its own; <paramref name="catalogPaths"/> are
    /// the <c>--catalog</c> assemblies a printed command line needs to name them again.
    /// </summary>
    internal CliEnvironment WithOperations(IReadOnlyList<OperationInfo> operations, IReadOnlyList<string> catalogPaths) => new()
    {
        Out = Out, In = In, Error = Error, Terminal = Terminal, Variable = Variable, Time = Time, EmulatorOptions = EmulatorOptions, Operations = operations,
        _catalogPaths = catalogPaths,
    };

    /// <summary>The operations beyond the catalog's: a consumer's own models.</summary>
    internal IEnumerable<OperationInfo> OwnOperations => Operations.Except(HappyHorseCatalog.Operations);

    /// <summary>Has an emulator serve <see cref="OwnOperations"/> as well.</summary>
    internal EmulatorOptions ServingOwnOperations(EmulatorOptions options)
    {
        foreach (var operation in OwnOperations) options.ExtraOperations.Add(operation);
        return options;
    }

    /// <summary>The process's console: a live display on an interactive terminal, plain lines otherwise.</summary>
    public static CliEnvironment FromConsole()
    {
        var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        return new CliEnvironment { In = Console.In, Out = Console.Out, Error = Console.Error, Terminal = interactive ? AnsiConsole.Console : null };
    }
}
