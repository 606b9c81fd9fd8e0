using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>
/// Checks a JSON request body against an operation's field metadata with the same checks and wording as a built
/// request, plus the problems only a body can have (a value of the wrong JSON type, a fixed value changed, a copy that
/// differs from its source). A body from a form carries every value as text, so numbers and booleans are read from
/// strings there.
/// </summary>
internal static class BodyValidator
{
    public static ValidationResult Validate(OperationInfo operation, JsonElement body)
    {
        var validator = default(RequestValidator);
        var form = operation.ContentType == RequestContentType.Multipart;
        Object(ref validator, operation.Fields, body, form);
        foreach (var rule in operation.Rules) Rule(ref validator, rule, operation.Fields, body);
        return validator.ToResult(operation);
    }

    private static void Object(ref RequestValidator v, IReadOnlyList<FieldInfo> fields, JsonElement body, bool form)
    {
        foreach (var field in fields)
        {
            if (field.ConstantJson is { } constant) Constant(ref v, field, body, constant);
            else if (field.MirrorOf is null) Field(ref v, field, Find(body, field), form);
        }

        foreach (var field in fields)
        {
            if (field.MirrorOf is { } source) Mirror(ref v, field, body, FieldInfo.Find(fields, source));
        }
    }

    /// <summary>Checks one value found at a field's path (<see langword="null"/> when absent), under the field's name.</summary>
    private static void Field(ref RequestValidator v, FieldInfo field, JsonElement? found, bool form)
    {
        if (found is not { } value)
        {
            if (field.IsRequired) v.Add(field.Name, "is required", field.ErrorCode);
            return;
        }

        switch (field.Kind)
        {
            case FieldKind.String when value.ValueKind == JsonValueKind.String:
                v.String(field, value.GetString());
                break;
            case FieldKind.Integer when Integer(value, form) is { } integer:
                v.Integer(field, integer);
                break;
            case FieldKind.Number when Number(value, form) is { } number:
                v.Number(field, number);
                break;
            case FieldKind.Boolean when Boolean(value, form) is not null:
                break;
            case FieldKind.StringArray when AllOf(value, JsonValueKind.String):
                var strings = new List<string>();
                foreach (var item in value.EnumerateArray()) strings.Add(item.GetString()!);
                v.Strings(field, strings);
                break;
            case FieldKind.ObjectArray when AllOf(value, JsonValueKind.Object):
                var elements = new List<JsonElement>();
                foreach (var item in value.EnumerateArray()) elements.Add(item);
                v.Items(field, elements, static (item, list) =>
                {
                    var inner = default(RequestValidator);
                    Object(ref inner, list.ItemFields, item, form: false);
                    return inner;
                });
                break;
            case FieldKind.OneOf:
                OneOf(ref v, field, value, form);
                break;
            default:
                v.Add(field.Name, $"must be {Expected(field.Kind)} (was {Describe(value)})", field.ErrorCode);
                break;
        }
    }

    /// <summary>A value of several shapes: the first variant whose JSON type matches is checked, under the field's name.</summary>
    private static void OneOf(ref RequestValidator v, FieldInfo field, JsonElement value, bool form)
    {
        foreach (var variant in field.Variants)
        {
            var matches = variant.Kind switch
            {
                FieldKind.String => value.ValueKind == JsonValueKind.String,
                FieldKind.Integer => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
                FieldKind.Number => value.ValueKind == JsonValueKind.Number,
                FieldKind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                FieldKind.StringArray => AllOf(value, JsonValueKind.String),
                FieldKind.ObjectArray => AllOf(value, JsonValueKind.Object),
                _ => false,
            };
            if (!matches) continue;
            var inner = default(RequestValidator);
            Field(ref inner, variant, value, form);
            v.Merge(field.Name, inner);
            return;
        }

        var expected = new List<string>();
        foreach (var variant in field.Variants) expected.Add(Expected(variant.Kind));
        v.Add(field.Name, "must be " + string.Join(" or ", expected), field.ErrorCode);
    }

    private static void Constant(ref RequestValidator v, FieldInfo field, JsonElement body, string expected)
    {
        if (Find(body, field) is not { } value) v.Add(field.Name, $"must be {expected}", field.ErrorCode);
        else if (value.GetRawText() != expected) v.Add(field.Name, $"must be {expected} (was {value.GetRawText()})", field.ErrorCode);
    }

