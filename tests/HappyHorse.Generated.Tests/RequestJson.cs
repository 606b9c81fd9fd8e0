using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HappyHorse.Generated.Tests;

/// <summary>The body a request writes, and JSON equality that ignores property order and whitespace.</summary>
internal static class RequestJson
{
    public static string Body(IGenerationRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) request.WriteJsonBody(writer);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static void ShouldBeJsonEqual(string actual, string expected) =>
        JsonNode.DeepEquals(JsonNode.Parse(actual), JsonNode.Parse(expected)).ShouldBeTrue($"{actual}\nshould equal\n{expected}");
}
