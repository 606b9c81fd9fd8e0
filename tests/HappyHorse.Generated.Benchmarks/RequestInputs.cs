using System.Linq;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>One shot of a multi-shot request, as the calling application holds it.</summary>
public sealed record ShotInput(string Prompt, int Duration);

/// <summary>
/// The values of a happyhorse-1.0/video multi-shot request, as the calling application holds them. Every variant of
/// <see cref="RequestBenchmarks"/> builds its request from the same instance (a field, so the JIT cannot fold the
/// checks away as it could on constants).
/// </summary>
public sealed record MultiShotInput(string Mode, int Duration, string AspectRatio, bool Sound, ShotInput[] Shots)
{
    /// <summary>The multi-shot example of service document 002 (happyhorse.app): three shots, 3 + 4 + 3 = 10 seconds.</summary>
    public static MultiShotInput Documented() => new(
        Mode: "pro",
        Duration: 10,
        AspectRatio: "16:9",
        Sound: true,
        Shots:
        [
            new("A woman walks into a coffee shop", 3),
            new("She orders a latte and sits by the window", 4),
            new("She looks outside and smiles", 3),
        ]);

    /// <summary>A copy with one shot replaced.</summary>
    public MultiShotInput WithShot(int index, ShotInput shot) => this with { Shots = Shots.Select((s, i) => i == index ? shot : s).ToArray() };
}

/// <summary>The values of a gpt-image-2 text-to-image request on the gateway, every optional field set.</summary>
public sealed record TextToImageInput(
    string Prompt,
    string Size,
    int N,
    string OutputFormat,
    double OutputCompression,
    string Background,
    string Moderation,
    string ResponseFormat)
{
    public static TextToImageInput Sample() => new(
        Prompt: "A watercolor lighthouse on a cliff at dawn, soft morning fog",
        Size: "1024x1024",
        N: 1,
        OutputFormat: "webp",
        OutputCompression: 80,
        Background: "opaque",
        Moderation: "low",
        ResponseFormat: "url");
}
