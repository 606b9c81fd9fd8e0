using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>Writes a protocol profile as a runtime <c>ProtocolProfile</c> instance, so nothing parses profiles at run time.</summary>
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
        w.Open($"public static {Protocol}.ProtocolProfile {profile.PropertyName} {{ get; }} = new {Protocol}.ProtocolProfile");
        w.Line($"Id = {CodeWriter.Literal(profile.Id)},");
        if (profile.DefaultBaseUrl is not null) w.Line($"DefaultBaseUrl = new global::System.Uri({CodeWriter.Literal(profile.DefaultBaseUrl)}),");
        var headers = profile.Headers.Count == 0
            ? "global::System.Array.Empty<global::System.Collections.Generic.KeyValuePair<string, string>>()"
            : "new global::System.Collections.Generic.KeyValuePair<string, string>[] { " + string.Join(", ", profile.Headers.Select(h => $"new global::System.Collections.Generic.KeyValuePair<string, string>({CodeWriter.Literal(h.Name)}, {CodeWriter.Literal(h.Value)})")) + " }";
        var contentType = profile.ContentType == "multipart" ? "Multipart" : "Json";
        w.Line($"Submit = new {Protocol}.SubmitSpec({CodeWriter.Literal(profile.SubmitMethod)}, {CodeWriter.Literal(profile.SubmitPath)}, {Protocol}.RequestContentType.{contentType}, {headers}, {(profile.ModelField.Length == 0 ? "null" : CodeWriter.Literal(profile.ModelField))}),");
        w.Line($"Poll = new {Protocol}.PollSpec({CodeWriter.Literal(profile.PollMethod)}, {CodeWriter.Literal(profile.PollPath)}),");
        if (profile.CancelPath is not null) w.Line($"Cancel = new {Protocol}.PollSpec({CodeWriter.Literal(profile.CancelMethod)}, {CodeWriter.Literal(profile.CancelPath)}),");
        var v2 = profile.V2;
        if (v2.AuthHeader is not null) w.Line($"Auth = new {Protocol}.AuthSpec({CodeWriter.Literal(v2.AuthHeader)}, {CodeWriter.Literal(v2.AuthPrefix ?? string.Empty)}),");
        PathsProperty(w, "TaskIdPaths", profile.TaskIdPaths);
        if (v2.TaskIdIsPath) w.Line("TaskIdIsPath = true,");
        if (v2.QueuePositionPaths.Count > 0) PathsProperty(w, "QueuePositionPaths", v2.QueuePositionPaths);
        w.Open($"Status = new {Protocol}.StatusSpec");
        PathsProperty(w, "Paths", profile.StatusPaths);
        if (v2.Presence.Count > 0)
        {
            w.Line($"Presence = new {Protocol}.PresenceRule[] {{ {string.Join(", ", v2.Presence.Select(r => $"new({Path(r.Path)}, {State(r.Means)})"))} }},");
        }

        if (v2.Otherwise is not null) w.Line($"Otherwise = {State(v2.Otherwise)},");
        w.Line($"IgnoreCase = {(profile.StatusIgnoreCase ? "true" : "false")},");
        w.Line($"Queued = {Strings(profile.Queued)},");
        w.Line($"Running = {Strings(profile.Running)},");
        w.Line($"Succeeded = {Strings(profile.Succeeded)},");
        w.Line($"Failed = {Strings(profile.Failed)},");
        w.Line($"Canceled = {Strings(profile.Canceled)},");
        w.Line($"Expired = {Strings(profile.Expired)},");
        w.Close(",");
        PathsProperty(w, "ProgressPaths", profile.ProgressPaths);
        w.Open($"Result = new {Protocol}.ResultSpec");
        PathsProperty(w, "UrlPaths", profile.ResultUrlPaths);
        PathsProperty(w, "Base64Paths", profile.ResultBase64Paths);
        if (v2.ResultFetchPath is not null) w.Line($"Fetch = new {Protocol}.PollSpec({CodeWriter.Literal(v2.ResultFetchMethod ?? "GET")}, {CodeWriter.Literal(v2.ResultFetchPath)}),");
        if (v2.ResultFilePath is not null) w.Line($"FilePath = {CodeWriter.Literal(v2.ResultFilePath)},");
        if (v2.ResultCredentials) w.Line("NeedsCredentials = true,");
        w.Close(",");
        PathsProperty(w, "FailureMessagePaths", profile.FailureMessagePaths);
        w.Open($"Error = new {Protocol}.ErrorSpec");
        PathsProperty(w, "CodePaths", profile.ErrorCodePaths);
        PathsProperty(w, "MessagePaths", profile.ErrorMessagePaths);
        PathsProperty(w, "RequestIdPaths", profile.RequestIdPaths);
        w.Line($"ValidationCode = {CodeWriter.Literal(profile.ValidationCode)},");
        w.Line($"UnknownModelCode = {CodeWriter.Literal(profile.UnknownModelCode)},");
        w.Close(",");
        if (profile.EnvelopeCodePath is not null)
        {
            w.Line($"Envelope = new {Protocol}.EnvelopeSpec({Protocol}.ResponsePath.Parse({CodeWriter.Literal(profile.EnvelopeCodePath)}), {Strings(profile.EnvelopeSuccess)}),");
        }

        w.Open($"ErrorCodes = new {Protocol}.ErrorCodeSpec[]");
        foreach (var code in profile.ErrorCodes)
        {
            w.Line($"new {Protocol}.ErrorCodeSpec({code.HttpStatus.ToString(CultureInfo.InvariantCulture)}, {CodeWriter.Literal(code.Code)}, {CodeWriter.Literal(code.Description)}),");
        }

        w.Close(",");
        var s = profile.Schedule;
        var rate = s.MaxRequestsPerSecond is null ? string.Empty : $" {{ MaxRequestsPerSecond = {s.MaxRequestsPerSecond}d }}";
        w.Line($"Schedule = new {Protocol}.PollSchedule({Seconds(s.FirstDelay)}, {Seconds(s.Increment)}, {Seconds(s.MaxDelay)}, {Seconds(s.Deadline)}){rate},");
        w.Close(";");
        w.Close();
        w.Close();
        return w.ToString();
    }

    /// <summary>A list of response paths, one per line when there are several, so a changed path is a one-line diff.</summary>
    private static void PathsProperty(CodeWriter w, string name, EquatableArray<string> paths)
    {
        if (paths.Count == 0)
        {
            w.Line($"{name} = global::System.Array.Empty<{Protocol}.ResponsePath>(),");
            return;
        }

        if (paths.Count == 1)
        {
            w.Line($"{name} = new {Protocol}.ResponsePath[] {{ {Path(paths[0])} }},");
            return;
        }

        w.Open($"{name} = new {Protocol}.ResponsePath[]");
        foreach (var path in paths) w.Line(Path(path) + ",");
        w.Close(",");
    }

    private static string Path(string path) => $"{Protocol}.ResponsePath.Parse({CodeWriter.Literal(path)})";

    private static string Strings(EquatableArray<string> words) => words.Count == 0
        ? "global::System.Array.Empty<string>()"
        : $"new string[] {{ {string.Join(", ", words.Select(CodeWriter.Literal))} }}";

    private static string State(string state) => "global::HappyHorse.Generated.GenerationStatus." + char.ToUpperInvariant(state[0]) + state.Substring(1);

    private static string Seconds(string number) => $"global::System.TimeSpan.FromSeconds({number}d)";
}
