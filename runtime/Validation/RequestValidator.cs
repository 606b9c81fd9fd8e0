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

    /// <summary>Records a problem found elsewhere, keeping its wording.</summary>
    public void Add(ValidationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        (_problems ??= []).Add(problem);
    }

    /// <summary>A required field must be set.</summary>
    public bool Required(string field, object? value, string? errorCode = null)
    {
        if (value is not null) return true;
        Add(field, "is required", errorCode);
        return false;
    }

    /// <summary>A string's length, in Unicode characters, must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="field">The field's name.</param>
    /// <param name="value">The value; null is not checked.</param>
    /// <param name="min">The fewest characters, if any.</param>
    /// <param name="max">The most characters, if any.</param>
    /// <param name="errorCode">The service's code for this problem.</param>
    /// <param name="cjkCountsDouble">Whether a Chinese, Japanese or Korean character counts as two ("5000 non-Chinese or 2500 Chinese characters").</param>
    public void Length(string field, string? value, int? min, int? max, string? errorCode = null, bool cjkCountsDouble = false)
    {
        if (value is null) return;
        // Services count characters as Unicode code points (a surrogate pair is one character).
        var length = LimitText.CountCharacters(value, cjkCountsDouble);
        if (min is { } low && length < low)
        {
            Add(field, low == 1 ? "must not be empty" : Invariant($"must be at least {low} characters long (was {length})"), errorCode);
        }
        else if (max is { } high && length > high)
        {
            Add(field, Invariant($"must be at most {high} characters long{(cjkCountsDouble ? ", Chinese characters counting two" : string.Empty)} (was {length})"), errorCode);
        }
    }

    /// <summary>An integer must lie in [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public void Range(string field, long? value, long? min, long? max, string? errorCode = null)
    {
        if (value is not { } v) return;
        if ((min is { } low && v < low) || (max is { } high && v > high))
        {
            Add(field, Invariant($"must be {LimitText.Bounds(min, max)} (was {v})"), errorCode);
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
            Add(field, Invariant($"must be {LimitText.Bounds(min, max)} (was {LimitText.Number(v)})"), errorCode);
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
            Add(field, Invariant($"must hold {LimitText.Bounds(min, max)} {noun} (held {count})"), errorCode);
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

    /// <summary>Among <paramref name="items"/>, those whose <paramref name="part"/> equals <paramref name="value"/> must number between <paramref name="min"/> and <paramref name="max"/>.</summary>
    public void CountWhere<T>(string field, IReadOnlyList<T>? items, Func<T, string?> part, string partName, string value, int? min, int? max, string? errorCode = null)
    {
        ArgumentNullException.ThrowIfNull(part);
        if (items is null) return;
        var count = 0;
        foreach (var item in items)
        {
            if (item is not null && string.Equals(part(item), value, StringComparison.Ordinal)) count++;
        }

        if ((min is { } low && count < low) || (max is { } high && count > high))
        {
            var noun = (max ?? min) == 1 ? "item" : "items";
            Add(field, Invariant($"must hold {LimitText.Bounds(min, max)} {noun} whose {partName} is '{value}' (held {count})"), errorCode);
        }
    }

    /// <summary>Several fields together (a set value counts 1, a list its items) must hold between <paramref name="min"/> and <paramref name="max"/> values.</summary>
    public void TotalCount(string fields, int count, int? min, int? max, string? errorCode = null)
    {
        if ((min is { } low && count < low) || (max is { } high && count > high))
        {
            Add(fields, Invariant($"must hold {LimitText.Bounds(min, max)} values together (held {count})"), errorCode);
        }
    }

    /// <summary>When <paramref name="field"/> is set, <paramref name="required"/> must be set too.</summary>
    public void Requires(string field, bool isSet, string required, bool requiredIsSet, string? errorCode = null)
    {
        if (isSet && !requiredIsSet) Add(required, $"is required when {field} is given", errorCode);
    }

    /// <summary>When a URL's path ends in a file extension, it must be one of <paramref name="formats"/> (lower case, e.g. <c>png</c>).</summary>
    public void MediaFormat(string field, string? url, IReadOnlyList<string> formats, string? errorCode = null)
    {
        ArgumentNullException.ThrowIfNull(formats);
        if (url is null || formats.Count == 0 || !Uri.TryCreate(url, UriKind.Absolute, out var parsed)) return;
        var name = parsed.AbsolutePath;
        var dot = name.LastIndexOf('.');
        if (dot < 0 || dot < name.LastIndexOf('/')) return;
        var extension = name[(dot + 1)..].ToLowerInvariant();
        foreach (var format in formats)
        {
            if (extension == format || (extension is "jpg" or "jpeg" && format is "jpg" or "jpeg")) return;
        }

        Add(field, $"must be a {string.Join(", ", formats)} file (was .{extension})", errorCode);
    }

    /// <summary>Each URL must pass <see cref="MediaFormat"/>.</summary>
    public void MediaFormats(string field, IReadOnlyList<string>? urls, IReadOnlyList<string> formats, string? errorCode = null)
    {
        if (urls is null) return;
        for (var i = 0; i < urls.Count; i++) MediaFormat(Invariant($"{field}[{i}]"), urls[i], formats, errorCode);
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
            Add(field, Invariant($"must equal the sum of {partName} ({LimitText.Number(sum)}) when both are given (was {LimitText.Number(expected)})"), errorCode);
        }
    }

    /// <summary>The problems found so far.</summary>
    public ValidationResult ToResult() => _problems is null ? ValidationResult.Valid : new ValidationResult(_problems.ToArray());

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
