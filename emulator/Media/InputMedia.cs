using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Media;

/// <summary>
/// The documented limits of input media (a manifest field's <c>media</c>: file size, sides, seconds), checked where
/// the emulator can fetch the file: a URL on a loopback address (a file a test serves itself). Any other URL is not
/// fetched; <c>docs/emulator.md</c> lists what then goes unchecked.
/// </summary>
internal static class InputMedia
{
    private const long MaxFetchBytes = 128L * 1024 * 1024;

    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false, ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        Timeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>The first field whose loopback file breaks its documented limits, and the problem; <see langword="null"/> when none does.</summary>
    public static async Task<(FieldInfo Field, string Problem)?> CheckAsync(OperationInfo operation, JsonElement body, CancellationToken cancellationToken)
    {
        foreach (var (field, url) in Urls(operation.Fields, body))
        {
            if (await ProblemAsync(field, url, cancellationToken).ConfigureAwait(false) is { } problem) return (field, $"{field.Name} ({url}) {problem}");
        }

        return null;
    }

    // Each loopback URL of a field with media limits, top level or in a list of objects.
    private static IEnumerable<(FieldInfo Field, Uri Url)> Urls(IReadOnlyList<FieldInfo> fields, JsonElement owner)
    {
        foreach (var field in fields)
        {
            if (field.Path.Length == 0 || !ResponsePath.Parse(field.Path).TryFind(owner, out var value)) continue;
            if (field.Kind == FieldKind.ObjectArray && value.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in value.EnumerateArray().SelectMany(item => Urls(field.ItemFields, item))) yield return item;
                continue;
            }

            if (field.Media is null) continue;
            var texts = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToArray() : [value];
            foreach (var text in texts)
            {
                if (text.ValueKind == JsonValueKind.String && Uri.TryCreate(text.GetString(), UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.IsLoopback) yield return (field, url);
            }
        }
    }

    private static async Task<string?> ProblemAsync(FieldInfo field, Uri url, CancellationToken cancellationToken)
    {
        var limits = field.Media!;
        byte[] file;
        try
        {
            using var response = await Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) return $"cannot be downloaded (HTTP {(int)response.StatusCode}).";
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var copy = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0 && copy.Length <= MaxFetchBytes) copy.Write(buffer, 0, read);
            file = copy.ToArray();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return "cannot be downloaded.";
        }

        var megabytes = file.Length / (1024.0 * 1024.0);
        if (limits.MaxMegabytes is { } maxMegabytes && megabytes > maxMegabytes) return Invariant($"must be at most {maxMegabytes} MB (was {megabytes:0.##} MB).");
        var size = ImageSize(file) ?? VideoFacts(file)?.Size;
        if (size is var (width, height))
        {
            int shortSide = Math.Min(width, height), longSide = Math.Max(width, height);
            if (limits.MinSide is { } minSide && shortSide < minSide) return Invariant($"must be at least {minSide} px on each side (was {width}×{height}).");
            if (limits.MaxSide is { } maxSide && longSide > maxSide) return Invariant($"must be at most {maxSide} px on its long side (was {width}×{height}).");
        }

        if (VideoFacts(file)?.Seconds is { } seconds)
        {
            if (limits.MinSeconds is { } minSeconds && seconds < minSeconds) return Invariant($"must last at least {minSeconds} s (was {seconds:0.###} s).");
            if (limits.MaxSeconds is { } maxSeconds && seconds > maxSeconds) return Invariant($"must last at most {maxSeconds} s (was {seconds:0.###} s).");
        }

        return null;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    // A PNG's IHDR or a JPEG's first start-of-frame marker.
    private static (int Width, int Height)? ImageSize(byte[] file)
    {
        var type = MediaTypes.Sniff(file);
        if (type == "image/png" && file.Length >= 24) return (BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(file.AsSpan(20)));
        if (type != "image/jpeg") return null;
        for (var at = 2; at + 9 < file.Length && file[at] == 0xFF;)
        {
            var marker = file[at + 1];
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                return (BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at + 7)), BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at + 5)));
            }

            at += 2 + BinaryPrimitives.ReadUInt16BigEndian(file.AsSpan(at + 2));
        }

        return null;
    }

    // An MP4's length (mvhd) and the size of its first track with one (tkhd), from its top-level moov.
    private static (double? Seconds, (int, int)? Size)? VideoFacts(byte[] file)
    {
        if (MediaTypes.Sniff(file) is not ("video/mp4" or "video/quicktime")) return null;
        double? seconds = null;
        (int, int)? size = null;
        foreach (var (type, start, end) in Boxes(file, 0, file.Length).Where(b => b.Type == "moov").SelectMany(moov => Boxes(file, moov.Start + 8, moov.End)))
        {
            if (type == "mvhd" && file[start + 8] == 0 && start + 28 <= end) seconds = BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(start + 24)) / (double)Math.Max(1u, BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(start + 20)));
            if (type != "trak" || size is not null) continue;
            foreach (var (_, tkhd, _) in Boxes(file, start + 8, end).Where(b => b.Type == "tkhd" && file[b.Start + 8] == 0 && b.Start + 92 <= b.End))
            {
                var (w, h) = ((int)(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(tkhd + 84)) >> 16), (int)(BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(tkhd + 88)) >> 16));
                if (w > 0 && h > 0) size = (w, h);
            }
        }

        return (seconds, size);
    }

    private static IEnumerable<(string Type, int Start, int End)> Boxes(byte[] file, int start, int end)
    {
        for (var at = start; at + 8 <= end;)
        {
            var size = (long)BinaryPrimitives.ReadUInt32BigEndian(file.AsSpan(at));
            if (size < 8 || at + size > end) yield break;
            yield return (System.Text.Encoding.ASCII.GetString(file, at + 4, 4), at, (int)(at + size));
            at += (int)size;
        }
    }
}
