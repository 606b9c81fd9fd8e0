using System;
using System.Collections.Generic;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// How one API dialect submits tasks, reports their status and returns results. Profiles are written as JSON
/// beside the manifests (docs/profile-format.md); the generator checks them and writes each into
/// <c>HappyHorseProfiles</c> as data this type reads once, as it does a model's fields. The runtime and the emulator
/// read nothing else about a dialect.
/// </summary>
public sealed class ProtocolProfile
{
    /// <summary>Reads the profile the generator wrote; called by generated code.</summary>
    /// <param name="json">The profile as the generator writes it: the profile format with every default filled in.</param>
    [System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
    public static ProtocolProfile Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return ProfileJson.Read(json);
    }

    /// <summary>The profile id that manifests name, e.g. <c>happyhorse-app</c>.</summary>
    public required string Id { get; init; }

    /// <summary>The service's documented host, used when the client is given no base URL; <see langword="null"/> when the dialect has none.</summary>
    public Uri? DefaultBaseUrl { get; init; }

    /// <summary>How a task is created.</summary>
    internal SubmitSpec Submit { get; init; } = null!;

    /// <summary>How a task's status is read.</summary>
    internal PollSpec Poll { get; init; } = null!;

    /// <summary>How a task is canceled, when the dialect can (the path has a <c>{task_id}</c> placeholder).</summary>
    internal PollSpec? Cancel { get; init; }

    /// <summary>How the API key is sent; <see langword="null"/> means <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    internal AuthSpec? Auth { get; init; }

    /// <summary>Paths, tried in order, where the submit response carries the task id.</summary>
    internal IReadOnlyList<ResponsePath> TaskIdPaths { get; init; } = null!;

    /// <summary>
    /// Whether the task id is a path of several segments (<c>models/veo/operations/abc</c>) put into the paths as
    /// they are, each segment escaped; otherwise it is one path segment and a <c>/</c> in it is refused.
    /// </summary>
    internal bool TaskIdIsPath { get; init; }

    /// <summary>Paths, tried in order, of the task's place in the queue (0 = next), which is not progress.</summary>
    internal IReadOnlyList<ResponsePath> QueuePositionPaths { get; init; } = [];

    /// <summary>Where the status lives and which words mean what.</summary>
    internal StatusSpec Status { get; init; } = null!;

    /// <summary>Paths, tried in order, of a progress value (0–100, number or numeric string).</summary>
    internal IReadOnlyList<ResponsePath> ProgressPaths { get; init; } = [];

    /// <summary>The value progress counts up to: 100 (percent) or 1 (a fraction).</summary>
    internal double ProgressScale { get; init; } = 100;

    /// <summary>Where a finished task's results live.</summary>
    internal ResultSpec Result { get; init; } = null!;

    /// <summary>Paths, tried in order, of the service's text explaining why a task failed.</summary>
    internal IReadOnlyList<ResponsePath> FailureMessagePaths { get; init; } = [];

    /// <summary>Where an error response carries its code, message and request id.</summary>
    internal ErrorSpec Error { get; init; } = null!;

    /// <summary>A body-level result code that must hold one of <see cref="EnvelopeSpec.SuccessValues"/>, when the dialect wraps every answer.</summary>
    internal EnvelopeSpec? Envelope { get; init; }

    /// <summary>The error codes the dialect documents.</summary>
    internal IReadOnlyList<ErrorCodeSpec> ErrorCodes { get; init; } = [];

    /// <summary>When to ask for the status again.</summary>
    public required PollSchedule Schedule { get; init; }

    /// <summary>Whether a call of the dialect may follow a URL its submit answer gives.</summary>
    internal bool FollowsUrls => Poll.UrlFrom.Count > 0 || Cancel?.UrlFrom.Count > 0 || Result.Fetch?.UrlFrom.Count > 0;

    /// <inheritdoc />
    public override string ToString() => Id;
}

