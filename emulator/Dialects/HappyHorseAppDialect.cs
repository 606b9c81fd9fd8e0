using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using HappyHorse.Emulator.Json;
using HappyHorse.Generated.Models;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// happyhorse.app (service document 002): POST /api/generate, GET /api/status?task_id=; every answer is wrapped in
/// <c>{code, message, data}</c>, task ids start with <c>n92</c>, and a task is IN_PROGRESS from the start (the
/// service's documentation has no queued word).
/// </summary>
internal sealed class HappyHorseAppDialect() : Dialect(HappyHorseProfiles.HappyHorseApp, MediaKind.Video)
{
    public override string TaskId(int seed, long number) => "n92" + Seeded.Hex(seed, Seeded.TaskIdStream, number, 12);

    public override JsonObject SubmitAnswer(TaskView view)
    {
        var root = Envelope();
        PutTaskId(root, view);
        PutStatus(root, view);
        return root;
    }

    public override JsonObject StatusAnswer(TaskView view)
    {
        var root = Envelope();
        PutTaskId(root, view);
        PutStatus(root, view);
        JsonTree.Set(root, "data.consumed_credits", view.Task.Credits);
        JsonTree.Set(root, "data.created_at", view.Task.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        JsonTree.Set(root, "data.type", view.Task.Operation.OperationId);
        JsonTree.Set(root, "data.request", JsonNode.Parse(view.Task.RequestJson));

        // The documentation: "response is usually null while IN_PROGRESS"; on SUCCESS it holds the resultUrls array.
        if (view.Phase == TaskPhase.Succeeded) JsonTree.Set(root, Profile.Result.UrlPaths[0].Text, new JsonArray(view.ResultUrls.Select(u => (JsonNode?)u.AbsoluteUri).ToArray()));
        else JsonTree.Set(root, "data.response", null);
        PutFailure(root, view.Phase == TaskPhase.Failed ? view.Task.FailureMessage : null);
        return root;
    }

    protected override string UnknownPathCode => "NOT_FOUND";

    protected override JsonObject ErrorBody(ErrorKind kind, string code, string message, string requestId) =>
        new() { ["code"] = code, ["message"] = message, ["data"] = null };

    // The profile documents 401, 402, 429 and 500; an unknown task id is not in the documentation.
    protected override string FallbackCode(ErrorKind kind) => kind == ErrorKind.TaskNotFound ? "TASK_NOT_FOUND" : "INTERNAL_ERROR";

    /// <summary>The success envelope: the profile's envelope code path holds its first success value.</summary>
    private JsonObject Envelope()
    {
        var root = new JsonObject();
        var envelope = Profile.Envelope!;
        JsonTree.Set(root, envelope.CodePath.Text, int.TryParse(envelope.SuccessValues[0], NumberStyles.None, CultureInfo.InvariantCulture, out var code) ? (JsonNode)code : envelope.SuccessValues[0]);
        root["message"] = "success";
        return root;
    }
}
