using System;
using System.Linq;
using System.Text.Json.Nodes;
using HappyHorse.Emulator.Json;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// Any dialect served from its profile alone, with no class of its own: every answer puts each value at the first
/// path the profile reads it from (task id, status word or present path, progress, queue position, results,
/// failure text, error code and message), so a new <c>*.profile.json</c> is served as the client reads it.
/// </summary>
/// <remarks>
/// Task ids are 16 hex digits, or <c>models/{model}/operations/{hex}</c> where the profile's task id is a path.
/// The submit answer is the status answer of the new task. Tasks of a model whose manifest's <c>result</c> is
/// <c>image</c> produce images, written at the first result path with <c>[*]</c> when there is one; others one video,
/// at the first path without.
/// </remarks>
internal sealed class ProfileDialect(ProtocolProfile profile) : Dialect(profile, MediaKind.Video)
{
    public override string TaskId(int seed, long number) => Seeded.Hex(seed, Seeded.TaskIdStream, number, 16);

    public override string TaskId(int seed, long number, OperationInfo operation) =>
        Profile.TaskIdIsPath ? $"models/{operation.ModelId}/operations/{TaskId(seed, number)}" : TaskId(seed, number);

    public override MediaKind ResultsOf(OperationInfo operation) =>
        operation.ResultKind == GenerationResultKind.Image ? MediaKind.Image : MediaKind.Video;

    /// <summary>The new task's status answer, with the URLs of its later calls where the profile follows them (fal's <c>status_url</c>).</summary>
    public override JsonObject SubmitAnswer(TaskView view)
    {
        var root = StatusAnswer(view);
        PutUrl(root, Profile.Poll, view);
        PutUrl(root, Profile.Cancel, view);
        PutUrl(root, Profile.Result.Fetch, view);
        return root;
    }

    public override JsonObject StatusAnswer(TaskView view)
    {
        var root = new JsonObject();
        PutTaskId(root, view);
        var status = Profile.Status;

        // Where a done task without a result is a failure (Veo's safety filter), a failure is told that way: done,
        // no result, the reason at a failure path outside the failed marker.
        var withheld = view.Phase == TaskPhase.Failed ? WithheldReasonPath() : null;
        var phase = withheld is null ? view.Phase : TaskPhase.Succeeded;
        if (status.Paths.Count > 0) JsonTree.Set(root, status.Paths[0].Text, Word(phase));
        PutProgress(root, view);
        if (Profile.QueuePositionPaths.Count > 0 && view.QueuePosition is { } position) JsonTree.Set(root, Profile.QueuePositionPaths[0].Text, position);
        if (withheld is not null) JsonTree.Set(root, withheld.Text, view.Task.FailureMessage);
        else if (view.Phase == TaskPhase.Failed && Profile.FailureMessagePaths.Count > 0) PutFailure(root, view.Task.FailureMessage);

        // Results first: a presence rule may name one of them (data[0] of a synchronous image API).
        if (view.Phase == TaskPhase.Succeeded && Profile.Result.Fetch is null && Profile.Result.FilePath is null) PutResults(root, view);

        // A status told by present paths: the first rule meaning the phase's status is made present (holding its value where it names one).
        var means = phase switch
        {
            TaskPhase.Queued => GenerationStatus.Queued,
            TaskPhase.Running => GenerationStatus.Running,
            TaskPhase.Succeeded => GenerationStatus.Succeeded,
            TaskPhase.Failed => GenerationStatus.Failed,
            _ => GenerationStatus.Canceled,
        };
        if (status.Presence.FirstOrDefault(r => r.Means == means) is { } rule && !rule.Path.TryFind(ToElement(root), out _))
        {
            JsonTree.Set(root, rule.Path.Text, rule.Value is { } value ? JsonValue.Create(value) : true);
        }

        return root;
    }

    /// <summary>The failure path a done-without-result answer carries its reason at, where the profile reads one so; else null.</summary>
    private ResponsePath? WithheldReasonPath()
    {
        if (Profile.Result.WhenMissing != GenerationStatus.Failed) return null;
        var markers = Profile.Status.Presence.Where(r => r.Means == GenerationStatus.Failed).Select(r => r.Path.Text).ToList();
        return Profile.FailureMessagePaths.FirstOrDefault(p => !markers.Any(m => p.Text == m || p.Text.StartsWith(m + ".", StringComparison.Ordinal) || p.Text.StartsWith(m + "[", StringComparison.Ordinal)));
    }

