using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// A location in a JSON response such as <c>data.response.resultUrls[0]</c>: property names joined by dots,
/// array indexes in brackets, <c>[*]</c> for every item of an array (<c>data.data.data[*].url</c>).
/// </summary>
internal sealed class ResponsePath
{
    private readonly ResponsePathSegment[] _segments;

    private ResponsePath(string text, ResponsePathSegment[] segments)
    {
        Text = text;
        _segments = segments;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>The steps of the path, in order: property names and array indexes.</summary>
    public IReadOnlyList<ResponsePathSegment> Segments => _segments;

    /// <summary>Parses a path; the generator has already checked the syntax of every path in a profile.</summary>
    /// <exception cref="FormatException">The path is empty or malformed.</exception>
    public static ResponsePath Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<ResponsePathSegment>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close == i + 2 && text[i + 1] == '*')
                {
                    segments.Add(new ResponsePathSegment(null, -1));
                    i = close + 1;
                    if (i < text.Length && text[i] == '.') i++;
                    continue;
                }

                if (close < 0 || !int.TryParse(text.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    throw new FormatException($"Malformed index in response path '{text}'.");
                }

                segments.Add(new ResponsePathSegment(null, index));
                i = close + 1;
                if (i < text.Length && text[i] == '.') i++;
                continue;
            }

            var end = text.IndexOfAny(['.', '['], i);
            if (end < 0) end = text.Length;
            if (end == i) throw new FormatException($"Empty name in response path '{text}'.");
            segments.Add(new ResponsePathSegment(text[i..end], -1));
            i = end < text.Length && text[end] == '.' ? end + 1 : end;
        }

        if (segments.Count == 0) throw new FormatException("A response path cannot be empty.");
        return new ResponsePath(text, segments.ToArray());
    }

    /// <summary>Whether the path has a <c>[*]</c> step, so it can name several values.</summary>
    public bool HasWildcard => Array.Exists(_segments, s => s.IsAnyItem);

    /// <summary>Every value at this path (several where it has <c>[*]</c>), in document order; missing and null values are skipped.</summary>
    public IReadOnlyList<JsonElement> FindAll(JsonElement root)
    {
        var found = new List<JsonElement>();
        Collect(root, 0, found);
        return found;
    }

    private void Collect(JsonElement current, int step, List<JsonElement> found)
    {
        for (; step < _segments.Length; step++)
        {
            var segment = _segments[step];
            if (segment.IsAnyItem)
            {
                if (current.ValueKind != JsonValueKind.Array) return;
                foreach (var item in current.EnumerateArray()) Collect(item, step + 1, found);
                return;
            }

            if (segment.Name is { } name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current)) return;
            }
            else if (current.ValueKind != JsonValueKind.Array || segment.Index >= current.GetArrayLength())
            {
                return;
            }
            else
            {
                current = current[segment.Index];
            }
        }

        if (current.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)) found.Add(current);
    }

    /// <summary>Finds the value at this path (the first, where it has <c>[*]</c>), or returns false when any step is missing or null.</summary>
    public bool TryFind(JsonElement root, out JsonElement value)
    {
        if (HasWildcard)
        {
            var all = FindAll(root);
            value = all.Count > 0 ? all[0] : default;
            return all.Count > 0;
        }

        var current = root;
        foreach (var segment in _segments)
        {
            if (segment.Name is { } name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    value = default;
                    return false;
                }
            }
            else if (current.ValueKind != JsonValueKind.Array || segment.Index >= current.GetArrayLength())
            {
                value = default;
                return false;
            }
            else
            {
                current = current[segment.Index];
            }
        }

        value = current;
        return current.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);
    }

    /// <summary>The value at this path in <paramref name="root"/>, or <see langword="null"/> when any step is missing or null, or the path has a <c>[*]</c> step.</summary>
    internal JsonNode? FindIn(JsonObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (HasWildcard) return null;
        JsonNode? current = root;
        foreach (var segment in _segments)
        {
            current = segment.Name is { } name
                ? current is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null
                : current is JsonArray array && segment.Index < array.Count ? array[segment.Index] : null;
            if (current is null) return null;
        }

        return current;
    }

    /// <summary>Writes <paramref name="value"/> at this path in <paramref name="root"/>, creating the objects and arrays on the way.</summary>
    /// <exception cref="InvalidOperationException">The path has a <c>[*]</c> step, which names no one place.</exception>
    public void SetIn(JsonObject root, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (HasWildcard) throw new InvalidOperationException($"'{Text}' has [*]: put a number in its place to write one item.");
        JsonNode current = root;
        for (var i = 0; i < _segments.Length; i++)
        {
            var segment = _segments[i];
            var last = i == _segments.Length - 1;
            var nextIsIndex = !last && _segments[i + 1].Name is null;
            if (segment.Name is { } name)
            {
                var obj = current.AsObject();
                if (last)
                {
                    obj[name] = value;
                    return;
                }

                if (obj[name] is not { } child)
                {
                    child = nextIsIndex ? new JsonArray() : new JsonObject();
                    obj[name] = child;
                }

                current = child;
            }
            else
            {
                var array = current.AsArray();
                while (array.Count <= segment.Index) array.Add(last ? null : nextIsIndex ? new JsonArray() : new JsonObject());
                if (last)
                {
                    array[segment.Index] = value;
                    return;
                }

                current = array[segment.Index] ??= nextIsIndex ? new JsonArray() : new JsonObject();
            }
        }
    }

    /// <summary>The first of <paramref name="paths"/> that holds a non-empty string (or, failing that, a number, as text).</summary>
    public static string? FirstText(IReadOnlyList<ResponsePath> paths, JsonElement root)
    {
        string? number = null;
        foreach (var path in paths)
        {
            if (!path.TryFind(root, out var value)) continue;
            if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text) return text;
            if (value.ValueKind == JsonValueKind.Number) number ??= value.GetRawText();
        }

        return number;
    }

    /// <inheritdoc />
    public override string ToString() => Text;

}

/// <summary>One step of a <see cref="ResponsePath"/>: a property <paramref name="Name"/>, or an array <paramref name="Index"/> when the name is null (every item when the index is -1).</summary>
/// <param name="Name">The property name, or <see langword="null"/> for an index.</param>
/// <param name="Index">The array index, or -1 for a property or for <c>[*]</c>.</param>
internal readonly record struct ResponsePathSegment(string? Name, int Index)
{
    /// <summary>Whether the step is <c>[*]</c>: every item of an array.</summary>
    public bool IsAnyItem => Name is null && Index < 0;
}
