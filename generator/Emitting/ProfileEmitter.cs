using System.Globalization;
using System.Text;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>
/// Writes a protocol profile as the compact JSON the runtime's <c>ProtocolProfile.Parse</c> reads once (the profile
/// format with every default filled in), as a model's metadata is written: the profile's parts stay the runtime's own
/// types, not public types generated code must construct.
/// </summary>
internal static class ProfileEmitter
{
    private const string Protocol = "global::HappyHorse.Generated.Protocol";

    public static string Emit(ProfileSpec profile, string ns, string sourceName)
    {
        var w = new CodeWriter();
        ModelEmitter.Header(w, sourceName);
        w.Open($"namespace {ns}");
        // The class's documentation and attribute are written once, with the catalog.
        w.Open("public static partial class HappyHorseProfiles");
        w.Summary($"<c>{CodeWriter.Xml(profile.Id)}</c>: {CodeWriter.Xml(profile.Description)}".TrimEnd(' ', ':'));
        w.Line(ModelEmitter.GeneratedCodeAttribute);
        w.Line($"public static {Protocol}.ProtocolProfile {profile.PropertyName} {{ get; }} = {Protocol}.ProtocolProfile.Parse({CodeWriter.Literal(Json(profile))});");
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>The profile as the runtime reads it; the order of properties is fixed, so the same profile is the same text.</summary>
    public static string Json(ProfileSpec profile)
    {
        var v2 = profile.V2;
        var json = new StringBuilder();
        json.Append('{');
        Text(json, "id", profile.Id, first: true);
        if (profile.DefaultBaseUrl is not null) Text(json, "defaultBaseUrl", profile.DefaultBaseUrl);
        json.Append(",\"submit\":{");
        Text(json, "method", profile.SubmitMethod, first: true);
        Text(json, "path", profile.SubmitPath);
        Text(json, "contentType", profile.ContentType);
        if (profile.ModelField.Length > 0) Text(json, "modelField", profile.ModelField);
        if (v2.SubmitAnswerIsStatus) json.Append(",\"answerIsStatus\":true");
        if (profile.Headers.Count > 0)
        {
            json.Append(",\"headers\":{");
            for (var i = 0; i < profile.Headers.Count; i++) Text(json, profile.Headers[i].Name, profile.Headers[i].Value, first: i == 0);
            json.Append('}');
        }

        json.Append('}');
        var follow = v2.Follow;
        Call(json, "poll", profile.PollMethod, profile.PollPath, follow?.Poll);
        if (profile.CancelPath is not null) Call(json, "cancel", profile.CancelMethod ?? "POST", profile.CancelPath, follow?.Cancel);
        if (v2.AuthQuery is not null)
        {
            json.Append(",\"auth\":{");
            Text(json, "query", v2.AuthQuery, first: true);
            json.Append('}');
        }
        else if (v2.AuthHeader is not null)
        {
            json.Append(",\"auth\":{");
            Text(json, "header", v2.AuthHeader, first: true);
            Text(json, "prefix", v2.AuthPrefix ?? string.Empty);
            json.Append('}');
        }

        Strings(json, "taskId", profile.TaskIdPaths);
        if (v2.TaskIdIsPath) json.Append(",\"taskIdIsPath\":true");
        Strings(json, "queuePosition", v2.QueuePositionPaths);
        json.Append(",\"status\":{");
        json.Append("\"ignoreCase\":").Append(profile.StatusIgnoreCase ? "true" : "false");
        Strings(json, "paths", profile.StatusPaths);
        if (v2.Presence.Count > 0)
        {
            json.Append(",\"presence\":[");
            for (var i = 0; i < v2.Presence.Count; i++)
            {
                json.Append(i == 0 ? "{" : ",{");
                Text(json, "path", v2.Presence[i].Path, first: true);
                Text(json, "means", v2.Presence[i].Means);
                if (v2.Presence[i].Value is { } value) Text(json, "equals", value);
                json.Append('}');
            }

            json.Append(']');
        }

        if (v2.Otherwise is not null) Text(json, "otherwise", v2.Otherwise);
        Strings(json, "queued", profile.Queued);
        Strings(json, "running", profile.Running);
        Strings(json, "succeeded", profile.Succeeded);
        Strings(json, "failed", profile.Failed);
        Strings(json, "canceled", profile.Canceled);
        Strings(json, "expired", profile.Expired);
        json.Append('}');
        Strings(json, "progress", profile.ProgressPaths);
        if (v2.ProgressScale is not null) json.Append(",\"progressScale\":").Append(v2.ProgressScale);
        json.Append(",\"result\":{");
        json.Append("\"credentials\":").Append(v2.ResultCredentials ? "true" : "false");
        Strings(json, "urls", profile.ResultUrlPaths);
        Strings(json, "base64", profile.ResultBase64Paths);
        if (v2.ResultFetchPath is not null) Call(json, "fetch", v2.ResultFetchMethod ?? "GET", v2.ResultFetchPath, follow?.Fetch);
        if (v2.ResultFilePath is not null) Text(json, "file", v2.ResultFilePath);
        if (v2.MissingResultMeans is not null) Text(json, "whenMissing", v2.MissingResultMeans);
        json.Append('}');
        Strings(json, "failureMessage", profile.FailureMessagePaths);
        json.Append(",\"error\":{");
        Text(json, "validationCode", profile.ValidationCode, first: true);
        Text(json, "unknownModelCode", profile.UnknownModelCode);
        Strings(json, "code", profile.ErrorCodePaths);
        Strings(json, "message", profile.ErrorMessagePaths);
        Strings(json, "requestId", profile.RequestIdPaths);
        json.Append('}');
        if (profile.EnvelopeCodePath is not null)
        {
            json.Append(",\"envelope\":{");
            Text(json, "codePath", profile.EnvelopeCodePath, first: true);
            Strings(json, "success", profile.EnvelopeSuccess);
            json.Append('}');
        }

        if (profile.ErrorCodes.Count > 0)
        {
            json.Append(",\"errorCodes\":[");
            for (var i = 0; i < profile.ErrorCodes.Count; i++)
            {
                var code = profile.ErrorCodes[i];
                json.Append(i == 0 ? "{" : ",{");
                json.Append("\"http\":").Append(code.HttpStatus.ToString(CultureInfo.InvariantCulture));
                Text(json, "code", code.Code);
                Text(json, "description", code.Description);
                if (code.Means is not null) Text(json, "means", code.Means);
                if (code.MessageContains is not null) Text(json, "messageContains", code.MessageContains);
                json.Append('}');
            }

            json.Append(']');
        }

        var s = profile.Schedule;
        json.Append(",\"schedule\":{\"firstDelaySeconds\":").Append(s.FirstDelay)
            .Append(",\"incrementSeconds\":").Append(s.Increment)
            .Append(",\"maxDelaySeconds\":").Append(s.MaxDelay)
            .Append(",\"deadlineSeconds\":").Append(s.Deadline);
        if (s.MaxRequestsPerSecond is not null) json.Append(",\"maxRequestsPerSecond\":").Append(s.MaxRequestsPerSecond);
        json.Append("}}");
        return json.ToString();
    }

    private static void Call(StringBuilder json, string name, string method, string path, EquatableArray<string>? urlFrom)
    {
        json.Append(",\"").Append(name).Append("\":{");
        Text(json, "method", method, first: true);
        Text(json, "path", path);
        if (urlFrom is { } paths) Strings(json, "urlFrom", paths);
        json.Append('}');
    }

    private static void Text(StringBuilder json, string name, string value, bool first = false)
    {
        if (!first) json.Append(',');
        MetadataEmitter.String(json, name);
        json.Append(':');
        MetadataEmitter.String(json, value);
    }

    /// <summary>A list of words or paths; left out when empty.</summary>
    private static void Strings(StringBuilder json, string name, EquatableArray<string> values)
    {
        if (values.Count == 0) return;
        json.Append(",\"").Append(name).Append("\":[");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) json.Append(',');
            MetadataEmitter.String(json, values[i]);
        }

        json.Append(']');
    }
}