    public override JsonObject ResultAnswer(TaskView view)
    {
        var root = new JsonObject();
        PutResults(root, view);
        return root;
    }

    protected override JsonObject ErrorBody(ErrorKind kind, string code, string message, string requestId)
    {
        var root = new JsonObject();
        JsonTree.Set(root, Profile.Error.MessagePaths[0].Text, message);
        if (Profile.Error.CodePaths[0].Text != Profile.Error.MessagePaths[0].Text) TrySet(root, Profile.Error.CodePaths[0].Text, code);
        if (Profile.Error.RequestIdPaths.Count > 0) TrySet(root, Profile.Error.RequestIdPaths[0].Text, requestId);
        return root;
    }

    protected override string FallbackCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidApiKey => "invalid_api_key",
        ErrorKind.InsufficientCredits => "insufficient_credits",
        ErrorKind.TaskNotFound => "not_found",
        ErrorKind.RateLimited => "rate_limited",
        _ => "internal_error",
    };

    /// <summary>The profile's word for a phase; a failure told only by a present path keeps the finished word.</summary>
    private string Word(TaskPhase phase)
    {
        var status = Profile.Status;
        return phase switch
        {
            TaskPhase.Queued => status.Queued.FirstOrDefault() ?? status.Running.FirstOrDefault() ?? "queued",
            TaskPhase.Running => status.Running.FirstOrDefault() ?? "running",
            TaskPhase.Succeeded => status.Succeeded.FirstOrDefault() ?? "succeeded",
            TaskPhase.Failed => status.Failed.FirstOrDefault() ?? status.Succeeded.FirstOrDefault() ?? "failed",
            // A cancel told by a value (fal's error_type) keeps the finished word, as the service's answer does.
            _ => status.Canceled.FirstOrDefault()
                ?? (status.Presence.Any(r => r.Means == GenerationStatus.Canceled) ? status.Succeeded.FirstOrDefault() : null)
                ?? status.Failed.FirstOrDefault() ?? "canceled",
        };
    }

    /// <summary>Every result at the first result path: item by item where it has <c>[*]</c>, else one string or an array of strings.</summary>
    private void PutResults(JsonObject root, TaskView view)
    {
        var inline = view.Task.Results.AsBase64 && Profile.Result.Base64Paths.Count > 0;
        var paths = inline ? Profile.Result.Base64Paths : Profile.Result.UrlPaths;
        var images = view.Task.Results.Kind == MediaKind.Image;
        var path = paths.FirstOrDefault(p => p.HasWildcard == images) ?? paths[0];
        var count = view.Task.Results.Count;
        string Value(int i) => inline ? Convert.ToBase64String(view.ResultBytes(i)) : view.ResultUrls[i].AbsoluteUri;
        if (path.HasWildcard)
        {
            for (var i = 0; i < count; i++) JsonTree.Set(root, JsonTree.ItemPath(path.Text, i), Value(i));
        }
        else if (count == 1)
        {
            JsonTree.Set(root, path.Text, Value(0));
        }
        else
        {
            JsonTree.Set(root, path.Text, new JsonArray(Enumerable.Range(0, count).Select(i => (JsonNode?)Value(i)).ToArray()));
        }
    }

    /// <summary>The call's URL on the emulator, at the first path the profile reads it from.</summary>
    private void PutUrl(JsonObject root, PollSpec? call, TaskView view)
    {
        if (call is null || call.UrlFrom.Count == 0 || view.Origin is not { } origin) return;
        var path = call.PathFor(view.Task.Id, view.Task.Operation.ModelId, Profile.TaskIdIsPath);
        JsonTree.Set(root, call.UrlFrom[0].Text, ServiceUrls.Combine(origin, path).AbsoluteUri);
    }

    private static void TrySet(JsonObject root, string path, string value)
    {
        try
        {
            JsonTree.Set(root, path, value);
        }
        catch (InvalidOperationException)
        {
            // The path runs through a value already written (a message where the code would nest): the message wins.
        }
    }

    private static System.Text.Json.JsonElement ToElement(JsonObject root) => System.Text.Json.JsonSerializer.SerializeToElement(root);
}
