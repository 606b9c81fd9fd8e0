using System;
using System.Collections.Generic;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// How one API dialect submits tasks, reports their status and returns results. Profiles are written as JSON
/// beside the manifests and compiled into instances of this type by the generator; the runtime and the emulator
/// read nothing else about a dialect.
/// </summary>
public sealed class ProtocolProfile
{
    /// <summary>The profile id that manifests name, e.g. <c>happyhorse-app</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The service's documented host, used when the client is given no base URL; <see langword="null"/> when the dialect has none.</summary>
    public Uri? DefaultBaseUrl { get; init; }

    /// <summary>How a task is created.</summary>
    public required SubmitSpec Submit { get; init; }

    /// <summary>How a task's status is read.</summary>
    public required PollSpec Poll { get; init; }

    /// <summary>How a task is canceled, when the dialect can (the path has a <c>{task_id}</c> placeholder).</summary>
    public PollSpec? Cancel { get; init; }

    /// <summary>Paths, tried in order, where the submit response carries the task id.</summary>
    public required IReadOnlyList<ResponsePath> TaskIdPaths { get; init; }

    /// <summary>Where the status lives and which words mean what.</summary>
    public required StatusSpec Status { get; init; }

    /// <summary>Paths, tried in order, of a progress value (0–100, number or numeric string).</summary>
    public IReadOnlyList<ResponsePath> ProgressPaths { get; init; } = [];

    /// <summary>Where a finished task's results live.</summary>
    public required ResultSpec Result { get; init; }

    /// <summary>Paths, tried in order, of the service's text explaining why a task failed.</summary>
    public IReadOnlyList<ResponsePath> FailureMessagePaths { get; init; } = [];

    /// <summary>Where an error response carries its code, message and request id.</summary>
    public required ErrorSpec Error { get; init; }

    /// <summary>A body-level result code that must hold one of <see cref="EnvelopeSpec.SuccessValues"/>, when the dialect wraps every answer.</summary>
    public EnvelopeSpec? Envelope { get; init; }

    /// <summary>The error codes the dialect documents.</summary>
    public IReadOnlyList<ErrorCodeSpec> ErrorCodes { get; init; } = [];

    /// <summary>When to ask for the status again.</summary>
    public required PollSchedule Schedule { get; init; }

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>The submit call of a dialect.</summary>
/// <param name="Method">HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">Path relative to the base URL, e.g. <c>/api/generate</c>.</param>
/// <param name="ContentType">Body encoding.</param>
/// <param name="Headers">Extra headers every submit carries (e.g. <c>X-DashScope-Async: enable</c>).</param>
/// <param name="ModelField">The body field that carries the model id.</param>
public sealed record SubmitSpec(string Method, string Path, RequestContentType ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers, string ModelField);

/// <summary>How a request body is encoded.</summary>
public enum RequestContentType
{
    /// <summary><c>application/json</c>.</summary>
    Json,

    /// <summary><c>multipart/form-data</c>.</summary>
    Multipart,
}

/// <summary>The status call of a dialect.</summary>
/// <param name="Method">HTTP method, e.g. <c>GET</c>.</param>
/// <param name="PathTemplate">Path with a <c>{task_id}</c> placeholder, e.g. <c>/api/status?task_id={task_id}</c>.</param>
public sealed record PollSpec(string Method, string PathTemplate)
{
    /// <summary>The path for one task, with the id escaped for a URL.</summary>
    /// <exception cref="HappyHorseNotSentException">The id would change the path it is put into (<c>.</c>, <c>..</c>, or a <c>/</c> or <c>\</c> where the id is one path segment).</exception>
    public string PathFor(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (!IsSafeId(taskId))
        {
            throw new HappyHorseNotSentException($"Refusing the task id '{taskId}': put into {PathTemplate} it would change the path (an id must not be empty, '.' or '..', nor hold '/' or '\\' in a path segment).");
        }

        return PathTemplate.Replace("{task_id}", Uri.EscapeDataString(taskId), StringComparison.Ordinal);
    }

    /// <summary>Whether <paramref name="taskId"/> can stand where the template puts it without changing the path.</summary>
    public bool IsSafeId(string taskId)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (taskId.Length == 0) return false;
        var placeholder = PathTemplate.IndexOf("{task_id}", StringComparison.Ordinal);
        var query = PathTemplate.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0 && placeholder > query) return true; // a query value: escaping is enough
        return taskId is not ("." or "..") && taskId.IndexOfAny(['/', '\\']) < 0;
    }
}

