using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HappyHorse.Generated.Diagnostics;

/// <summary>The names OpenTelemetry listens to: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both called <see cref="Name"/>.</summary>
public static class HappyHorseTelemetry
{
    /// <summary>The name of the activity source and the meter.</summary>
    public const string Name = "HappyHorse.Generated";

    internal static readonly ActivitySource Source = new(Name);

    internal static readonly Meter Meter = new(Name);

    internal static readonly Counter<long> TasksSubmitted = Meter.CreateCounter<long>("happyhorse.tasks.submitted", "{task}", "Tasks the service accepted.");

    internal static readonly Counter<long> TasksSucceeded = Meter.CreateCounter<long>("happyhorse.tasks.succeeded", "{task}", "Tasks that finished with a result.");

    internal static readonly Counter<long> TasksFailed = Meter.CreateCounter<long>("happyhorse.tasks.failed", "{task}", "Tasks that failed, were canceled or expired.");

    internal static readonly Counter<long> StatusRequests = Meter.CreateCounter<long>("happyhorse.status_requests", "{request}", "Status requests sent, retries included.");

    internal static readonly Histogram<double> TimeToResult = Meter.CreateHistogram<double>("happyhorse.task.time_to_result", "s", "Time from the start of a wait to its result.");
}
