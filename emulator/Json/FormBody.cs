using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;

namespace HappyHorse.Emulator.Json;

/// <summary>
/// A multipart form as the JSON object the generated validators read (with <c>formEncoded</c>): every part is
/// text, so each value stays a string; a name sent more than once (a string list) becomes an array of strings.
/// </summary>
internal static class FormBody
{
    /// <summary>The JSON object of <paramref name="parts"/>, names in order of first appearance.</summary>
    /// <remarks>A list of one item is indistinguishable from a plain string on the wire; it reads as a string.</remarks>
    public static JsonObject ToJsonObject(IEnumerable<KeyValuePair<string, string>> parts)
    {
        var body = new JsonObject();
        foreach (var group in parts.GroupBy(p => p.Key))
        {
            var values = group.Select(p => p.Value).ToList();
            body[group.Key] = values.Count == 1 ? JsonValue.Create(values[0]) : new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
        }

        return body;
    }
}
