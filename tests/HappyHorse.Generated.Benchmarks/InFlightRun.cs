using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.Diagnostics;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// A measured run, not a BenchmarkDotNet benchmark: N text-to-video tasks submitted at once through one
/// <see cref="HappyHorseClient"/> with default options (only the base URL and key set) against the emulator on
/// 127.0.0.1, all kept waiting on the happyhorse.app dialect's own poll schedule. The emulator runs in a child
/// process, so the managed heap, threads and sockets measured are the client's alone.
/// </summary>
/// <remarks>
/// <c>inflight N [--max-connections C] [--run-seconds S] [--latency-ms L]</c>: the tasks run S seconds at the
/// emulator (default 30; long enough that every submit is answered before the first task ends), every request is
/// answered after L ms more (default 0), and C overrides <see cref="HappyHorseClientOptions.MaxConnectionsPerServer"/>.
/// Reported: at the peak (every submit answered, every task waiting) the managed heap growth per task
/// (<see cref="GC.GetTotalMemory(bool)"/> after a full collection, against the same before the first submit), the
/// process's threads and thread-pool threads, and its open sockets (entries of /proc/self/fd that are sockets); over
/// the whole run the most of each, sampled every 250 ms; at the end the status requests per task and the wall time.
/// </remarks>
internal static class InFlightRun
{
    private const string ApiKey = "inflight-key";
    private const string ServerMode = "inflight-server";

    public static bool IsMode(string[] args) => args.Length > 0 && (args[0] == "inflight" || args[0] == ServerMode);

    public static async Task<int> MainAsync(string[] args)
    {
        if (args[0] == ServerMode) return await ServeAsync(args[1..]);
        if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            Console.Error.WriteLine("Usage: inflight N [--max-connections C] [--run-seconds S] [--latency-ms L]");
            return 2;
        }

