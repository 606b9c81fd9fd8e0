using System;

namespace HappyHorse.Emulator;

/// <summary>How the emulator behaves.</summary>
public sealed class EmulatorOptions
{
    /// <summary>The key the emulator accepts as a bearer token.</summary>
    public string ApiKey { get; set; } = "emulator-key";

    /// <summary>The loopback port to listen on; 0 picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>How long a task runs before it succeeds.</summary>
    public TimeSpan TaskDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Seeds task ids and result files, so runs are repeatable.</summary>
    public int Seed { get; set; } = 20260408;

    /// <summary>The clock tasks run on.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Whether to log each request to the console (standalone use).</summary>
    public bool LogRequests { get; set; }
}
