using System;
using System.Collections.Generic;
using System.Globalization;

namespace HappyHorse.Emulator;

/// <summary>The standalone emulator's command line: <c>dotnet run --project emulator -- --port 5080 …</c>.</summary>
public static class EmulatorCommandLine
{
    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: dotnet run --project emulator -- [options]
          --port N              loopback port (default 5080; 0 picks a free one)
          --api-key KEY         the bearer key it accepts (default emulator-key)
          --seed N              seeds task ids, outcomes and faults (default 20260408)
          --queue-seconds S     time a task waits queued (default 1)
          --run-seconds S       time a task runs before it ends (default 3)
          --failure-rate R      share of tasks that fail, 0..1 (default 0)
          --credits C           credit budget; past it submits get 402 (default: unlimited)
          --fault PREFIX:SPEC   faults on paths starting with PREFIX; SPEC is a comma list of
                                server-errors=R, rate-limits=R, retry-after=S, drops=R, malformed=R,
                                slow-bodies=R (one byte a second), latency-ms=N, max=N (e.g. --fault /v1/videos:server-errors=0.2,latency-ms=300)
          --quiet               do not log requests
        """;

    /// <summary>Options from <paramref name="args"/>; standalone defaults: port 5080, requests logged to the console.</summary>
    /// <exception cref="FormatException">An option is unknown or its value is malformed.</exception>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var options = new EmulatorOptions { Port = 5080, RequestLog = Console.WriteLine };
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--quiet")
            {
                options.RequestLog = null;
                continue;
            }

            if (i + 1 >= args.Count) throw new FormatException($"Option '{name}' needs a value.");
            var value = args[++i];
            switch (name)
            {
                case "--port": options.Port = ParseInt(name, value); break;
                case "--api-key": options.ApiKey = value; break;
                case "--seed": options.Seed = ParseInt(name, value); break;
                case "--queue-seconds": options.QueueDuration = TimeSpan.FromSeconds(ParseDouble(name, value)); break;
                case "--run-seconds": options.RunDuration = TimeSpan.FromSeconds(ParseDouble(name, value)); break;
                case "--failure-rate": options.FailureRate = ParseDouble(name, value); break;
                case "--credits": options.CreditBudget = ParseDouble(name, value); break;
                case "--fault": options.Faults.Add(ParseFault(value)); break;
                default: throw new FormatException($"Unknown option '{name}'.");
            }
        }

        return options;
    }

    private static FaultRule ParseFault(string text)
    {
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0) throw new FormatException($"--fault takes PREFIX:SPEC (was '{text}').");
        double serverErrors = 0, rateLimits = 0, drops = 0, malformed = 0, slow = 0, retryAfter = 1, latencyMs = 0;
        int? max = null;
        foreach (var setting in text[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = setting.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0) throw new FormatException($"--fault setting '{setting}' is not key=value.");
            var (key, value) = (setting[..equals], setting[(equals + 1)..]);
            switch (key)
            {
                case "server-errors": serverErrors = ParseDouble(key, value); break;
                case "rate-limits": rateLimits = ParseDouble(key, value); break;
                case "retry-after": retryAfter = ParseDouble(key, value); break;
                case "drops": drops = ParseDouble(key, value); break;
                case "malformed": malformed = ParseDouble(key, value); break;
                case "slow-bodies": slow = ParseDouble(key, value); break;
                case "latency-ms": latencyMs = ParseDouble(key, value); break;
                case "max": max = ParseInt(key, value); break;
                default: throw new FormatException($"Unknown --fault setting '{key}'.");
            }
        }

        return new FaultRule
        {
            PathPrefix = text[..colon],
            ServerErrorRate = serverErrors,
            RateLimitRate = rateLimits,
            RetryAfter = TimeSpan.FromSeconds(retryAfter),
            DropConnectionRate = drops,
            MalformedJsonRate = malformed,
            SlowBodyRate = slow,
            Latency = TimeSpan.FromMilliseconds(latencyMs),
            MaxFaults = max,
        };
    }

    private static int ParseInt(string name, string value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw new FormatException($"{name} takes a whole number (was '{value}').");

    private static double ParseDouble(string name, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : throw new FormatException($"{name} takes a number (was '{value}').");
}
