using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Cli.Running;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Cli.Studio;

/// <summary>What the studio runs with.</summary>
/// <param name="Session">The client (and the embedded emulator, with <c>--emulator</c>); its key never leaves this process.</param>
/// <param name="Catalog">The operations it offers: the catalog's, and those of <c>--catalog</c>.</param>
/// <param name="Directory">Where result files and the history journal are kept.</param>
/// <param name="Port">The loopback port; 0 picks a free one.</param>
/// <param name="Batches">Jobs files of <c>happyhorse batch</c> to show.</param>
/// <param name="Time">The clock of the history's records.</param>
internal sealed record StudioSettings(ServiceSession Session, StudioCatalog Catalog, string Directory, int Port, IReadOnlyList<FileInfo> Batches, TimeProvider Time);

/// <summary>
/// The studio's web server on 127.0.0.1: the page and its assets (embedded in this assembly, nothing from another
/// site), and a small JSON API the page calls. Requests naming another host are refused (no DNS rebinding); requests
/// that change anything need the page's own origin and its anti-forgery token.
/// </summary>
internal sealed class StudioServer : IAsyncDisposable
{
    private const string TokenHeader = "X-Studio-Token";
    private readonly WebApplication _app;
    private readonly StudioRuns _runs;

    private StudioServer(WebApplication app, StudioRuns runs)
    {
        _app = app;
        _runs = runs;
    }

    /// <summary>The page's address, e.g. <c>http://127.0.0.1:5090/</c>.</summary>
    public Uri Address { get; private set; } = null!;

