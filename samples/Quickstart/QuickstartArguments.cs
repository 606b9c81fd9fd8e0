using System;
using System.Collections.Generic;
using System.IO;

namespace HappyHorse.Samples.Quickstart;

/// <summary>The Quickstart's command line.</summary>
internal sealed record QuickstartArguments
{
    public const string DefaultPrompt = "A majestic eagle soaring through clouds at sunset";

    public const string Usage = """
        Usage: dotnet run --project samples/Quickstart -- [PROMPT] [options]
          (no options)          text-to-video with happyhorse-1.0/video
          --model ID            any catalog model, e.g. wan2.7-i2v (sends the documentation's example request)
          --operation ID        one of the model's operations, e.g. first-last-frame (default: its first)
          --profile ID          the dialect, when a model id is served by two (happyhorse-1.0-video-edit)
          --prompt TEXT         the prompt (replaces the example's)
          --out DIR             where the result is saved (default: a happyhorse-quickstart folder in the temp folder)
          --list                list every model and operation
        With HAPPYHORSE_BASE_URL set it calls that service with HAPPYHORSE_API_KEY; otherwise the embedded emulator.
        """;

    public string? Prompt { get; init; }

    public string? Model { get; init; }

    public string? Operation { get; init; }

    public string? Profile { get; init; }

    public string OutputDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "happyhorse-quickstart");

    public bool List { get; init; }

    public bool Help { get; init; }

    /// <exception cref="FormatException">An option is unknown or lacks its value.</exception>
    public static QuickstartArguments Parse(IReadOnlyList<string> args)
    {
        var parsed = new QuickstartArguments();
        var words = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--list": parsed = parsed with { List = true }; break;
                case "--help" or "-h": parsed = parsed with { Help = true }; break;
                case "--model": parsed = parsed with { Model = Value(ref i) }; break;
                case "--operation": parsed = parsed with { Operation = Value(ref i) }; break;
                case "--profile": parsed = parsed with { Profile = Value(ref i) }; break;
                case "--prompt": parsed = parsed with { Prompt = Value(ref i) }; break;
                case "--out": parsed = parsed with { OutputDirectory = Value(ref i) }; break;
                case var option when option.StartsWith("--", StringComparison.Ordinal): throw new FormatException($"Unknown option '{option}'.");
                default: words.Add(args[i]); break;
            }
        }

        // A bare prompt, as in `dotnet run --project samples/Quickstart -- "A cinematic shot"`.
        return words.Count > 0 && parsed.Prompt is null ? parsed with { Prompt = string.Join(' ', words) } : parsed;

        string Value(ref int i) => ++i < args.Count ? args[i] : throw new FormatException($"Option '{args[i - 1]}' needs a value.");
    }
}
