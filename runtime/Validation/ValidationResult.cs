using System;
using System.Collections.Generic;

namespace HappyHorse.Generated;

/// <summary>Every problem found in a request; empty when the request may be sent.</summary>
public sealed class ValidationResult
{
    /// <summary>A result with no problems.</summary>
    public static ValidationResult Valid { get; } = new([]);

    /// <summary>Creates a result from the problems found.</summary>
    public ValidationResult(IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        Problems = problems;
    }

    /// <summary>The problems, in the order the manifest lists the fields.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>Whether the request breaks no rule.</summary>
    public bool IsValid => Problems.Count == 0;

    /// <summary>Throws a <see cref="HappyHorseValidationException"/> listing every problem, if there are any.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid) throw new HappyHorseValidationException(Problems);
    }

    /// <inheritdoc />
    public override string ToString() => IsValid ? "valid" : string.Join(Environment.NewLine, Problems);
}