/// <summary>The submit call of a dialect.</summary>
/// <param name="Method">HTTP method, e.g. <c>POST</c>.</param>
/// <param name="Path">Path relative to the base URL, e.g. <c>/api/generate</c>.</param>
/// <param name="ContentType">Body encoding.</param>
/// <param name="Headers">Extra headers every submit carries (e.g. <c>X-DashScope-Async: enable</c>).</param>
/// <param name="ModelField">The body field that carries the model id; <see langword="null"/> when the model id is sent only in the path (<c>{model}</c>).</param>
internal sealed record SubmitSpec(string Method, string Path, RequestContentType ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers, string? ModelField)
{
    /// <summary>Whether the submit answer is read as a status answer, so a synchronous API's result is taken from it without polling.</summary>
    public bool AnswerIsStatus { get; init; }
}

/// <summary>How the API key is sent: <c>{Header}: {Prefix}{key}</c>, e.g. <c>Authorization: Key &lt;key&gt;</c> or <c>x-goog-api-key: &lt;key&gt;</c>.</summary>
/// <param name="Header">The header name.</param>
/// <param name="Prefix">What precedes the key in the header value, e.g. <c>Bearer </c>; empty for the key alone.</param>
internal sealed record AuthSpec(string Header, string Prefix)
{
    /// <summary>The default: <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
    public static AuthSpec Bearer { get; } = new("Authorization", "Bearer ");

    /// <summary>The query parameter that carries the key instead of a header (Gemini's <c>?key=</c>); <see langword="null"/>: the header.</summary>
    public string? Query { get; init; }

    /// <inheritdoc />
    public override string ToString() => Query is null ? $"{Header}: {Prefix}<key>" : $"?{Query}=<key>";
}

/// <summary>A status answer's path whose presence decides the status, for dialects without a status word.</summary>
/// <param name="Path">The path; present means there, not null and not <c>false</c>.</param>
/// <param name="Means">The status it means.</param>
internal sealed record PresenceRule(ResponsePath Path, GenerationStatus Means)
{
    /// <summary>The value the path must hold (a string, or a number or boolean as its JSON text); <see langword="null"/>: present is enough.</summary>
    public string? Value { get; init; }

    /// <summary>Whether the rule holds for <paramref name="root"/>.</summary>
    public bool Holds(System.Text.Json.JsonElement root)
    {
        if (!Path.TryFind(root, out var found)) return false;
        if (Value is null) return found.ValueKind != System.Text.Json.JsonValueKind.False;
        var text = found.ValueKind == System.Text.Json.JsonValueKind.String ? found.GetString() : found.GetRawText();
        return string.Equals(text, Value, StringComparison.Ordinal);
    }
}

/// <summary>How a request body is encoded.</summary>
internal enum RequestContentType
{
    /// <summary><c>application/json</c>.</summary>
    Json,

    /// <summary><c>multipart/form-data</c>.</summary>
    Multipart,
}

/// <summary>A call about one task (status, cancel, result).</summary>
/// <param name="Method">HTTP method, e.g. <c>GET</c>.</param>
/// <param name="PathTemplate">Path with a <c>{task_id}</c> placeholder and optionally <c>{model}</c>, e.g. <c>/api/status?task_id={task_id}</c>.</param>
internal sealed record PollSpec(string Method, string PathTemplate)
{
    /// <summary>
    /// Paths, tried in order, of the URL for this call in the submit answer (fal's <c>status_url</c>, Replicate's
    /// <c>urls.get</c>); followed only on the service's own host. Empty, or no URL there: <see cref="PathTemplate"/>.
    /// </summary>
    public IReadOnlyList<ResponsePath> UrlFrom { get; init; } = [];

    /// <summary>The path for one task whose id is one path segment, with the id escaped for a URL.</summary>
    /// <exception cref="HappyHorseNotSentException">The id would change the path it is put into (<c>.</c>, <c>..</c>, or a <c>/</c> or <c>\</c> where the id is one path segment).</exception>
    public string PathFor(string taskId) => PathFor(taskId, null, idIsPath: false);

    /// <summary>The path for one task of <paramref name="modelId"/>, with the id (one segment, or a path when <paramref name="idIsPath"/>) and the model escaped for a URL.</summary>
    /// <exception cref="HappyHorseNotSentException">The id would change the path it is put into.</exception>
    public string PathFor(string taskId, string? modelId, bool idIsPath)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (!IsSafeId(taskId, idIsPath))
        {
            throw new HappyHorseNotSentException($"Refusing the task id '{taskId}': put into {PathTemplate} it would change the path (an id must not be empty, '.' or '..', nor hold '/' or '\\' in a path segment).");
        }

