using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;

namespace HappyHorse.Generated;

/// <summary>
/// Collects the problems of one request from the limits its fields carry, so every message is worded in one place.
/// Generated builders and the emulator's body check both call it. A valid request allocates nothing: a problem's
/// field name and sentence are built only when the problem is found.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct RequestValidator
{
    private List<Entry>? _problems;

    /// <summary>Whether a problem has been found.</summary>
    public readonly bool HasProblems => _problems is not null;

    /// <summary>Records a problem of <paramref name="field"/> in the common wording; only the first problem of each field is kept, so one mistake reads as one problem.</summary>
    public void Add(string field, string problem, string? errorCode = null) => Add(field, problem, errorCode, fromRule: false);

    /// <summary>
    /// Records a problem; a field keeps its first problem of each origin, so a rule over several items (a count, a sum)
    /// is reported beside the field's own limit: the more specific message is not hidden by the list's size.
    /// </summary>
    private void Add(string field, string problem, string? errorCode, bool fromRule)
    {
        _problems ??= [];
        foreach (var existing in _problems)
        {
            if (existing.Field == field && existing.FromRule == fromRule) return;
        }

        _problems.Add(new Entry(field, problem, errorCode, null, fromRule));
    }

    /// <summary>Records a problem found elsewhere, keeping its wording.</summary>
    public void Add(ValidationProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        (_problems ??= []).Add(new Entry(problem.Field, problem.Message, problem.ErrorCode, problem, FromRule: false));
    }

    /// <summary>Checks a string field: required, allowed values, length, URL and media format.</summary>
    public void String(FieldInfo field, string? value)
    {
        if (value is null)
        {
            if (field.IsRequired) Add(field.Name, "is required", field.ErrorCode);
            return;
        }

        if (field.AllowedValues.Count > 0)
        {
            if (!Allows(field, value)) Add(field.Name, LimitText.NotAllowedProblem(field.AllowedValues, value), field.ErrorCode);
            return;
        }

        if (LimitText.LengthProblem(field.MinLength, field.MaxLength, field.CjkCountsDouble, value) is { } lengthProblem) Add(field.Name, lengthProblem, field.ErrorCode);
        if (field.Format == "url" && UrlProblem(value) is { } urlProblem) Add(field.Name, urlProblem, field.ErrorCode);
        if (field.Media is { Formats.Count: > 0 } media && ExtensionProblem(value, media.Formats) is { } mediaProblem) Add(field.Name, mediaProblem, field.ErrorCode);
    }

    /// <summary>Checks a whole-number field against its range.</summary>
    public void Integer(FieldInfo field, long? value)
    {
        if (value is not { } v) return;
        if (LimitText.RangeProblem(field.Minimum, field.Maximum, v) is { } problem) Add(field.Name, problem, field.ErrorCode);
    }

    /// <summary>Checks a number field: finite and in its range.</summary>
    public void Number(FieldInfo field, double? value)
    {
        if (value is not { } v) return;
        if (!double.IsFinite(v))
        {
            Add(field.Name, "must be a finite number", field.ErrorCode);
        }
        else if (LimitText.RangeProblem(field.Minimum, field.Maximum, v) is { } problem)
        {
            Add(field.Name, problem, field.ErrorCode);
        }
    }

    /// <summary>Checks a list of strings: required, item count, URLs and media formats.</summary>
    public void Strings(FieldInfo field, IReadOnlyList<string>? values)
    {
        if (!List(field, values)) return;
        for (var i = 0; i < values!.Count; i++)
        {
            if (values[i] is null) Add(Indexed(field.Name, i), "is required", field.ErrorCode);
        }

        if (field.Format == "url")
        {
            for (var i = 0; i < values!.Count; i++)
            {
                if (values[i] is not null && UrlProblem(values[i]) is { } problem) Add(Indexed(field.Name, i), problem, field.ErrorCode);
            }
        }

        if (field.Media is { Formats.Count: > 0 } media)
        {
            for (var i = 0; i < values!.Count; i++)
            {
                if (values[i] is not null && ExtensionProblem(values[i], media.Formats) is { } problem) Add(Indexed(field.Name, i), problem, field.ErrorCode);
            }
        }
    }

    /// <summary>Checks a list of objects: required, item count, then each item under its indexed name.</summary>
    internal void Items<T>(FieldInfo field, IReadOnlyList<T>? items)
        where T : class, IRequestPart => Items(field, items, static (item, list) => FieldVisitor.Validate(item, list.ItemFields));

    /// <summary>Checks a list of objects, each item by <paramref name="check"/>, which returns the item's own problems.</summary>
    internal void Items<T>(FieldInfo field, IReadOnlyList<T>? items, Func<T, FieldInfo, RequestValidator> check)
    {
        if (!List(field, items)) return;
        for (var i = 0; i < items!.Count; i++)
        {
            if (items[i] is not { } item)
            {
                Add(Indexed(field.Name, i), "is required", field.ErrorCode);
                continue;
            }

            var inner = check(item, field);
            if (inner.HasProblems) Merge(Indexed(field.Name, i) + ".", inner);
        }
    }

    /// <summary>Checks a value of several shapes: required, then the shape it holds, under the field's name.</summary>
    internal void OneOf<T>(FieldInfo field, T? value)
        where T : class, IRequestPart
    {
        if (value is null)
        {
            if (field.IsRequired) Add(field.Name, "is required", field.ErrorCode);
            return;
        }

        var inner = FieldVisitor.Validate(value, field.Variants);
        if (inner.HasProblems) Merge(field.Name, inner);
    }

    /// <summary>Adds the problems of a part checked on its own (an item, a value of several shapes), its field names put after <paramref name="prefix"/>.</summary>
    public void Merge(string prefix, in RequestValidator part)
    {
        if (part._problems is null) return;
        foreach (var entry in part._problems)
        {
            if (entry.Formatted is { } formatted) Add(formatted);
            else Add(prefix + entry.Field, entry.Problem, entry.ErrorCode, entry.FromRule);
        }
    }

    /// <summary>A <see cref="RuleKind.Sum"/> rule: when both are set, <paramref name="value"/> equals the sum of <paramref name="part"/> over <paramref name="items"/>.</summary>
    public void Sum<T>(RuleInfo rule, double? value, IReadOnlyList<T>? items, Func<T, double?> part)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(part);
        if (value is not { } expected || items is null) return;
        var sum = 0d;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item || part(item) is not { } piece) return;
            sum += piece;
        }

        if (sum != expected)
        {
            Add(rule.Field!, fromRule: true, errorCode: rule.ErrorCode, problem: Invariant($"must equal the sum of {rule.List}[].{rule.ItemField} ({LimitText.Number(sum)}) when both are given (was {LimitText.Number(expected)})"));
        }
    }

    /// <summary>A <see cref="RuleKind.Count"/> rule: the items whose <paramref name="part"/> is the rule's value number within its bounds.</summary>
    public void Count<T>(RuleInfo rule, IReadOnlyList<T>? items, Func<T, string?> part)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(part);
        if (items is null) return;
        var count = 0;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is { } item && string.Equals(part(item), rule.Value, StringComparison.Ordinal)) count++;
        }

        if (OutOfBounds(count, rule.Min, rule.Max))
        {
            Add(rule.List!, LimitText.CountRule(rule.ItemField!, rule.Value!, rule.Min, rule.Max) + Invariant($" (held {count})"), rule.ErrorCode, fromRule: true);
        }
    }

    /// <summary>A <see cref="RuleKind.TotalCount"/> rule: <paramref name="count"/> values among the rule's fields, within its bounds.</summary>
    public void TotalCount(RuleInfo rule, int count)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (OutOfBounds(count, rule.Min, rule.Max))
        {
            Add(string.Join(" + ", rule.Fields), LimitText.TotalCountRule(rule.Min, rule.Max) + Invariant($" (held {count})"), rule.ErrorCode);
        }
    }

    /// <summary>A <see cref="RuleKind.Requires"/> rule for one required field: when the rule's field is set, <paramref name="required"/> is set too.</summary>
    public void Requires(RuleInfo rule, bool isSet, string required, bool requiredIsSet)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (isSet && !requiredIsSet) Add(required, LimitText.RequiresRule(rule.Field!), rule.ErrorCode);
    }

    /// <summary>The problems found, each a sentence naming <paramref name="operation"/>'s model and operation.</summary>
    public readonly ValidationResult ToResult(OperationInfo operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (_problems is null) return ValidationResult.Valid;
        var problems = new ValidationProblem[_problems.Count];
        for (var i = 0; i < problems.Length; i++)
        {
            var entry = _problems[i];
            problems[i] = entry.Formatted ?? new ValidationProblem(entry.Field, $"{operation.ModelId} {operation.OperationId}: {entry.Field} {entry.Problem}.", entry.ErrorCode);
        }

        return new ValidationResult(problems);
    }

    /// <summary>Whether <paramref name="value"/> is among the field's allowed values.</summary>
    internal static bool Allows(FieldInfo field, string value)
    {
        var allowed = field.AllowedValues;
        if (allowed.Count > 16) return field.AllowedSet.Contains(value);
        for (var i = 0; i < allowed.Count; i++)
        {
            if (string.Equals(allowed[i], value, StringComparison.Ordinal)) return true;
        }

        return false;
    }

    private bool List<T>(FieldInfo field, IReadOnlyList<T>? items)
    {
        if (items is null)
        {
            if (field.IsRequired) Add(field.Name, "is required", field.ErrorCode);
            return false;
        }

        if (LimitText.ItemCountProblem(field.MinItems, field.MaxItems, items.Count) is { } problem) Add(field.Name, problem, field.ErrorCode);

        return true;
    }

    private static string? UrlProblem(string url) => IsHttpUrl(url) ? null : $"must be an absolute http or https URL (was '{url}')";

    /// <summary>Whether <paramref name="url"/> is an absolute http or https URL; plain ASCII URLs are checked without allocating.</summary>
    internal static bool IsHttpUrl(string url)
    {
        if (UrlParts.TryParse(url, out _)) return true;
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp);
    }

    /// <summary>When a URL's path ends in a file extension, it must be one of <paramref name="formats"/> (lower case, e.g. <c>png</c>); else the problem.</summary>
    internal static string? ExtensionProblem(string url, IReadOnlyList<string> formats)
    {
        ReadOnlySpan<char> path;
        if (UrlParts.TryParse(url, out var pathRange)) path = url.AsSpan(pathRange);
        else if (Uri.TryCreate(url, UriKind.Absolute, out var parsed)) path = parsed.AbsolutePath;
        else return null;

        var dot = path.LastIndexOf('.');
        if (dot < 0 || dot < path.LastIndexOf('/')) return null;
        var extension = path[(dot + 1)..];
        var isJpeg = extension.Equals("jpg", StringComparison.OrdinalIgnoreCase) || extension.Equals("jpeg", StringComparison.OrdinalIgnoreCase);
        // Indexed, not foreach: enumerating an IReadOnlyList allocates, and a valid request allocates nothing.
        for (var i = 0; i < formats.Count; i++)
        {
            if (extension.Equals(formats[i], StringComparison.OrdinalIgnoreCase) || (isJpeg && formats[i] is "jpg" or "jpeg")) return null;
        }

        return $"must be a {string.Join(", ", formats)} file (was .{extension.ToString().ToLowerInvariant()})";
    }

    private static bool OutOfBounds(int count, int? min, int? max) => (min is { } low && count < low) || (max is { } high && count > high);

    private static string Indexed(string field, int index) => Invariant($"{field}[{index}]");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private readonly record struct Entry(string Field, string Problem, string? ErrorCode, ValidationProblem? Formatted, bool FromRule);
}

