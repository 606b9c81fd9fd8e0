using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using HappyHorse.Emulator.Json;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;
using Microsoft.AspNetCore.Http;

namespace HappyHorse.Emulator.Dialects;

/// <summary>What an error answer is about; each dialect has its own code and body shape for it.</summary>
internal enum ErrorKind
{
    /// <summary>400: the body breaks a rule or is not readable.</summary>
    InvalidRequest,

    /// <summary>400: no operation on this path serves the model.</summary>
    UnknownModel,

    /// <summary>401: the key is missing or wrong.</summary>
    InvalidApiKey,

    /// <summary>402: the credit budget is spent.</summary>
    InsufficientCredits,

    /// <summary>404: no such task.</summary>
    TaskNotFound,

    /// <summary>429: too many requests.</summary>
    RateLimited,

    /// <summary>500: the service failed.</summary>
    ServerError,

    /// <summary>404: no such path.</summary>
    UnknownPath,
}

/// <summary>An answer: HTTP status and JSON body.</summary>
internal sealed record Answer(int Status, JsonObject Body);

/// <summary>A task as one answer shows it: its phase and progress now, and where its results are.</summary>
internal sealed record TaskView(EmulatedTask Task, TaskPhase Phase, int Progress, IReadOnlyList<Uri> ResultUrls, Func<int, byte[]> ResultBytes, string RequestId)
{
    /// <summary>The task's place in the queue (0 = next) while it is queued.</summary>
    public int? QueuePosition { get; init; }

    /// <summary>The scheme, host and port the request came to, for URLs an answer gives; <see langword="null"/> outside a request.</summary>
    public Uri? Origin { get; init; }
}

/// <summary>
/// One envelope style of the catalog: the shapes of its submit, status and error answers. Where a value goes (task
/// id, status, progress, result, failure text) and its words come from the protocol profile, the same data the
/// client reads answers with; a subclass adds only what its service's documentation shows around them.
/// </summary>
internal abstract class Dialect
{
    protected Dialect(ProtocolProfile profile, MediaKind results)
    {
        Profile = profile;
        Results = results;
    }

    /// <summary>The profile this dialect speaks.</summary>
    public ProtocolProfile Profile { get; }

    /// <summary>What its tasks produce.</summary>
    public MediaKind Results { get; }

    /// <summary>The id of task number <paramref name="number"/>, drawn from <paramref name="seed"/>.</summary>
    public abstract string TaskId(int seed, long number);

    /// <summary>The id of task number <paramref name="number"/> of <paramref name="operation"/>.</summary>
    public virtual string TaskId(int seed, long number, OperationInfo operation) => TaskId(seed, number);

    /// <summary>What a task of <paramref name="operation"/> produces.</summary>
    public virtual MediaKind ResultsOf(OperationInfo operation) => Results;

    /// <summary>Whether the request carries <paramref name="apiKey"/> where the profile sends it (<c>Authorization: Bearer</c> by default).</summary>
    public bool IsAuthorized(HttpRequest request, string apiKey)
    {
        var auth = Profile.Auth ?? AuthSpec.Bearer;
        if (auth.Query is { } query) return string.Equals(request.Query[query].ToString(), apiKey, StringComparison.Ordinal);
        var value = request.Headers[auth.Header].ToString();
        return value.StartsWith(auth.Prefix, StringComparison.Ordinal) && string.Equals(value[auth.Prefix.Length..].Trim(), apiKey, StringComparison.Ordinal);
    }

    /// <summary>Whether the request carries a key at all, where the profile sends it.</summary>
    public bool HasKey(HttpRequest request) => (Profile.Auth ?? AuthSpec.Bearer) is { Query: { } query } ? request.Query[query].Count > 0 : request.Headers[(Profile.Auth ?? AuthSpec.Bearer).Header].Count > 0;

    /// <summary>The answer of the profile's result call (<c>result.fetch</c>) for a finished task.</summary>
    public virtual JsonObject ResultAnswer(TaskView view) => StatusAnswer(view);

    /// <summary>The answer to an accepted submit.</summary>
    public abstract JsonObject SubmitAnswer(TaskView view);

    /// <summary>The answer to a status request.</summary>
    public abstract JsonObject StatusAnswer(TaskView view);

    /// <summary>The body of an error answer.</summary>
    protected abstract JsonObject ErrorBody(ErrorKind kind, string code, string message, string requestId);

    /// <summary>The code of a 404 for a path the service does not have (the profile's 404 codes are about tasks).</summary>
    protected virtual string UnknownPathCode => "not_found";

    /// <summary>
    /// The path its documentation's base URL carries (DashScope's <c>/dashscope</c>), under which its routes are served
    /// as well as at the root; empty when the base URL is a bare host.
    /// </summary>
    public string PathPrefix => Profile.DefaultBaseUrl?.AbsolutePath.TrimEnd('/') ?? string.Empty;

    /// <summary>The code for <paramref name="kind"/> when the profile does not document one.</summary>
    protected abstract string FallbackCode(ErrorKind kind);

    /// <summary>A refusal of a submit's headers, or <see langword="null"/> when they are fine.</summary>
    public virtual Answer? RefuseSubmitHeaders(IHeaderDictionary headers, string requestId) => null;

    /// <summary>The answer to a status request for a task this dialect never issued.</summary>
    public virtual Answer UnknownTask(string? taskId, string requestId) => Error(ErrorKind.TaskNotFound, $"No task '{taskId}'.", requestId);

