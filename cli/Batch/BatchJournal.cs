using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HappyHorse.Cli.Batch;

/// <summary>
/// The batch's memory across crashes: one JSON record per line, each appended and flushed to disk (fsync) before
/// the step it guards goes on. A job's intent is on disk before its submit is sent, and its task handle as soon as
/// the service accepts it, so a batch killed at any point never re-sends a submit that may have reached the service.
/// A torn line (the process died mid-write) is ignored: it can only be a record whose step had not yet begun.
/// A lock file beside it (held while the batch runs, released by the system if the process dies) keeps a second
/// batch off the same journal; others may still read it.
/// </summary>
internal sealed class BatchJournal : IDisposable
{
    private readonly FileStream _lock;
    private readonly FileStream _stream;
    private readonly TimeProvider _time;
    private readonly object _gate = new();

    private BatchJournal(FileStream lockFile, FileStream stream, IReadOnlyList<JsonObject> records, int tornLines, TimeProvider time)
    {
        _time = time;
        _lock = lockFile;
        _stream = stream;
        Records = records;
        TornLines = tornLines;
    }

    /// <summary>The records already in the journal, in the order written.</summary>
    public IReadOnlyList<JsonObject> Records { get; }

    /// <summary>How many unreadable (torn) lines were skipped.</summary>
    public int TornLines { get; }

    /// <summary>Opens (or creates) the journal at <paramref name="path"/> and reads what it holds.</summary>
    /// <exception cref="CliInputException">Another batch holds the journal, or it cannot be opened.</exception>
    public static BatchJournal Open(string path, TimeProvider time)
    {
        FileStream lockFile, stream;
        try
        {
            lockFile = new FileStream(path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new CliInputException($"Another 'happyhorse batch' is running on these jobs ({path}.lock is held: {e.Message}).");
        }

        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, 4096, FileOptions.None);
        }
        catch (IOException e)
        {
            lockFile.Dispose();
            throw new CliInputException($"The journal {path} cannot be opened ({e.Message}).");
        }

        try
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            var records = new List<JsonObject>();
            var torn = 0;
            foreach (var line in Encoding.UTF8.GetString(bytes).Split('\n'))
            {
                if (line.Trim().Length == 0) continue;
                if (TryRead(line) is { } record) records.Add(record);
                else torn++;
            }

            // A torn last line is closed, so the next record starts a line of its own.
            if (bytes.Length > 0 && bytes[^1] != (byte)'\n')
            {
                stream.Write("\n"u8);
                stream.Flush(flushToDisk: true);
            }

            return new BatchJournal(lockFile, stream, records, torn, time);
        }
        catch
        {
            stream.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>The records of the journal at <paramref name="path"/>, read without taking its lock (a batch may be running on it); none when it does not exist.</summary>
    public static IReadOnlyList<JsonObject> ReadRecords(string path)
    {
        if (!File.Exists(path)) return [];
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var records = new List<JsonObject>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Trim().Length > 0 && TryRead(line) is { } record) records.Add(record);
        }

        return records;
    }

    /// <summary>Appends <paramref name="record"/> and returns once it is on disk.</summary>
    public void Append(JsonObject record)
    {
        record["at"] = _time.GetUtcNow().ToString("O");
        var line = Encoding.UTF8.GetBytes(record.ToJsonString() + "\n");
        lock (_gate)
        {
            _stream.Write(line);
            _stream.Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _lock.Dispose();
    }

    private static JsonObject? TryRead(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject { } record && record["type"] is JsonValue && record["job"] is JsonValue ? record : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