/// <summary>Reads the parts of a plain http(s) URL without allocating; anything unusual is left to <see cref="Uri"/>.</summary>
internal static class UrlParts
{
    /// <summary>Whether <paramref name="url"/> is <c>http(s)://host[:port]/path?query#fragment</c> in safe ASCII; <paramref name="path"/> is where its path lies.</summary>
    public static bool TryParse(string url, out Range path)
    {
        path = default;
        int authorityStart;
        if (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) authorityStart = 8;
        else if (url.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) authorityStart = 7;
        else return false;

        var i = authorityStart;
        var portStart = -1;
        for (; i < url.Length && url[i] is not ('/' or '?' or '#'); i++)
        {
            var c = url[i];
            if (c == ':' && portStart < 0) portStart = i;
            else if (portStart >= 0 ? !char.IsAsciiDigit(c) : !(char.IsAsciiLetterOrDigit(c) || c is '.' or '-')) return false;
        }

        var hostEnd = portStart >= 0 ? portStart : i;
        if (hostEnd == authorityStart || url[authorityStart] is '.' or '-' || url[hostEnd - 1] is '.' or '-') return false;
        if (url.AsSpan(authorityStart, hostEnd - authorityStart).Contains("..", StringComparison.Ordinal)) return false;
        if (portStart >= 0 && !(int.TryParse(url.AsSpan(portStart + 1, i - portStart - 1), System.Globalization.NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535)) return false;

        var pathStart = i;
        var pathEnd = url.Length;
        for (; i < url.Length; i++)
        {
            var c = url[i];
            if (c is '?' or '#')
            {
                if (pathEnd == url.Length) pathEnd = i;
            }
            else if (c <= ' ' || c >= 0x7F || c is '"' or '<' or '>' or '\\' or '^' or '`' or '{' or '|' or '}' or '%' or '[' or ']')
            {
                // Escapes and characters Uri would rewrite or refuse take the slow path.
                return false;
            }
        }

        path = pathStart == pathEnd ? new Range(pathStart, pathStart) : new Range(pathStart, pathEnd);
        return true;
    }
}
