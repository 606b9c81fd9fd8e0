using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Jobs;

/// <summary>One result file to store.</summary>
/// <param name="Job">The job it belongs to.</param>
/// <param name="Index">Its index among the task's files (0 first).</param>
/// <param name="Count">How many files the task has.</param>
/// <param name="Extension">Its extension (<c>.mp4</c>, <c>.png</c>).</param>
/// <param name="OutputDirectory">The job's <see cref="GenerationJobOptions.OutputDirectory"/>, if it has one.</param>
public sealed record ResultFile(GenerationJob Job, int Index, int Count, string Extension, string? OutputDirectory);

/// <summary>Where result files go. The default writes them into a folder, each whole, named by the job.</summary>
public interface IResultStore
{
    /// <summary>Stores <paramref name="file"/>: <paramref name="write"/> writes its bytes to the stream given; store them whole or not at all.</summary>
    /// <returns>Where it was stored (a path, a URL), as <see cref="GenerationJob.Files"/> lists it.</returns>
    Task<string> SaveAsync(ResultFile file, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken);
}

/// <summary>
/// Writes each file into a folder (the job's output directory, else <see cref="GenerationJobsOptions.ResultDirectory"/>)
/// as <c>NAME.ext</c> (<c>NAME-2.ext</c>… when a task has more than one): written beside it and moved into place only
/// when whole, so a crash never leaves half a file under the final name.
/// </summary>
public sealed class FolderResultStore(string directory) : IResultStore
{
    /// <inheritdoc />
    public async Task<string> SaveAsync(ResultFile file, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(write);
        var folder = file.OutputDirectory ?? directory;
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, (file.Count == 1 ? file.Job.Name : $"{file.Job.Name}-{file.Index + 1}") + file.Extension);
        var partial = $"{path}.{Guid.NewGuid():N}.partial";
        try
        {
            await using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true))
            {
                await write(stream, cancellationToken).ConfigureAwait(false);
                await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
                stream.Flush(flushToDisk: true);
            }

            File.Move(partial, path, overwrite: true);
            return path;
        }
        finally
        {
            if (File.Exists(partial)) File.Delete(partial);
        }
    }
}
