using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace HappyHorse.Generated;

/// <summary>A generated list item or value of several shapes: it checks its own fields and writes itself as a JSON value.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRequestPart
{
    /// <summary>Adds this value's problems to <paramref name="validator"/>, named relative to the value.</summary>
    /// <param name="validator">Where problems go.</param>
    /// <param name="field">The field that holds the value: a list's <see cref="FieldInfo.ItemFields"/> or a value's <see cref="FieldInfo.Variants"/> describe it.</param>
    void ValidateInto(ref RequestValidator validator, FieldInfo field);

    /// <summary>Writes the value (an object for a list item).</summary>
    void WriteJson(Utf8JsonWriter writer);
}

/// <summary>Writes the parts of a request body that generated code would otherwise spell out field by field.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RequestBody
{
    /// <summary>Writes <paramref name="values"/> as an array property; nothing when <see langword="null"/>.</summary>
    public static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string>? values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (values is null) return;
        writer.WriteStartArray(name);
        for (var i = 0; i < values.Count; i++) writer.WriteStringValue(values[i]);
        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="items"/> as an array property of objects; nothing when <see langword="null"/>.</summary>
    public static void WriteItems<T>(Utf8JsonWriter writer, string name, IReadOnlyList<T>? items)
        where T : class, IRequestPart
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (items is null) return;
        writer.WriteStartArray(name);
        for (var i = 0; i < items.Count; i++) items[i].WriteJson(writer);
        writer.WriteEndArray();
    }

    /// <summary>Writes a property whose value is fixed JSON text.</summary>
    public static void WriteRaw(Utf8JsonWriter writer, string name, string json)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(name);
        writer.WriteRawValue(json);
    }

    /// <summary>Writes a value of several shapes as a property; nothing when <see langword="null"/>.</summary>
    public static void WritePart<T>(Utf8JsonWriter writer, string name, T? value)
        where T : class, IRequestPart
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value is null) return;
        writer.WritePropertyName(name);
        value.WriteJson(writer);
    }
}
