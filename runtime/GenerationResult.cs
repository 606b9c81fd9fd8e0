using System;
using System.Collections.Generic;

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

    /// <summary>The first result URL.</summary>
    /// <exception cref="InvalidOperationException">The service returned content inline, not as a URL.</exception>
    public Uri Url => Urls.Count > 0 ? Urls[0] : throw new InvalidOperationException($"{Task} returned no result URL; read {nameof(Contents)} instead.");
}
