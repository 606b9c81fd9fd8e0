using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace HappyHorse.Cli.Tests;

/// <summary>The tool as a user gets it: packed, installed from a local feed with <c>dotnet tool install --tool-path</c>, run.</summary>
public sealed class PackTests : IDisposable
{
    private readonly string _root = CliHarness.TempDirectory("pack");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is cleaned by the system.
        }
    }

    [Fact]
    public async Task The_packed_tool_installs_and_runs_text_to_video_on_its_embedded_emulator()
    {
        var feed = Path.Combine(_root, "feed");
        var tools = Path.Combine(_root, "tools");
        var work = Path.Combine(_root, "work");
        Directory.CreateDirectory(work);
        var version = "0.1.0-test." + Guid.NewGuid().ToString("N")[..8];
        var none = new Dictionary<string, string>();

        // The tool these tests already built, packed as is: one pack, no second build.
        var pack = await CliHarness.RunProcessAsync("dotnet", ["pack", Path.Combine(CliHarness.RepositoryRoot, "cli"), "--no-build", "-c", CliHarness.Configuration, "-o", feed, $"-p:Version={version}", "-nologo"], _root, none, TimeSpan.FromMinutes(3));
        pack.ExitCode.ShouldBe(0, pack.Out + pack.Error);
        var package = Path.Combine(feed, $"HappyHorse.Cli.{version}.nupkg");
        File.Exists(package).ShouldBeTrue(pack.Out);

        File.WriteAllText(Path.Combine(_root, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(_root, "packages")}" /></config>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        var install = await CliHarness.RunProcessAsync("dotnet", ["tool", "install", "HappyHorse.Cli", "--tool-path", tools, "--version", version, "--configfile", Path.Combine(_root, "nuget.config")], _root, none, TimeSpan.FromMinutes(3));
        install.ExitCode.ShouldBe(0, install.Out + install.Error);

        var run = await CliHarness.RunProcessAsync(Path.Combine(tools, "happyhorse"), ["run", "happyhorse-1.0/video", "text-to-video", "--prompt", "A majestic eagle soaring through clouds at sunset", "--emulator"], work, none, TimeSpan.FromMinutes(2));

        run.ExitCode.ShouldBe(0, run.Out + run.Error);
        var result = run.Out.Split('\n').Single(l => l.StartsWith("Result: ", StringComparison.Ordinal));
        new Uri(result["Result: ".Length..].Trim()).IsLoopback.ShouldBeTrue();
        var saved = Directory.GetFiles(work, "*.mp4").ShouldHaveSingleItem();
        run.Out.ShouldContain($"Saved: {saved}");
        new FileInfo(saved).Length.ShouldBeGreaterThan(1000);
        run.Error.ShouldContain("Using the embedded emulator at http://127.0.0.1:");
    }
}
