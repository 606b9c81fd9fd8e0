using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace HappyHorse.Cli;

/// <summary>
/// One problem with what was typed, as <c>--json</c> reports it: the field (its manifest name) and JSON path when it is
/// about a field, a fixed <see cref="Code"/>, and the sentence a person reads.
/// </summary>
/// <param name="Field">The field's manifest name, or <see langword="null"/> when the problem is not about one field.</param>
/// <param name="Path">The field's JSON path in the request body, or <see langword="null"/>.</param>
/// <param name="Code">One of the codes in <see cref="ProblemCodes"/>.</param>
/// <param name="Message">The sentence a person reads.</param>
internal sealed record CliProblem(string? Field, string? Path, string Code, string Message)
{
    /// <summary>The code the service answers this problem with, when the model's manifest names one.</summary>
    public string? ServiceCode { get; init; }

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["field"] = Field, ["path"] = Path, ["code"] = Code, ["message"] = Message };
        if (ServiceCode is not null) json["serviceCode"] = ServiceCode;
        return json;
    }

    public static CliProblem Input(string message) => new(null, null, ProblemCodes.InvalidInput, message);
}

/// <summary>The fixed values of <see cref="CliProblem.Code"/> (cli/README.md lists them).</summary>
internal static class ProblemCodes
{
    public const string UnknownCommand = "unknown-command";
    public const string UnknownOption = "unknown-option";
    public const string UnknownModel = "unknown-model";
    public const string UnknownOperation = "unknown-operation";
    public const string UnreadableValue = "unreadable-value";
    public const string InvalidValue = "invalid-value";
    public const string InvalidInput = "invalid-input";
}

/// <summary>Input the tool refuses before anything is sent: every problem, one per line.</summary>
internal sealed class CliInputException : Exception
{
    public CliInputException(string message)
        : base(message)
    {
        Problems = [CliProblem.Input(message)];
    }

    /// <summary>Several problems under one heading; the message lists each on its own line.</summary>
    public CliInputException(string heading, IReadOnlyList<CliProblem> problems, string? footer = null)
        : base(heading + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p.Message)) + (footer is null ? "" : Environment.NewLine + footer))
    {
        Problems = problems;
    }

    /// <summary>One problem with its own code (an unknown model, operation, command or option).</summary>
    public CliInputException(CliProblem problem)
        : base(problem.Message)
    {
        Problems = [problem];
    }

    public IReadOnlyList<CliProblem> Problems { get; }
}

/// <summary>"Did you mean": the known names closest to what was typed (edit distance, allowing a swapped pair).</summary>
internal static class DidYouMean
{
    /// <summary>Up to three of <paramref name="known"/> within a small edit distance of <paramref name="typed"/>, nearest first.</summary>
    public static IReadOnlyList<string> Closest(string typed, IEnumerable<string> known)
    {
        var limit = Math.Max(1, Math.Min(3, typed.Length / 3));
        return known.Distinct(StringComparer.Ordinal)
            .Select(name => (Name: name, Distance: Distance(typed.ToLowerInvariant(), name.ToLowerInvariant())))
            .Where(c => c.Distance <= limit || (typed.Length >= 4 && c.Name.Contains(typed, StringComparison.OrdinalIgnoreCase)))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Take(3).Select(c => c.Name).ToList();
    }

    /// <summary>" Did you mean a or b?" or an empty string.</summary>
    public static string Hint(string typed, IEnumerable<string> known) =>
        Closest(typed, known) is { Count: > 0 } near ? $" Did you mean {string.Join(" or ", near)}?" : "";

    /// <summary>The optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
