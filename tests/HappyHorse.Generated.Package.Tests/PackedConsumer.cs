using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace HappyHorse.Generated.Package.Tests;

/// <summary>
/// Packs the repository once per test run as a release does (<c>dotnet pack HappyHorse.Generated.sln</c>, with the
/// repository URL the help links use) under a unique version, and builds copies of samples/CustomModel against it. Restores use only local folders: the new package's feed and the machine's package cache (for its
/// dependencies), into a private cache, so nothing comes from the network and nothing leaks between runs.
/// </summary>
public sealed class PackedConsumer : IAsyncLifetime
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "hh-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string Version { get; } = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    public string Feed => Path.Combine(Root, "feed");

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The repository URL the package is made with; only written into it, never contacted.</summary>
    public const string RepositoryUrl = "https://github.com/happyhorse-tests/HappyHorse.Generated";

    public string Package => Path.Combine(Feed, $"HappyHorse.Generated.{Version}.nupkg");

    /// <summary>The output of the pack: its exit code is checked by the tests, so a failed pack fails them with its log.</summary>
    public (int ExitCode, string Output) Pack { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        Pack = await Run(RepositoryRoot, "pack", "HappyHorse.Generated.sln", "-o", Feed, $"-p:Version={Version}", $"-p:HappyHorseRepositoryUrl={RepositoryUrl}", "-nologo", "-clp:NoSummary");
        Pack.ExitCode.ShouldBe(0, Pack.Output);
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is cleaned by the system.
        }

        return Task.CompletedTask;
    }

    /// <summary>A fresh copy of samples/CustomModel wired to the local feed, with <paramref name="edit"/> applied.</summary>
    public string Consumer(string name, Action<string>? edit = null)
    {
        var directory = Path.Combine(Root, name);
        CopyDirectory(Path.Combine(RepositoryRoot, "samples", "CustomModel"), directory);
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config><add key="globalPackagesFolder" value="{Path.Combine(directory, "packages")}" /></config>
              <packageSources>
                <clear />
                <add key="happyhorse" value="{Feed}" />
                <add key="machine-cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        edit?.Invoke(directory);
        return directory;
    }

    public Task<(int ExitCode, string Output)> Build(string consumer, params string[] arguments) =>
        Run(consumer, ["build", "-p:HappyHorseVersion=" + Version, "-nologo", "-clp:NoSummary", .. arguments]);

    /// <summary>Builds <paramref name="consumer"/>, which must succeed, and returns the path of its CustomModel.dll.</summary>
    public async Task<string> BuildAssembly(string consumer)
    {
        var build = await Build(consumer);
        build.ExitCode.ShouldBe(0, build.Output);
        return Directory.GetFiles(Path.Combine(consumer, "bin"), "CustomModel.dll", SearchOption.AllDirectories).Single();
    }

    public static Task<(int ExitCode, string Output)> Run(string directory, params string[] arguments) => Run(directory, new Dictionary<string, string>(), arguments);

    public static async Task<(int ExitCode, string Output)> Run(string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment.Remove("MSBuildExtensionsPath");
        start.Environment.Remove("MSBUILD_EXE_PATH");
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (process.ExitCode, await output + await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HappyHorse.Generated.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (HappyHorse.Generated.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")) continue;
            var target = Path.Combine(destination, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}

[CollectionDefinition(nameof(PackedConsumer))]
public sealed class PackedConsumerCollection : ICollectionFixture<PackedConsumer>
{
}
