using System;
using System.Collections.Generic;
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

    /// <summary>Whether the task can be canceled with <c>HappyHorseClient.CancelAsync</c> (its dialect has a cancel call; the service may still refuse a task that already runs).</summary>
    public bool CanCancel => Operation.CanCancel;

    /// <summary>The dialect the task speaks.</summary>
    public ProtocolProfile Profile => Operation.Profile;

    /// <summary>A serializable handle to resume waiting elsewhere; it never holds the API key.</summary>
    public TaskHandle ToHandle() => new(Operation.Profile.Id, Operation.ModelId, Operation.OperationId, TaskId, BaseUrl);

    /// <summary>The task a handle names, found among <paramref name="operations"/> (usually <c>HappyHorseCatalog.Operations</c>).</summary>
    /// <exception cref="HappyHorseException">No operation matches the handle's dialect, model and operation.</exception>
    public static GenerationTask FromHandle(TaskHandle handle, IEnumerable<OperationInfo> operations)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            if (operation.Profile.Id == handle.Profile && operation.ModelId == handle.Model && operation.OperationId == handle.Operation)
            {
                return new GenerationTask(operation, handle.TaskId, handle.BaseUrl);
            }
        }

        throw new HappyHorseException($"No operation {handle.Model} {handle.Operation} of the {handle.Profile} dialect is known; pass the catalog the task was created from.");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Operation} task {TaskId}";
}
