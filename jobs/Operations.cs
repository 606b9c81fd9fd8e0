using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Models;
using Microsoft.Extensions.Options;

namespace HappyHorse.Generated.Jobs;

/// <summary>The operations a worker can rebuild requests and tasks for: the catalog's and your own.</summary>
internal sealed class Operations(IOptions<GenerationJobsOptions> options)
{
    public IReadOnlyList<OperationInfo> All => field ??= [.. options.Value.Operations, .. HappyHorseCatalog.Operations];

    public OperationInfo Find(string profile, string model, string operation) =>
        All.FirstOrDefault(o => o.Profile.Id == profile && o.ModelId == model && o.OperationId == operation)
        ?? throw new GenerationJobsException($"No operation {model} {operation} ({profile}) is known to this worker: add its manifest's operations to GenerationJobsOptions.Operations.");

    public JsonBodyRequest Request(JobRow row) => new(Find(row.Profile, row.Model, row.OperationId), JsonNode.Parse(row.Body)!.AsObject(), []);

    public GenerationTask Task(TaskHandle handle) => GenerationTask.FromHandle(handle, All);

    /// <summary>The body as the client sends it (a JSON operation's exact bytes), and its SHA-256 as <see cref="HappyHorseSubmitUncertainException.BodyFingerprint"/> gives it.</summary>
    public static (string Body, string Fingerprint) BodyOf(IGenerationRequest request)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer)) request.WriteJsonBody(writer);
        return (System.Text.Encoding.UTF8.GetString(buffer.ToArray()), HappyHorseSubmitUncertainException.FingerprintOf(buffer.ToArray()));
    }

    /// <summary>A file name from a job name: characters a file system refuses become '_'.</summary>
    public static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = string.Concat(name.Select(c => invalid.Contains(c) || c is '/' or '\\' or ':' ? '_' : c)).Trim('.', ' ');
        return safe.Length == 0 ? "result" : safe;
    }
}
