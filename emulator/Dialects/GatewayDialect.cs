using System;
using System.Text.Json.Nodes;
using HappyHorse.Emulator.Json;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using Microsoft.AspNetCore.Http;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// What the gateway's families share (service document 000 documents no error body): OpenAI-style errors
/// <c>{error: {message, type, code}}</c>, which the gateway profiles read at <c>error.code</c> / <c>error.message</c>.
/// </summary>
internal abstract class GatewayDialect(ProtocolProfile profile, MediaKind results, string taskIdPrefix) : Dialect(profile, results)
{
    public override string TaskId(int seed, long number) => taskIdPrefix + Seeded.Hex(seed, Seeded.TaskIdStream, number, 16);

    protected override JsonObject ErrorBody(ErrorKind kind, string code, string message, string requestId) =>
        new() { ["error"] = new JsonObject { ["message"] = message, ["type"] = ErrorType(kind), ["code"] = code } };

    protected override string FallbackCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidApiKey => "invalid_api_key",
        ErrorKind.InsufficientCredits => "insufficient_quota",
        ErrorKind.TaskNotFound => "task_not_found",
        ErrorKind.RateLimited => "rate_limit_exceeded",
        _ => "internal_error",
    };

    private static string ErrorType(ErrorKind kind) => StatusOf(kind) switch
    {
        StatusCodes.Status402PaymentRequired => "insufficient_quota",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };
}

/// <summary>
/// Gateway images (service document 000): POST /v1/images/async/generations (JSON) or /v1/images/async/edits (multipart) answer
/// <c>{task_id}</c>; GET /v1/images/async/{id} answers <c>{data: {status, fail_reason, data: {created, data: [{url}
/// or {b64_json}]}}}</c>, one item per requested image.
/// </summary>
internal sealed class GatewayImagesDialect() : GatewayDialect(HappyHorseProfiles.GatewayImages, MediaKind.Image, "img_")
{
    public override JsonObject SubmitAnswer(TaskView view)
    {
        var root = new JsonObject();
        PutTaskId(root, view);
        return root;
    }

    public override JsonObject StatusAnswer(TaskView view)
    {
        var root = new JsonObject();
        PutStatus(root, view);
        PutFailure(root, view.Phase == TaskPhase.Failed ? view.Task.FailureMessage : null);
        if (view.Phase != TaskPhase.Succeeded) return root;

        JsonTree.Set(root, "data.data.created", UnixSeconds(view.Task.CompletesAt));

        // The profile names the first image; the others follow it in the same list.
        var inline = view.Task.Results.AsBase64;
        var firstItem = inline ? Profile.Result.Base64Paths[0].Text : Profile.Result.UrlPaths[0].Text;
        for (var i = 0; i < view.Task.Results.Count; i++)
        {
            JsonTree.Set(root, JsonTree.ItemPath(firstItem, i), inline ? Convert.ToBase64String(view.ResultBytes(i)) : view.ResultUrls[i].AbsoluteUri);
        }

        return root;
    }
}

/// <summary>
/// Gateway videos (service document 000): POST /v1/videos and GET /v1/videos/{id} answer a flat video object
/// <c>{id, task_id, object, model, status, progress, created_at, completed_at?, video_url?, fail_reason?}</c>.
/// </summary>
internal sealed class GatewayVideosDialect() : GatewayDialect(HappyHorseProfiles.GatewayVideos, MediaKind.Video, "video_")
{
    public override JsonObject SubmitAnswer(TaskView view) => VideoObject(view);

    public override JsonObject StatusAnswer(TaskView view)
    {
        var root = VideoObject(view);
        if (IsFinished(view.Phase)) root["completed_at"] = UnixSeconds(view.Task.CompletesAt);
        if (view.Phase == TaskPhase.Succeeded) PutResultUrl(root, view);
        if (view.Phase == TaskPhase.Failed) PutFailure(root, view.Task.FailureMessage);
        return root;
    }

    private JsonObject VideoObject(TaskView view)
    {
        var root = new JsonObject();
        PutTaskId(root, view);
        root["task_id"] = view.Task.Id; // the documentation reads id, task_id or output.task_id: the emulator sends the first two
        root["object"] = "video";
        root["model"] = view.Task.Operation.ModelId;
        PutStatus(root, view);
        PutProgress(root, view);
        root["created_at"] = UnixSeconds(view.Task.CreatedAt);
        return root;
    }
}

/// <summary>
/// Gateway /v1/videos/generations (service document 000, the grok and notevideo families): everything sits under
/// <c>output</c>: <c>{output: {task_id, task_status, media_url?, fail_reason?}}</c>; each family polls its own path.
/// </summary>
internal sealed class GatewayGenerationsDialect(ProtocolProfile profile, string taskIdPrefix) : GatewayDialect(profile, MediaKind.Video, taskIdPrefix)
{
    public override JsonObject SubmitAnswer(TaskView view) => Output(view);

    public override JsonObject StatusAnswer(TaskView view)
    {
        var root = Output(view);
        if (view.Phase == TaskPhase.Succeeded) PutResultUrl(root, view);
        if (view.Phase == TaskPhase.Failed) PutFailure(root, view.Task.FailureMessage);
        return root;
    }

    private JsonObject Output(TaskView view)
    {
        var root = new JsonObject();
        PutTaskId(root, view);
        PutStatus(root, view);
        return root;
    }
}
