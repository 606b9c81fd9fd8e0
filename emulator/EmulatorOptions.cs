using System;
using System.Collections.Generic;

namespace HappyHorse.Emulator;

/// <summary>How the emulator behaves. Everything random (task ids, outcomes, faults) is drawn from <see cref="Seed"/>.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The key the emulator accepts as a bearer token; anything else is answered 401.</summary>
    public string ApiKey { get; set; } = "emulator-key";

    /// <summary>The loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>Seeds task ids, outcomes, faults and result files, so runs are repeatable.</summary>
    public int Seed { get; set; } = 20260408;

    /// <summary>The clock for task lifecycles, timestamps and added latency (tests may pass a fake one).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>How long a task waits in the queue before it runs.</summary>
    public TimeSpan QueueDuration { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a task runs before it succeeds or fails.</summary>
    public TimeSpan RunDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The share of tasks (0 to 1) that fail instead of succeeding, drawn per task from <see cref="Seed"/>.</summary>
    public double FailureRate { get; set; }

    /// <summary>The text a failed task reports at its dialect's failure path.</summary>
    public string FailureMessage { get; set; } = "The emulator failed this task on purpose (FailureRate).";

    /// <summary>
    /// The credits the key may spend; a submit that costs more than is left is answered 402.
    /// <see langword="null"/> (the default) means no limit.
    /// </summary>
    public double? CreditBudget { get; set; }

    /// <summary>
    /// The price of a second of video for a model whose manifest has no price table (the seconds are the body's
    /// <c>duration</c>, 5 when it gives none); a model with a table is charged by it, as <c>EstimateCredits()</c> says.
    /// </summary>
    public double CreditsPerVideoSecond { get; set; } = 10;

    /// <summary>The price of an image (times the body's <c>n</c>, 1 when it gives none) for a model whose manifest has no price table.</summary>
    public double CreditsPerImage { get; set; } = 5;

    /// <summary>
    /// Operations served beside the catalog's, e.g. a consumer's own manifests (its generated
    /// <c>HappyHorseCatalog.Operations</c>); each must use one of the catalog's dialects.
    /// </summary>
    public IList<HappyHorse.Generated.OperationInfo> ExtraOperations { get; } = new List<HappyHorse.Generated.OperationInfo>();

    /// <summary>Faults to inject, per route.</summary>
    public IList<FaultRule> Faults { get; } = new List<FaultRule>();

    /// <summary>
    /// The most requests <see cref="HappyHorseEmulator.Requests"/> keeps: the oldest are dropped past it, so a long
    /// load run stays within bounded memory (<see cref="HappyHorseEmulator.RequestCount"/> still counts them all).
    /// </summary>
    public int MaxRecordedRequests { get; set; } = 10_000;

    /// <summary>
    /// How long a finished or canceled task is kept after it ended; past that the service no longer knows it (its
    /// status answers as an unknown task) and its files are gone. Bounds memory over long runs.
    /// </summary>
    public TimeSpan TaskRetention { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Receives one line per request answered (standalone use); <see langword="null"/> logs nothing.</summary>
    public Action<string>? RequestLog { get; set; }

    /// <summary>Checks every value before the emulator starts.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    internal void Validate()
    {
        if (string.IsNullOrEmpty(ApiKey)) throw new ArgumentException($"{nameof(ApiKey)} must not be empty.");
        if (Port is < 0 or > 65535) throw new ArgumentException($"{nameof(Port)} must be 0..65535 (was {Port}).");
        if (QueueDuration < TimeSpan.Zero || RunDuration < TimeSpan.Zero) throw new ArgumentException("Task durations must not be negative.");
        if (FailureRate is < 0 or > 1 || double.IsNaN(FailureRate)) throw new ArgumentException($"{nameof(FailureRate)} must be in 0..1 (was {FailureRate}).");
        if (CreditBudget < 0 || CreditsPerVideoSecond < 0 || CreditsPerImage < 0) throw new ArgumentException("Credits must not be negative.");
        if (MaxRecordedRequests < 0) throw new ArgumentException($"{nameof(MaxRecordedRequests)} must not be negative (was {MaxRecordedRequests}).");
        if (TaskRetention <= TimeSpan.Zero) throw new ArgumentException($"{nameof(TaskRetention)} must be positive (was {TaskRetention}).");
        foreach (var rule in Faults) rule.Validate();
    }
}
