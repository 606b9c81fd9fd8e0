using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HappyHorse.Generated;

namespace HappyHorse.Cli.Running;

/// <summary>Saves every file of a result into a folder, each whole or not at all (the client's <c>DownloadToFileAsync</c>).</summary>
internal static class ResultFiles
{
    /// <summary>
    /// Saves each URL and inline content of <paramref name="result"/> as <c>NAME.ext</c>, or for more than one as
    /// <c>NAME-0.ext</c>, <c>NAME-1.ext</c>…: numbered from 0 in the order the service lists them, as it numbers them.
    /// </summary>
    public static async Task<IReadOnlyList<(string Path, long Bytes)>> SaveAsync(HappyHorseClient client, GenerationResult result, string directory, string name, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var count = result.Urls.Count + result.Contents.Count;
        var saved = new List<(string, long)>();
        var safe = SafeName(name);
        for (var i = 0; i < count; i++)
        {
            // One result per file: DownloadToFileAsync saves a result's first file, credentials and all.
            var single = i < result.Urls.Count
                ? new GenerationResult(result.Task, [result.Urls[i]], [])
                : new GenerationResult(result.Task, [], [result.Contents[i - result.Urls.Count]]);
            var path = Path.Combine(directory, (count == 1 ? safe : $"{safe}-{i}") + result.FileExtension(i));
            var bytes = await client.DownloadToFileAsync(single, path, cancellationToken).ConfigureAwait(false);
            saved.Add((path, bytes));
        }

        return saved;
    }

    /// <summary>A file name from a task id or job name: characters a file system refuses become '_'.</summary>
    public static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = string.Concat(name.Select(c => invalid.Contains(c) || c is '/' or '\\' or ':' ? '_' : c)).Trim('.', ' ');
        return safe.Length == 0 ? "result" : safe;
    }
}
