using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Http;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>The connection layer: its settings come from the options, on the client's own HttpClient and through the factory.</summary>
public class ConnectionTests
{
    [Fact]
    public void The_clients_own_handler_takes_its_cap_from_the_options_and_lets_idle_connections_go()
    {
        using var handler = Connections.CreatePrimaryHandler(new HappyHorseClientOptions { MaxConnectionsPerServer = 7 });
        using var byDefault = Connections.CreatePrimaryHandler(new HappyHorseClientOptions());

        handler.MaxConnectionsPerServer.ShouldBe(7);
        byDefault.MaxConnectionsPerServer.ShouldBe(128);
        foreach (var each in new[] { handler, byDefault })
        {
            each.PooledConnectionIdleTimeout.ShouldBe(TimeSpan.FromSeconds(2));
            each.PooledConnectionLifetime.ShouldBe(TimeSpan.FromMinutes(2));
            each.AllowAutoRedirect.ShouldBeFalse();
            each.ConnectCallback.ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task AddHappyHorse_builds_its_handler_from_the_bound_options()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["HappyHorse:ApiKey"] = Fixture.Key,
            ["HappyHorse:MaxConnectionsPerServer"] = "7",
        }).Build());
        services.AddHappyHorse();
        await using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IOptions<HappyHorseClientOptions>>().Value.MaxConnectionsPerServer.ShouldBe(7);
        HttpMessageHandler? handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(HappyHorseServiceCollectionExtensions.HttpClientName);
        while (handler is DelegatingHandler delegating) handler = delegating.InnerHandler;

        var sockets = handler.ShouldBeOfType<SocketsHttpHandler>();
        sockets.MaxConnectionsPerServer.ShouldBe(7);
        sockets.PooledConnectionIdleTimeout.ShouldBe(Connections.IdleTimeout);
        sockets.PooledConnectionLifetime.ShouldBe(Connections.Lifetime);
        sockets.AllowAutoRedirect.ShouldBeFalse();
    }

    [Fact]
    public async Task A_cap_below_one_fails_the_start_and_the_constructor()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["HappyHorse:MaxConnectionsPerServer"] = "0" }).Build());
        services.AddHappyHorse(o => o.ApiKey = Fixture.Key);
        await using var provider = services.BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());
        error.Failures.ShouldBe(["HappyHorse:MaxConnectionsPerServer must be at least 1."]);
        Should.Throw<ArgumentOutOfRangeException>(() => new HappyHorseClient(new HappyHorseClientOptions { ApiKey = Fixture.Key, MaxConnectionsPerServer = 0 }))
            .Message.ShouldContain("MaxConnectionsPerServer must be at least 1");

        // A caller's own HttpClient keeps its own settings: the cap is not read.
        using var http = new HttpClient();
        Should.NotThrow(() => new HappyHorseClient(new HappyHorseClientOptions { ApiKey = Fixture.Key, MaxConnectionsPerServer = 0 }, http).Dispose());
    }

    /// <summary>
    /// Five status requests at once on the client's own HttpClient, against a server on 127.0.0.1 that holds every
    /// request until told: with a cap of 2, two connections carry all five (three wait in the pool); without one, five open.
    /// </summary>
    [Theory]
    [InlineData(2, 2)]
    [InlineData(int.MaxValue, 5)]
    public async Task The_cap_limits_the_connections_the_client_opens(int cap, int expectedConnections)
    {
        const int Requests = 5;
        await using var server = new HoldingServer();
        var service = new Uri($"http://127.0.0.1:{server.Port}/");
        using var active = new ActiveRequests(server.Port, server.Notify);
        using var client = new HappyHorseClient(new HappyHorseClientOptions { ApiKey = Fixture.Key, BaseUrl = service, MaxConnectionsPerServer = cap });

        var polls = Enumerable.Range(0, Requests)
            .Select(i => client.GetStatusAsync(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, $"n92task{i}", service)))
            .ToList();

        // Every request is inside the handler, and the server holds as many as there are connections: the rest wait in the pool.
        await server.WaitUntil(() => server.Held == expectedConnections && active.Count == Requests);
        server.Accepted.ShouldBe(expectedConnections);

        server.ReleaseAll();
        var updates = await Task.WhenAll(polls);

        updates.ShouldAllBe(u => u.Status == GenerationStatus.Running);
        server.Served.ShouldBe(Requests);
        server.Accepted.ShouldBe(expectedConnections);
    }

    /// <summary>
    /// With one connection, a submit waits 20 s for the poll on it to be answered, then goes out: it still has all of
    /// <see cref="HappyHorseClientOptions.RequestTimeout"/> (30 s) for its answer, and a service answering 20 s later is
    /// a task, not an uncertain submit.
    /// </summary>
    [Fact]
    public async Task A_submit_that_waited_for_a_free_connection_has_all_of_RequestTimeout_once_it_goes_out()
    {
        await using var server = new HoldingServer();
        var service = new Uri($"http://127.0.0.1:{server.Port}/");
        using var active = new ActiveRequests(server.Port, server.Notify);
        var time = new SteppingFakeTimeProvider();
        using var client = new HappyHorseClient(
            new HappyHorseClientOptions { ApiKey = Fixture.Key, BaseUrl = service, MaxConnectionsPerServer = 1, RequestTimeout = TimeSpan.FromSeconds(30) }, timeProvider: time);

        var poll = client.GetStatusAsync(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", service));
        await server.WaitUntil(() => server.Held == 1);
        var submit = client.SubmitAsync(HappyHorseVideo.TextToVideo("a submit behind a poll"));
        await server.WaitUntil(() => active.Count == 2); // the submit waits for the one connection

        time.Advance(TimeSpan.FromSeconds(20));
        server.Release(0);
        (await poll).Status.ShouldBe(GenerationStatus.Running);
        await server.WaitUntil(() => server.Held == 2); // the submit went out, body and all
        time.Advance(TimeSpan.FromSeconds(20));         // 40 s after the submit started, 20 s after it went out

        submit.IsCompleted.ShouldBeFalse();
        server.Release(1);
        (await submit).TaskId.ShouldBe("n92task");
        server.Accepted.ShouldBe(1);
    }

    /// <summary>
    /// A submit whose 30 s ran out while it waited for the one connection is not sent when the connection frees up just
    /// then, even before its timer's cancellation has run: nothing reached the service, so it is a timeout, not an
    /// uncertain submit.
    /// </summary>
    [Fact]
    public async Task A_submit_whose_time_ran_out_while_it_waited_for_a_connection_is_not_sent()
    {
        await using var server = new HoldingServer();
        var service = new Uri($"http://127.0.0.1:{server.Port}/");
        using var active = new ActiveRequests(server.Port, server.Notify);
        var time = new SteppingFakeTimeProvider();
        using var client = new HappyHorseClient(
            new HappyHorseClientOptions { ApiKey = Fixture.Key, BaseUrl = service, MaxConnectionsPerServer = 1, RequestTimeout = TimeSpan.FromSeconds(30) }, timeProvider: time);

        var poll = client.GetStatusAsync(new GenerationTask(HappyHorseVideo.TextToVideoRequest.Info, "n92task", service));
        await server.WaitUntil(() => server.Held == 1);
        var submit = client.SubmitAsync(HappyHorseVideo.TextToVideo("a submit behind a poll"));
        await server.WaitUntil(() => active.Count == 2);

        time.AdjustTime(time.GetUtcNow() + TimeSpan.FromSeconds(31)); // both timers are due; neither has fired
        server.ReleaseAll();                 // a submit that went out would be answered

        (await poll).Status.ShouldBe(GenerationStatus.Running);
        var error = await Should.ThrowAsync<HappyHorseException>(submit);
        error.ShouldBeOfType<HappyHorseTimeoutException>();
        server.Held.ShouldBe(1);
    }

    /// <summary>Counts the client's requests in flight to one port, from the <c>System.Net.Http</c> meter's <c>http.client.active_requests</c>.</summary>
    private sealed class ActiveRequests : IDisposable
    {
        private readonly MeterListener _listener = new();
        private int _count;

        public ActiveRequests(int port, Action changed)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.active_requests") listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key != "server.port" || !Equals(tag.Value, port)) continue;
                    Interlocked.Add(ref _count, (int)value);
                    changed();
                }
            });
            _listener.Start();
        }

        public int Count => Volatile.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 (port 0) that counts the connections it accepts and holds each request until it is
