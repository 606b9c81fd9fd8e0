using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.Protocol;
using Microsoft.Extensions.Time.Testing;

namespace HappyHorse.Generated.Testing;

/// <summary>
/// The HappyHorse services for your own tests, in this process on a free 127.0.0.1 port: every catalog model and
/// your own (<see cref="HappyHorseTestServiceOptions.Operations"/>), in each one's dialect, with faults on request,
/// every request recorded, and optionally a virtual clock. It never listens on another address and needs no key of yours.
/// </summary>
/// <example>
/// <code>
/// await using var service = await HappyHorseTestService.StartAsync(new HappyHorseTestServiceOptions().AddOperations(Acme.Studio.HappyHorseCatalog.Operations));
/// using var client = service.CreateClient();
/// var result = await client.GenerateAsync(AcmeClip.TextToVideo("a boat"));
/// Assert.Single(service.Submits);
/// </code>
/// </example>
public sealed class HappyHorseTestService : IAsyncDisposable
{
    private readonly HappyHorseEmulator _emulator;

    private HappyHorseTestService(HappyHorseEmulator emulator, FakeTimeProvider? time)
    {
        _emulator = emulator;
        VirtualTime = time;
    }

    /// <summary>Where the service answers, e.g. <c>http://127.0.0.1:49321/</c>.</summary>
    public Uri BaseAddress => _emulator.BaseAddress;

    /// <summary>The key the service accepts (any other is refused as the real service refuses it).</summary>
    public string ApiKey => _emulator.Options.ApiKey;

    /// <summary>The virtual clock tasks and the clients of <see cref="CreateClient"/> run on, or <see langword="null"/> on real time.</summary>
    public FakeTimeProvider? VirtualTime { get; }

    /// <summary>Every request received, in order (method, path, headers with the key redacted, body, the task it created).</summary>
    public IReadOnlyList<RecordedRequest> Requests => _emulator.Requests;

    /// <summary>The requests that created a task: one per submit the service accepted.</summary>
    public IReadOnlyList<RecordedRequest> Submits => [.. _emulator.Requests.Where(r => r.CreatedTaskId is not null)];

    /// <summary>The emulator itself, for what this type does not wrap (its tasks, result files, credits).</summary>
    public HappyHorseEmulator Emulator => _emulator;

    /// <summary>Starts the service.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public static async Task<HappyHorseTestService> StartAsync(HappyHorseTestServiceOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new HappyHorseTestServiceOptions();
        var time = options.UseVirtualTime ? new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)) : null;
        var emulator = new EmulatorOptions
        {
            ApiKey = options.ApiKey,
            QueueDuration = options.QueueDuration,
            RunDuration = options.RunDuration,
            FailureRate = options.FailureRate,
            TimeProvider = time ?? TimeProvider.System,
        };
        foreach (var operation in options.Operations) emulator.ExtraOperations.Add(operation);
        foreach (var fault in options.Faults) emulator.Faults.Add(fault);
        return new HappyHorseTestService(await HappyHorseEmulator.StartAsync(emulator, cancellationToken).ConfigureAwait(false), time);
    }

    /// <summary>Client options for this service: its address and key, and a poll every 50 ms (of virtual time, when on).</summary>
    public HappyHorseClientOptions CreateClientOptions()
    {
        var every = TimeSpan.FromMilliseconds(50);
        return new HappyHorseClientOptions
        {
            BaseUrl = BaseAddress,
            ApiKey = ApiKey,
            PollSchedule = new PollSchedule(every, TimeSpan.Zero, every, TimeSpan.FromMinutes(15)) { MinDelay = every },
        };
    }

    /// <summary>A client for this service, on its virtual clock when it has one. Dispose it.</summary>
    public HappyHorseClient CreateClient() => new(CreateClientOptions(), timeProvider: VirtualTime);

    /// <summary>
    /// Awaits <paramref name="work"/> (a call of a client from <see cref="CreateClient"/>), moving the virtual clock on by
    /// <paramref name="step"/> (default 100 ms) each time the work has had its turn, so polls and task lifecycles run in
    /// virtual time; on real time it simply awaits it.
    /// </summary>
    public async Task<T> RunAsync<T>(Task<T> work, TimeSpan? step = null)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (VirtualTime is { } time)
        {
            while (!work.IsCompleted)
            {
                // The work's requests are real loopback I/O: give them their turn, then move the clock.
                await Task.WhenAny(work, Task.Delay(1)).ConfigureAwait(false);
                if (!work.IsCompleted) time.Advance(step ?? TimeSpan.FromMilliseconds(100));
            }
        }

        return await work.ConfigureAwait(false);
    }

    /// <summary>Stops the service.</summary>
    public ValueTask DisposeAsync() => _emulator.DisposeAsync();
}

/// <summary>How a <see cref="HappyHorseTestService"/> behaves.</summary>
public sealed class HappyHorseTestServiceOptions
{
    /// <summary>The key the service accepts (default <c>test-key</c>).</summary>
    public string ApiKey { get; set; } = "test-key";

    /// <summary>How long a task stays queued (default 50 ms).</summary>
    public TimeSpan QueueDuration { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>How long a task runs once out of the queue (default 150 ms).</summary>
    public TimeSpan RunDuration { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The share of tasks, 0 to 1, that end failed instead of succeeded.</summary>
    public double FailureRate { get; set; }

    /// <summary>Run tasks and the clients of <see cref="HappyHorseTestService.CreateClient"/> on a virtual clock (<see cref="HappyHorseTestService.VirtualTime"/>).</summary>
    public bool UseVirtualTime { get; set; }

    /// <summary>Your own operations, served beside the catalog's in their dialects: your generated <c>HappyHorseCatalog.Operations</c>.</summary>
    public IList<OperationInfo> Operations { get; } = new List<OperationInfo>();

    /// <summary>Faults to inject: server errors, rate limits, dropped connections, malformed or slow bodies, latency.</summary>
    public IList<FaultRule> Faults { get; } = new List<FaultRule>();

    /// <summary>Adds your own operations (see <see cref="Operations"/>).</summary>
    public HappyHorseTestServiceOptions AddOperations(IEnumerable<OperationInfo> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations) Operations.Add(operation);
        return this;
    }

    /// <summary>Answers requests whose path starts with <paramref name="pathPrefix"/> with <paramref name="status"/>, at most <paramref name="times"/> times (every time when null).</summary>
    public HappyHorseTestServiceOptions FailRequests(string pathPrefix, int status = 503, string? method = null, int? times = null)
    {
        Faults.Add(new FaultRule { PathPrefix = pathPrefix, Method = method, ServerErrorRate = 1, ServerErrorStatuses = [status], MaxFaults = times });
        return this;
    }
}