        return PathTemplates.Expand(PathTemplate, name => name switch
        {
            "task_id" => (taskId, idIsPath),
            _ when modelId is not null => PathTemplates.ModelValue(name, modelId),
            _ => null,
        });
    }

    /// <summary>Whether <paramref name="taskId"/> can stand where the template puts it without changing the path.</summary>
    public bool IsSafeId(string taskId) => IsSafeId(taskId, idIsPath: false);

    /// <summary>Whether <paramref name="taskId"/>, one segment or (when <paramref name="idIsPath"/>) a path, can stand where the template puts it without changing the path.</summary>
    public bool IsSafeId(string taskId, bool idIsPath)
    {
        ArgumentNullException.ThrowIfNull(taskId);
        if (taskId.Length == 0) return false;
        var placeholder = PathTemplate.IndexOf("{task_id}", StringComparison.Ordinal);
        var query = PathTemplate.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0 && placeholder > query) return true; // a query value: escaping is enough
        return idIsPath ? PathTemplates.IsSafePath(taskId) : taskId is not ("." or "..") && taskId.IndexOfAny(['/', '\\']) < 0;
    }
}

/// <summary>Fills the <c>{name}</c> placeholders of a profile's path templates.</summary>
internal static class PathTemplates
{
    /// <summary>
    /// Replaces every <c>{name}</c> of <paramref name="template"/> with the value <paramref name="valueOf"/> gives: one
    /// escaped segment, or, when it says the value is a path, each of its segments escaped and the <c>/</c> kept.
    /// A value in the query is escaped whole.
    /// </summary>
    /// <exception cref="HappyHorseNotSentException">A placeholder has no value, or a path value would change the path.</exception>
    public static string Expand(string template, Func<string, (string Value, bool IsPath)?> valueOf)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(valueOf);
        var result = new System.Text.StringBuilder(template.Length + 32);
        var query = template.IndexOf('?', StringComparison.Ordinal);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            var close = open < 0 ? -1 : template.IndexOf('}', open);
            if (open < 0 || close < 0)
            {
                result.Append(template, i, template.Length - i);
                break;
            }

            result.Append(template, i, open - i);
            var name = template[(open + 1)..close];
            var (value, isPath) = valueOf(name) ?? throw new HappyHorseNotSentException($"The path {template} needs a value for {{{name}}}.");
            if (query >= 0 && open > query)
            {
                result.Append(Uri.EscapeDataString(value));
            }
            else if (!isPath)
            {
                // Escaping leaves "." and ".." as they are, and a URI would then drop or climb a segment.
                if (value is "" or "." or "..") throw new HappyHorseNotSentException($"Refusing '{value}' for {{{name}}} in {template}: it would change the path.");
                result.Append(Uri.EscapeDataString(value));
            }
            else
            {
                if (!IsSafePath(value)) throw new HappyHorseNotSentException($"Refusing '{value}' for {{{name}}} in {template}: it would change the path (no empty, '.' or '..' segments, no '\\').");
                var segments = value.Split('/');
                for (var s = 0; s < segments.Length; s++)
                {
                    if (s > 0) result.Append('/');
                    result.Append(Uri.EscapeDataString(segments[s]));
                }
            }

            i = close + 1;
        }

        return result.ToString();
    }

    /// <summary>
    /// The value of a model placeholder: <c>{model}</c> the whole id, <c>{model:N}</c> its first N segments (fal's
    /// <c>fal-ai/flux/dev</c> is polled under its app, <c>{model:2}</c> = <c>fal-ai/flux</c>); <see langword="null"/> for other names.
    /// </summary>
    public static (string Value, bool IsPath)? ModelValue(string name, string modelId)
    {
        if (name == "model") return (modelId, true);
        if (name.Length != 7 || !name.StartsWith("model:", StringComparison.Ordinal) || name[6] is < '1' or > '9') return null;
        var segments = modelId.Split('/');
        return (string.Join('/', segments, 0, Math.Min(name[6] - '0', segments.Length)), true);
    }

    /// <summary>The names of the placeholders in <paramref name="template"/>, in order.</summary>
    public static IEnumerable<string> Names(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        for (var open = template.IndexOf('{', StringComparison.Ordinal); open >= 0; open = template.IndexOf('{', open + 1))
        {
            var close = template.IndexOf('}', open);
            if (close < 0) yield break;
            yield return template[(open + 1)..close];
        }
    }

    /// <summary>Whether a value of several segments keeps to its place: no empty, <c>.</c> or <c>..</c> segment and no <c>\</c>.</summary>
    public static bool IsSafePath(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value.Contains('\\', StringComparison.Ordinal)) return false;
        foreach (var segment in value.Split('/'))
        {
            if (segment is "" or "." or "..") return false;
        }

        return true;
    }
}

