using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>Answers each request from a script and records what was sent and when (in virtual time).</summary>
internal sealed class ScriptedHandler : HttpMessageHandler
{
    private readonly TimeProvider _time;
    private readonly Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> _answer;

    public ScriptedHandler(TimeProvider time, Func<HttpRequestMessage, int, HttpResponseMessage> answer)
        : this(time, (request, i, _) => Task.FromResult(answer(request, i)))
    {
    }

    public ScriptedHandler(TimeProvider time, Func<HttpRequestMessage, int, CancellationToken, Task<HttpResponseMessage>> answer)
    {
        _time = time;
        _answer = answer;
    }

    public List<Sent> Requests { get; } = [];

    public sealed record Sent(HttpMethod Method, Uri Uri, string? Authorization, string? Body, DateTimeOffset At, string? Range);

    public static HttpResponseMessage Json(HttpStatusCode status, string json) =>
        new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>An answer whose body arrives through <paramref name="body"/> (a stream that trickles, stalls or breaks).</summary>
    public static HttpResponseMessage Streamed(HttpStatusCode status, Stream body, long? declaredLength = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StreamContent(body) };
        response.Content.Headers.ContentLength = declaredLength;
        return response;
    }

    /// <summary>Never answers: waits until the request is canceled (by a timeout, a deadline or the caller).</summary>
    public static async Task<HttpResponseMessage> Hang(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Copied, not buffered, as a connection sends it: a body that may go out only once is asked again each time.
        string? body = null;
        if (request.Content is not null)
        {
            using var copy = new MemoryStream();
            await request.Content.CopyToAsync(copy, cancellationToken);
            body = Encoding.UTF8.GetString(copy.ToArray());
        }

        int index;
        lock (Requests)
        {
            Requests.Add(new Sent(request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body, _time.GetUtcNow(), request.Headers.Range?.ToString()));
            index = Requests.Count - 1;
        }

        return await _answer(request, index, cancellationToken);
    }
}

/// <summary>A response body that yields <see cref="Bytes"/> and then fails or stalls, as a broken or hostile server's would.</summary>
internal sealed class FaultyBody(byte[] bytes, int failAfter, FaultyBody.Failure failure, TimeProvider? time = null, TimeSpan perByte = default) : Stream
{
    private int _position;

    public enum Failure
    {
        /// <summary>Ends normally.</summary>
        None,

        /// <summary>The connection drops after <c>failAfter</c> bytes.</summary>
        Drop,

        /// <summary>Nothing more ever arrives after <c>failAfter</c> bytes.</summary>
        Stall,

        /// <summary>One byte per <c>perByte</c> of (virtual) time.</summary>
        Trickle,
    }

    public byte[] Bytes => bytes;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= bytes.Length) return 0;
        if (failure == Failure.Trickle)
        {
            await Task.Delay(perByte, time!, cancellationToken);
            buffer.Span[0] = bytes[_position++];
            return 1;
        }

        if (_position >= failAfter)
        {
            if (failure == Failure.Drop) throw new IOException("The connection was reset by the peer.");
            if (failure == Failure.Stall) await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        var end = failure == Failure.None ? bytes.Length : Math.Min(bytes.Length, failAfter);
        var count = Math.Min(buffer.Length, end - _position);
        bytes.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        return count;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
