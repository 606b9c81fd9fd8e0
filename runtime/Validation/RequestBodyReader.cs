using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace HappyHorse.Generated;

/// <summary>
/// Reads the fields of a JSON request body at their manifest paths, recording a problem for each value of the
/// wrong JSON type. Generated code uses it so a body can be checked with the same rules as a built request.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly struct RequestBodyReader
{
    private readonly JsonElement _body;
    private readonly RequestValidator _validator;
    private readonly string _prefix;
    private readonly bool _formEncoded;

    /// <summary>Reads <paramref name="body"/>, reporting type problems to <paramref name="validator"/>.</summary>
    /// <param name="body">The object to read fields from.</param>
    /// <param name="validator">Where problems go.</param>
    /// <param name="prefix">Put before each field name in problems, e.g. <c>multi_prompt[2].</c> for an item.</param>
    /// <param name="formEncoded">Whether the body came from a form, where every value is text: numbers and booleans are then read from strings.</param>
    public RequestBodyReader(JsonElement body, RequestValidator validator, string prefix = "", bool formEncoded = false)
    {
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(prefix);
        _body = body;
        _validator = validator;
        _prefix = prefix;
        _formEncoded = formEncoded;
    }

    /// <summary>A field of any JSON shape (a union field decides its variant from it).</summary>
    public JsonElement? Element(string field, string path, string? errorCode = null) => Find(path, out var value) ? value : null;

    /// <summary>A field written as a copy of another: when both are present, it must equal <paramref name="expectedText"/>, the other's value as text.</summary>
    public void Mirror(string field, string path, string? expectedText, string sourceField, string? errorCode = null)
    {
        if (!Find(path, out var value)) return;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        if (expectedText is null) _validator.Add(_prefix + field, $"must not be given without {sourceField}", errorCode);
        else if (text != expectedText) _validator.Add(_prefix + field, $"must equal {sourceField} ('{expectedText}', was '{text}')", errorCode);
    }

    /// <summary>An array-of-objects field: each item as an element; an item that is not an object is a problem.</summary>
    public IReadOnlyList<JsonElement>? ObjectArray(string field, string path, string? errorCode = null)
    {
        if (!Find(path, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) return Mistyped<IReadOnlyList<JsonElement>>(field, "an array of objects", value, errorCode);
        var items = new List<JsonElement>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object) return Mistyped<IReadOnlyList<JsonElement>>(field, "an array of objects", value, errorCode);
            items.Add(item);
        }

        return items;
    }

    /// <summary>A field whose value is fixed by the operation: it must be present and equal <paramref name="expectedJson"/>.</summary>
    public void Constant(string field, string path, string expectedJson, string? errorCode = null)
    {
        if (!Find(path, out var value))
        {
            _validator.Add(_prefix + field, $"must be {expectedJson}", errorCode);
        }
        else if (value.GetRawText() != expectedJson)
        {
            _validator.Add(_prefix + field, $"must be {expectedJson} (was {value.GetRawText()})", errorCode);
        }
    }

    /// <summary>A string field.</summary>
    public string? String(string field, string path, string? errorCode = null) =>
        Find(path, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : Mistyped<string>(field, "a string", value, errorCode) : null;

    /// <summary>An integer field (32-bit, like the generated property).</summary>
    public int? Int32(string field, string path, string? errorCode = null)
    {
        if (!Find(path, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)) return number;
        if (FormText(value) is { } text && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number)) return number;
        return MistypedValue<int>(field, "an integer", value, errorCode);
    }

    /// <summary>A number field.</summary>
    public double? Number(string field, string path, string? errorCode = null)
    {
        if (!Find(path, out var value)) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        if (FormText(value) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)) return number;
        return MistypedValue<double>(field, "a number", value, errorCode);
    }

    /// <summary>A boolean field.</summary>
    public bool? Boolean(string field, string path, string? errorCode = null)
    {
        if (!Find(path, out var value)) return null;
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        if (FormText(value) is "true" or "false") return FormText(value) == "true";
        return MistypedValue<bool>(field, "true or false", value, errorCode);
    }

    private string? FormText(JsonElement value) => _formEncoded && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An array-of-strings field.</summary>
    public IReadOnlyList<string>? StringArray(string field, string path, string? errorCode = null)
    {
        if (!Find(path, out var value)) return null;
        if (value.ValueKind != JsonValueKind.Array) return Mistyped<IReadOnlyList<string>>(field, "an array of strings", value, errorCode);
        var items = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String) return Mistyped<IReadOnlyList<string>>(field, "an array of strings", value, errorCode);
            items.Add(item.GetString()!);
        }

        return items;
    }

    private bool Find(string path, out JsonElement value)
    {
        value = _body;
        foreach (var name in path.Split('.'))
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value)) return false;
        }

        return value.ValueKind != JsonValueKind.Null;
    }

    private T? Mistyped<T>(string field, string expected, JsonElement value, string? errorCode)
        where T : class
    {
        _validator.Add(_prefix + field, $"must be {expected} (was {Describe(value)})", errorCode);
        return null;
    }

    private T? MistypedValue<T>(string field, string expected, JsonElement value, string? errorCode)
        where T : struct
    {
        _validator.Add(_prefix + field, $"must be {expected} (was {Describe(value)})", errorCode);
        return null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        _ => value.GetRawText(),
    };
}
