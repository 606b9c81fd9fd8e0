namespace HappyHorse.Generated;

/// <summary>Where a generation task stands, whatever words its dialect uses.</summary>
public enum GenerationStatus
{
    /// <summary>Accepted and waiting to start.</summary>
    Queued,

    /// <summary>Being worked on.</summary>
    Running,

    /// <summary>Finished with a result. Terminal.</summary>
    Succeeded,

    /// <summary>Finished without a result. Terminal.</summary>
    Failed,

    /// <summary>Canceled before it finished. Terminal.</summary>
    Canceled,

    /// <summary>The service no longer knows the task (missing or expired). Terminal.</summary>
    Expired,
}

/// <summary>Helpers for <see cref="GenerationStatus"/>.</summary>
public static class GenerationStatusExtensions
{
    /// <summary>Whether the task will not change any more.</summary>
    public static bool IsTerminal(this GenerationStatus status) => status >= GenerationStatus.Succeeded;
}
