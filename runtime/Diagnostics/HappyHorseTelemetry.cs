using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HappyHorse.Generated.Diagnostics;

/// <summary>
/// The names OpenTelemetry listens to: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both called
/// <see cref="Name"/>. Spans and metrics follow the OpenTelemetry GenAI semantic conventions where they fit
/// (<c>gen_ai.*</c>) and carry <c>happyhorse.*</c> for the rest; docs/telemetry.md lists them all.
/// </summary>
public static class HappyHorseTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "HappyHorse.Generated";

    /// <summary>The <c>gen_ai.provider.name</c> of every span and measurement.</summary>
    public const string ProviderName = "happyhorse";

    /// <summary>The <c>gen_ai.operation.name</c> of every span and measurement: media generation from a prompt and inputs.</summary>
    public const string OperationName = "generate_content";

    internal const string SubmitSpan = "HappyHorse submit";
    internal const string WaitSpan = "HappyHorse wait";
    internal const string StatusSpan = "HappyHorse status";
    internal const string CancelSpan = "HappyHorse cancel";
    internal const string DownloadSpan = "HappyHorse download";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> Submits = Meter.CreateCounter<long>("happyhorse.submits", "{request}", "Submits ended, accepted or not (error.type says why not).");

    internal static readonly Counter<long> TasksSubmitted = Meter.CreateCounter<long>("happyhorse.tasks.submitted", "{task}", "Tasks the service accepted.");

    internal static readonly Counter<long> TasksSucceeded = Meter.CreateCounter<long>("happyhorse.tasks.succeeded", "{task}", "Tasks that finished with a result.");

    internal static readonly Counter<long> TasksFailed = Meter.CreateCounter<long>("happyhorse.tasks.failed", "{task}", "Tasks that failed, were canceled or expired.");

    internal static readonly Counter<long> StatusRequests = Meter.CreateCounter<long>("happyhorse.status_requests", "{request}", "Status requests sent, retries included.");

    internal static readonly Histogram<double> TimeToResult = Meter.CreateHistogram<double>("happyhorse.task.time_to_result", "s", "Time from the start of a wait to its result.");

    internal static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", "s", "Time of a whole generation (submit, wait and result), failed ones included.");

    /// <summary>
    /// Starts a span about <paramref name="operation"/> with the GenAI attributes, or returns <see langword="null"/> at
    /// no cost when nobody listens. It becomes the parent of spans started while it is current.
    /// </summary>
    internal static Activity? Start(string name, ActivityKind kind, OperationInfo operation, ActivityContext parent = default)
    {
        if (!Source.HasListeners()) return null;
        var activity = Source.StartActivity(name, kind, parent);
        if (activity is null || !activity.IsAllDataRequested) return activity;
        activity.SetTag("gen_ai.operation.name", OperationName);
        activity.SetTag("gen_ai.provider.name", ProviderName);
        activity.SetTag("gen_ai.request.model", operation.ModelId);
        activity.SetTag("happyhorse.model", operation.ModelId);
        activity.SetTag("happyhorse.operation", operation.OperationId);
        activity.SetTag("happyhorse.dialect", operation.Profile.Id);
        return activity;
    }

    /// <summary>The name of a generation's span under a caller's own <c>generate_content</c> span.</summary>
    internal const string NestedGenerationSpan = "HappyHorse generate";

    /// <summary>
    /// The span of a whole generation, named as the GenAI conventions ask: <c>generate_content {model}</c>. Under a
    /// caller's own <c>generate_content</c> span (Microsoft.Extensions.AI's <c>UseOpenTelemetry()</c>) that span is the
    /// generation: this one nests as an internal <c>HappyHorse generate {model}</c>, so dashboards count one generation.
    /// </summary>
    internal static Activity? StartGeneration(OperationInfo operation)
    {
        if (!Source.HasListeners()) return null;
        var outer = Activity.Current is { } current && current.Source != Source &&
            (current.GetTagItem("gen_ai.operation.name") as string == OperationName || current.DisplayName.StartsWith(OperationName + " ", StringComparison.Ordinal));
        return outer
            ? Start(NestedGenerationSpan + " " + operation.ModelId, ActivityKind.Internal, operation)
            : Start(OperationName + " " + operation.ModelId, ActivityKind.Client, operation);
    }

    /// <summary>Marks the task a span is about (<c>gen_ai.response.id</c> is the service's task id).</summary>
    internal static void SetTask(Activity? activity, string taskId)
    {
        if (activity is null) return;
        activity.SetTag("gen_ai.response.id", taskId);
        activity.SetTag("happyhorse.task_id", taskId);
    }

    /// <summary>Error status, <c>error.type</c> and an <c>exception</c> event (messages never hold the key).</summary>
    internal static void Fail(Activity? activity, Exception error)
    {
        if (activity is null) return;
        activity.SetStatus(ActivityStatusCode.Error, error.Message);
        activity.SetTag("error.type", ErrorType(error));
        activity.AddException(error);
    }

    /// <summary>The <c>error.type</c> of a failure: the exception's full type name.</summary>
    internal static string ErrorType(Exception error) => error.GetType().FullName ?? error.GetType().Name;

    /// <summary>The model and operation tags every measurement carries.</summary>
    internal static TagList Tags(OperationInfo operation)
    {
        var tags = new TagList
        {
            { "gen_ai.operation.name", OperationName },
            { "gen_ai.provider.name", ProviderName },
            { "gen_ai.request.model", operation.ModelId },
            { "happyhorse.model", operation.ModelId },
            { "happyhorse.operation", operation.OperationId },
        };
        return tags;
    }

    /// <summary>Counts a submit that ended, with <c>happyhorse.outcome</c> and, on failure, <c>error.type</c>.</summary>
    internal static void RecordSubmit(OperationInfo operation, Exception? error)
    {
        if (!Submits.Enabled && !TasksSubmitted.Enabled) return;
        var tags = WithOutcome(Tags(operation), error);
        Submits.Add(1, tags);
        if (error is null) TasksSubmitted.Add(1, Tags(operation));
    }

    /// <summary>Records the time of a whole generation, with its outcome.</summary>
    internal static void RecordGeneration(OperationInfo operation, TimeSpan elapsed, Exception? error)
    {
        if (!OperationDuration.Enabled) return;
        OperationDuration.Record(elapsed.TotalSeconds, WithOutcome(Tags(operation), error));
    }

    /// <summary>Counts a task that ended at the service, tagged with its status.</summary>
    internal static void RecordTaskEnd(OperationInfo operation, GenerationStatus status, TimeSpan elapsed)
    {
        if (!TasksSucceeded.Enabled && !TasksFailed.Enabled && !TimeToResult.Enabled) return;
        var tags = Tags(operation);
        tags.Add("happyhorse.status", status.ToString());
        if (status == GenerationStatus.Succeeded)
        {
            TasksSucceeded.Add(1, tags);
            tags.Add("happyhorse.outcome", "success");
            TimeToResult.Record(elapsed.TotalSeconds, tags);
        }
        else
        {
            tags.Add("error.type", typeof(HappyHorseTaskFailedException).FullName);
            TasksFailed.Add(1, tags);
        }
    }

    private static TagList WithOutcome(TagList tags, Exception? error)
    {
        tags.Add("happyhorse.outcome", error is null ? "success" : "error");
        if (error is not null) tags.Add("error.type", ErrorType(error));
        return tags;
    }
}
