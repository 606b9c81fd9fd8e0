using System;
using System.Collections.Generic;
using System.Text.Json;

namespace HappyHorse.Generated.Protocol;

/// <summary>
/// Reads a profile from the compact JSON the generator writes into <c>HappyHorseProfiles</c>: the profile format of
/// docs/profile-format.md with every default already filled in and every path already checked, so nothing here
/// decides anything a profile's author wrote.
/// </summary>
internal static class ProfileJson
{
    public static ProtocolProfile Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var submit = root.GetProperty("submit");
        var status = root.GetProperty("status");
        var result = root.GetProperty("result");
        var error = root.GetProperty("error");
        var schedule = root.GetProperty("schedule");
        return new ProtocolProfile
        {
            Id = Text(root, "id")!,
            DefaultBaseUrl = Text(root, "defaultBaseUrl") is { } baseUrl ? new Uri(baseUrl) : null,
            Submit = new SubmitSpec(
                Text(submit, "method")!,
                Text(submit, "path")!,
                Text(submit, "contentType") == "multipart" ? RequestContentType.Multipart : RequestContentType.Json,
                Headers(submit),
                Text(submit, "modelField")) { AnswerIsStatus = Flag(submit, "answerIsStatus") },
            Poll = Call(root.GetProperty("poll")),
            Cancel = root.TryGetProperty("cancel", out var cancel) ? Call(cancel) : null,
            Auth = root.TryGetProperty("auth", out var auth) ? new AuthSpec(Text(auth, "header") ?? string.Empty, Text(auth, "prefix") ?? string.Empty) { Query = Text(auth, "query") } : null,
            TaskIdPaths = Paths(root, "taskId"),
            TaskIdIsPath = Flag(root, "taskIdIsPath"),
            QueuePositionPaths = Paths(root, "queuePosition"),
            Status = new StatusSpec
            {
                Paths = Paths(status, "paths"),
                Presence = Presence(status),
                Otherwise = Text(status, "otherwise") is { } otherwise ? State(otherwise) : GenerationStatus.Running,
                IgnoreCase = Flag(status, "ignoreCase"),
                Queued = Words(status, "queued"),
                Running = Words(status, "running"),
                Succeeded = Words(status, "succeeded"),
                Failed = Words(status, "failed"),
                Canceled = Words(status, "canceled"),
                Expired = Words(status, "expired"),
            },
            ProgressPaths = Paths(root, "progress"),
            ProgressScale = root.TryGetProperty("progressScale", out var scale) ? scale.GetDouble() : 100,
            Result = new ResultSpec
            {
                UrlPaths = Paths(result, "urls"),
                Base64Paths = Paths(result, "base64"),
                Fetch = result.TryGetProperty("fetch", out var fetch) ? Call(fetch) : null,
                FilePath = Text(result, "file"),
                NeedsCredentials = Flag(result, "credentials"),
                WhenMissing = Text(result, "whenMissing") is { } missing ? State(missing) : null,
            },
            FailureMessagePaths = Paths(root, "failureMessage"),
            Error = new ErrorSpec
            {
                CodePaths = Paths(error, "code"),
                MessagePaths = Paths(error, "message"),
                RequestIdPaths = Paths(error, "requestId"),
                ValidationCode = Text(error, "validationCode")!,
                UnknownModelCode = Text(error, "unknownModelCode")!,
            },
            Envelope = root.TryGetProperty("envelope", out var envelope) ? new EnvelopeSpec(ResponsePath.Parse(Text(envelope, "codePath")!), Words(envelope, "success")) : null,
            ErrorCodes = ErrorCodes(root),
            Schedule = new PollSchedule(Seconds(schedule, "firstDelaySeconds"), Seconds(schedule, "incrementSeconds"), Seconds(schedule, "maxDelaySeconds"), Seconds(schedule, "deadlineSeconds"))
            {
                MaxRequestsPerSecond = schedule.TryGetProperty("maxRequestsPerSecond", out var rate) ? rate.GetDouble() : null,
            },
        };
    }

    private static PollSpec Call(JsonElement call) => new(Text(call, "method")!, Text(call, "path")!) { UrlFrom = Paths(call, "urlFrom") };

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Flag(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static TimeSpan Seconds(JsonElement element, string name) => TimeSpan.FromSeconds(element.GetProperty(name).GetDouble());

    private static GenerationStatus State(string name) => Enum.Parse<GenerationStatus>(name, ignoreCase: true);

    private static string[] Words(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var array)) return [];
        var words = new string[array.GetArrayLength()];
        var i = 0;
        foreach (var word in array.EnumerateArray()) words[i++] = word.GetString()!;
        return words;
    }

    private static ResponsePath[] Paths(JsonElement element, string name) => Array.ConvertAll(Words(element, name), ResponsePath.Parse);

    private static KeyValuePair<string, string>[] Headers(JsonElement submit)
    {
        if (!submit.TryGetProperty("headers", out var headers)) return [];
        var list = new List<KeyValuePair<string, string>>();
        foreach (var header in headers.EnumerateObject()) list.Add(new(header.Name, header.Value.GetString()!));
        return list.ToArray();
    }

    private static PresenceRule[] Presence(JsonElement status)
    {
        if (!status.TryGetProperty("presence", out var rules)) return [];
        var list = new List<PresenceRule>();
        foreach (var rule in rules.EnumerateArray()) list.Add(new PresenceRule(ResponsePath.Parse(Text(rule, "path")!), State(Text(rule, "means")!)) { Value = Text(rule, "equals") });
        return list.ToArray();
    }

    private static ErrorCodeSpec[] ErrorCodes(JsonElement root)
    {
        if (!root.TryGetProperty("errorCodes", out var codes)) return [];
        var list = new List<ErrorCodeSpec>();
        foreach (var code in codes.EnumerateArray())
        {
            list.Add(new ErrorCodeSpec(code.GetProperty("http").GetInt32(), Text(code, "code")!, Text(code, "description") ?? string.Empty)
            {
                Means = Text(code, "means") switch
                {
                    "auth" => 401,
                    "credits" => 402,
                    "rateLimit" => 429,
                    "validation" => 400,
                    _ => null,
                },
                MessageContains = Text(code, "messageContains"),
            });
        }

        return list.ToArray();
    }
}
