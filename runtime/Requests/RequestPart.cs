using System;
using System.Buffers;
using System.Collections.Generic;
using System.ComponentModel;
using System.Text.Json;

namespace HappyHorse.Generated;

/// <summary>A generated list item or value of several shapes: it names its fields for a <see cref="FieldVisitor"/>, which checks or writes them.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRequestPart
{
    /// <summary>Names every field of this value with its value, in body order, each by its position in the metadata of the field that holds the value (a list's <see cref="FieldInfo.ItemFields"/>, a value's <see cref="FieldInfo.Variants"/>).</summary>
    /// <param name="visitor">What is done with each field.</param>
    void VisitFields(ref FieldVisitor visitor);
}

/// <summary>Request bodies as UTF-8 JSON, for code that reads them back.</summary>
internal static class RequestBody
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
}