/// <summary>Where the status word lives and how it maps to <see cref="GenerationStatus"/>.</summary>
public sealed class StatusSpec
{
    /// <summary>Paths, tried in order, of the status word.</summary>
    public required IReadOnlyList<ResponsePath> Paths { get; init; }

    /// <summary>Words meaning the task waits in a queue.</summary>
    public IReadOnlyList<string> Queued { get; init; } = [];

    /// <summary>Words meaning the task is being worked on.</summary>
    public IReadOnlyList<string> Running { get; init; } = [];

    /// <summary>Words meaning the task finished with a result.</summary>
    public required IReadOnlyList<string> Succeeded { get; init; }

    /// <summary>Words meaning the task failed.</summary>
    public required IReadOnlyList<string> Failed { get; init; }

    /// <summary>Words meaning the task was canceled.</summary>
    public IReadOnlyList<string> Canceled { get; init; } = [];

    /// <summary>Words meaning the service no longer knows the task (missing or expired): terminal.</summary>
    public IReadOnlyList<string> Expired { get; init; } = [];

    /// <summary>Whether the words compare ignoring case.</summary>
    public bool IgnoreCase { get; init; }

    /// <summary>Maps a status word to a state; words the profile does not list map to <see cref="GenerationStatus.Running"/> so a new word never ends a wait early.</summary>
    public GenerationStatus Classify(string word)
    {
        var comparer = IgnoreCase ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        if (Contains(Succeeded, word, comparer)) return GenerationStatus.Succeeded;
        if (Contains(Failed, word, comparer)) return GenerationStatus.Failed;
        if (Contains(Canceled, word, comparer)) return GenerationStatus.Canceled;
        if (Contains(Expired, word, comparer)) return GenerationStatus.Expired;
        if (Contains(Queued, word, comparer)) return GenerationStatus.Queued;
        return GenerationStatus.Running;
    }

    private static bool Contains(IReadOnlyList<string> words, string word, StringComparer comparer)
    {
        foreach (var candidate in words)
        {
            if (comparer.Equals(candidate, word)) return true;
        }

        return false;
    }
}

/// <summary>Where results live in a finished task's status response.</summary>
public sealed class ResultSpec
{
    /// <summary>Paths, tried in order, of a result URL or an array of result URLs.</summary>
    public required IReadOnlyList<ResponsePath> UrlPaths { get; init; }

    /// <summary>Paths, tried in order, of base64-encoded result content.</summary>
    public IReadOnlyList<ResponsePath> Base64Paths { get; init; } = [];
}

/// <summary>Where an error response carries its details.</summary>
public sealed class ErrorSpec
{
    /// <summary>Paths, tried in order, of the API's error code (a string; a number is used only when no string is found).</summary>
    public required IReadOnlyList<ResponsePath> CodePaths { get; init; }

    /// <summary>Paths, tried in order, of the human-readable message.</summary>
    public required IReadOnlyList<ResponsePath> MessagePaths { get; init; }

    /// <summary>Paths, tried in order, of the request id support can trace.</summary>
    public IReadOnlyList<ResponsePath> RequestIdPaths { get; init; } = [];

    /// <summary>The code the dialect uses for a request that breaks a rule no more specific code covers.</summary>
    public required string ValidationCode { get; init; }

    /// <summary>The code the dialect uses for a model id it does not serve.</summary>
    public required string UnknownModelCode { get; init; }
}

/// <summary>A body-level result code carried by every answer of a dialect.</summary>
/// <param name="CodePath">Where the code lives, e.g. <c>code</c>.</param>
/// <param name="SuccessValues">The values that mean success, as text (e.g. <c>200</c>).</param>
public sealed record EnvelopeSpec(ResponsePath CodePath, IReadOnlyList<string> SuccessValues);

/// <summary>An error code a dialect documents.</summary>
/// <param name="HttpStatus">The HTTP status it comes with.</param>
/// <param name="Code">The code, e.g. <c>INVALID_DURATION</c>.</param>
/// <param name="Description">What it means.</param>
public sealed record ErrorCodeSpec(int HttpStatus, string Code, string Description);