    /// <summary>The answer to a cancel that took effect.</summary>
    public virtual Answer Canceled(TaskView view) => new(200, StatusAnswer(view));

    /// <summary>The answer to a cancel of a task that is unknown or no longer queued.</summary>
    public virtual Answer CannotCancel(string? taskId, string requestId) => Error(ErrorKind.InvalidRequest, $"Task '{taskId}' is not queued, so it cannot be canceled.", requestId);

    /// <summary>An error answer; <paramref name="code"/> replaces the dialect's code for the kind (e.g. a manifest's <c>INVALID_DURATION</c>).</summary>
    /// <remarks>
    /// Where the profile's error rules map a documented code to the kind's outcome (Gemini's wrong key: 400
    /// <c>API_KEY_INVALID</c>), the answer is that rule's HTTP status and code, as the service answers.
    /// </remarks>
    public Answer Error(ErrorKind kind, string message, string requestId, string? code = null) =>
        code is null && Profile.ErrorCodes.FirstOrDefault(c => c.Means == StatusOf(kind) && c.MessageContains is null) is { } rule
            ? new(rule.HttpStatus, ErrorBody(kind, rule.Code, message, requestId))
            : new(StatusOf(kind), ErrorBody(kind, code ?? CodeFor(kind), message, requestId));

    /// <summary>The HTTP status of an error kind.</summary>
    public static int StatusOf(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidRequest or ErrorKind.UnknownModel => StatusCodes.Status400BadRequest,
        ErrorKind.InvalidApiKey => StatusCodes.Status401Unauthorized,
        ErrorKind.InsufficientCredits => StatusCodes.Status402PaymentRequired,
        ErrorKind.TaskNotFound or ErrorKind.UnknownPath => StatusCodes.Status404NotFound,
        ErrorKind.RateLimited => StatusCodes.Status429TooManyRequests,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// The code for <paramref name="kind"/>: the profile's validation and unknown-model codes, else the one code its
    /// error table documents for the status, else the dialect's own choice.
    /// </summary>
    public string CodeFor(ErrorKind kind)
    {
        if (kind == ErrorKind.InvalidRequest) return Profile.Error.ValidationCode;
        if (kind == ErrorKind.UnknownModel) return Profile.Error.UnknownModelCode;
        if (kind == ErrorKind.UnknownPath) return UnknownPathCode;
        var documented = Profile.ErrorCodes.Where(c => c.HttpStatus == StatusOf(kind)).ToList();
        return documented.Count == 1 ? documented[0].Code : FallbackCode(kind);
    }

    /// <summary>The profile's word for <paramref name="phase"/>: the first it lists (a dialect without a queued word reports its running word).</summary>
    public string StatusWord(TaskPhase phase)
    {
        var status = Profile.Status;
        return phase switch
        {
            TaskPhase.Queued => status.Queued.FirstOrDefault() ?? RunningWord(),
            TaskPhase.Running => RunningWord(),
            TaskPhase.Succeeded => status.Succeeded[0],
            TaskPhase.Failed => status.Failed[0],
            _ => status.Canceled.FirstOrDefault() ?? status.Failed[0],
        };

        string RunningWord() => status.Running.FirstOrDefault() ?? "running";
    }

    /// <summary>Writes the task id at the profile's first task id path.</summary>
    protected void PutTaskId(JsonObject root, TaskView view) => JsonTree.Set(root, Profile.TaskIdPaths[0].Text, view.Task.Id);

    /// <summary>Writes the status word at the profile's first status path.</summary>
    protected void PutStatus(JsonObject root, TaskView view) => JsonTree.Set(root, Profile.Status.Paths[0].Text, StatusWord(view.Phase));

    /// <summary>Writes the progress (a number) at the profile's first progress path, when the dialect reports progress.</summary>
    protected void PutProgress(JsonObject root, TaskView view)
    {
        // On the profile's scale: 42 % is 0.42 where progress is a fraction.
        if (Profile.ProgressPaths.Count == 0) return;
        if (Profile.ProgressScale == 100) JsonTree.Set(root, Profile.ProgressPaths[0].Text, view.Progress);
        else JsonTree.Set(root, Profile.ProgressPaths[0].Text, view.Progress * Profile.ProgressScale / 100);
    }

    /// <summary>Writes the first result URL at the profile's first result path (item 0 where it names every item).</summary>
    protected void PutResultUrl(JsonObject root, TaskView view)
    {
        var path = Profile.Result.UrlPaths[0];
        JsonTree.Set(root, path.HasWildcard ? JsonTree.ItemPath(path.Text, 0) : path.Text, view.ResultUrls[0].AbsoluteUri);
    }

    /// <summary>Writes the failure text (or JSON null) at the profile's first failure path.</summary>
    protected void PutFailure(JsonObject root, string? message) => JsonTree.Set(root, Profile.FailureMessagePaths[0].Text, message);

    /// <summary>Unix seconds, as the gateway's answers carry times.</summary>
    protected static long UnixSeconds(DateTimeOffset time) => time.ToUnixTimeSeconds();

    /// <summary>Whether the task has ended.</summary>
    protected static bool IsFinished(TaskPhase phase) => phase is TaskPhase.Succeeded or TaskPhase.Failed or TaskPhase.Canceled;
}
