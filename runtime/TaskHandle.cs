using System;
using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace HappyHorse.Generated;

/// <summary>
/// What another process needs to find a task again: its dialect, model, operation, id and service. Never the API
/// key. Save it with <see cref="ToJson"/>, load it with <see cref="Parse"/>, and wait with
/// <see cref="GenerationTask.WaitForCompletionAsync(IProgress{TaskStatusUpdate}?, System.Threading.CancellationToken)"/>
/// after <see cref="GenerationTask.FromHandle(TaskHandle, IEnumerable{OperationInfo}, HappyHorseClient)"/>.
/// </summary>
/// <param name="Profile">The dialect's profile id.</param>
/// <param name="Model">The model id.</param>
/// <param name="Operation">The operation id.</param>
/// <param name="TaskId">The service's task id.</param>
/// <param name="BaseUrl">The service the task lives on.</param>
public sealed record TaskHandle(string Profile, string Model, string Operation, string TaskId, Uri BaseUrl)
{
    /// <summary>The status URL the submit answer gave (fal's <c>status_url</c>, Replicate's <c>urls.get</c>), when the dialect follows one.</summary>
    public Uri? StatusUrl { get; init; }

    /// <summary>The result URL the submit answer gave (fal's <c>response_url</c>), when the dialect follows one.</summary>
    public Uri? ResultUrl { get; init; }

    /// <summary>The cancel URL the submit answer gave (fal's <c>cancel_url</c>, Replicate's <c>urls.cancel</c>), when the dialect follows one.</summary>
    public Uri? CancelUrl { get; init; }

    /// <summary>The handle as JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, TaskHandleJson.Default.TaskHandle);

    /// <summary>Reads a handle written by <see cref="ToJson"/>.</summary>
    /// <exception cref="HappyHorseException">The text is not a complete handle.</exception>
    public static TaskHandle Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var handle = JsonSerializer.Deserialize(json, TaskHandleJson.Default.TaskHandle);
            if (handle is { Profile.Length: > 0, Model.Length: > 0, Operation.Length: > 0, TaskId.Length: > 0, BaseUrl.IsAbsoluteUri: true }) return handle;
        }
        catch (JsonException e)
        {
            throw new HappyHorseException("The task handle is not valid JSON.", e);
        }

        throw new HappyHorseException("The task handle lacks a profile, model, operation, task id or absolute base URL.");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TaskHandle))]
internal sealed partial class TaskHandleJson : JsonSerializerContext
{
}
