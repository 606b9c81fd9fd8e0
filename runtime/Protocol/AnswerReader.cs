using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net;
using System.Text.Json;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// Reads every answer of a dialect the way its profile says: a submit answer into a task id, a status answer into a
/// status update (with its result where the answer carries one), a result answer into a result, an error answer into
/// the typed exception a caller sees. Text the service sent is scrubbed of the key before it goes anywhere.
/// </summary>
internal sealed class AnswerReader(KeyScrubber scrubber)
{
    /// <summary>The task id of a submit answer; an answer without a usable one is a protocol error (and the submit uncertain).</summary>
    public string TaskId(ProtocolProfile profile, JsonElement root)
    {
        var taskId = ResponsePath.FirstText(profile.TaskIdPaths, root)
            ?? throw new HappyHorseProtocolException($"The answer carried no task id at {string.Join(" | ", profile.TaskIdPaths)}.", scrubber.Snippet(root.GetRawText()));
        var isPath = profile.TaskIdIsPath;
        if (!profile.Poll.IsSafeId(taskId, isPath) || (profile.Cancel is { } cancel && !cancel.IsSafeId(taskId, isPath)) || (profile.Result.Fetch is { } fetch && !fetch.IsSafeId(taskId, isPath)) || (profile.Result.FilePath is { } file && !new PollSpec("GET", file).IsSafeId(taskId, isPath)))
        {
            throw new HappyHorseProtocolException($"The answer's task id would change the status path {profile.Poll.PathTemplate}, so it was not used.", scrubber.Snippet(root.GetRawText()));
        }

        return taskId;
    }

    /// <summary>Reads one status answer; a malformed one throws a protocol error, which is retried like a 5xx.</summary>
    public TaskStatusUpdate Status(GenerationTask task, JsonElement root, TimeSpan elapsed)
    {
        var profile = task.Profile;
        var spec = profile.Status;
        var (status, word) = spec.Read(root)
            ?? throw new HappyHorseProtocolException($"The status response for {task} carried no status at {string.Join(" | ", spec.Paths)}.", scrubber.Snippet(root.GetRawText()));
        GenerationResult? result = null;
        if (status == GenerationStatus.Succeeded && profile.Result.Fetch is null)
        {
            result = TryResult(task, root);
            if (result is null && profile.Result.WhenMissing is { } missing) status = missing;
            else result ??= Result(task, root);
        }

        return new TaskStatusUpdate(task, status, scrubber.Scrub(word), Progress(profile, root), elapsed)
        {
            Result = result,
            FailureMessage = status.IsTerminal() && status != GenerationStatus.Succeeded ? scrubber.Scrub(ResponsePath.FirstText(profile.FailureMessagePaths, root)) ?? (result is null && profile.Result.WhenMissing is not null ? "The service reported the task done without a result." : null) : null,
            QueuePosition = status == GenerationStatus.Queued || profile.QueuePositionPaths.Count > 0 ? QueuePosition(profile, root) : null,
            Response = root.Clone(),
        };
    }

    /// <summary>
    /// The results of a finished task: every URL at the first result path that holds any (a string, an array of
    /// strings, or every match of a <c>[*]</c> path), else the base64 contents, else the profile's result file.
    /// </summary>
    public GenerationResult Result(GenerationTask task, JsonElement root) =>
        TryResult(task, root) ?? throw new HappyHorseProtocolException(
            $"{task} succeeded but its response holds no result at {string.Join(" | ", task.Profile.Result.UrlPaths)}.", scrubber.Snippet(root.GetRawText()))
        {
            // The same answer again would say the same: the wait ends with this error at once, never by its deadline.
            Retryable = false,
        };

    /// <summary>The results in an answer, or <see langword="null"/> when it holds none.</summary>
    private GenerationResult? TryResult(GenerationTask task, JsonElement root)
    {
        var spec = task.Profile.Result;
        var urls = new List<Uri>();
        foreach (var path in spec.UrlPaths)
        {
            foreach (var value in path.FindAll(root))
            {
                if (value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in value.EnumerateArray()) AddUrl(item);
                }
                else
                {
                    AddUrl(value);
                }
            }

            if (urls.Count > 0) break;
        }

