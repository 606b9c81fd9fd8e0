namespace HappyHorse.Cli;

/// <summary>What the happyhorse command's exit code means; the same for every command (see README.md and <c>--help</c>).</summary>
public enum ExitCode
{
    /// <summary>Everything asked for is done.</summary>
    Success = 0,

    /// <summary>Unexpected trouble inside the tool (a bug): the message says what.</summary>
    InternalError = 1,

    /// <summary>Bad input: an unknown model or option, a value that breaks the model's rules, a missing key. Nothing was sent.</summary>
    InvalidInput = 2,

    /// <summary>The service ran the task and it failed, was canceled or expired (for a batch: at least one job did).</summary>
    TaskFailed = 3,

    /// <summary>A submit may have reached the service and its answer was lost: look for the task before sending it again.</summary>
    SubmitUncertain = 4,

    /// <summary>The service refused or could not be reached, a wait timed out or a download failed; an accepted task is named so it can be resumed.</summary>
    ServiceError = 5,

    /// <summary>Stopped by Ctrl+C; accepted tasks go on at the service (resume them with <c>wait</c> or the same <c>batch</c> command).</summary>
    Canceled = 130,
}
