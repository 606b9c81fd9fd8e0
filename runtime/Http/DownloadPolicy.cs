using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated.Protocol;
using Polly;

namespace HappyHorse.Generated.Http;

/// <summary>
/// Streams a result file into a destination: only http and https, never from the addresses downloads refuse, without
/// credentials unless the caller passes the dialect whose key the file needs; resumed with <c>Range</c> after a lost
/// connection, retried on transient answers, each read bounded by <see cref="HappyHorseClientOptions.RequestTimeout"/>,
/// the whole by <see cref="HappyHorseClientOptions.DownloadTimeout"/>, stopped past the size cap.
/// </summary>
internal sealed class DownloadPolicy(HttpClient http, HappyHorseClientOptions options, TimeProvider time, RetryPolicy retry, KeyScrubber scrubber)
{
    /// <param name="url">The file.</param>
    /// <param name="destination">Where its bytes go.</param>
    /// <param name="maxBytes">The size cap.</param>
    /// <param name="service">The service the result came from: when it lives on a private or loopback address, files may too.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    /// <param name="credentials">The dialect whose key the file needs, when it goes along.</param>
    public async Task<long> DownloadAsync(Uri url, Stream destination, long maxBytes, Uri? service, CancellationToken cancellationToken, ProtocolProfile? credentials = null)
    {
        var shown = new Uri(url.GetLeftPart(UriPartial.Path)); // signed query strings stay out of messages
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
        {
            throw new HappyHorseDownloadException($"Only http and https result URLs are downloaded (was {url.Scheme}:).", shown, null, 0);
        }

        if (!options.AllowLinkLocalDownloads && Connections.IsRefusedResultHost(url.Host))
        {
            throw new HappyHorseDownloadException(
                $"Refusing to download from {url.Host}, a link-local or cloud-metadata address; set {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.AllowLinkLocalDownloads)} to allow it.", shown, null, 0);
        }

        // A service on a private or loopback address (an emulator, a gateway on the user's network) hands out files there.
        var refusePrivate = !options.AllowPrivateNetworkDownloads && !(service is not null && Connections.IsPrivateHost(service.Host));
        if (refusePrivate && Connections.IsPrivateHost(url.Host))
        {
            throw new HappyHorseDownloadException(
                $"Refusing to download from {url.Host}, a private-network or loopback address the service does not live on; set {nameof(HappyHorseClientOptions)}.{nameof(HappyHorseClientOptions.AllowPrivateNetworkDownloads)} to allow it.", shown, null, 0);
        }

        long written = 0;
        HttpStatusCode? lastStatus = null;
        using var overall = new CancellationTokenSource(TransportFailures.TimerSpan(options.DownloadTimeout), time);
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, overall.Token);
        var context = ResilienceContextPool.Shared.Get($"Download of {shown}", bounded.Token);
        try
        {
            // A large file may take long: the stall timer bounds each read, DownloadTimeout the whole.
            await retry.Safe.ExecuteAsync(
                async (ctx, _) =>
                {
                    var token = ctx.CancellationToken;
                    using var stall = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, stall.Token);
                    try
                    {
                        await ReadFileAsync(stall, linked.Token, token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (stall.IsCancellationRequested && !token.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
                    {
                        throw new RequestTimedOutException(e);
                    }
                },
                context,
                0).ConfigureAwait(false);
            return written;
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException or HttpRequestException)
        {
            throw TransportFailures.CallerCanceled(e, cancellationToken);
        }
        catch (Exception e) when (overall.IsCancellationRequested)
        {
            var limit = TransportFailures.Seconds(options.DownloadTimeout);
            var timeout = new HappyHorseTimeoutException($"Download of {shown} did not finish within {limit}.", options.DownloadTimeout, e);
            throw new HappyHorseDownloadException($"Downloading {shown} did not finish within {nameof(HappyHorseClientOptions.DownloadTimeout)} ({limit}; {written} bytes written).", shown, lastStatus, written, timeout);
        }
        catch (HappyHorseDownloadException)
        {
            throw;
        }
        catch (TransientAnswerException e)
        {
            throw new HappyHorseDownloadException($"Downloading {shown} answered HTTP {e.Status} ({written} bytes written).", shown, (HttpStatusCode)e.Status, written);
        }
        catch (Exception e)
        {
            throw new HappyHorseDownloadException(
                $"Downloading {shown} failed: {scrubber.Scrub(TransportFailures.Describe(e, options.RequestTimeout))} ({written} bytes written).",
                shown,
                lastStatus,
                written,
                TransportFailures.Failure(e, $"Download of {shown}", options.RequestTimeout, scrubber));
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }

        async Task ReadFileAsync(CancellationTokenSource stall, CancellationToken token, CancellationToken writeToken)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (!options.AllowLinkLocalDownloads) request.Options.Set(Connections.CheckResultAddress, true);
            if (refusePrivate) request.Options.Set(Connections.CheckPrivateAddress, true);
            if (written > 0) request.Headers.Range = new RangeHeaderValue(written, null);
            if (credentials is not null) KeyAuthPolicy.AddKey(request, credentials, scrubber.ApiKey);
            Arm(stall);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
            lastStatus = response.IsSuccessStatusCode ? null : response.StatusCode;
            if ((int)response.StatusCode is 408 or 429 or 500 or 502 or 503 or 504)
            {
                throw new TransientAnswerException((int)response.StatusCode, RetryAfter.Read(response, time.GetUtcNow(), options.Retry.MaxRetryAfter), null);
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new HappyHorseDownloadException($"Downloading {shown} answered HTTP {(int)response.StatusCode}.", shown, response.StatusCode, written);
            }

            // A server that ignores Range sends the whole file again: skip what the destination already has.
            var resumed = response.StatusCode == HttpStatusCode.PartialContent;
            var range = response.Content.Headers.ContentRange;
            if (resumed && range?.From != written)
            {
                throw new HappyHorseDownloadException($"Downloading {shown}: the server resumed at byte {range?.From} instead of {written}.", shown, null, written);
            }

            var skip = resumed ? 0 : written;
            var total = resumed ? range?.Length : response.Content.Headers.ContentLength;
            if (total > maxBytes) throw TooLarge(total.Value);
            await using var source = await response.Content.ReadAsStreamAsync(token).ConfigureAwait(false);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int read;
                while (true)
                {
                    Arm(stall);
                    if ((read = await source.ReadAsync(buffer, token).ConfigureAwait(false)) <= 0) break;
                    var fresh = buffer.AsMemory(0, read);
                    if (skip > 0)
                    {
                        var dropped = (int)Math.Min(skip, read);
                        skip -= dropped;
                        fresh = fresh[dropped..];
                    }

                    if (written + fresh.Length > maxBytes) throw TooLarge(written + fresh.Length);
                    try
                    {
                        // Not under the stall timer, and never retried: part of a failed write may be in the destination.
                        await destination.WriteAsync(fresh, writeToken).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        throw new HappyHorseDownloadException($"Downloading {shown}: the destination could not be written ({e.GetType().Name}: {e.Message}).", shown, null, written, e);
                    }

                    written += fresh.Length;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            // Fewer bytes than declared: the connection ended early; the next attempt resumes.
            if (total is { } expected && written < expected) throw new IOException($"The file ended after {written} of {expected} bytes.");
        }

        void Arm(CancellationTokenSource stall)
        {
            if (TransportFailures.TimerSpan(options.RequestTimeout) is var limit && limit != Timeout.InfiniteTimeSpan) stall.CancelAfter(limit);
        }

        HappyHorseDownloadException TooLarge(long size) =>
            new($"The file at {shown} is larger than the download cap ({size} bytes or more; cap {maxBytes} bytes). Raise {nameof(HappyHorseClientOptions.MaxDownloadBytes)} to accept it.", shown, null, written);
    }
}
