using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HappyHorse.Generated.Generator.Json;
using HappyHorse.Generated.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator.Reading;

/// <summary>Reads a protocol profile into a <see cref="ProfileSpec"/>, reporting every mistake at its place in the file.</summary>
internal static class ProfileReader
{
    private static readonly string[] ProfileProperties =
    {
        "id", "propertyName", "description", "defaultBaseUrl", "submit", "poll", "cancel", "taskId", "status", "progress",
        "result", "failureMessage", "envelope", "error", "errorCodes", "schedule", "auth", "taskIdKind", "queuePosition",
        "progressScale",
    };

    private static readonly string[] SubmitProperties = { "method", "path", "contentType", "modelField", "headers", "answerIsStatus" };
    private static readonly string[] PollProperties = { "method", "path", "urlFrom" };
    private static readonly string[] StatusProperties = { "paths", "ignoreCase", "queued", "running", "succeeded", "failed", "canceled", "expired", "presence", "otherwise" };
    private static readonly string[] ResultProperties = { "urls", "base64", "fetch", "file", "credentials", "whenMissing" };
    private static readonly string[] AuthProperties = { "header", "prefix", "query" };
    private static readonly string[] PresenceProperties = { "path", "means", "equals" };
    private static readonly string[] Outcomes = { "auth", "credits", "rateLimit", "validation" };
    private static readonly string[] MissingResultStates = { "failed" };
    private static readonly string[] ProgressScales = { "1", "100" };
    private static readonly string[] States = { "queued", "running", "succeeded", "failed", "canceled", "expired" };
    private static readonly string[] WaitingStates = { "queued", "running" };
    private static readonly string[] TaskIdKinds = { "segment", "path" };
    private static readonly string[] TaskPlaceholders = { "task_id", "model" };
    private static readonly string[] EnvelopeProperties = { "codePath", "success" };
    private static readonly string[] ErrorProperties = { "code", "message", "requestId", "validationCode", "unknownModelCode" };
    private static readonly string[] ErrorCodeProperties = { "http", "code", "description", "means", "messageContains" };
    private static readonly string[] ScheduleProperties = { "firstDelaySeconds", "incrementSeconds", "maxDelaySeconds", "deadlineSeconds", "maxRequestsPerSecond" };
    private static readonly string[] ContentTypes = { "json", "multipart" };
    private static readonly string[] Methods = { "GET", "POST", "PUT", "DELETE" };

    public static (ProfileSpec? Profile, EquatableArray<DiagnosticInfo> Diagnostics) Read(SourceText text, string path, CancellationToken cancellationToken) =>
        ReadContext.ReadDocument(text, path, "The profile", ProfileProperties, cancellationToken, ReadProfile);

