using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using HappyHorse.Generated.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace HappyHorse.Emulator;

/// <summary>
/// The happyhorse.app dialect (seed 002): POST /api/generate and GET /api/status?task_id=, every answer wrapped
/// in <c>{code, message, data}</c>. Paths come from the profile; the answer shapes follow the seed's examples.
/// </summary>
internal sealed class HappyHorseAppDialect
{
    private const string TaskIdPrefix = "n92";
    private readonly HappyHorseEmulator _emulator;
    private readonly ProtocolProfile _profile;

    public HappyHorseAppDialect(HappyHorseEmulator emulator, ProtocolProfile profile)
    {
        _emulator = emulator;
        _profile = profile;
    }

    public void Map(WebApplication app)
    {
        app.MapPost(_profile.Submit.Path, (Delegate)SubmitAsync);
        var (route, queryName) = PollRoute.From(_profile.Poll.PathTemplate);
        app.MapGet(route, (HttpContext context) => Status(context, queryName is null ? context.Request.RouteValues["task_id"] as string : context.Request.Query[queryName].ToString()));
    }

    private async Task<IResult> SubmitAsync(HttpContext context)
    {
        if (!_emulator.IsAuthorized(context.Request)) return Error(StatusCodes.Status401Unauthorized, "INVALID_API_KEY", "API key is missing or invalid.");

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Error(StatusCodes.Status400BadRequest, _profile.Error.ValidationCode, "The request body is not valid JSON: " + e.Message);
        }

        using (document)
        {
            var body = document.RootElement;
            var modelId = body.ValueKind == JsonValueKind.Object && body.TryGetProperty(_profile.Submit.ModelField, out var model) && model.ValueKind == JsonValueKind.String ? model.GetString() : null;
            var operation = OperationFor(modelId, body);
            if (operation is null)
            {
                return Error(StatusCodes.Status400BadRequest, _profile.Error.UnknownModelCode, $"Unknown model '{modelId}'.");
            }

            var validation = operation.ValidateBody(body);
            if (!validation.IsValid)
            {
                var first = validation.Problems[0];
                return Error(StatusCodes.Status400BadRequest, first.ErrorCode ?? _profile.Error.ValidationCode, string.Join(" ", validation.Problems.Select(p => p.Message)));
            }

            var task = _emulator.AddTask(TaskIdPrefix, operation, body.GetRawText());
            return Results.Json(new { code = 200, message = "success", data = new { task_id = task.Id, status = "IN_PROGRESS" } });
        }
    }

    private IResult Status(HttpContext context, string? taskId)
    {
        if (!_emulator.IsAuthorized(context.Request)) return Error(StatusCodes.Status401Unauthorized, "INVALID_API_KEY", "API key is missing or invalid.");
        if (_emulator.FindTask(taskId) is not { } task) return Error(StatusCodes.Status404NotFound, "TASK_NOT_FOUND", $"No task '{taskId}'.");

        var done = _emulator.Options.TimeProvider.GetUtcNow() >= task.CompletesAt;
        using var request = JsonDocument.Parse(task.RequestJson);
        return Results.Json(new
        {
            code = 200,
            message = "success",
            data = new
            {
                task_id = task.Id,
                status = done ? "SUCCESS" : "IN_PROGRESS",
                created_at = task.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                type = task.Operation.OperationId,
                request = request.RootElement.Clone(),
                response = done ? new { resultUrls = new[] { new Uri(HappyHorseEmulator.Origin(context.Request), task.ResultPath).AbsoluteUri } } : null,
                error_message = (string?)null,
            },
        });
    }

    /// <summary>The model's operation this body is for: the one whose identifying fields are all present, most specific first.</summary>
    private OperationInfo? OperationFor(string? modelId, JsonElement body) =>
        HappyHorseCatalog.Operations
            .Where(o => o.ModelId == modelId && o.Profile == _profile && o.SubmitPath == _profile.Submit.Path)
            .Where(o => o.IsIdentifiedBy(body))
            .OrderByDescending(o => o.IdentifiedBy.Count)
            .FirstOrDefault();

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { code, message, data = (object?)null }, statusCode: status);
}

/// <summary>Turns a profile's poll path template into an ASP.NET route and, when the id travels in the query, its parameter name.</summary>
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
