using System;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated.EndToEnd.Tests.ImageGeneration;

/// <summary>
/// An emulator whose tasks end the moment they are created, and a client polling it without delay, both on a fake clock
/// that never moves: a whole generation runs with no real or virtual wait.
/// </summary>
internal sealed class InstantEmulator : IAsyncDisposable
{
    private static readonly PollSchedule NoDelay = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromMinutes(1)) { MinDelay = TimeSpan.Zero, Jitter = 0 };

    private InstantEmulator(HappyHorseEmulator emulator, HappyHorseClient client)
    {
        Emulator = emulator;
        Client = client;
    }

    public HappyHorseEmulator Emulator { get; }

    public HappyHorseClient Client { get; }

    public static async Task<InstantEmulator> StartAsync(double failureRate = 0, string apiKey = TestSupport.ApiKey)
    {
        var clock = TestSupport.Clock();
        var emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions
        {
            ApiKey = TestSupport.ApiKey,
            TimeProvider = clock,
            QueueDuration = TimeSpan.Zero,
            RunDuration = TimeSpan.Zero,
            FailureRate = failureRate,
        });
        var client = new HappyHorseClient(new HappyHorseClientOptions { BaseUrl = emulator.BaseAddress, ApiKey = apiKey, PollSchedule = NoDelay }, timeProvider: clock);
        return new InstantEmulator(emulator, client);
    }

    /// <summary>The submits the emulator received.</summary>
    public RecordedRequest[] Submits => Emulator.Requests.Where(r => r.Method == "POST").ToArray();

    /// <summary>The only JSON submit's body.</summary>
    public JsonElement SubmittedJson()
    {
        using var document = JsonDocument.Parse(Submits.ShouldHaveSingleItem().Body);
        return document.RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Emulator.DisposeAsync();
    }
}
