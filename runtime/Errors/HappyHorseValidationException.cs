using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace HappyHorse.Generated;

/// <summary>A request breaks the model's rules; nothing was sent. Lists every problem at once.</summary>
public sealed class HappyHorseValidationException : HappyHorseException
{
    /// <summary>Creates the exception from the problems found.</summary>
    public HappyHorseValidationException(IReadOnlyList<ValidationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var header = problems.Count == 1 ? "The request has 1 problem:" : string.Create(CultureInfo.InvariantCulture, $"The request has {problems.Count} problems:");
        return header + string.Concat(problems.Select(p => Environment.NewLine + "  - " + p.Message));
    }
}
