using System;
using HappyHorse.Generated;

namespace HappyHorse.Emulator;

/// <summary>A task the emulator accepted.</summary>
/// <param name="Id">The task id it answered with.</param>
/// <param name="Operation">The model operation the request was for.</param>
/// <param name="CreatedAt">When it was accepted.</param>
/// <param name="CompletesAt">When it will report success.</param>
/// <param name="RequestJson">The request body as received.</param>
public sealed record EmulatedTask(string Id, OperationInfo Operation, DateTimeOffset CreatedAt, DateTimeOffset CompletesAt, string RequestJson)
{
    /// <summary>The path the result file is served at.</summary>
    public string ResultPath => $"/files/{Id}.mp4";
}

/// <summary>A request the emulator received, for tests that check what was (or was not) sent.</summary>
/// <param name="Method">HTTP method.</param>
/// <param name="PathAndQuery">Path and query.</param>
/// <param name="Authorized">Whether it carried the right key.</param>
public sealed record RecordedRequest(string Method, string PathAndQuery, bool Authorized);
