using System;
using System.Buffers;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Samples.Quickstart;

/// <summary>
/// Saves a result: streamed from its URL to a file, never more than <see cref="MaxBytes"/>, a partial file removed
/// on failure. (A candidate for the runtime: every caller of <c>GenerationResult.Url</c> needs it.)
/// </summary>
internal static class ResultDownload
{
    /// <summary>The largest result saved.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    /// <exception cref="InvalidDataException">The file is larger than <see cref="MaxBytes"/>.</exception>
    /// <exception cref="HttpRequestException">The download failed.</exception>
    public static async Task<string> SaveAsync(HttpClient http, Uri url, string directory, string name, CancellationToken cancellationToken)
    {
        if (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) throw new InvalidDataException($"Not downloading {url}: only http(s) URLs are fetched.");
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength > MaxBytes) throw TooLarge();

        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + Extension(url, response.Content.Headers.ContentType?.MediaType));
        try
        {
            await using var source = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using var target = File.Create(path);
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                long total = 0;
                int read;
                while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
                {
                    if ((total += read) > MaxBytes) throw TooLarge();
                    await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }

        return path;

        InvalidDataException TooLarge() => new($"{url} is larger than {MaxBytes / (1024 * 1024)} MB; not saved.");
    }

    /// <summary>Saves inline content (a <c>b64_json</c> image).</summary>
    public static async Task<string> SaveAsync(ReadOnlyMemory<byte> content, string directory, string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name + (content.Span.StartsWith("\x89PNG"u8) ? ".png" : ".bin"));
        await File.WriteAllBytesAsync(path, content.ToArray(), cancellationToken);
        return path;
    }

    private static string Extension(Uri url, string? mediaType)
    {
        var extension = Path.GetExtension(url.AbsolutePath);
        if (extension.Length is > 1 and <= 5) return extension;
        return mediaType switch
        {
            "video/mp4" => ".mp4",
            "image/png" => ".png",
            "image/jpeg" => ".jpg",
            "image/webp" => ".webp",
            _ => ".bin",
        };
    }
}