        var contents = new List<ReadOnlyMemory<byte>>();
        if (urls.Count == 0)
        {
            foreach (var path in spec.Base64Paths)
            {
                foreach (var value in path.FindAll(root))
                {
                    if (value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } base64) continue;
                    try
                    {
                        contents.Add(Convert.FromBase64String(base64));
                    }
                    catch (FormatException e)
                    {
                        throw new HappyHorseProtocolException($"{task} returned result content that is not valid base64.", scrubber.Snippet(base64), e);
                    }
                }

                if (contents.Count > 0) break;
            }
        }

        if (urls.Count == 0 && contents.Count == 0 && spec.FilePath is { } file)
        {
            urls.Add(ServiceUrls.Combine(task.BaseUrl, PathTemplates.Expand(file, name => name switch
            {
                "task_id" => (task.TaskId, task.Profile.TaskIdIsPath),
                _ => PathTemplates.ModelValue(name, task.Operation.ModelId),
            })));
        }

        return urls.Count == 0 && contents.Count == 0 ? null : new GenerationResult(task, urls, contents);

        void AddUrl(JsonElement item)
        {
            if (item.ValueKind == JsonValueKind.String && Uri.TryCreate(item.GetString(), UriKind.Absolute, out var url)) urls.Add(url);
        }
    }

    /// <summary>The service's request id for an answer: where the profile says the body carries it, else a conventional header.</summary>
    public string? RequestId(ProtocolProfile profile, ServiceAnswer answer) =>
        (answer.Document is { } document ? ResponsePath.FirstText(profile.Error.RequestIdPaths, document.RootElement) : null) ?? answer.RequestIdHeader;

    /// <summary>The exception an error answer means: its code, message and request id where the profile says they are.</summary>
    public HappyHorseApiException Error(ProtocolProfile profile, ServiceAnswer answer)
    {
        string? code = null, message = null;
        if (answer.Document is { } document)
        {
            code = ResponsePath.FirstText(profile.Error.CodePaths, document.RootElement);
            message = ResponsePath.FirstText(profile.Error.MessagePaths, document.RootElement);
        }

        var status = answer.Status;
        var requestId = scrubber.Scrub(RequestId(profile, answer));

        // A numeric code only repeats the HTTP status; the profile's table names it when the status is unambiguous.
        if (code is null || int.TryParse(code, out _)) code = DocumentedCodeFor(profile, status) ?? code;
        code = scrubber.Scrub(code);
        var wire = (int)answer.HttpStatus is var http && http != status && http >= 400 ? $" (HTTP {http})" : string.Empty;
        var text = $"HappyHorse API error {status}{(code is null ? string.Empty : " " + code)}{wire}: {(message is null ? scrubber.Snippet(answer.Body) : scrubber.Scrub(message))}";
        return status switch
        {
            401 => new HappyHorseAuthenticationException(text, code, requestId),
            402 => new HappyHorseInsufficientCreditsException(text, code, requestId),
            _ => new HappyHorseApiException(text, (HttpStatusCode)status, code, requestId),
        };
    }

    private static string? DocumentedCodeFor(ProtocolProfile profile, int status)
    {
        string? found = null;
        foreach (var documented in profile.ErrorCodes)
        {
            if (documented.HttpStatus != status) continue;
            if (found is not null) return null;
            found = documented.Code;
        }

        return found;
    }

    private static double? Progress(ProtocolProfile profile, JsonElement root)
    {
        foreach (var path in profile.ProgressPaths)
        {
            if (!path.TryFind(root, out var value)) continue;
            var scale = 100 / profile.ProgressScale;
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number)) return Math.Clamp(number * scale, 0, 100);
            if (value.ValueKind == JsonValueKind.String &&
                double.TryParse(value.GetString()!.TrimEnd('%'), NumberStyles.Float, CultureInfo.InvariantCulture, out number))
            {
                return Math.Clamp(number * scale, 0, 100);
            }
        }

        return null;
    }

    private static int? QueuePosition(ProtocolProfile profile, JsonElement root)
    {
        foreach (var path in profile.QueuePositionPaths)
        {
            if (path.TryFind(root, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var position) && position >= 0) return position;
        }

        return null;
    }
}
