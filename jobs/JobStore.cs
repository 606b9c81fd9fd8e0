using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HappyHorse.Generated.Jobs;

/// <summary>A job's row, with what only the workers read (the body, the Hangfire job id).</summary>
internal sealed record JobRow(GenerationJob Job, string Profile, string Model, string OperationId, string Label, string? OutputDirectory, string? HangfireId, string Body, bool CancelRequested, bool Handled);

/// <summary>The SQL of the jobs table, on plain connections from the connection string (Hangfire's pool, so one <c>TransactionScope</c> can hold both).</summary>
internal sealed class JobStore(IOptions<GenerationJobsOptions> options)
{
    private readonly GenerationJobsOptions _options = options.Value;
    private int _created;

    public string Table => $"{_options.SchemaName}.generation_jobs";

    /// <summary>
    /// The connection string as Hangfire.PostgreSql normalizes it (the same string reaches the same pool), with
    /// <c>No Reset On Close</c> on unless the string says otherwise: neither Hangfire nor this table leaves session state
    /// on a connection, and the <c>DISCARD ALL</c> sent on each reuse of a pooled connection was a third of the database's
    /// transactions per job (docs/benchmarks.md).
    /// </summary>
    public string ConnectionString => field ??= Normalize(_options.ConnectionString);

    public static string Normalize(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString)) throw new GenerationJobsException($"No database for generation jobs: set {GenerationJobsOptions.ConfigurationSection}:ConnectionString (an Npgsql connection string).");
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
            if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) builder.NoResetOnClose = true;
            return builder.ConnectionString;
        }
        catch (ArgumentException e)
        {
            // The message of a bad connection string may quote it, password and all: say only what is wrong in general.
            throw new GenerationJobsException($"The generation jobs connection string is not a valid Npgsql connection string ({e.GetType().Name}).");
        }
    }

    /// <summary>Where the database is, without its password: for error messages.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"database '{builder.Database ?? builder.Username}' on {builder.Host}:{builder.Port}";
    }

    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw Unreachable(ConnectionString, e);
        }

        if (Volatile.Read(ref _created) == 0)
        {
            try
            {
                await CreateTableAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return connection;
    }

    /// <summary>Creates the schema and table once per process, outside any transaction of the caller's.</summary>
    private async Task CreateTableAsync(CancellationToken cancellationToken)
    {
        using var suppress = new System.Transactions.TransactionScope(System.Transactions.TransactionScopeOption.Suppress, System.Transactions.TransactionScopeAsyncFlowOption.Enabled);
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using var create = new NpgsqlCommand(Sql.Create(_options.SchemaName), connection, transaction);
        await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _created, 1);
    }

    public static GenerationJobsException Unreachable(string connectionString, Exception e)
    {
        // Npgsql's messages name the host and user, never the password; ours says where, and why in Npgsql's words.
        var reason = e is PostgresException postgres ? $"{postgres.SqlState}: {postgres.MessageText}" : e.Message;
        return new GenerationJobsException($"The generation jobs {Describe(connectionString)} cannot be reached ({reason}).", e);
    }

    public async Task<JobRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Sql.Columns} FROM {Table} WHERE id = @id", connection);
        command.Parameters.AddWithValue("id", id);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<JobRow?> FindAsync(string callerKey, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Sql.Columns} FROM {Table} WHERE caller_key = @key", connection);
        command.Parameters.AddWithValue("key", callerKey);
        var rows = await ReadAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public async Task<IReadOnlyList<JobRow>> ListAsync(string batch, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand($"SELECT {Sql.Columns} FROM {Table} WHERE batch = @batch ORDER BY id", connection);
        command.Parameters.AddWithValue("batch", batch);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs one statement; returns the rows it returned (with <c>RETURNING {Sql.Columns}</c>) or none.</summary>
    public async Task<IReadOnlyList<JobRow>> UpdateAsync(string sql, Action<NpgsqlParameterCollection> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql.Replace("{table}", Table, StringComparison.Ordinal), connection);
        parameters(command.Parameters);
        return await ReadAsync(command, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<IReadOnlyList<JobRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<JobRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (reader.FieldCount < 23) return rows;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) rows.Add(Read(reader));
        return rows;
    }

    private static JobRow Read(DbDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var state = Enum.Parse<GenerationJobState>(r.GetString(6), ignoreCase: true);
        var job = new GenerationJob(r.GetInt64(0), Text(1), r.GetString(2), $"{r.GetString(4)} {r.GetString(5)}", state, r.GetString(7))
        {
            Handle = Text(8) is { } handle ? TaskHandle.Parse(handle) : null,
            RawStatus = Text(9),
            Progress = r.IsDBNull(10) ? null : r.GetDouble(10),
            QueuePosition = r.IsDBNull(11) ? null : r.GetInt32(11),
            Files = Text(12) is { } files ? JsonSerializer.Deserialize(files, JobJson.Default.StringArray) ?? [] : [],
            Message = Text(13),
            RequestId = Text(14),
            SentAt = r.IsDBNull(15) ? null : new DateTimeOffset(r.GetDateTime(15), TimeSpan.Zero),
            StatusChecks = r.GetInt32(16),
        };
        return new JobRow(job, r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(17), Text(18), Text(19), r.GetString(20), r.GetBoolean(21), r.GetBoolean(22));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string[]))]
internal sealed partial class JobJson : System.Text.Json.Serialization.JsonSerializerContext;
