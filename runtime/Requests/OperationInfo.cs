using System;
using System.Collections.Generic;
using System.Text.Json;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>What the runtime needs to know about one operation of one model; the generator writes one per manifest entry.</summary>
public sealed class OperationInfo
{
    /// <summary>The model id the service expects, e.g. <c>happyhorse-1.0/video</c>.</summary>
    public required string ModelId { get; init; }

    /// <summary>The operation id from the manifest, e.g. <c>text-to-video</c>.</summary>
    public required string OperationId { get; init; }

    /// <summary>The dialect the model speaks.</summary>
    public required ProtocolProfile Profile { get; init; }

    /// <summary>The submit path when the operation differs from its profile's, else <see langword="null"/>.</summary>
    public string? SubmitPathOverride { get; init; }

    /// <summary>Fields whose presence in a request body tells this operation apart from the model's others.</summary>
    public IReadOnlyList<string> IdentifiedBy { get; init; } = [];

    /// <summary>Reads a request body and checks it against every rule of the operation (the emulator's view of a request).</summary>
    public required Func<JsonElement, ValidationResult> ValidateBody { get; init; }

    /// <summary>The path requests are submitted to.</summary>
    public string SubmitPath => SubmitPathOverride ?? Profile.Submit.Path;

    /// <inheritdoc />
    public override string ToString() => $"{ModelId} {OperationId}";
}
