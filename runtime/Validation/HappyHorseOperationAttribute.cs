using System;
using System.ComponentModel;

namespace HappyHorse.Generated;

/// <summary>
/// The model and operation a generated request class sends, so the HappyHorse analyzer names them in its compile-time
/// errors (HH1001–HH1004) as run-time validation does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HappyHorseOperationAttribute : Attribute
{
    /// <summary>Marks a request class of the operation <paramref name="operationId"/> of the model <paramref name="modelId"/>.</summary>
    public HappyHorseOperationAttribute(string modelId, string operationId)
    {
        ModelId = modelId;
        OperationId = operationId;
    }

    /// <summary>The model id the service expects, e.g. <c>happyhorse-1.0/video</c>.</summary>
    public string ModelId { get; }

    /// <summary>The operation's id in the manifest, e.g. <c>text-to-video</c>.</summary>
    public string OperationId { get; }
}
