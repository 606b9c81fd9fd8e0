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
        "result", "failureMessage", "envelope", "error", "errorCodes", "schedule",
    };

    private static readonly string[] SubmitProperties = { "method", "path", "contentType", "modelField", "headers" };
    private static readonly string[] PollProperties = { "method", "path" };
    private static readonly string[] StatusProperties = { "paths", "ignoreCase", "queued", "running", "succeeded", "failed", "canceled", "expired" };
    private static readonly string[] ResultProperties = { "urls", "base64" };
    private static readonly string[] EnvelopeProperties = { "codePath", "success" };
    private static readonly string[] ErrorProperties = { "code", "message", "requestId", "validationCode", "unknownModelCode" };
    private static readonly string[] ErrorCodeProperties = { "http", "code", "description" };
    private static readonly string[] ScheduleProperties = { "firstDelaySeconds", "incrementSeconds", "maxDelaySeconds", "deadlineSeconds", "maxRequestsPerSecond" };
    private static readonly string[] ContentTypes = { "json", "multipart" };
    private static readonly string[] Methods = { "GET", "POST", "PUT" };

    public static (ProfileSpec? Profile, EquatableArray<DiagnosticInfo> Diagnostics) Read(SourceText text, string path, CancellationToken cancellationToken) =>
        ReadContext.ReadDocument(text, path, "The profile", ProfileProperties, cancellationToken, ReadProfile);

    private static ProfileSpec? ReadProfile(ObjectView view, ReadContext context)
    {
        var id = view.String("id", required: true);
        var propertyName = view.String("propertyName") ?? (id is null ? null : Naming.ToPascalCase(id));
        if (propertyName is not null && !Naming.IsIdentifier(propertyName))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("propertyName") ?? view.Get("id")!), $"'{propertyName}' is not a valid C# identifier; set 'propertyName'");
        }

        var defaultBaseUrl = view.String("defaultBaseUrl");
        if (defaultBaseUrl is not null && (!Uri.TryCreate(defaultBaseUrl, UriKind.Absolute, out var parsedUrl) || parsedUrl.Scheme != Uri.UriSchemeHttps))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("defaultBaseUrl")!), $"'defaultBaseUrl' must be an absolute https URL (was '{defaultBaseUrl}')");
        }

        var submit = Section(view, context, "submit", SubmitProperties);
        var submitMethod = Method(submit, context);
        var submitPath = RequestPath(submit, context);
        var contentType = OneOf(submit, context, "contentType", ContentTypes);
        var modelField = submit?.String("modelField", required: true);
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

        var cancelNode = view.Object("cancel");
        var cancel = cancelNode is null ? (ObjectView?)null : new ObjectView(cancelNode, context, "'cancel'", PollProperties);
        var cancelMethod = cancel is null ? null : Method(cancel, context);
        var cancelPath = cancel is null ? null : RequestPath(cancel, context);
        if (cancelPath is not null && !cancelPath.Contains("{task_id}"))
        {
            context.Report(DiagnosticDescriptors.MalformedPath, context.At(cancel!.Value.Get("path")!), cancelPath, "a cancel path must contain {task_id}");
        }

        var status = Section(view, context, "status", StatusProperties);
        var result = Section(view, context, "result", ResultProperties);
        var error = Section(view, context, "error", ErrorProperties);
        var schedule = Section(view, context, "schedule", ScheduleProperties);
        var envelopeNode = view.Object("envelope");
        var envelope = envelopeNode is null ? (ObjectView?)null : new ObjectView(envelopeNode, context, "'envelope'", EnvelopeProperties);

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
            Paths(status, context, "paths", required: true),
            status?.Boolean("ignoreCase") ?? false,
            Words(status, "queued"),
            Words(status, "running"),
            Words(status, "succeeded", required: true),
            Words(status, "failed", required: true),
            Words(status, "canceled"),
            Words(status, "expired"),
            Paths(view, context, "progress"),
            Paths(result, context, "urls", required: true),
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
            new ProfileLocations(context.At(view.Get("id") ?? view.Node), view.Get("propertyName") is { } propertyNameNode ? context.At(propertyNameNode) : null));
        return spec;
    }

    private static ObjectView? Section(ObjectView parent, ReadContext context, string name, string[] known) =>
        parent.Object(name, required: true) is { } node ? new ObjectView(node, context, $"'{name}'", known) : null;

    private static string? Method(ObjectView? section, ReadContext context) => OneOf(section, context, "method", Methods);

    private static string? OneOf(ObjectView? section, ReadContext context, string property, string[] allowed)
    {
        var value = section?.String(property, required: true);
        if (value is null || allowed.Contains(value)) return value;
        context.Report(DiagnosticDescriptors.InvalidValue, context.At(section!.Value.Get(property)!), $"'{property}' must be one of {string.Join(", ", allowed)} (was '{value}')");
        return null;
    }

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
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(empty), $"'{property}' must list at least one path");
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
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(item.Get("http")!), $"'http' must be an HTTP error status, 400-599 (was {status})");
            }

            if (http is not null && code is not null) codes.Add(new ErrorCodeSpec(http.Value, code, item.String("description") ?? string.Empty));
        }

        return codes.ToEquatableArray();
    }

    private static string? RequestRate(ObjectView? schedule, ReadContext context)
    {
        var rate = schedule?.NumberText("maxRequestsPerSecond", integral: false);
        if (rate is null || !double.TryParse(rate, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) || value > 0) return rate;
        context.Report(DiagnosticDescriptors.InvalidValue, context.At(schedule!.Value.Get("maxRequestsPerSecond")!), $"'maxRequestsPerSecond' must be positive (was {rate})");
        return null;
    }

    private static string Seconds(ObjectView? section, ReadContext context, string property)
    {
        var seconds = section?.NumberText(property, integral: false, required: true);
        if (seconds is null || !seconds.StartsWith("-")) return seconds ?? "0";
        context.Report(DiagnosticDescriptors.InvalidValue, context.At(section!.Value.Get(property)!), $"'{property}' must not be negative (was {seconds})");
        return "0";
    }
}
