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
    private readonly List<(string Template, Dialect Dialect)> _known = [];
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
        // Operations of several profiles can share a submit path (grok and notevideo): the model decides. A path
        // with {model} is one route per model.
        foreach (var group in Operations.GroupBy(o => (o.Profile.Submit.Method, Path: PollRoute.ForModel(o.SubmitPath, o.ModelId))))
        {
            var route = new SubmitRoute(group.Key.Path, group.ToList(), _dialects[group.First().Profile.Id]);
            foreach (var prefix in Prefixes(route.Dialect))
            {
                routes.MapMethods(prefix + PollRoute.From(route.Path, false).Route, [group.Key.Method], context => SubmitAsync(context, route)).WithMetadata(route.Dialect);
                _known.Add((prefix + route.Path, route.Dialect));
            }
        }

        // A task's calls (status, cancel, result, file) of every dialect and model; dialects that share a route
        // (gateway-videos and a /v1/videos content dialect) share it, and the task's own dialect answers.
        var taskRoutes = new List<(string Method, string Template, bool IsPath, Dialect Dialect, Func<HttpContext, Dialect, string?, Task> Handle)>();
        foreach (var dialect in _dialects.Values)
        {
            var profile = dialect.Profile;
            foreach (var model in Operations.Where(o => o.Profile.Id == profile.Id).Select(o => o.ModelId).Distinct())
            {
                taskRoutes.Add((profile.Poll.Method, PollRoute.ForModel(profile.Poll.PathTemplate, model), profile.TaskIdIsPath, dialect, StatusAsync));
                if (profile.Cancel is { } cancel) taskRoutes.Add((cancel.Method, PollRoute.ForModel(cancel.PathTemplate, model), profile.TaskIdIsPath, dialect, CancelAsync));
                if (profile.Result.Fetch is { } fetch) taskRoutes.Add((fetch.Method, PollRoute.ForModel(fetch.PathTemplate, model), profile.TaskIdIsPath, dialect, ResultAsync));
                if (profile.Result.FilePath is { } file) taskRoutes.Add(("GET", PollRoute.ForModel(file, model), profile.TaskIdIsPath, dialect, ServeOwnFileAsync));
            }
        }

        foreach (var group in taskRoutes.GroupBy(r => (r.Method, r.Template)))
        {
            var (pattern, queryName) = PollRoute.From(group.Key.Template, group.First().IsPath);
            foreach (var prefix in group.SelectMany(h => Prefixes(h.Dialect)).Distinct())
            {
                var handlers = group.Where(h => Prefixes(h.Dialect).Contains(prefix)).ToList();
                routes.MapMethods(prefix + pattern, [group.Key.Method], context =>
                {
                    var taskId = TaskIdOf(context, queryName);
                    var owner = _store.Entry(taskId)?.Dialect;
                    var chosen = handlers.FirstOrDefault(h => h.Dialect == owner);
                    if (chosen.Dialect is null) chosen = handlers[0];
                    return chosen.Handle(context, chosen.Dialect, taskId);
                }).WithMetadata(handlers[0].Dialect);
                _known.Add((prefix + group.Key.Template, handlers[0].Dialect));
            }
        }

        routes.MapGet(ResultFiles.Route, ServeFileAsync);
        routes.MapFallback(UnknownPathAsync);
    }

    /// <summary>Where a dialect's routes are served: at the root and under its documentation's base URL path.</summary>
    private static string[] Prefixes(Dialect dialect) => dialect.PathPrefix.Length == 0 ? [""] : ["", dialect.PathPrefix];

    /// <summary>
    /// A path no route has: answered 404 in the envelope of the dialect whose routes it shares the most leading
    /// segments with (<c>/dashscope/…</c> is DashScope's, <c>/api/…</c> happyhorse.app's, <c>/v1/…</c> the
    /// gateway's), so a client reads the error as it reads the service's; a path like no dialect's gets an empty 404.
    /// </summary>
    private async Task UnknownPathAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        // Most shared segments; of equals, the shortest route (/api/x is more like /api/generate than /api/v1/…).
        var best = (Dialect: (Dialect?)null, Shared: 0, Length: 0);
        foreach (var (template, dialect) in _known)
        {
            var shared = SharedLeadingSegments(path, template);
            var length = template.Count(c => c == '/');
            if (shared > best.Shared || (shared > 0 && shared == best.Shared && length < best.Length)) best = (dialect, shared, length);
        }

        if (best.Dialect is null)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var message = $"No such path: {context.Request.Method} {path}.";
        await WriteAsync(context, best.Dialect.Error(ErrorKind.UnknownPath, message, NextRequestId())).ConfigureAwait(false);

        static int SharedLeadingSegments(string path, string template)
        {
            var a = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
            var b = template.Split('?')[0].Split('/', StringSplitOptions.RemoveEmptyEntries);
            var shared = 0;
            while (shared < a.Length && shared < b.Length && !b[shared].Contains('{', StringComparison.Ordinal) && a[shared] == b[shared]) shared++;
            return shared;
        }
    }

    /// <summary>A request id for an answer (DashScope's <c>request_id</c>), drawn from the seed.</summary>
    public string NextRequestId() => Seeded.Uuid(_options.Seed, Seeded.RequestIdStream, Interlocked.Increment(ref _requestIds));

    /// <summary>Whether <paramref name="request"/> carries <paramref name="apiKey"/> as a bearer token, or alone or after a scheme word in any header (the dialects' other ways to send it).</summary>
    public static bool IsAuthorized(HttpRequest request, string apiKey)
    {
        foreach (var header in request.Headers)
        {
            foreach (var value in header.Value)
            {
                if (value is null) continue;
                var space = value.LastIndexOf(' ');
                if (string.Equals(space < 0 ? value : value[(space + 1)..], apiKey, StringComparison.Ordinal)) return true;
            }
        }

        return false;
    }

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
            : await SubmitAsync(route, body, isForm, requestId, context.Items[typeof(RecordedRequest)] as RecordedRequest, OriginOf(context.Request), context.RequestAborted).ConfigureAwait(false);
        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    private async Task<Answer> SubmitAsync(SubmitRoute route, JsonElement body, bool isForm, string requestId, RecordedRequest? record, Uri origin, CancellationToken cancellationToken)
    {
        // The model is in the body's model field, or, where the dialect sends it only in the path, the route's.
        var modelField = route.Operations[0].Profile.Submit.ModelField;
        var modelId = modelField is null ? route.Operations[0].ModelId
            : body.TryGetProperty(modelField, out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null;
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

        // Input files the emulator can fetch (loopback URLs) are held to their documented limits, as the service would.
        if (await InputMedia.CheckAsync(operation, body, cancellationToken).ConfigureAwait(false) is { } input)
        {
            return dialect.Error(ErrorKind.InvalidRequest, input.Problem, requestId, input.Field.ErrorCode);
        }

        var credits = CreditPrice.Of(operation, body, dialect.ResultsOf(operation), _options);
        if (_store.TryAdd(dialect, operation, body, credits) is not { } task)
        {
            return dialect.Error(ErrorKind.InsufficientCredits, $"Not enough credits: the request costs {credits}, {_store.CreditsRemaining} left.", requestId);
        }

        if (record is not null) record.CreatedTaskId = task.Id;
        return new Answer(StatusCodes.Status200OK, dialect.SubmitAnswer(View(task, dialect.Profile.Submit.AnswerIsStatus ? origin : null, requestId) with { Origin = origin }));
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

    /// <summary>The result call of a dialect whose status answer does not carry the results.</summary>
    private async Task ResultAsync(HttpContext context, Dialect dialect, string? taskId)
    {
        var requestId = NextRequestId();
        var answer = Refuse(context, dialect, requestId);
        if (answer is null)
        {
            var task = _store.Find(taskId, dialect);
            var view = task is null ? null : View(task, context.Request, requestId);
            answer = view is null ? dialect.UnknownTask(taskId, requestId)
                : view.Phase == TaskPhase.Succeeded ? new Answer(StatusCodes.Status200OK, dialect.ResultAnswer(view))
                : dialect.Error(ErrorKind.InvalidRequest, view.Phase == TaskPhase.Failed ? view.Task.FailureMessage ?? "The task failed." : $"Task '{taskId}' has no result yet.", requestId);
        }

        await WriteAsync(context, answer).ConfigureAwait(false);
    }

    /// <summary>A dialect's own result file (<c>result.file</c>): it takes the key, unlike the public files.</summary>
    private async Task ServeOwnFileAsync(HttpContext context, Dialect dialect, string? taskId)
    {
        var requestId = NextRequestId();
        if (Refuse(context, dialect, requestId) is { } refusal)
        {
            await WriteAsync(context, refusal).ConfigureAwait(false);
            return;
        }

        var task = _store.Find(taskId, dialect);
        if (task is null || task.PhaseAt(_options.TimeProvider.GetUtcNow()) != TaskPhase.Succeeded)
        {
            await WriteAsync(context, dialect.Error(ErrorKind.TaskNotFound, $"Task '{taskId}' has no file.", requestId)).ConfigureAwait(false);
            return;
        }

        var bytes = ResultFiles.Bytes(task, 0, _options.Seed);
        context.Response.ContentType = ResultFiles.ContentType(task.Results.Kind);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted).ConfigureAwait(false);
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
        // A task id that is a path travels as one escaped segment (%2F), which routing leaves escaped.
        var task = _store.Find(context.Request.RouteValues["task_id"] is string id ? Uri.UnescapeDataString(id) : null);
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
        if (dialect.IsAuthorized(context.Request, _options.ApiKey)) return null;
        var message = !dialect.HasKey(context.Request) ? "No API-key provided." : "Invalid API-key provided.";
        return dialect.Error(ErrorKind.InvalidApiKey, message, requestId);
    }

    private static Uri OriginOf(HttpRequest request) => new($"{request.Scheme}://{request.Host}/");

    private TaskView View(EmulatedTask task, HttpRequest? request, string requestId) => View(task, request is null ? null : OriginOf(request), requestId);

    /// <summary>The task now, its result URLs on <paramref name="origin"/> (none without one).</summary>
    private TaskView View(EmulatedTask task, Uri? origin, string requestId)
    {
        var now = _options.TimeProvider.GetUtcNow();
        var urls = origin is null ? [] : Enumerable.Range(0, task.Results.Count).Select(i => new Uri(origin, ResultFiles.PathOf(task, i))).ToArray();
        var phase = task.PhaseAt(now);

        // A queue that moves: the position counts down from 2 to 0 over the task's time in the queue.
        var queueTime = (task.StartsAt - task.CreatedAt).Ticks;
        int? position = phase == TaskPhase.Queued ? (int)Math.Clamp(Math.Ceiling(3.0 * (task.StartsAt - now).Ticks / Math.Max(1, queueTime)) - 1, 0, 2) : null;
        return new TaskView(task, phase, task.ProgressAt(now), urls, i => ResultFiles.Bytes(task, i, _options.Seed), requestId) { QueuePosition = position, Origin = origin };
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
            return (JsonSerializer.SerializeToElement(JsonBodyRequest.BodyOfFormFields(parts)), null, true);
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
    /// <summary>
    /// The template with <c>{model}</c> replaced by <paramref name="modelId"/> (its <c>/</c> kept: a route per model) and
    /// <c>{model:N}</c> by its first N segments (models of one app share those routes).
    /// </summary>
    public static string ForModel(string template, string modelId) =>
        System.Text.RegularExpressions.Regex.Replace(template, "\\{model(?::([1-9]))?\\}", m => m.Groups[1].Success
            ? string.Join('/', modelId.Split('/').Take(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
            : modelId);

    /// <summary>
    /// The route of a template: <c>{task_id}</c> a route value (a catch-all where the id is a path, which must then
    /// end the path); other placeholders (request fields in a submit path) match any one segment.
    /// </summary>
    public static (string Route, string? QueryName) From(string template, bool idIsPath)
    {
        var field = 0;
        template = System.Text.RegularExpressions.Regex.Replace(template, "\\{([^}]*)\\}", m => m.Groups[1].Value == "task_id"
            ? (idIsPath ? "{**task_id}" : "{task_id}")
            : "{field" + (field++).ToString(System.Globalization.CultureInfo.InvariantCulture) + "}");
        var question = template.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return (template, null);
        var query = template[(question + 1)..].Split('&').First(p => p.Contains("{task_id}", StringComparison.Ordinal));
        return (template[..question], query[..query.IndexOf('=', StringComparison.Ordinal)]);
    }
}
