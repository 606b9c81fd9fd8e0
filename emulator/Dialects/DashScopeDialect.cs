using System;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;
using HappyHorse.Emulator.Json;
using HappyHorse.Generated.Models;
using Microsoft.AspNetCore.Http;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// DashScope (service document 004): POST …/video-synthesis with <c>X-DashScope-Async: enable</c>, GET /api/v1/tasks/{id},
/// POST /api/v1/tasks/{id}/cancel for PENDING tasks. Answers carry <c>request_id</c> and an <c>output</c> object;
/// errors are <c>{code, message, request_id}</c>.
/// </summary>
internal sealed class DashScopeDialect() : Dialect(HappyHorseProfiles.DashScope, MediaKind.Video)
{
    private const string AsyncHeader = "X-DashScope-Async";

    // DashScope's time format: local date and time with milliseconds, no zone; the emulator writes UTC.
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss.fff";

    public override string TaskId(int seed, long number) => Seeded.Uuid(seed, Seeded.TaskIdStream, number);

    public override JsonObject SubmitAnswer(TaskView view)
    {
        var root = new JsonObject();
        PutTaskId(root, view);
        PutStatus(root, view);
        root["request_id"] = view.RequestId;
        return root;
    }

    public override JsonObject StatusAnswer(TaskView view)
    {
        var task = view.Task;
        var root = new JsonObject { ["request_id"] = view.RequestId };
        PutTaskId(root, view);
        PutStatus(root, view);
        JsonTree.Set(root, "output.submit_time", Time(task.CreatedAt));
        if (view.Phase != TaskPhase.Queued && view.Phase != TaskPhase.Canceled) JsonTree.Set(root, "output.scheduled_time", Time(task.StartsAt));
        if (IsFinished(view.Phase)) JsonTree.Set(root, "output.end_time", Time(view.Phase == TaskPhase.Canceled ? task.CanceledAt!.Value : task.CompletesAt));
        if (view.Phase == TaskPhase.Succeeded)
        {
            PutResultUrl(root, view);
            root["usage"] = new JsonObject { ["video_duration"] = task.Results.Seconds, ["video_count"] = 1 };
        }

        if (view.Phase == TaskPhase.Failed)
        {
            // The profile reads output.message first, then output.code.
            JsonTree.Set(root, "output.code", "InternalError");
            PutFailure(root, task.FailureMessage);
        }

        return root;
    }

    /// <summary>Without <c>X-DashScope-Async: enable</c> DashScope refuses video synthesis: it has no synchronous mode.</summary>
    public override Answer? RefuseSubmitHeaders(IHeaderDictionary headers, string requestId) =>
        headers[AsyncHeader].ToString() == "enable"
            ? null
            : new Answer(StatusCodes.Status403Forbidden, ErrorBody(ErrorKind.InvalidRequest, "AccessDenied", "current user api does not support synchronous calls", requestId));

    /// <summary>DashScope reports a task it does not know (never issued, or past its 24 hours) as UNKNOWN, not as an error.</summary>
    public override Answer UnknownTask(string? taskId, string requestId)
    {
        var root = new JsonObject { ["request_id"] = requestId };
        JsonTree.Set(root, Profile.TaskIdPaths[0].Text, taskId);
        JsonTree.Set(root, Profile.Status.Paths[0].Text, Profile.Status.Expired.FirstOrDefault() ?? "UNKNOWN");
        return new Answer(StatusCodes.Status200OK, root);
    }

    public override Answer Canceled(TaskView view) => new(StatusCodes.Status200OK, new JsonObject { ["request_id"] = view.RequestId });

    public override Answer CannotCancel(string? taskId, string requestId) =>
        new(StatusCodes.Status400BadRequest, ErrorBody(ErrorKind.InvalidRequest, "UnsupportedOperation", "Failed to cancel the task, please confirm if the task is in PENDING status.", requestId));

    protected override string UnknownPathCode => "NotFound";

    protected override JsonObject ErrorBody(ErrorKind kind, string code, string message, string requestId) =>
        new() { ["code"] = code, ["message"] = message, ["request_id"] = requestId };

    // The profile documents 400 InvalidParameter and 401 InvalidApiKey; the rest are DashScope's usual codes
    // (402 carries "Arrearage", DashScope's code for an account without funds).
    protected override string FallbackCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InsufficientCredits => "Arrearage",
        ErrorKind.TaskNotFound => "NotFound",
        ErrorKind.RateLimited => "Throttling",
        _ => "InternalError",
    };

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);
}
