namespace HappyHorse.Generated.Generator.Model;

/// <summary>A protocol profile as read from its JSON file; the emitter writes it as a runtime <c>ProtocolProfile</c>.</summary>
internal sealed record ProfileSpec(
    string Id,
    string PropertyName,
    string Description,
    string? DefaultBaseUrl,
    string SubmitMethod,
    string SubmitPath,
    string ContentType,
    string ModelField,
    EquatableArray<HeaderSpec> Headers,
    string PollMethod,
    string PollPath,
    string? CancelMethod,
    string? CancelPath,
    EquatableArray<string> TaskIdPaths,
    EquatableArray<string> StatusPaths,
    bool StatusIgnoreCase,
    EquatableArray<string> Queued,
    EquatableArray<string> Running,
    EquatableArray<string> Succeeded,
    EquatableArray<string> Failed,
    EquatableArray<string> Canceled,
    EquatableArray<string> Expired,
    EquatableArray<string> ProgressPaths,
    EquatableArray<string> ResultUrlPaths,
    EquatableArray<string> ResultBase64Paths,
    EquatableArray<string> FailureMessagePaths,
    string? EnvelopeCodePath,
    EquatableArray<string> EnvelopeSuccess,
    EquatableArray<string> ErrorCodePaths,
    EquatableArray<string> ErrorMessagePaths,
    EquatableArray<string> RequestIdPaths,
    string ValidationCode,
    string UnknownModelCode,
    EquatableArray<ErrorCodeSpec> ErrorCodes,
    ScheduleSpec Schedule,
    ProfileLocations Locations,
    ProfileV2Spec V2);

/// <summary>
/// What a profile says beyond one bearer-token status-word dialect: how the key is sent, the task id's form, queue
/// position, status from present paths, results fetched from a second call or a file path, and their credentials.
/// Everything defaults to the first profile format, so those profiles read and emit as before.
/// </summary>
internal sealed record ProfileV2Spec(
    string? AuthHeader,
    string? AuthPrefix,
    bool TaskIdIsPath,
    EquatableArray<string> QueuePositionPaths,
    EquatableArray<PresenceSpec> Presence,
    string? Otherwise,
    string? ResultFetchMethod,
    string? ResultFetchPath,
    string? ResultFilePath,
    bool ResultCredentials,
    string? ProgressScale = null,
    string? MissingResultMeans = null,
    string? AuthQuery = null,
    bool SubmitAnswerIsStatus = false,
    FollowSpec? Follow = null)
{
    public static readonly ProfileV2Spec None = new(null, null, false, EquatableArray<string>.Empty, EquatableArray<PresenceSpec>.Empty, null, null, null, null, false);
}

/// <summary>The submit answer's paths of the URLs to follow for the status, cancel and result calls (fal's <c>status_url</c>); empty: the call's path.</summary>
internal sealed record FollowSpec(EquatableArray<string> Poll, EquatableArray<string> Cancel, EquatableArray<string> Fetch);

/// <summary>A path whose presence means a status (<c>queued</c>, <c>running</c>, <c>succeeded</c>, …).</summary>
internal sealed record PresenceSpec(string Path, string Means, string? Value = null);

/// <summary>Where a profile's names are written, for the diagnostics that compare profiles across files.</summary>
internal sealed record ProfileLocations(LocationInfo Id, LocationInfo? PropertyName);

internal sealed record HeaderSpec(string Name, string Value);

internal sealed record ErrorCodeSpec(int HttpStatus, string Code, string Description, string? Means = null, string? MessageContains = null);

/// <summary>Poll schedule in seconds, as manifest text.</summary>
internal sealed record ScheduleSpec(string FirstDelay, string Increment, string MaxDelay, string Deadline, string? MaxRequestsPerSecond = null);

/// <summary>What a model needs to know of its profile: that it exists and how the emitted code names it.</summary>
internal sealed record ProfileReference(string Id, string PropertyName, string ModelField, string ContentType);
