using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator.Json;
using HappyHorse.Emulator.Media;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// The routes of every dialect and the steps they share: the key check, reading the body (JSON or a multipart
/// form), choosing the operation, validating with the generated validator, charging credits, and the task store.
/// Only the answer shapes differ per dialect.
/// </summary>
internal sealed class ServiceEndpoints
{
    private static readonly JsonSerializerOptions AnswerJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly EmulatorOptions _options;
    private readonly TaskStore _store;
    private readonly IReadOnlyDictionary<string, Dialect> _dialects;
    private long _requestIds;

    public ServiceEndpoints(EmulatorOptions options, TaskStore store)
    {
        _options = options;
        _store = store;
        Operations = HappyHorseCatalog.Operations.Concat(options.ExtraOperations).ToList();
        _dialects = DialectRegistry.For(Operations);
    }

    /// <summary>Every operation served: the catalog's and <see cref="EmulatorOptions.ExtraOperations"/>.</summary>
    public IReadOnlyList<OperationInfo> Operations { get; }

    /// <summary>Maps every submit path of the catalog, and each dialect's status and cancel paths.</summary>
    public void Map(IEndpointRouteBuilder routes)
    {
        // Operations of several profiles can share a submit path (grok and notevideo): the model decides.
        foreach (var group in Operations.GroupBy(o => (o.Profile.Submit.Method, o.SubmitPath)))
        {
            var route = new SubmitRoute(group.Key.SubmitPath, group.ToList(), _dialects[group.First().Profile.Id]);
            routes.MapMethods(route.Path, [group.Key.Method], context => SubmitAsync(context, route)).WithMetadata(route.Dialect);
        }

        foreach (var dialect in _dialects.Values)
        {
            var (pattern, queryName) = PollRoute.From(dialect.Profile.Poll.PathTemplate);
            routes.MapMethods(pattern, [dialect.Profile.Poll.Method], context => StatusAsync(context, dialect, TaskIdOf(context, queryName))).WithMetadata(dialect);
            if (dialect.Profile.Cancel is { } cancel)
            {
                var (cancelPattern, cancelQuery) = PollRoute.From(cancel.PathTemplate);
                routes.MapMethods(cancelPattern, [cancel.Method], context => CancelAsync(context, dialect, TaskIdOf(context, cancelQuery))).WithMetadata(dialect);
            }
        }

        routes.MapGet(ResultFiles.Route, ServeFileAsync);
    }

    /// <summary>A request id for an answer (DashScope's <c>request_id</c>), drawn from the seed.</summary>
    public string NextRequestId() => Seeded.Uuid(_options.Seed, Seeded.RequestIdStream, Interlocked.Increment(ref _requestIds));

    /// <summary>Whether <paramref name="request"/> carries <paramref name="apiKey"/> as a bearer token.</summary>
    public static bool IsAuthorized(HttpRequest request, string apiKey) =>
        request.Headers.Authorization.ToString() is { } header &&
        header.StartsWith("Bearer ", StringComparison.Ordinal) &&
        string.Equals(header["Bearer ".Length..].Trim(), apiKey, StringComparison.Ordinal);

