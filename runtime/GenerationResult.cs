using System;
using System.Collections.Generic;
using System.IO;

namespace HappyHorse.Generated;

/// <summary>What a finished task produced.</summary>
public sealed class GenerationResult
{
    /// <summary>Creates a result.</summary>
    public GenerationResult(GenerationTask task, IReadOnlyList<Uri> urls, IReadOnlyList<ReadOnlyMemory<byte>> contents)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentNullException.ThrowIfNull(contents);
        Task = task;
        Urls = urls;
        Contents = contents;
    }

    /// <summary>The task that produced the result.</summary>
    public GenerationTask Task { get; }

    /// <summary>Result URLs, in the order the service listed them.</summary>
    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>Result content the service returned inline (base64), decoded.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Contents { get; }

    /// <summary>
    /// The file extension (with its dot) to save result file <paramref name="index"/> under, numbering the URLs first
    /// and then the inline contents: the URL path's own extension, else what the content's first bytes show (PNG,
    /// JPEG, WebP, GIF, MP4, QuickTime, WebM), else <c>.mp4</c> for a video operation and <c>.png</c> for an image one.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is not the index of a URL or a content.</exception>
    public string FileExtension(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Urls.Count + Contents.Count);
        if (index < Urls.Count)
        {
            if (Path.GetExtension(Urls[index].AbsolutePath) is { Length: > 1 and <= 5 } fromUrl) return fromUrl.ToLowerInvariant();
        }
        else if (MediaTypes.ExtensionOf(MediaTypes.Sniff(Contents[index - Urls.Count].Span)) is { } sniffed)
        {
            return sniffed;
        }

        return Task.Operation.ResultKind switch
        {
            GenerationResultKind.Video => ".mp4",
            GenerationResultKind.Image => ".png",
            _ => ".bin",
        };
    }

    /// <summary>The first result URL.</summary>
    /// <exception cref="InvalidOperationException">The service returned content inline, not as a URL.</exception>
    public Uri Url => Urls.Count > 0 ? Urls[0] : throw new InvalidOperationException($"{Task} returned no result URL; read {nameof(Contents)} instead.");
}
