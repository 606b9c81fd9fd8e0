using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator.Dialects;
using HappyHorse.Emulator.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HappyHorse.Emulator;

/// <summary>
/// A local HappyHorse service on loopback that speaks every dialect of the catalog's protocol profiles on the
/// paths of the service's documentation, checks requests with the same generated validators the client uses, runs tasks through their
/// lifecycle, serves real result files, injects configured faults and records every request.
/// </summary>
public sealed class HappyHorseEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskStore _tasks;
    private readonly RequestRecorder _recorder;

    private HappyHorseEmulator(WebApplication app, EmulatorOptions options, TaskStore tasks, RequestRecorder recorder)
    {
        _app = app;
        Options = options;
        _tasks = tasks;
        _recorder = recorder;
    }

    /// <summary>The options the emulator runs with.</summary>
    public EmulatorOptions Options { get; }

    /// <summary>Where the emulator listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The requests received, in order of arrival: the latest <see cref="EmulatorOptions.MaxRecordedRequests"/>.</summary>
    public IReadOnlyList<RecordedRequest> Requests => _recorder.Requests;

    /// <summary>How many requests arrived in all, including those <see cref="Requests"/> no longer keeps.</summary>
    public long RequestCount => _recorder.Count;

    /// <summary>The tasks accepted and not yet expired (<see cref="EmulatorOptions.TaskRetention"/>), oldest first.</summary>
    public IReadOnlyCollection<EmulatedTask> Tasks => _tasks.All;

    /// <summary>How many tasks were accepted in all, including expired ones.</summary>
    public long TasksCreated => _tasks.Created;

    /// <summary>Signaled when the host is asked to stop (SIGTERM, Ctrl+C, or <see cref="DisposeAsync"/>).</summary>
    public CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    /// <summary>The bytes of result file <paramref name="index"/> of task <paramref name="taskId"/>, as the emulator serves them; <see langword="null"/> for an unknown task or index.</summary>
    public byte[]? ResultFile(string taskId, int index) =>
        _tasks.Find(taskId) is { } task && index >= 0 && index < task.Results.Count ? Media.ResultFiles.Bytes(task, index, Options.Seed) : null;

    /// <summary>The credits left of <see cref="EmulatorOptions.CreditBudget"/>, or <see langword="null"/> without a budget.</summary>
    public double? CreditsRemaining => _tasks.CreditsRemaining;

    /// <summary>Starts an emulator on 127.0.0.1 (port 0 picks a free port); it never listens on another address.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static async Task<HappyHorseEmulator> StartAsync(EmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new EmulatorOptions();
        options.Validate();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = typeof(HappyHorseEmulator).Assembly.GetName().Name });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, options.Port));
        builder.Logging.ClearProviders();

        var app = builder.Build();
        var tasks = new TaskStore(options);
        var recorder = new RequestRecorder(options);
        var endpoints = new ServiceEndpoints(options, tasks);
        var faults = new FaultInjector(options, endpoints);
        app.Use(recorder.RecordAsync);
        app.UseRouting();
        app.Use(faults.InvokeAsync);
        endpoints.Map(app);

        var emulator = new HappyHorseEmulator(app, options, tasks, recorder);
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
}