    private static ProfileSpec? ReadProfile(ObjectView view, ReadContext context)
    {
        var id = view.String("id", required: true);
        var propertyName = view.String("propertyName") ?? (id is null ? null : Naming.ToPascalCase(id));
        if (propertyName is not null && !Naming.IsIdentifier(propertyName))
        {
            context.Report(DiagnosticDescriptors.InvalidIdentifier, context.At(view.Get("propertyName") ?? view.Get("id")!), propertyName, string.Empty, "identifier", "propertyName");
        }

        var defaultBaseUrl = view.String("defaultBaseUrl");
        if (defaultBaseUrl is not null && (!Uri.TryCreate(defaultBaseUrl, UriKind.Absolute, out var parsedUrl) || parsedUrl.Scheme != Uri.UriSchemeHttps))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("defaultBaseUrl")!), "defaultBaseUrl", "an absolute https URL", $"'{defaultBaseUrl}'");
        }

        var submit = Section(view, context, "submit", SubmitProperties);
        var submitMethod = Method(submit, context);
        var submitPath = RequestPath(submit, context);
        var contentType = OneOf(submit, context, "contentType", ContentTypes);
        var modelField = submit?.String("modelField");
        if (submitPath is not null && submit is { } submitView)
        {
            CheckPlaceholders(submitView, context, submitPath, taskPath: false);
            if (modelField is null && !submitPath.Contains("{model}") && submitView.Get("modelField") is null)
            {
                context.Report(DiagnosticDescriptors.ModelIdSentNowhere, context.At(submitView.Get("path")!), submitPath);
            }
        }

        var headers = new List<HeaderSpec>();
        if (submit?.Object("headers") is { } headerNode)
        {
            foreach (var header in headerNode.Properties)
            {
                if (header.Value.Kind == JsonKind.String) headers.Add(new HeaderSpec(header.Name, header.Value.StringValue!));
                else context.Report(DiagnosticDescriptors.WrongValueType, context.At(header.Value), "headers." + header.Name, "a string");
            }
        }

        var poll = Section(view, context, "poll", PollProperties);
        var pollMethod = Method(poll, context);
        var pollPath = RequestPath(poll, context);
        if (pollPath is not null && !pollPath.Contains("{task_id}"))
        {
            context.Report(DiagnosticDescriptors.MalformedPath, context.At(poll!.Value.Get("path")!), pollPath, "a poll path must contain {task_id}");
        }
        else if (pollPath is not null)
        {
            CheckPlaceholders(poll!.Value, context, pollPath, taskPath: true);
        }

        var cancelNode = view.Object("cancel");
        var cancel = cancelNode is null ? (ObjectView?)null : new ObjectView(cancelNode, context, "'cancel'", PollProperties);
        var cancelMethod = cancel is null ? null : Method(cancel, context);
        var cancelPath = cancel is null ? null : RequestPath(cancel, context);
        if (cancelPath is not null && !cancelPath.Contains("{task_id}"))
        {
            context.Report(DiagnosticDescriptors.MalformedPath, context.At(cancel!.Value.Get("path")!), cancelPath, "a cancel path must contain {task_id}");
        }
        else if (cancelPath is not null)
        {
            CheckPlaceholders(cancel!.Value, context, cancelPath, taskPath: true);
        }

        var status = Section(view, context, "status", StatusProperties);
        var result = Section(view, context, "result", ResultProperties);
        var error = Section(view, context, "error", ErrorProperties);
        var schedule = Section(view, context, "schedule", ScheduleProperties);
        var envelopeNode = view.Object("envelope");
        var envelope = envelopeNode is null ? (ObjectView?)null : new ObjectView(envelopeNode, context, "'envelope'", EnvelopeProperties);
        var presence = Presence(status, context);
        var byPresence = presence.Count > 0;
        var v2 = ReadV2(view, status, result, context, presence);

        var spec = new ProfileSpec(
            id ?? string.Empty,
            propertyName ?? string.Empty,
            view.String("description") ?? string.Empty,
            defaultBaseUrl,
            submitMethod ?? string.Empty,
            submitPath ?? string.Empty,
            contentType ?? string.Empty,
            modelField ?? string.Empty,
            headers.ToEquatableArray(),
            pollMethod ?? string.Empty,
            pollPath ?? string.Empty,
            cancelMethod,
            cancelPath,
            Paths(view, context, "taskId", required: true),
            Paths(status, context, "paths", required: !byPresence),
            status?.Boolean("ignoreCase") ?? false,
            Words(status, "queued"),
            Words(status, "running"),
            Words(status, "succeeded", required: !byPresence),
            Words(status, "failed", required: !byPresence),
            Words(status, "canceled"),
            Words(status, "expired"),
            Paths(view, context, "progress"),
            Paths(result, context, "urls", required: result?.Get("file") is null),
            Paths(result, context, "base64"),
            Paths(view, context, "failureMessage"),
            envelope?.String("codePath", required: true),
            Words(envelope, "success", required: envelope is not null),
            Paths(error, context, "code", required: true),
            Paths(error, context, "message", required: true),
            Paths(error, context, "requestId"),
            error?.String("validationCode", required: true) ?? string.Empty,
            error?.String("unknownModelCode", required: true) ?? string.Empty,
            ErrorCodes(view, context),
            new ScheduleSpec(
                Seconds(schedule, context, "firstDelaySeconds"),
                Seconds(schedule, context, "incrementSeconds"),
                Seconds(schedule, context, "maxDelaySeconds"),
                Seconds(schedule, context, "deadlineSeconds"),
                RequestRate(schedule, context)),
            new ProfileLocations(context.At(view.Get("id") ?? view.Node), view.Get("propertyName") is { } propertyNameNode ? context.At(propertyNameNode) : null),
            v2);
        return spec;
    }

    /// <summary>The second format's properties: auth, task id kind, queue position, presence, result fetch, file and credentials.</summary>
    private static ProfileV2Spec ReadV2(ObjectView view, ObjectView? status, ObjectView? result, ReadContext context, EquatableArray<PresenceSpec> presence)
    {
        string? authHeader = null, authPrefix = null, authQuery = null;
        if (view.Object("auth") is { } authNode)
        {
            var auth = new ObjectView(authNode, context, "'auth'", AuthProperties);
            authQuery = auth.String("query");
            if (authQuery is not null && (authQuery.Length == 0 || authQuery.Any(c => !(char.IsLetterOrDigit(c) || c is '_' or '-' or '.'))))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(auth.Get("query")!), "query", "a query parameter name: letters, digits, '_', '-', '.'", $"'{authQuery}'");
                authQuery = null;
            }

            if (authQuery is not null && auth.Get("header") is not null)
            {
                context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(auth.Get("query")!), "query", "the key goes in a 'header' or a 'query' parameter, not both");
            }

            authHeader = auth.String("header", required: auth.Get("query") is null);
            authPrefix = auth.String("prefix") ?? string.Empty;
            if (authHeader is not null && (authHeader.Length == 0 || authHeader.Any(c => c <= ' ' || c >= 127 || "()<>@,;:\\\"/[]?={}".IndexOf(c) >= 0)))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(auth.Get("header")!), "header", "an HTTP header name", $"'{authHeader}'");
                authHeader = null;
            }

            if (authPrefix.Any(c => c < ' ' || c >= 127))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(auth.Get("prefix")!), "prefix", "printable ASCII", $"'{Printable(authPrefix)}'");
                authPrefix = string.Empty;
            }
        }

        var idKind = OneOf(view, context, "taskIdKind", TaskIdKinds, required: false);
        var otherwise = OneOf(status, context, "otherwise", WaitingStates, required: false);
        if (otherwise is not null && presence.Count == 0)
        {
            context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(status!.Value.Get("otherwise")!), "otherwise", "it needs 'presence': without it the status word decides");
        }

        string? fetchMethod = null, fetchPath = null, file = null;
        var fetchUrlFrom = EquatableArray<string>.Empty;
        if (result?.Object("fetch") is { } fetchNode)
        {
            var fetch = new ObjectView(fetchNode, context, "'fetch'", PollProperties);
            fetchMethod = Method(fetch, context);
            fetchPath = TaskPath(fetch, context, "path", "a result fetch path");
            fetchUrlFrom = Paths(fetch, context, "urlFrom");
        }

        if (result is { } resultView && resultView.Get("file") is not null)
        {
            file = TaskPath(resultView, context, "file", "a result file path");
            if (file is not null && resultView.Get("fetch") is not null)
            {
                context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(resultView.Get("file")!), "file", "a result is a 'file' or read from a 'fetch' answer, not both");
            }
        }

        return new ProfileV2Spec(
            authHeader,
            authPrefix,
            idKind == "path",
            Paths(view, context, "queuePosition"),
            presence,
            otherwise,
            fetchMethod,
            fetchPath,
            file,
            result?.Boolean("credentials") ?? false,
            ProgressScale(view, context),
            OneOf(result, context, "whenMissing", MissingResultStates, required: false),
            authQuery,
            view.Object("submit") is { } submitNode && new ObjectView(submitNode, context, "'submit'", SubmitProperties, reportUnknown: false).Boolean("answerIsStatus") == true,
            new FollowSpec(UrlFrom(view, context, "poll"), UrlFrom(view, context, "cancel"), fetchUrlFrom));
    }

    /// <summary>The response paths of the submit answer that give <paramref name="call"/>'s URL (fal's <c>status_url</c>).</summary>
    private static EquatableArray<string> UrlFrom(ObjectView view, ReadContext context, string call) =>
        view.Get(call) is { } node && node.Kind == JsonKind.Object ? Paths(new ObjectView(node, context, $"'{call}'", PollProperties, reportUnknown: false), context, "urlFrom") : EquatableArray<string>.Empty;

    private static EquatableArray<PresenceSpec> Presence(ObjectView? status, ReadContext context)
    {
        var rules = new List<PresenceSpec>();
        if (status is not { } view) return rules.ToEquatableArray();
        var nodes = view.Array("presence");
        if (nodes is null) return rules.ToEquatableArray();
        if (nodes.Count == 0) context.Report(DiagnosticDescriptors.TooFewItems, context.At(view.Get("presence")!), "'presence'", "one rule");
        foreach (var node in nodes)
        {
            if (node.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(node), "presence[]", "an object");
                continue;
            }

            var rule = new ObjectView(node, context, "A presence rule", PresenceProperties);
            var path = rule.String("path", required: true);
            if (path is not null && Naming.CheckResponsePath(path) is { } problem)
            {
                context.Report(DiagnosticDescriptors.MalformedPath, context.At(rule.Get("path")!), path, problem);
                path = null;
            }

            var means = OneOf(rule, context, "means", States);
            var equals = rule.String("equals");
            if (equals is { Length: 0 }) context.Report(DiagnosticDescriptors.InvalidValue, context.At(rule.Get("equals")!), "equals", "a non-empty string (leave it out to test presence)", "''");
            if (path is not null && means is not null) rules.Add(new PresenceSpec(path, means, equals is { Length: 0 } ? null : equals));
        }

        return rules.ToEquatableArray();
    }

    /// <summary>A path about one task: starts with '/', holds {task_id}, and no placeholder but {task_id} and {model}.</summary>
    private static string? TaskPath(ObjectView section, ReadContext context, string property, string what)
    {
        var path = section.String(property, required: true);
        if (path is null) return null;
        var node = section.Get(property)!;
        if (!path.StartsWith("/"))
        {
            context.Report(DiagnosticDescriptors.MalformedPath, context.At(node), path, "a request path must start with '/'");
            return null;
        }

        if (!path.Contains("{task_id}"))
        {
            context.Report(DiagnosticDescriptors.MalformedPath, context.At(node), path, what + " must contain {task_id}");
            return null;
        }

        return CheckPlaceholders(section, context, path, taskPath: true, property) ? path : null;
    }

    /// <summary>
    /// Checks a path's placeholders: closed braces; in a task's paths only {task_id} and {model}; in the submit path
    /// {model} or a request field's JSON path, never {task_id}.
    /// </summary>
    private static bool CheckPlaceholders(ObjectView section, ReadContext context, string path, bool taskPath, string property = "path")
    {
        var node = section.Get(property)!;
        for (var open = path.IndexOf('{'); open >= 0; open = path.IndexOf('{', open + 1))
        {
            var close = path.IndexOf('}', open);
            if (close < 0 || path.IndexOf('{', open + 1) is var next && next >= 0 && next < close)
            {
                context.Report(DiagnosticDescriptors.MalformedPath, context.At(node), path, "a '{' without its '}'");
                return false;
            }

            var name = path.Substring(open + 1, close - open - 1);
            var modelPart = IsModelPart(name);
            if (name.StartsWith("model:", System.StringComparison.Ordinal) && !modelPart)
            {
                context.Report(DiagnosticDescriptors.MalformedPath, context.At(node), path, $"{{{name}}}: '{{model:N}}' takes the model id's first N segments, N from 1 to 9");
                return false;
            }

            if (taskPath && !TaskPlaceholders.Contains(name) && !modelPart)
            {
                context.Report(DiagnosticDescriptors.MalformedPath, context.At(node), path, $"{{{name}}} is not known here: a task's paths take {{task_id}}, {{model}} and {{model:N}}");
                return false;
            }

            if (!taskPath && name == "task_id")
            {
                context.Report(DiagnosticDescriptors.MalformedPath, context.At(node), path, "the submit path cannot hold {task_id}: there is no task yet");
                return false;
            }

            if (!taskPath && name != "model" && !modelPart && Naming.CheckResponsePath(name) is { } problem)
            {
                context.Report(DiagnosticDescriptors.MalformedPath, context.At(node), path, $"{{{name}}} names no request field ({problem})");
                return false;
            }
        }

        if (path.IndexOf('}') is var stray && stray >= 0 && path.LastIndexOf('{', stray) < 0)
        {
            context.Report(DiagnosticDescriptors.MalformedPath, context.At(node), path, "a '}' without its '{'");
            return false;
        }

        return true;
    }

    /// <summary><paramref name="text"/> with control and non-ASCII characters as <c>\uXXXX</c>, so a message can show it.</summary>
    private static string Printable(string text) =>
        string.Concat(text.Select(c => c < ' ' || c >= 127 ? "\\u" + ((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) : c.ToString()));

    private static ObjectView? Section(ObjectView parent, ReadContext context, string name, string[] known) =>
        parent.Object(name, required: true) is { } node ? new ObjectView(node, context, $"'{name}'", known) : null;

    private static string? Method(ObjectView? section, ReadContext context) => OneOf(section, context, "method", Methods);

    private static string? OneOf(ObjectView? section, ReadContext context, string property, string[] allowed, bool required = true)
    {
        var value = section?.String(property, required);
        if (value is null || allowed.Contains(value)) return value;
        context.Report(DiagnosticDescriptors.InvalidValue, context.At(section!.Value.Get(property)!), property, $"one of {string.Join(", ", allowed)}", $"'{value}'");
        return null;
    }

    /// <summary>Whether a placeholder is <c>{model:N}</c>: the model id's first N segments (fal's app id of <c>fal-ai/flux/dev</c> is <c>{model:2}</c>).</summary>
    private static bool IsModelPart(string name) => name.Length == 7 && name.StartsWith("model:", System.StringComparison.Ordinal) && name[6] >= '1' && name[6] <= '9';

    private static string? RequestPath(ObjectView? section, ReadContext context)
    {
        var path = section?.String("path", required: true);
        if (path is null || path.StartsWith("/")) return path;
        context.Report(DiagnosticDescriptors.MalformedPath, context.At(section!.Value.Get("path")!), path, "a request path must start with '/'");
        return null;
    }

    private static EquatableArray<string> Paths(ObjectView? section, ReadContext context, string property, bool required = false)
    {
        if (section is not { } view) return EquatableArray<string>.Empty;
        var paths = view.StringArray(property, required) ?? new List<string>();
        if (required && paths.Count == 0 && view.Get(property) is { } empty)
        {
            context.Report(DiagnosticDescriptors.TooFewItems, context.At(empty), $"'{property}'", "one path");
        }

        var node = view.Get(property);
        for (var i = 0; i < paths.Count; i++)
        {
            if (Naming.CheckResponsePath(paths[i]) is { } problem)
            {
                context.Report(DiagnosticDescriptors.MalformedPath, context.At(node!.Items[i]), paths[i], problem);
            }
        }

        return paths.ToEquatableArray();
    }

    private static EquatableArray<string> Words(ObjectView? section, string property, bool required = false) =>
        (section?.StringArray(property, required) ?? new List<string>()).ToEquatableArray();

    private static EquatableArray<ErrorCodeSpec> ErrorCodes(ObjectView view, ReadContext context)
    {
        var codes = new List<ErrorCodeSpec>();
        foreach (var node in view.Array("errorCodes") ?? new List<JsonNode>())
        {
            if (node.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(node), "errorCodes[]", "an object");
                continue;
            }

            var item = new ObjectView(node, context, "An error code", ErrorCodeProperties);
            var http = item.Count("http");
            var code = item.String("code", required: true);
            if (http is null && item.Get("http") is null) context.Report(DiagnosticDescriptors.MissingProperty, context.At(node), "An error code", "http");
            if (http is { } status && (status < 400 || status > 599))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(item.Get("http")!), "http", "an HTTP error status, 400-599", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            var means = OneOf(item, context, "means", Outcomes, required: false);
            var messageContains = item.String("messageContains");
            if (messageContains is not null && means is null)
            {
                context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(item.Get("messageContains")!), "messageContains", "it narrows an error rule: give 'means' too");
            }

            if (http is not null && code is not null) codes.Add(new ErrorCodeSpec(http.Value, code, item.String("description") ?? string.Empty, means, messageContains));
        }

        return codes.ToEquatableArray();
    }

    /// <summary>The value progress counts up to: 100 (percent, the default) or 1 (a fraction).</summary>
    private static string? ProgressScale(ObjectView view, ReadContext context)
    {
        var scale = view.NumberText("progressScale", integral: false);
        if (scale is null || System.Array.IndexOf(ProgressScales, scale) >= 0) return scale;
        context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("progressScale")!), "progressScale", "1 (a fraction) or 100 (percent)", scale);
        return null;
    }

    private static string? RequestRate(ObjectView? schedule, ReadContext context)
    {
        var rate = schedule?.NumberText("maxRequestsPerSecond", integral: false);
        if (rate is null || !double.TryParse(rate, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value > 0) return rate;
        context.Report(DiagnosticDescriptors.InvalidValue, context.At(schedule!.Value.Get("maxRequestsPerSecond")!), "maxRequestsPerSecond", "positive", rate);
        return null;
    }

    private static string Seconds(ObjectView? section, ReadContext context, string property)
    {
        var seconds = section?.NumberText(property, integral: false, required: true);
        if (seconds is null || !seconds.StartsWith("-")) return seconds ?? "0";
        context.Report(DiagnosticDescriptors.NegativeCount, context.At(section!.Value.Get(property)!), property, seconds);
        return "0";
    }
}
