using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.Http;

/// <summary>
/// The end of the pipeline: sends the request and reads its whole answer, no more than
/// <see cref="HappyHorseClientOptions.MaxResponseBytes"/>, so a connection lost mid-body is this attempt's failure.
/// </summary>
internal sealed class BoundedBodyPolicy(HttpClient http, HappyHorseClientOptions options, TimeProvider time) : ServicePolicy
{
    public override async ValueTask ProcessAsync(ServiceMessage message, ReadOnlyMemory<ServicePolicy> next)
    {
        var token = message.CancellationToken;
        using var response = await http.SendAsync(message.Request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        var retryAfter = RetryAfter.Read(response, time.GetUtcNow(), options.Retry.MaxRetryAfter);
        var body = await ReadBodyAsync(response, options.MaxResponseBytes, token).ConfigureAwait(false);
        message.Answer = ServiceAnswer.Read(message.Profile, response.StatusCode, retryAfter, body, TransportFailures.RequestIdHeader(response));
    }

    /// <summary>The whole body of <paramref name="response"/>; past <paramref name="limit"/> bytes a protocol error that is not retried.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpResponseMessage response, long limit, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > limit) throw TooLarge(declared);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit) throw TooLarge(buffer.Length + read);
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();

        HappyHorseProtocolException TooLarge(long size) =>
            new($"The response body ({size} bytes or more) exceeds {nameof(HappyHorseClientOptions.MaxResponseBytes)} ({limit} bytes).", null) { Retryable = false };
    }
}