    /// <summary>A field sent as a copy of another: when present, it must equal the source's value as text.</summary>
    private static void Mirror(ref RequestValidator v, FieldInfo mirror, JsonElement body, FieldInfo? source)
    {
        if (source is null || Find(body, mirror) is not { } value) return;
        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText();
        var expected = Find(body, source) is { } sourceValue ? AsText(source, sourceValue) : null;
        if (expected is null) v.Add(mirror.Name, $"must not be given without {source.Name}", mirror.ErrorCode);
        else if (text != expected) v.Add(mirror.Name, $"must equal {source.Name} ('{expected}', was '{text}')", mirror.ErrorCode);
    }

    private static void Rule(ref RequestValidator v, RuleInfo rule, IReadOnlyList<FieldInfo> fields, JsonElement body)
    {
        switch (rule.Kind)
        {
            case RuleKind.Sum:
                var target = FieldInfo.Find(fields, rule.Field!);
                var list = FieldInfo.Find(fields, rule.List!);
                if (target is null || list is null) return;
                var part = FieldInfo.Find(list.ItemFields, rule.ItemField!);
                v.Sum(rule, Number(Find(body, target), form: false), Items(body, list), item => part is null ? null : Number(Find(item, part), form: false));
                break;
            case RuleKind.Count:
                var items = FieldInfo.Find(fields, rule.List!);
                if (items is null) return;
                var key = FieldInfo.Find(items.ItemFields, rule.ItemField!);
                v.Count(rule, Items(body, items), item => key is not null && Find(item, key) is { ValueKind: JsonValueKind.String } text ? text.GetString() : null);
                break;
            case RuleKind.TotalCount:
                var count = 0;
                foreach (var name in rule.Fields)
                {
                    if (FieldInfo.Find(fields, name) is not { } counted || Find(body, counted) is not { } value) continue;
                    count += value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1;
                }

                v.TotalCount(rule, count);
                break;
            case RuleKind.Requires:
                var isSet = FieldInfo.Find(fields, rule.Field!) is { } when && Find(body, when) is not null;
                foreach (var name in rule.Fields)
                {
                    v.Requires(rule, isSet, name, FieldInfo.Find(fields, name) is { } required && Find(body, required) is not null);
                }

                break;
        }
    }

    private static List<JsonElement>? Items(JsonElement body, FieldInfo list)
    {
        if (Find(body, list) is not { ValueKind: JsonValueKind.Array } array) return null;
        var items = new List<JsonElement>();
        foreach (var item in array.EnumerateArray()) items.Add(item);
        return items;
    }

    /// <summary>A value as the text a form part or a copy carries, as a built request would write it.</summary>
    private static string? AsText(FieldInfo field, JsonElement value) => field.Kind switch
    {
        FieldKind.Integer when Integer(value, form: true) is { } integer => integer.ToString(CultureInfo.InvariantCulture),
        FieldKind.Number when Number(value, form: true) is { } number => number.ToString(CultureInfo.InvariantCulture),
        FieldKind.Boolean when Boolean(value, form: true) is { } flag => flag ? "true" : "false",
        FieldKind.String when value.ValueKind == JsonValueKind.String => value.GetString(),
        _ => null,
    };

    // Read as a 64-bit integer, so a whole number past a 32-bit field's range is told its range, not its type.
    private static long? Integer(JsonElement? found, bool form)
    {
        if (found is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)) return number;
        return form && value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number) ? number : null;
    }

    private static double? Number(JsonElement? found, bool form)
    {
        if (found is not { } value) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        return form && value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : null;
    }

    private static bool? Boolean(JsonElement value, bool form)
    {
        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value.GetBoolean();
        return form && value.ValueKind == JsonValueKind.String && value.GetString() is "true" or "false" ? value.GetString() == "true" : null;
    }

    private static bool AllOf(JsonElement value, JsonValueKind kind)
    {
        if (value.ValueKind != JsonValueKind.Array) return false;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != kind) return false;
        }

        return true;
    }

    /// <summary>The value at a field's path (the element itself when the path is empty); <see langword="null"/> when absent or JSON null.</summary>
    private static JsonElement? Find(JsonElement body, FieldInfo field)
    {
        if (field.BodyPath is not { } path) return body.ValueKind == JsonValueKind.Null ? null : body;
        return path.TryFind(body, out var value) ? value : null;
    }

    private static string Expected(FieldKind kind) => kind switch
    {
        FieldKind.String => "a string",
        FieldKind.Integer => "an integer",
        FieldKind.Number => "a number",
        FieldKind.Boolean => "true or false",
        FieldKind.StringArray => "an array of strings",
        FieldKind.ObjectArray => "an array of objects",
        _ => "a value of one of its shapes",
    };

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "the number " + value.GetRawText(),
        _ => value.GetRawText(),
    };
}