        int? maxConnections = null;
        var runSeconds = 30.0;
        var latencyMs = 0.0;
        for (var i = 2; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--max-connections": maxConnections = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--run-seconds": runSeconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--latency-ms": latencyMs = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new FormatException($"Unknown option '{args[i]}'.");
            }
        }

        using var server = StartServer(runSeconds, latencyMs, out var baseUrl);
        try
        {
            return await MeasureAsync(count, baseUrl, maxConnections, runSeconds, latencyMs);
        }
        finally
        {
            server.StandardInput.Close(); // the server exits when its input ends
            if (!server.WaitForExit(10_000)) server.Kill();
        }
    }

    private static async Task<int> MeasureAsync(int count, Uri baseUrl, int? maxConnections, double runSeconds, double latencyMs)
    {
        var options = new HappyHorseClientOptions { BaseUrl = baseUrl, ApiKey = ApiKey };
        if (maxConnections is { } cap) options.MaxConnectionsPerServer = cap;
        using var client = new HappyHorseClient(options);
        using var counters = new ClientCounters();
        using var peaks = new PeakSampler();

        // Warm-up: one submit and one status request, so code and caches the first call sets up are not counted per task.
        var warm = await client.SubmitAsync(HappyHorseVideo.TextToVideo("warm-up"));
        await client.GetStatusAsync(warm);
        var statusBefore = counters.StatusRequests;
        var submittedBefore = counters.Submitted;

        var failures = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var runs = new Task[count];
        var allSubmitted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var submitsLeft = count;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++) runs[i] = RunOneAsync(i);
        await allSubmitted.Task;
        var submitted = clock.Elapsed;

        // The peak: every task submitted (or failed) and waiting for its next poll.
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var atPeak = PeakSampler.Sample();
        var waiting = counters.Submitted - submittedBefore - counters.Finished;
        await Task.WhenAll(runs);
        var wall = clock.Elapsed;
        var statusRequests = counters.StatusRequests - statusBefore;
        var peak = peaks.Stop();

        var label = maxConnections is { } c ? $"MaxConnectionsPerServer = {(c == int.MaxValue ? "int.MaxValue" : c.ToString(CultureInfo.InvariantCulture))}" : "default options";
        Console.WriteLine($"inflight {count} ({label}; tasks run {runSeconds} s; latency {latencyMs} ms; {Environment.ProcessorCount} cores; {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} GC)");
        Console.WriteLine($"  all submits answered after     {submitted.TotalSeconds:F1} s; {waiting} tasks waiting at the peak");
        Console.WriteLine($"  managed heap per task (peak)   {(after - before) / (double)count:F0} B  ({before / 1024.0 / 1024:F1} MB before, {after / 1024.0 / 1024:F1} MB at the peak)");
        Console.WriteLine($"  threads at the peak            {atPeak.Threads} in the process, {atPeak.PoolThreads} in the thread pool (most over the run: {peak.Threads}, {peak.PoolThreads})");
        Console.WriteLine($"  open sockets at the peak       {atPeak.Sockets} (most over the run: {peak.Sockets})");
        Console.WriteLine($"  status requests per task       {statusRequests / (double)count:F2} ({statusRequests} in all)");
        Console.WriteLine($"  wall time                      {wall.TotalSeconds:F1} s");
        Console.WriteLine($"  failed calls                   {(failures.IsEmpty ? "none" : string.Join(", ", failures.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} ×{f.Value}")))}");
        return failures.IsEmpty ? 0 : 1;

        async Task RunOneAsync(int index)
        {
            GenerationTask task;
            try
            {
                task = await client.SubmitAsync(HappyHorseVideo.TextToVideo($"task {index} in flight"));
            }
            catch (HappyHorseException e)
            {
                failures.AddOrUpdate("submit: " + e.GetType().Name + (e is HappyHorseSubmitUncertainException u ? $" ({u.Reason})" : string.Empty), 1, (_, n) => n + 1);
                return;
            }
            finally
            {
                if (Interlocked.Decrement(ref submitsLeft) == 0) allSubmitted.TrySetResult();
            }

            try
            {
                await client.WaitForCompletionAsync(task);
            }
            catch (HappyHorseException e)
            {
                failures.AddOrUpdate("wait: " + e.GetType().Name, 1, (_, n) => n + 1);
            }
        }
    }

    /// <summary>Starts this program in server mode (the emulator) and reads the address it listens on.</summary>
    private static Process StartServer(double runSeconds, double latencyMs, out Uri baseUrl)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(InFlightRun).Assembly.Location);
        foreach (var arg in new[] { ServerMode, runSeconds.ToString(CultureInfo.InvariantCulture), latencyMs.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        var server = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        var line = server.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The server ended before it listened.");
        baseUrl = new Uri(line);
        return server;
    }

    /// <summary>The emulator, keeping no request records, until its standard input ends.</summary>
    private static async Task<int> ServeAsync(string[] args)
    {
        var options = new EmulatorOptions
        {
            ApiKey = ApiKey,
            QueueDuration = TimeSpan.Zero,
            RunDuration = TimeSpan.FromSeconds(double.Parse(args[0], CultureInfo.InvariantCulture)),
            MaxRecordedRequests = 0,
        };
        var latency = TimeSpan.FromMilliseconds(double.Parse(args[1], CultureInfo.InvariantCulture));
        if (latency > TimeSpan.Zero) options.Faults.Add(new FaultRule { PathPrefix = "/", Latency = latency });
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        Console.WriteLine(emulator.BaseAddress.AbsoluteUri);
        await Task.Run(() => Console.In.ReadToEnd());
        return 0;
    }

    /// <summary>The client's own counters (the <c>HappyHorse.Generated</c> meter): submits accepted, tasks finished, status requests.</summary>
    private sealed class ClientCounters : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _submitted;
        private long _finished;
        private long _status;

        public ClientCounters()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == HappyHorseTelemetry.Name) listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
            {
                switch (instrument.Name)
                {
                    case "happyhorse.tasks.submitted": Interlocked.Add(ref _submitted, value); break;
                    case "happyhorse.tasks.succeeded" or "happyhorse.tasks.failed": Interlocked.Add(ref _finished, value); break;
                    case "happyhorse.status_requests": Interlocked.Add(ref _status, value); break;
                }
            });
            _listener.Start();
        }

        public long Submitted => Interlocked.Read(ref _submitted);

        public long Finished => Interlocked.Read(ref _finished);

        public long StatusRequests => Interlocked.Read(ref _status);

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>Samples threads and sockets every 250 ms and keeps the most of each.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Timer _timer;
        private readonly Lock _lock = new();
        private Snapshot _peak;

        public PeakSampler()
        {
            _peak = Sample();
            _timer = new Timer(_ => Record(Sample()), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
        }

        public readonly record struct Snapshot(int Threads, int PoolThreads, int Sockets);

        public static Snapshot Sample()
        {
            using var process = Process.GetCurrentProcess();
            var sockets = 0;
            foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                try
                {
                    if (new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true) sockets++;
                }
                catch (IOException)
                {
                    // Closed while listed.
                }
            }

            return new Snapshot(process.Threads.Count, ThreadPool.ThreadCount, sockets);
        }

        public Snapshot Stop()
        {
            _timer.Dispose();
            Record(Sample());
            lock (_lock) return _peak;
        }

        public void Dispose() => _timer.Dispose();

        private void Record(Snapshot now)
        {
            lock (_lock) _peak = new Snapshot(Math.Max(_peak.Threads, now.Threads), Math.Max(_peak.PoolThreads, now.PoolThreads), Math.Max(_peak.Sockets, now.Sockets));
        }
    }
}
