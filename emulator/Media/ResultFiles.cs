using System;
using System.Globalization;

namespace HappyHorse.Emulator.Media;

/// <summary>Where a task's result files are served and what they hold: a real PNG or MP4, the same bytes on every run.</summary>
internal static class ResultFiles
{
    /// <summary>The route that serves them.</summary>
    public const string Route = "/files/{task_id}/{file}";

    /// <summary>The path of result <paramref name="index"/> of <paramref name="task"/>, e.g. <c>/files/video_…/0.mp4</c>.</summary>
    public static string PathOf(EmulatedTask task, int index) =>
        $"/files/{Uri.EscapeDataString(task.Id)}/{index.ToString(CultureInfo.InvariantCulture)}.{Extension(task.Results.Kind)}";

    /// <summary>The file name's extension for <paramref name="kind"/>.</summary>
    public static string Extension(MediaKind kind) => kind == MediaKind.Image ? "png" : "mp4";

    /// <summary>The MIME type for <paramref name="kind"/>.</summary>
    public static string ContentType(MediaKind kind) => kind == MediaKind.Image ? "image/png" : "video/mp4";

    /// <summary>
    /// The bytes of result <paramref name="index"/>: as large, as long and with sound as the task asked; its colours
    /// (images) and a label naming the task (all) make each file differ from every other task's.
    /// </summary>
    public static byte[] Bytes(EmulatedTask task, int index, int seed)
    {
        var results = task.Results;
        var label = $"HappyHorse emulator, task {task.Id}, file {index.ToString(CultureInfo.InvariantCulture)}";
        return results.Kind == MediaKind.Image
            ? PngFile.Create(results.Width, results.Height, StableHash(task.Id) ^ (uint)seed ^ (uint)index * 2654435761u, label)
            : Mp4File.Create(results.Width, results.Height, results.Seconds, results.Sound, label);
    }

    /// <summary>The result index that <paramref name="file"/> (e.g. <c>0.mp4</c>) names for <paramref name="task"/>, or -1.</summary>
    public static int IndexOf(EmulatedTask task, string file)
    {
        var suffix = "." + Extension(task.Results.Kind);
        return file.EndsWith(suffix, StringComparison.Ordinal) &&
            int.TryParse(file.AsSpan(0, file.Length - suffix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index) &&
            index < task.Results.Count
            ? index
            : -1;
    }

    // string.GetHashCode is randomized per process; result files must be the same on every run.
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619u);
        return hash;
    }
}
