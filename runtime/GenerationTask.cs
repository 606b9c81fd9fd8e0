using System;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>
/// A task the service accepted: enough to ask for its status again, from this process or another.
/// It never holds the API key.
/// </summary>
public sealed class GenerationTask
{
    /// <summary>Creates a handle for a task.</summary>
    public GenerationTask(OperationInfo operation, string taskId, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentException.ThrowIfNullOrEmpty(taskId);
        ArgumentNullException.ThrowIfNull(baseUrl);
        Operation = operation;
        TaskId = taskId;
        BaseUrl = baseUrl;
    }

    /// <summary>The model operation that created the task.</summary>
    public OperationInfo Operation { get; }

    /// <summary>The service's id for the task.</summary>
    public string TaskId { get; }

    /// <summary>The service the task lives on.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The dialect the task speaks.</summary>
    public ProtocolProfile Profile => Operation.Profile;

    /// <inheritdoc />
    public override string ToString() => $"{Operation} task {TaskId}";
}