    public static async Task<StudioServer> StartAsync(StudioSettings settings, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(StudioServer).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, settings.Port));
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddAntiforgery(options =>
        {
            options.HeaderName = TokenHeader;
            options.Cookie.Name = "happyhorse-studio";
            options.Cookie.SameSite = SameSiteMode.Strict;
        });
        var app = builder.Build();
        var runs = StudioRuns.Open(settings, app.Lifetime.ApplicationStopping);
        var server = new StudioServer(app, runs);
        var batches = new StudioBatches(settings.Batches, settings.Catalog.Operations);
        app.Use(server.GuardAsync);
        app.UseRouting();
        Map(app, settings.Catalog, runs, batches);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = new Uri(address.EndsWith('/') ? address : address + "/");
        await WarmUpAsync(server.Address, cancellationToken).ConfigureAwait(false);
        runs.ResumeWaiting();
        return server;
    }

    /// <summary>
    /// Asks for the page, its script and the catalog once before the address is printed: the first request pays for the
    /// web stack's start (compiling, the anti-forgery keys, the catalog's JSON), which would otherwise double the user's first load.
    /// </summary>
    private static async Task WarmUpAsync(Uri address, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = address };
        foreach (var path in new[] { "", "assets/studio.js", "api/models" })
        {
            try
            {
                using var response = await client.GetAsync(path, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException)
            {
                // Only a warm-up: the page is served all the same.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _runs.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Every request must name this server's own host (a page on another site that resolves its name to 127.0.0.1 is
    /// refused); a request that changes state must come from the studio's page: its Origin and its anti-forgery token.
    /// </summary>
    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var host = context.Request.Host;
        var port = context.Connection.LocalPort;
        if (host.Port != port || host.Host is not ("127.0.0.1" or "localhost"))
        {
            context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
            await context.Response.WriteAsync("This studio answers only on its loopback address.").ConfigureAwait(false);
            return;
        }

        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; media-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            var origin = context.Request.Headers.Origin.ToString();
            if (origin != $"http://{host}")
            {
                await Refuse(context, "Requests that change anything must come from the studio's own page (wrong or missing Origin).").ConfigureAwait(false);
                return;
            }

            var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context).ConfigureAwait(false))
            {
                await Refuse(context, "Requests that change anything need the page's anti-forgery token; reload the page.").ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private static Task Refuse(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return context.Response.WriteAsJsonAsync(new JsonObject { ["message"] = message });
    }

    private static void Map(WebApplication app, StudioCatalog catalog, StudioRuns runs, StudioBatches batches)
    {
        app.MapGet("/", (HttpContext context, IAntiforgery antiforgery) =>
        {
            var tokens = antiforgery.GetAndStoreTokens(context);
            var page = StudioAssets.Text("index.html").Replace("{{token}}", WebUtility.HtmlEncode(tokens.RequestToken), StringComparison.Ordinal);
            context.Response.Headers.CacheControl = "no-store";
            return Results.Text(page, "text/html; charset=utf-8");
        });
        app.MapGet("/assets/{name}", (string name) => StudioAssets.Find(name) is { } asset
            ? Results.Bytes(asset.Bytes, asset.ContentType)
            : Results.NotFound());

        app.MapGet("/api/models", () => Results.Text(catalog.ModelsJson, "application/json"));
        app.MapGet("/api/example", (string key) => catalog.Find(key) is { } operation
            ? Results.Json(StudioForms.Example(operation))
            : UnknownOperation(key));
        app.MapPost("/api/check", async (HttpContext context) =>
        {
            var (operation, input, error) = await ReadInputAsync(context, catalog).ConfigureAwait(false);
            return error ?? Results.Json(StudioForms.Check(operation!, input!, runs.Emulator, catalog.Operations.CatalogWords(operation!)).ToJson());
        });
        app.MapPost("/api/runs", async (HttpContext context) =>
        {
            var (operation, input, error) = await ReadInputAsync(context, catalog).ConfigureAwait(false);
            if (error is not null) return error;
            var check = StudioForms.Check(operation!, input!, runs.Emulator, catalog.Operations.CatalogWords(operation!));
            if (check.Request is null) return Results.Json(check.ToJson(), statusCode: StatusCodes.Status422UnprocessableEntity);
            var run = await runs.SubmitAsync(operation!, input!, check).ConfigureAwait(false);
            return Results.Json(run.ToJson(), statusCode: StatusCodes.Status201Created);
        });
        app.MapGet("/api/runs", () => Results.Json(new JsonArray([.. runs.All.Select(r => (JsonNode)r.ToJson())])));
        app.MapGet("/api/runs/{number:int}", (int number) => runs.Find(number) is { } run ? Results.Json(run.ToJson()) : Results.NotFound());
        app.MapGet("/api/runs/{number:int}/events", (int number, HttpContext context) => runs.Find(number) is { } run
            ? StreamAsync(run, context)
            : Task.FromResult(Results.NotFound()));
        app.MapPost("/api/runs/{number:int}/cancel", async (int number) =>
        {
            if (runs.Find(number) is not { } run) return Results.NotFound();
            var refusal = await runs.CancelAsync(run).ConfigureAwait(false);
            return refusal is null ? Results.Json(run.ToJson()) : Results.Json(new JsonObject { ["message"] = refusal }, statusCode: StatusCodes.Status409Conflict);
        });
        app.MapPost("/api/runs/{number:int}/resume", (int number) =>
        {
            if (runs.Find(number) is not { } run) return Results.NotFound();
            var refusal = runs.Resume(run);
            return refusal is null ? Results.Json(run.ToJson()) : Results.Json(new JsonObject { ["message"] = refusal }, statusCode: StatusCodes.Status409Conflict);
        });
        app.MapGet("/files/{number:int}/{index:int}", (int number, int index, bool? download) =>
            runs.Find(number)?.FilePath(index) is { } path ? File(path, download == true) : Results.NotFound());

        app.MapGet("/api/batches", () => Results.Json(batches.List()));
        app.MapPost("/api/batches", async (HttpContext context) =>
        {
            var request = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
            var path = request?["path"]?.GetValue<string>() ?? "";
            var (index, problem) = batches.Add(path);
            return problem is null ? Results.Json(new JsonObject { ["index"] = index }) : Results.Json(new JsonObject { ["message"] = problem }, statusCode: StatusCodes.Status422UnprocessableEntity);
        });
        app.MapGet("/api/batches/{index:int}", (int index) => batches.Gallery(index) is { } gallery ? Results.Json(gallery) : Results.NotFound());
        app.MapGet("/batch-files/{index:int}/{line:int}/{file:int}", (int index, int line, int file, bool? download) =>
            batches.FilePath(index, line, file) is { } path ? File(path, download == true) : Results.NotFound());
    }

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    private static IResult File(string path, bool download) => Results.File(
        path,
        ContentTypes.TryGetContentType(path, out var type) ? type : "application/octet-stream",
        download ? Path.GetFileName(path) : null,
        enableRangeProcessing: true);

    /// <summary>The run's state as server-sent events: now, then at every change, until it can change no more.</summary>
    private static async Task<IResult> StreamAsync(StudioRun run, HttpContext context)
    {
        var response = context.Response;
        response.Headers.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-store";
        var aborted = context.RequestAborted;
        try
        {
            while (!aborted.IsCancellationRequested)
            {
                var (json, changed, final) = run.Snapshot();
                await response.WriteAsync($"data: {json.ToJsonString()}\n\n", aborted).ConfigureAwait(false);
                await response.Body.FlushAsync(aborted).ConfigureAwait(false);
                if (final) break;
                await changed.WaitAsync(aborted).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }

        return Results.Empty;
    }

    /// <summary>The operation (by its key) and the form's values a check or a submit names.</summary>
    private static async Task<(Generated.OperationInfo? Operation, StudioInput? Input, IResult? Error)> ReadInputAsync(HttpContext context, StudioCatalog catalog)
    {
        JsonNode? request;
        try
        {
            request = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, null, Results.Json(new JsonObject { ["message"] = $"The request is not JSON ({e.Message})." }, statusCode: StatusCodes.Status400BadRequest));
        }

        var key = request?["key"]?.GetValue<string>() ?? "";
        if (catalog.Find(key) is not { } operation) return (null, null, UnknownOperation(key));
        var input = new StudioInput(request?["fields"] as JsonObject ?? [], request?["extra"] as JsonObject ?? []);
        return (operation, input, null);
    }

    private static IResult UnknownOperation(string key) =>
        Results.Json(new JsonObject { ["message"] = $"No operation '{key}' in the catalog." }, statusCode: StatusCodes.Status404NotFound);
}
