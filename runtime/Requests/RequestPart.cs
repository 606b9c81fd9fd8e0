using System;
using System.Buffers;
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
    /// <param name="writer">Where the value goes.</param>
    /// <param name="field">The field that holds the value, whose metadata carries the pre-encoded names of the value's own fields.</param>
    void WriteJson(Utf8JsonWriter writer, FieldInfo field);
}

/// <summary>Writes the parts of a request body that generated code would otherwise spell out field by field.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RequestBody
{
    /// <summary>
    /// The JSON body <paramref name="request"/> writes, for code that reads it back (a price estimate, a tool, a merge
    /// of extra fields). Not the submit path: the client writes submits into its own reused buffer.
    /// </summary>
    public static ReadOnlyMemory<byte> ToUtf8Json(IGenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer)) request.WriteJsonBody(writer);
        return buffer.WrittenMemory;
    }

    /// <summary>Writes the model id under the operation's model field; nothing when the dialect sends it only in the path.</summary>
    public static void WriteModel(Utf8JsonWriter writer, OperationInfo operation)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(operation);
        if (operation.ModelFieldName is { } name) writer.WriteString(name, operation.ModelId);
    }

    /// <summary>Writes <paramref name="values"/> as an array property; nothing when <see langword="null"/>.</summary>
    public static void WriteStrings(Utf8JsonWriter writer, FieldInfo field, IReadOnlyList<string>? values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(field);
        if (values is null) return;
        writer.WriteStartArray(field.JsonName);
        for (var i = 0; i < values.Count; i++) writer.WriteStringValue(values[i]);
        writer.WriteEndArray();
    }

    /// <summary>Writes <paramref name="items"/> as an array property of objects; nothing when <see langword="null"/>.</summary>
    public static void WriteItems<T>(Utf8JsonWriter writer, FieldInfo field, IReadOnlyList<T>? items)
        where T : class, IRequestPart
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(field);
        if (items is null) return;
        writer.WriteStartArray(field.JsonName);
        for (var i = 0; i < items.Count; i++) items[i].WriteJson(writer, field);
        writer.WriteEndArray();
    }

    /// <summary>Writes a property whose value is fixed JSON text.</summary>
    public static void WriteRaw(Utf8JsonWriter writer, FieldInfo field, string json)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(field);
        writer.WritePropertyName(field.JsonName);
        writer.WriteRawValue(json);
    }

    /// <summary>Writes a value of several shapes as a property; nothing when <see langword="null"/>.</summary>
    public static void WritePart<T>(Utf8JsonWriter writer, FieldInfo field, T? value)
        where T : class, IRequestPart
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(field);
        if (value is null) return;
        writer.WritePropertyName(field.JsonName);
        value.WriteJson(writer, field);
    }
}
