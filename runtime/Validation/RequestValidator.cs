using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text;

namespace HappyHorse.Generated;

/// <summary>
/// Collects the problems of one request. Generated validators call it with the limits from the manifest, so
/// every message is worded in one place.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RequestValidator
{
    private readonly string _prefix;
    private List<ValidationProblem>? _problems;

    /// <summary>Starts collecting problems for <paramref name="operation"/>.</summary>
    public RequestValidator(OperationInfo operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        _prefix = $"{operation.ModelId} {operation.OperationId}: ";
    }

    /// <summary>Whether any problem has been found.</summary>
    public bool HasProblems => _problems is { Count: > 0 };

    /// <summary>Records a problem in the common wording; only the first problem of each field is kept, so one mistake reads as one problem.</summary>
    public void Add(string field, string problem, string? errorCode = null)
    {
        _problems ??= [];
        foreach (var existing in _problems)
        {
            if (existing.Field == field) return;
        }

        _problems.Add(new ValidationProblem(field, _prefix + field + " " + problem + ".", errorCode));
    }

    /// <summary>A required field must be set.</summary>
    public bool Required(string field, object? value, string? errorCode = null)
    {
        if (value is not null) return true;
        Add(field, "is required", errorCode);
        return false;
    }

    /// <summary>A string must not be blank and its length, in Unicode characters, must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Length(string field, string? value, int? min, int? max, string? errorCode = null)
    {
        if (value is null) return;
        // Services count characters as Unicode code points (a surrogate pair is one character).
        var length = CountCharacters(value);
        if (min is { } low && length < low)
        {
            Add(field, low == 1 ? "must not be empty" : Invariant($"must be at least {low} characters long (was {length})"), errorCode);
        }
        else if (max is { } high && length > high)
        {
            Add(field, Invariant($"must be at most {high} characters long (was {length})"), errorCode);
        }
    }

    /// <summary>An integer must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Range(string field, long? value, long? min, long? max, string? errorCode = null)
    {
        if (value is not { } v) return;
        if ((min is { } low && v < low) || (max is { } high && v > high))
        {
            Add(field, Invariant($"must be {Bounds(min, max)} (was {v})"), errorCode);
        }
    }

    /// <summary>A number must lie in [<paramref name="min"/>, <paramref name="max"/>] and be finite.</summary>
    public void Range(string field, double? value, double? min, double? max, string? errorCode = null)
    {
        if (value is not { } v) return;
        if (!double.IsFinite(v))
        {
            Add(field, "must be a finite number", errorCode);
        }
        else if ((min is { } low && v < low) || (max is { } high && v > high))
        {
            Add(field, Invariant($"must be {Bounds(min, max)} (was {v.ToString("R", CultureInfo.InvariantCulture)})"), errorCode);
        }
    }

    /// <summary>A value must be one of <paramref name="allowed"/>.</summary>
    public void OneOf(string field, string? value, IReadOnlyList<string> allowed, string? errorCode = null)
    {
        if (value is null) return;
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value, StringComparison.Ordinal)) return;
        }

        Add(field, $"must be one of {string.Join(", ", allowed)} (was '{value}')", errorCode);
    }

    /// <summary>A list must hold between <paramref name="min"/> and <paramref name="max"/> items.</summary>
    public void Count<T>(string field, IReadOnlyCollection<T>? items, int? min, int? max, string? errorCode = null)
    {
        if (items is null) return;
        var count = items.Count;
        if ((min is { } low && count < low) || (max is { } high && count > high))
        {
            var noun = (max ?? min) == 1 ? "item" : "items";
            Add(field, Invariant($"must hold {Bounds(min, max)} {noun} (held {count})"), errorCode);
        }
    }

    /// <summary>Every item must be an absolute http or https URL.</summary>
    public void Urls(string field, IReadOnlyList<string>? urls, string? errorCode = null)
    {
        if (urls is null) return;
        for (var i = 0; i < urls.Count; i++)
        {
            Url(Invariant($"{field}[{i}]"), urls[i], errorCode);
        }
    }

    /// <summary>A value must be an absolute http or https URL.</summary>
    public void Url(string field, string? url, string? errorCode = null)
    {
        if (url is null) return;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            Add(field, $"must be an absolute http or https URL (was '{url}')", errorCode);
        }
    }

    /// <summary>Each item must be present and valid; <paramref name="validate"/> checks one item under its indexed name.</summary>
    public void Items<T>(string field, IReadOnlyList<T>? items, Action<RequestValidator, T, string> validate, string? errorCode = null)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(validate);
        if (items is null) return;
        for (var i = 0; i < items.Count; i++)
        {
            var name = Invariant($"{field}[{i}]");
            if (items[i] is { } item) validate(this, item, name + ".");
            else Add(name, "is required", errorCode);
        }
    }

    /// <summary>When both are set, <paramref name="value"/> must equal the sum of <paramref name="part"/> over <paramref name="items"/>.</summary>
    public void MatchesSum<T>(string field, double? value, IReadOnlyList<T>? items, Func<T, double?> part, string partName, string? errorCode = null)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (value is not { } expected || items is null) return;
        var sum = 0d;
        foreach (var item in items)
        {
            if (item is null || part(item) is not { } piece) return;
            sum += piece;
        }

        if (sum != expected)
        {
            Add(field, Invariant($"must equal the sum of {partName} ({sum.ToString("R", CultureInfo.InvariantCulture)}) when both are given (was {expected.ToString("R", CultureInfo.InvariantCulture)})"), errorCode);
        }
    }

    /// <summary>The problems found so far.</summary>
    public ValidationResult ToResult() => _problems is null ? ValidationResult.Valid : new ValidationResult(_problems.ToArray());

    private static int CountCharacters(string value)
    {
        var count = 0;
        foreach (var _ in value.EnumerateRunes()) count++;
        return count;
    }

    private static string Bounds<T>(T? min, T? max)
        where T : struct, IFormattable
    {
        if (min is { } low && max is { } high) return $"between {Format(low)} and {Format(high)}";
        return min is { } only ? $"at least {Format(only)}" : $"at most {Format(max!.Value)}";
    }

    private static string Format<T>(T value)
        where T : IFormattable => value.ToString(null, CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