    /// <summary>Writes <paramref name="answer"/> as JSON.</summary>
    public static async Task WriteAsync(HttpContext context, Answer answer)
    {
        context.Response.StatusCode = answer.Status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer.Body.ToJsonString(AnswerJson), context.RequestAborted).ConfigureAwait(false);
    }

    private async Task SubmitAsync(HttpContext context, SubmitRoute route)
    {
        var requestId = NextRequestId();
        var refusal = Refuse(context, route.Dialect, requestId) ?? route.Dialect.RefuseSubmitHeaders(context.Request.Headers, requestId);
        if (refusal is not null)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        var (body, unreadable, isForm) = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        var answer = unreadable is not null
            ? route.Dialect.Error(ErrorKind.InvalidRequest, unreadable, requestId)
            : Submit(route, body, isForm, requestId, context.Items[typeof(RecordedRequest)] as RecordedRequest);
        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    private Answer Submit(SubmitRoute route, JsonElement body, bool isForm, string requestId, RecordedRequest? record)
    {
        var modelField = route.Operations[0].Profile.Submit.ModelField;
        var modelId = body.TryGetProperty(modelField, out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null;
        var candidates = route.Operations.Where(o => o.ModelId == modelId).ToList();
        if (candidates.Count == 0) return route.Dialect.Error(ErrorKind.UnknownModel, $"The model '{modelId}' is not served at {route.Path}.", requestId);

        // The most specific operation whose identifying fields the body has; failing that, the least specific
        // one, whose validator says what the body lacks.
        var identified = candidates.Where(o => o.IsIdentifiedBy(body)).OrderByDescending(o => o.IdentifiedBy.Count).FirstOrDefault();
        var operation = identified ?? candidates.OrderBy(o => o.IdentifiedBy.Count).First();
        var dialect = _dialects[operation.Profile.Id];
        if ((operation.ContentType == RequestContentType.Multipart) != isForm)
        {
            var expected = operation.ContentType == RequestContentType.Multipart ? "multipart/form-data" : "application/json";
            return dialect.Error(ErrorKind.InvalidRequest, $"{operation} takes {expected}.", requestId);
        }

        var validation = operation.ValidateBody(body);
        if (!validation.IsValid)
        {
            return dialect.Error(ErrorKind.InvalidRequest, string.Join(" ", validation.Problems.Select(p => p.Message)), requestId, validation.Problems[0].ErrorCode);
        }

        if (identified is null)
        {
            var markers = string.Join("; ", candidates.Select(o => $"{o.OperationId}: {string.Join(", ", o.IdentifiedBy)}"));
            return dialect.Error(ErrorKind.InvalidRequest, $"The body matches none of {modelId}'s operations ({markers}).", requestId);
        }

        var credits = dialect.Results == MediaKind.Image
            ? _options.CreditsPerImage * BodyFacts.ImageCount(body)
            : _options.CreditsPerVideoSecond * BodyFacts.VideoSeconds(body);
        if (_store.TryAdd(dialect, operation, body, credits) is not { } task)
        {
            return dialect.Error(ErrorKind.InsufficientCredits, $"Not enough credits: the request costs {credits}, {_store.CreditsRemaining} left.", requestId);
        }

        if (record is not null) record.CreatedTaskId = task.Id;
        return new Answer(StatusCodes.Status200OK, dialect.SubmitAnswer(View(task, null, requestId)));
    }

    private async Task StatusAsync(HttpContext context, Dialect dialect, string? taskId)
    {
        var requestId = NextRequestId();
        var answer = Refuse(context, dialect, requestId)
            ?? (_store.Find(taskId, dialect) is { } task
                ? new Answer(StatusCodes.Status200OK, dialect.StatusAnswer(View(task, context.Request, requestId)))
                : dialect.UnknownTask(taskId, requestId));
        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    private async Task CancelAsync(HttpContext context, Dialect dialect, string? taskId)
    {
        var requestId = NextRequestId();
        var answer = Refuse(context, dialect, requestId)
            ?? (_store.Find(taskId, dialect) is { } task && task.TryCancel(_options.TimeProvider.GetUtcNow())
                ? dialect.Canceled(View(task, context.Request, requestId))
                : dialect.CannotCancel(taskId, requestId));
        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    /// <summary>Result files are public, like a CDN's: no key needed, but only once the task has succeeded.</summary>
    private async Task ServeFileAsync(HttpContext context)
    {
        var task = _store.Find(context.Request.RouteValues["task_id"] as string);
        var index = task is null ? -1 : ResultFiles.IndexOf(task, context.Request.RouteValues["file"] as string ?? string.Empty);
        if (task is null || index < 0 || task.PhaseAt(_options.TimeProvider.GetUtcNow()) != TaskPhase.Succeeded)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var bytes = ResultFiles.Bytes(task, index, _options.Seed);
        context.Response.ContentType = ResultFiles.ContentType(task.Results.Kind);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
    }

    private Answer? Refuse(HttpContext context, Dialect dialect, string requestId)
    {
        if (IsAuthorized(context.Request, _options.ApiKey)) return null;
        var message = context.Request.Headers.Authorization.Count == 0 ? "No API-key provided." : "Invalid API-key provided.";
        return dialect.Error(ErrorKind.InvalidApiKey, message, requestId);
    }

    private TaskView View(EmulatedTask task, HttpRequest? request, string requestId)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var origin = request is null ? null : new Uri($"{request.Scheme}://{request.Host}/");
        var urls = origin is null ? [] : Enumerable.Range(0, task.Results.Count).Select(i => new Uri(origin, ResultFiles.PathOf(task, i))).ToArray();
        return new TaskView(task, task.PhaseAt(now), task.ProgressAt(now), urls, i => ResultFiles.Bytes(task, i, _options.Seed), requestId);
    }

    private static string? TaskIdOf(HttpContext context, string? queryName) =>
        queryName is null ? context.Request.RouteValues["task_id"] as string : context.Request.Query[queryName].ToString();

    /// <summary>The body as a JSON object: a multipart form as its text parts; a problem text when it cannot be read.</summary>
    private static async Task<(JsonElement Body, string? Problem, bool IsForm)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException e)
            {
                return (default, "The form body cannot be read: " + e.Message, true);
            }

            if (form.Files.Count > 0) return (default, "File parts are not accepted: every part is text (images are passed as URLs).", true);
            var parts = form.SelectMany(field => field.Value.Select(value => KeyValuePair.Create(field.Key, value ?? string.Empty)));
            return (JsonSerializer.SerializeToElement(FormBody.ToJsonObject(parts)), null, true);
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), null, false)
                : (default, "The request body must be a JSON object.", false);
        }
        catch (JsonException e)
        {
            return (default, "The request body is not valid JSON: " + e.Message, false);
        }
    }

    /// <summary>A submit path and the operations served on it; <see cref="Dialect"/> answers before the model is known.</summary>
    private sealed record SubmitRoute(string Path, IReadOnlyList<OperationInfo> Operations, Dialect Dialect);
}

/// <summary>Turns a profile's path template into an ASP.NET route and, when the id travels in the query, its parameter name.</summary>
internal static class PollRoute
{
    public static (string Route, string? QueryName) From(string template)
    {
        var question = template.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return (template, null);
        var query = template[(question + 1)..].Split('&').First(p => p.Contains("{task_id}", StringComparison.Ordinal));
        return (template[..question], query[..query.IndexOf('=', StringComparison.Ordinal)]);
    }
}