/// released, then answers it with a happyhorse.app IN_PROGRESS task (a status, or a submit's answer) on the same connection.
/// </summary>
internal sealed class HoldingServer : IAsyncDisposable
{
    private const string Task = """{"code":200,"message":"success","data":{"task_id":"n92task","status":"IN_PROGRESS"}}""";
    private static readonly byte[] Answer = Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Task.Length}\r\n\r\n{Task}");

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TaskCompletionSource> _holds = [];
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;
    private bool _releaseAll;
    private int _accepted;
    private int _served;

    public HoldingServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>The requests received in all (held or answered), headers and body.</summary>
    public int Held
    {
        get
        {
            lock (_holds) return _holds.Count;
        }
    }

    public int Served => Volatile.Read(ref _served);

    /// <summary>Answers request number <paramref name="index"/> (in order of arrival).</summary>
    public void Release(int index)
    {
        lock (_holds) _holds[index].TrySetResult();
    }

    /// <summary>Answers every request held, and every later one at once.</summary>
    public void ReleaseAll()
    {
        lock (_holds)
        {
            _releaseAll = true;
            _holds.ForEach(h => h.TrySetResult());
        }
    }

    /// <summary>Something <see cref="WaitUntil"/> waits on changed (the server's own changes call it too).</summary>
    public void Notify() => _changed.Release();

    /// <summary>Waits, without sleeping, until <paramref name="condition"/> holds: it is checked again after each <see cref="Notify"/>.</summary>
    public async Task WaitUntil(Func<bool> condition)
    {
        var limit = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            var left = TimeSpan.FromSeconds(20) - limit.Elapsed;
            if (left <= TimeSpan.Zero || !await _changed.WaitAsync(left)) throw new TimeoutException($"Not reached: accepted {Accepted}, held {Held}.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_sockets) _sockets.ForEach(s => s.Dispose());
        try
        {
            await _accepting;
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            lock (_sockets) _sockets.Add(socket);
            Interlocked.Increment(ref _accepted);
            Notify();
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var buffer = new byte[8192];
        var pending = new List<byte>();
        try
        {
            while (true)
            {
                // One request: headers, then as many body bytes as Content-Length says.
                int end;
                while ((end = IndexOfBlankLine(pending)) < 0) await ReceiveAsync();
                var headers = Encoding.ASCII.GetString(pending.GetRange(0, end).ToArray());
                var length = headers.Split("\r\n").Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h[15..].Trim())).FirstOrDefault();
                while (pending.Count < end + 4 + length) await ReceiveAsync();
                pending.RemoveRange(0, end + 4 + length);

                var hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_holds)
                {
                    if (_releaseAll) hold.TrySetResult();
                    _holds.Add(hold);
                }

                Notify();
                await hold.Task.WaitAsync(_stop.Token);
                await socket.SendAsync(Answer, SocketFlags.None, _stop.Token);
                Interlocked.Increment(ref _served);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
        }

        async Task ReceiveAsync()
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0) throw new EndOfStreamException();
            pending.AddRange(buffer.AsSpan(0, read));
        }
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n') return i;
        }

        return -1;
    }
}
