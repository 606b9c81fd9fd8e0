using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Emulator;

/// <summary>
/// A local HappyHorse service on loopback that speaks the dialects of the catalog's protocol profiles, checks
/// requests with the same generated validators the client uses, and serves real result files.
/// </summary>
public sealed class HappyHorseEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<string, EmulatedTask> _tasks = new(StringComparer.Ordinal);
    private readonly Random _ids;
    private readonly Lock _idLock = new();

    private HappyHorseEmulator(WebApplication app, EmulatorOptions options)
    {
        _app = app;
        Options = options;
        _ids = new Random(options.Seed);
    }

    /// <summary>The options the emulator runs with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>Every task accepted.</summary>
    public IReadOnlyCollection<EmulatedTask> Tasks => _tasks.Values.ToArray();

    /// <summary>Starts an emulator on 127.0.0.1 (port 0 picks a free port).</summary>
    public static async Task<HappyHorseEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(HappyHorseEmulator).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.ClearProviders();
        if (options.LogRequests) builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Information);

        var app = builder.Build();
        var emulator = new HappyHorseEmulator(app, options);
        app.Use(emulator.RecordAsync);
        new HappyHorseAppDialect(emulator, HappyHorseProfiles.HappyHorseApp).Map(app);
        app.MapGet("/files/{name}", emulator.ServeFile);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return emulator;
    }

    /// <summary>Stops listening.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Whether a request carries the emulator's key as a bearer token.</summary>
    internal bool IsAuthorized(HttpRequest request) =>
        request.Headers.Authorization.ToString() is { } header &&
        header.StartsWith("Bearer ", StringComparison.Ordinal) &&
        string.Equals(header["Bearer ".Length..].Trim(), Options.ApiKey, StringComparison.Ordinal);

    internal EmulatedTask AddTask(string idPrefix, HappyHorse.Generated.OperationInfo operation, string requestJson)
    {
        string id;
        lock (_idLock) id = idPrefix + _ids.NextInt64().ToString("x12", System.Globalization.CultureInfo.InvariantCulture)[..12];
        var now = Options.TimeProvider.GetUtcNow();
        var task = new EmulatedTask(id, operation, now, now + Options.TaskDuration, requestJson);
        _tasks[id] = task;
        return task;
    }

    internal EmulatedTask? FindTask(string? id) => id is not null && _tasks.TryGetValue(id, out var task) ? task : null;

    internal static Uri Origin(HttpRequest request) => new($"{request.Scheme}://{request.Host}");

    // string.GetHashCode is randomized per process; result files must be the same on every run.
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619u);
        return hash;
    }

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        _requests.Enqueue(new RecordedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, IsAuthorized(context.Request)));
        await next(context).ConfigureAwait(false);
    }

    private IResult ServeFile(string name)
    {
        var id = name.EndsWith(".mp4", StringComparison.Ordinal) ? name[..^4] : null;
        if (FindTask(id) is not { } task || task.CompletesAt > Options.TimeProvider.GetUtcNow()) return Results.NotFound();
        var bytes = Media.SampleMedia.CreateMp4(
            Media.SampleMedia.DefaultWidth,
            Media.SampleMedia.DefaultHeight,
            Media.SampleMedia.DefaultFrameCount,
            Media.SampleMedia.DefaultFramesPerSecond,
            StableHash(task.Id) ^ (uint)Options.Seed);
        return Results.Bytes(bytes, "video/mp4");
    }
}
