namespace HappyHorse.Generated.Jobs;

/// <summary>Where a generation job stands. Every job ends in <see cref="Succeeded"/>, <see cref="Failed"/>, <see cref="Canceled"/> or, until you reconcile it, <see cref="Uncertain"/>.</summary>
public enum GenerationJobState
{
    /// <summary>Enqueued; nothing sent yet.</summary>
    Queued,

    /// <summary>Its intent is recorded and the submit is being sent; the service's answer is not recorded yet.</summary>
    Submitting,

    /// <summary>The service accepted it: the task handle is recorded and the task is never sent again.</summary>
    Submitted,

    /// <summary>The task is queued or running at the service (status, progress and queue position as last checked).</summary>
    Waiting,

    /// <summary>The task succeeded at the service; its files are being stored.</summary>
    Saving,

    /// <summary>Its files are stored.</summary>
    Succeeded,

    /// <summary>The service refused the submit, or the task failed, expired or was canceled at the service; the service's reason is given.</summary>
    Failed,

    /// <summary>
    /// The submit may have reached the service but no answer was recorded (lost connection, 5xx, a worker that died
    /// mid-submit). It is never sent again by itself: attach the task you found, resubmit, or skip it.
    /// </summary>
    Uncertain,

    /// <summary>Canceled by you (<see cref="IGenerationJobs.CancelAsync"/>).</summary>
    Canceled,
}

/// <summary>What <see cref="IGenerationJobs.CancelAsync"/> did.</summary>
public enum GenerationJobCancelOutcome
{
    /// <summary>The job had not been sent: it never will be.</summary>
    NotSent,

    /// <summary>The service was asked to cancel the task (its dialect has a cancel call); the job stops waiting.</summary>
    CanceledAtService,

    /// <summary>The dialect cannot cancel a task: the job stops waiting and stores nothing, the task goes on (and is paid) at the service.</summary>
    StoppedWaiting,

    /// <summary>The submit is being sent right now: the task is canceled (or, where the dialect cannot, not waited on) as soon as its handle is recorded.</summary>
    CancelRequested,

    /// <summary>The job had ended already; nothing changed.</summary>
    AlreadyFinished,
}