/// <summary>Where the status word lives and how it maps to <see cref="GenerationStatus"/>.</summary>
internal sealed class StatusSpec
{
    /// <summary>Paths, tried in order, of the status word; empty when the status is told by <see cref="Presence"/> alone.</summary>
    public required IReadOnlyList<ResponsePath> Paths { get; init; }

    /// <summary>
    /// Paths whose presence decides the status, tried in order before the word (e.g. <c>error</c> means failed,
    /// <c>done</c> succeeded); when none is present and there is no word, the task is <see cref="Otherwise"/>.
    /// </summary>
    public IReadOnlyList<PresenceRule> Presence { get; init; } = [];

    /// <summary>The status when no <see cref="Presence"/> path is present and no word is found (only with presence rules).</summary>
    public GenerationStatus Otherwise { get; init; } = GenerationStatus.Running;

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

    /// <summary>
    /// The status an answer tells, and the word shown for it (the status word, else the presence path, else the
    /// status name); <see langword="null"/> when the answer tells none.
    /// </summary>
    public (GenerationStatus Status, string Word)? Read(System.Text.Json.JsonElement root)
    {
        var word = ResponsePath.FirstText(Paths, root);
        foreach (var rule in Presence)
        {
            if (rule.Holds(root)) return (rule.Means, word ?? rule.Path.Text);
        }

        if (word is not null) return (Classify(word), word);
        return Presence.Count > 0 ? (Otherwise, Otherwise.ToString().ToLowerInvariant()) : null;
    }

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
internal sealed class ResultSpec
{
    /// <summary>Paths, tried in order, of a result URL or an array of result URLs.</summary>
    public required IReadOnlyList<ResponsePath> UrlPaths { get; init; }

    /// <summary>Paths, tried in order, of base64-encoded result content.</summary>
    public IReadOnlyList<ResponsePath> Base64Paths { get; init; } = [];

    /// <summary>The call that returns the results once the status says succeeded, when the status answer does not carry them.</summary>
    public PollSpec? Fetch { get; init; }

    /// <summary>The path of the result file itself (e.g. <c>/v1/videos/{task_id}/content</c>) when no answer names its URL.</summary>
    public string? FilePath { get; init; }

    /// <summary>The status a succeeded answer without any result means (failed, with the service's reason); <see langword="null"/>: a protocol error.</summary>
    public GenerationStatus? WhenMissing { get; init; }

    /// <summary>Whether result files need the API key to download; it is sent only to the service's own host.</summary>
    public bool NeedsCredentials { get; init; }
}

/// <summary>Where an error response carries its details.</summary>
internal sealed class ErrorSpec
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
internal sealed record EnvelopeSpec(ResponsePath CodePath, IReadOnlyList<string> SuccessValues);

/// <summary>An error code a dialect documents.</summary>
/// <param name="HttpStatus">The HTTP status it comes with.</param>
/// <param name="Code">The code, e.g. <c>INVALID_DURATION</c>.</param>
/// <param name="Description">What it means.</param>
internal sealed record ErrorCodeSpec(int HttpStatus, string Code, string Description)
{
    /// <summary>The HTTP status of the outcome the code means (401 auth, 402 credits, 429 rate limit, 400 validation), when the profile maps it to one.</summary>
    public int? Means { get; init; }

    /// <summary>Text the error's message must contain for <see cref="Means"/> to apply.</summary>
    public string? MessageContains { get; init; }
}
