using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Npgsql;

namespace HappyHorse.Generated.Hangfire.Tests;

/// <summary>
/// A throwaway PostgreSQL cluster on a free 127.0.0.1 port: <c>initdb</c> and <c>pg_ctl</c> from <c>pg_config --bindir</c>,
/// run as the <c>postgres</c> user (initdb refuses root), in a temp folder that user owns; stopped and deleted at the end.
/// With <c>HAPPYHORSE_TEST_POSTGRES</c> set (a connection string) that server is used instead. Each test gets a database of its own.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private string? _directory;
    private string? _bin;
    private NpgsqlConnectionStringBuilder _server = null!;
    private int _databases;

    /// <summary>Whether the cluster is this fixture's own (so a test may stop and start it).</summary>
    public bool IsOwn => _directory is not null;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("HAPPYHORSE_TEST_POSTGRES") is { Length: > 0 } given)
        {
            _server = new NpgsqlConnectionStringBuilder(given);
            return;
        }

        _bin = (await RunAsync("pg_config", "--bindir")).Trim();
        _directory = Path.Combine(Path.GetTempPath(), "happyhorse-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_directory);
        await RunAsync("chown", $"postgres:postgres {_directory}");
        var port = FreePort();
        await AsPostgres("initdb", $"-D {_directory}/data -U postgres --auth=trust --no-sync -E UTF8");
        await StartAsync(port);
        _server = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = true, Timeout = 5 };
    }

    /// <summary>Starts the cluster (again) on <paramref name="port"/>.</summary>
    /// <remarks>
    /// fsync is off (the tests crash the server process, never the machine: the OS keeps what was written); commits stay
    /// synchronous, since an intent acknowledged but lost in a crash would be sent again (the restart test found it).
    /// </remarks>
    public Task StartAsync(int? port = null) =>
        AsPostgres("pg_ctl", $"-D {_directory}/data -l {_directory}/log -w -t 30 -o \"-p {port ?? _server.Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300\" start");

    /// <summary>Stops it the way a crash does: <c>pg_ctl stop -m immediate</c>.</summary>
    public async Task CrashAsync()
    {
        await AsPostgres("pg_ctl", $"-D {_directory}/data -m immediate -w stop");

        // This process's pooled connections died with the server: the next test must not get one.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>A new empty database: its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"jobs_{Environment.ProcessId}_{System.Threading.Interlocked.Increment(ref _databases)}";
        await using var connection = new NpgsqlConnection(_server.ConnectionString);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await create.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = name }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_directory is null) return;
        try
        {
            await AsPostgres("pg_ctl", $"-D {_directory}/data -m immediate -w stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped by a test.
        }

        Directory.Delete(_directory, recursive: true);
    }

    private Task<string> AsPostgres(string tool, string arguments) => RunAsync("runuser", $"-u postgres -- {Path.Combine(_bin!, tool)} {arguments}");

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await error}{await output}");
        return await output;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL";
}
