using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using HappyHorse.Generated.Models;

using static HappyHorse.Generated.Tests.RequestJson;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>Where an operation sends its requests: the submit path, the dialect (profile) and the path a task is polled at.</summary>
internal sealed record Endpoint(string SubmitPath, string ProfileId, string PollTemplate)
{
    public static Endpoint GatewayVideos { get; } = new("/v1/videos", "gateway-videos", "/v1/videos/{task_id}");

    public static Endpoint GatewayVideosGrok { get; } = new("/v1/videos/generations", "gateway-videos-grok", "/v1/videos/grok/{task_id}");

    public static Endpoint GatewayVideosNoteVideo { get; } = new("/v1/videos/generations", "gateway-videos-notevideo", "/v1/videos/notevideo/{task_id}");

    public static Endpoint GatewayImageGenerations { get; } = new("/v1/images/async/generations", "gateway-images", "/v1/images/async/{task_id}");

    public static Endpoint GatewayImageEdits { get; } = new("/v1/images/async/edits", "gateway-images", "/v1/images/async/{task_id}");
}

/// <summary>
/// The checks every catalog test makes of a documented example: the request, built through the generated typed API, validates
/// and writes the documentation's body; the documentation's body passes the operation's own body check; the operation goes to its endpoint.
/// </summary>
internal static class DocumentedExample
{
    /// <summary>The request validates, writes <paramref name="documentedJson"/> and goes to <paramref name="endpoint"/>.</summary>
    public static void ShouldMatch(IGenerationRequest request, string documentedJson, Endpoint endpoint)
    {
        ShouldWrite(request, documentedJson);
        ShouldGoTo(request.Operation, endpoint);
    }

    /// <summary>The request validates and writes <paramref name="json"/> (JSON-equal: property order and whitespace aside).</summary>
    public static void ShouldWrite(IGenerationRequest request, string json)
    {
        request.Validate().Problems.ShouldBeEmpty();
        ShouldBeJsonEqual(Body(request), json);
    }

    /// <summary>The operation is submitted, and its task polled, at <paramref name="endpoint"/>.</summary>
    public static void ShouldGoTo(OperationInfo info, Endpoint endpoint)
    {
        info.SubmitPath.ShouldBe(endpoint.SubmitPath);
        info.Profile.Id.ShouldBe(endpoint.ProfileId);
        info.Profile.Poll.PathTemplate.ShouldBe(endpoint.PollTemplate);
    }

    /// <summary>The documentation's body, read as JSON, passes the operation's body check (the emulator's and the client's untyped path).</summary>
    public static void ShouldPassTheBodyCheck(OperationInfo info, string documentedJson) =>
        info.ValidateBody(Parse(documentedJson)).Problems.ShouldBeEmpty(info.OperationId);

    /// <summary>The operation is identified by its own documented body and by none of <paramref name="otherDocumentedJsons"/>.</summary>
    public static void ShouldIdentifyOnly(OperationInfo info, string ownDocumentedJson, params string[] otherDocumentedJsons)
    {
        info.IsIdentifiedBy(Parse(ownDocumentedJson)).ShouldBeTrue($"{info.OperationId} against its own documented body");
        for (var i = 0; i < otherDocumentedJsons.Length; i++) info.IsIdentifiedBy(Parse(otherDocumentedJsons[i])).ShouldBeFalse($"{info.OperationId} against other seed body {i}");
    }

    /// <summary>The catalog's operations of one model, in manifest order.</summary>
    public static OperationInfo[] OperationsOf(string modelId) => HappyHorseCatalog.Operations.Where(o => o.ModelId == modelId).ToArray();

    /// <summary>
    /// The operation the emulator takes for a body: of the operations the body is identified by, the one that matches the
    /// most entries, the first of equals.
    /// </summary>
    public static string MostSpecificOperation(IEnumerable<OperationInfo> operations, string json)
    {
        var body = Parse(json);
        return operations.Where(o => o.IsIdentifiedBy(body)).OrderByDescending(o => o.IdentifiedBy.Count).First().OperationId;
    }

    public static JsonElement Parse(string json) => JsonElement.Parse(json);
}
