using System;
using HappyHorse.Emulator;

namespace HappyHorse.Generated.EndToEnd.Tests;

/// <summary>The standalone emulator's options.</summary>
public sealed class EmulatorCommandLineTests
{
    [Fact]
    public void Every_option_reaches_the_emulator_options()
    {
        var options = EmulatorCommandLine.Parse(
        [
            "--port", "5090", "--api-key", "k", "--seed", "42", "--queue-seconds", "0.5", "--run-seconds", "2",
            "--failure-rate", "0.25", "--credits", "1000", "--fault", "/v1/videos:server-errors=0.2,rate-limits=0.1,retry-after=3,drops=0.05,malformed=0.05,latency-ms=300,max=7", "--quiet",
        ]);

        (options.Port, options.ApiKey, options.Seed, options.FailureRate, options.CreditBudget).ShouldBe((5090, "k", 42, 0.25, 1000d));
        (options.QueueDuration, options.RunDuration).ShouldBe((TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2)));
        options.RequestLog.ShouldBeNull();
        var fault = options.Faults.ShouldHaveSingleItem();
        (fault.PathPrefix, fault.ServerErrorRate, fault.RateLimitRate, fault.RetryAfter, fault.DropConnectionRate, fault.MalformedJsonRate, fault.Latency, fault.MaxFaults)
            .ShouldBe(("/v1/videos", 0.2, 0.1, TimeSpan.FromSeconds(3), 0.05, 0.05, TimeSpan.FromMilliseconds(300), (int?)7));
    }

    [Fact]
    public void Without_options_it_listens_on_5080_and_logs_requests()
    {
        var options = EmulatorCommandLine.Parse([]);

        options.Port.ShouldBe(5080);
        options.RequestLog.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("--bogus", "1")]
    [InlineData("--port")]
    [InlineData("--port", "eighty")]
    [InlineData("--fault", "no-colon")]
    [InlineData("--fault", "/v1:unknown=1")]
    public void A_malformed_command_line_is_a_format_exception(params string[] args)
    {
        Should.Throw<FormatException>(() => EmulatorCommandLine.Parse(args));
    }
}
