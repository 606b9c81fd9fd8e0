using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using System.Xml.Linq;

namespace HappyHorse.Generated.Package.Tests;

[Collection(nameof(PackedConsumer))]
public class PackageTests(PackedConsumer packed)
{
    [Fact]
    public void The_package_holds_the_runtime_the_catalog_the_generator_the_build_targets_and_the_schema()
    {
        using var package = ZipFile.OpenRead(packed.Package);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet();

        entries.ShouldContain("lib/net10.0/HappyHorse.Generated.Runtime.dll");
        entries.ShouldContain("lib/net10.0/HappyHorse.Generated.Runtime.xml");
        entries.ShouldContain("lib/net10.0/HappyHorse.Generated.Models.dll");
        entries.ShouldContain("lib/net10.0/HappyHorse.Generated.Models.xml");
        entries.ShouldContain("analyzers/dotnet/cs/HappyHorse.Generated.Generator.dll");
        entries.ShouldContain("buildTransitive/HappyHorse.Generated.targets");
        entries.ShouldContain("buildTransitive/schema/manifest.schema.json");
        entries.Count(e => e.StartsWith("buildTransitive/profiles/")).ShouldBe(6);
        entries.ShouldContain("PACKAGE.md");
        var pages = Directory.GetFiles(Path.Combine(PackedConsumer.RepositoryRoot, "docs", "diagnostics"), "*.md").Select(p => "docs/diagnostics/" + Path.GetFileName(p)).ToList();
        pages.ShouldContain("docs/diagnostics/HH1001.md");
        entries.Where(e => e.StartsWith("docs/")).ShouldBe(pages, ignoreOrder: true);

        using var nuspec = package.GetEntry("HappyHorse.Generated.nuspec")!.Open();
        var metadata = XDocument.Load(nuspec).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string Value(string name) => metadata.Elements().Single(e => e.Name.LocalName == name).Value;
        Value("id").ShouldBe("HappyHorse.Generated");
        Value("version").ShouldBe(packed.Version);
        Value("license").ShouldBe("MIT");
        Value("readme").ShouldBe("PACKAGE.md");
        var repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
        repository.Attribute("type")!.Value.ShouldBe("git");
        repository.Attribute("url")!.Value.ShouldBe(PackedConsumer.RepositoryUrl);
        var dependencies = metadata.Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => e.Attribute("id")!.Value).ToList();
        dependencies.ShouldContain("Polly.Core");
        dependencies.ShouldNotContain(id => id.StartsWith("HappyHorse")); // the runtime travels inside, not as a dependency
    }

    [Fact]
    public void Packing_the_repository_makes_exactly_the_shippable_packages()
    {
        var expected = File.ReadAllLines(Path.Combine(PackedConsumer.RepositoryRoot, "tests", "shippable-packages.txt"))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(id => $"{id}.{packed.Version}.nupkg");

        packed.Pack.ExitCode.ShouldBe(0, packed.Pack.Output);
        Directory.GetFiles(packed.Feed).Select(Path.GetFileName).ShouldBe(expected, ignoreOrder: true);
    }

    [Fact]
    public void The_package_gives_consumers_the_repository_url_for_help_links()
    {
        using var package = ZipFile.OpenRead(packed.Package);
        using var props = package.GetEntry("buildTransitive/HappyHorse.Generated.props")!.Open();

        var property = XDocument.Load(props).Descendants().Single(e => e.Name.LocalName == "HappyHorseRepositoryUrl");

        property.Value.ShouldBe(PackedConsumer.RepositoryUrl);
        property.Attribute("Condition")!.Value.ShouldBe("'$(HappyHorseRepositoryUrl)' == ''"); // a consumer's own setting wins
    }

    [Fact]
    public async Task A_consumer_builds_its_own_manifest_from_the_local_feed()
    {
        var consumer = packed.Consumer("builds");

        var build = await packed.Build(consumer);

        build.ExitCode.ShouldBe(0, build.Output);
        File.Exists(Path.Combine(consumer, "obj", "HappyHorse", "manifest.schema.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task A_mistake_in_a_consumers_manifest_fails_their_build_at_its_line_and_column()
    {
        var consumer = packed.Consumer("bad-manifest", directory =>
        {
            var manifest = Path.Combine(directory, "models", "acme-clip.json");
            File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("\"maximum\": 8,", "\"maximum\": 1,"));
        });

        var build = await packed.Build(consumer);

        build.ExitCode.ShouldNotBe(0);
        build.Output.ShouldContain(Path.Combine("models", "acme-clip.json") + "(16,61): error HH0008: Field 'duration': minimum (2) is greater than maximum (1)");
    }
}

[Collection(nameof(PackedConsumer))]
public class ConsumerRunTests(PackedConsumer packed)
{
    [Fact]
    public async Task A_constant_that_breaks_the_consumers_manifest_fails_their_build_with_HH1001()
    {
        var consumer = packed.Consumer("bad-constant", directory =>
        {
            var program = Path.Combine(directory, "Program.cs");
            File.WriteAllText(program, File.ReadAllText(program).Replace(".WithDuration(4)", ".WithDuration(20)"));
        });

        var errorLog = Path.Combine(consumer, "errors.sarif");

        var build = await packed.Build(consumer, $"-p:ErrorLog={errorLog}%2Cversion=2.1");

        build.ExitCode.ShouldNotBe(0);
        build.Output.ShouldContain("error HH1001: acme-clip/v1 text-to-video: duration must be between 2 and 8 (was 20)");
        var helpLinks = Regex.Matches(File.ReadAllText(errorLog), "\"helpUri\"\\s*:\\s*\"(?<link>[^\"]*)\"").Select(m => m.Groups["link"].Value);
        helpLinks.ShouldContain($"{PackedConsumer.RepositoryUrl}/blob/main/docs/diagnostics/HH1001.md");
    }

    [Fact]
    public async Task The_consumers_own_model_runs_against_the_emulator()
    {
        var consumer = packed.Consumer("runs");
        var assembly = await packed.BuildAssembly(consumer);
        var options = new HappyHorse.Emulator.EmulatorOptions { ApiKey = "consumer-key", QueueDuration = System.TimeSpan.FromMilliseconds(20), RunDuration = System.TimeSpan.FromMilliseconds(100) };
        foreach (var operation in ConsumerOperations(assembly)) options.ExtraOperations.Add(operation);
        await using var emulator = await HappyHorse.Emulator.HappyHorseEmulator.StartAsync(options);

        var run = await PackedConsumer.Run(consumer, new Dictionary<string, string> { ["HAPPYHORSE_BASE_URL"] = emulator.BaseAddress.AbsoluteUri, ["HAPPYHORSE_API_KEY"] = "consumer-key" }, assembly);

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain($"Result: {emulator.BaseAddress.AbsoluteUri}files/");
        emulator.Requests.ShouldContain(r => r.Method == "POST" && r.Body.Contains("\"model\":\"acme-clip/v1\""));
    }

    [Fact]
    public async Task A_consumer_calls_an_image_model_through_IImageGenerator_with_two_keyed_clients()
    {
        var consumer = packed.Consumer("ai-keyed", directory =>
        {
            File.WriteAllText(Path.Combine(directory, "Program.cs"), KeyedImageProgram);
            var project = Path.Combine(directory, "CustomModel.csproj");
            File.WriteAllText(project, File.ReadAllText(project).Replace("<Nullable>", "<NoWarn>$(NoWarn);MEAI001</NoWarn>\n    <Nullable>"));
        });
        var assembly = await packed.BuildAssembly(consumer);
        await using var gateway = await HappyHorse.Emulator.HappyHorseEmulator.StartAsync(Emulator("gateway-key"));
        await using var studio = await HappyHorse.Emulator.HappyHorseEmulator.StartAsync(Emulator("studio-key"));

        var run = await PackedConsumer.Run(consumer, new Dictionary<string, string> { ["GATEWAY_URL"] = gateway.BaseAddress.AbsoluteUri, ["STUDIO_URL"] = studio.BaseAddress.AbsoluteUri }, assembly);

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain($"gateway: {gateway.BaseAddress.AbsoluteUri}files/");
        run.Output.ShouldContain($"studio: {studio.BaseAddress.AbsoluteUri}files/");
        foreach (var emulator in new[] { gateway, studio })
        {
            // Each client sent its one submit, with its own key, to its own service.
            emulator.Requests.Count(r => r.Method == "POST" && r.Body.Contains("\"model\":\"gpt-image-2\"") && r.Body.Contains("A red fox in fresh snow")).ShouldBe(1);
        }
    }

    [Fact]
    public async Task A_consumer_tests_its_own_code_against_the_testing_package_from_the_feed()
    {
        var consumer = packed.Consumer("testing", directory =>
        {
            File.WriteAllText(Path.Combine(directory, "Program.cs"), ConsumerTestProgram);
            var project = Path.Combine(directory, "CustomModel.csproj");
            File.WriteAllText(project, File.ReadAllText(project).Replace(
                """<PackageReference Include="HappyHorse.Generated" Version="$(HappyHorseVersion)" />""",
                """<PackageReference Include="HappyHorse.Generated" Version="$(HappyHorseVersion)" /><PackageReference Include="HappyHorse.Generated.Testing" Version="$(HappyHorseVersion)" />"""));
        });
        var assembly = await packed.BuildAssembly(consumer);

        var run = await PackedConsumer.Run(consumer, assembly);

        run.ExitCode.ShouldBe(0, run.Output);
        run.Output.ShouldContain("consumer tests passed: http://127.0.0.1:");
    }

    [Fact]
    public async Task The_tool_knows_a_consumers_own_models_from_its_build_output()
    {
        var consumer = packed.Consumer("tool");
        var assembly = await packed.BuildAssembly(consumer);
        var work = Path.Combine(consumer, "work");
        Directory.CreateDirectory(work);
        Task<(int ExitCode, string Output)> Tool(params string[] arguments) => PackedConsumer.Run(work, [ToolDll, .. arguments]);

        var unknown = await Tool("run", "acme-clip/v1", "text-to-video", "--prompt", "A fox");
        unknown.ExitCode.ShouldBe(2, unknown.Output);
        unknown.Output.ShouldContain("No model 'acme-clip/v1'");

        var described = await Tool("--catalog", assembly, "describe", "acme-clip/v1");
        described.ExitCode.ShouldBe(0, described.Output);
        described.Output.ShouldContain("acme-clip/v1 text-to-video  (dialect happyhorse-app, returns video");
        described.Output.ShouldContain("Run: happyhorse run acme-clip/v1 text-to-video [options]");

        var refused = await Tool("run", "acme-clip/v1", "text-to-video", "--prompt", "A fox", "--duration", "20", "--style", "noir", "--catalog", assembly, "--emulator");
        refused.ExitCode.ShouldBe(2, refused.Output);
        refused.Output.ShouldContain("2 problems; nothing was sent");
        refused.Output.ShouldContain("duration must be between 2 and 8 (was 20)");
        refused.Output.ShouldContain("style must be one of");

        var listed = await PackedConsumer.Run(work, new Dictionary<string, string> { ["HAPPYHORSE_CATALOG"] = assembly }, ToolDll, "models", "--json");
        listed.ExitCode.ShouldBe(0, listed.Output);
        var models = System.Text.Json.Nodes.JsonNode.Parse(listed.Output)!.AsArray().Select(o => (string)o!["model"]!).ToList();
        models.ShouldContain("acme-clip/v1");
        models.ShouldContain("happyhorse-1.0/video");

        var ran = await Tool("--catalog", assembly, "run", "acme-clip/v1", "text-to-video", "--prompt", "A fox in the snow", "--duration", "6", "--emulator", "--poll-interval", "0.2", "--out", work);
        ran.ExitCode.ShouldBe(0, ran.Output);
        var saved = Directory.GetFiles(work, "*.mp4").ShouldHaveSingleItem();
        ran.Output.ShouldContain($"Saved: {saved}");

        var broken = await Tool("--catalog", Path.Combine(work, "missing.dll"), "--catalog", saved, "models");
        broken.ExitCode.ShouldBe(2, broken.Output);
        broken.Output.ShouldContain("--catalog: 2 problems");
        broken.Output.ShouldContain($"no file '{Path.Combine(work, "missing.dll")}'");
        broken.Output.ShouldContain($"{Path.GetFileName(saved)} is not a .NET assembly");
    }

    /// <summary>The tool these tests were built with (the project reference builds it first), run with <c>dotnet happyhorse.dll</c>.</summary>
    private static string ToolDll => Path.Combine(
        PackedConsumer.RepositoryRoot, "cli", "bin",
        typeof(PackageTests).Assembly.GetCustomAttribute<System.Reflection.AssemblyConfigurationAttribute>()?.Configuration ?? "Debug", "net10.0", "happyhorse.dll");

    /// <summary>
    /// A consumer's test of its own code (MakeClip, on its own model acme-clip/v1) against HappyHorse.Generated.Testing:
    /// in process, its own operations served, one injected 503 on a poll, a 3-minute task run in virtual time.
    /// </summary>
    private const string ConsumerTestProgram = """
        using Acme.Studio;
        using HappyHorse.Emulator;
        using HappyHorse.Generated;
        using HappyHorse.Generated.Testing;

        static async Task<Uri> MakeClip(HappyHorseClient client, string prompt) =>
            (await client.GenerateAsync(AcmeClip.TextToVideo(prompt).WithDuration(4))).Url!;

        var options = new HappyHorseTestServiceOptions { UseVirtualTime = true, RunDuration = TimeSpan.FromMinutes(3) }
            .AddOperations(HappyHorseCatalog.Operations)
            .FailRequests("/", status: 503, method: "GET", times: 1);
        await using var service = await HappyHorseTestService.StartAsync(options);
        var started = service.VirtualTime!.GetUtcNow();
        using var client = service.CreateClient();

        var url = await service.RunAsync(MakeClip(client, "a paper boat"));

        string[] failures =
        [
            .. service.Submits.Count == 1 ? [] : new[] { $"{service.Submits.Count} submits" },
            .. service.Submits.All(r => r.Body.Contains("\"model\":\"acme-clip/v1\"")) ? [] : new[] { "not the consumer's model" },
            .. service.Requests.Any(r => r.InjectedFault != FaultKind.None) ? [] : new[] { "no fault injected" },
            .. service.VirtualTime.GetUtcNow() - started >= TimeSpan.FromMinutes(3) ? [] : new[] { "virtual time did not run" },
            .. url.IsLoopback ? [] : new[] { $"result {url} not from the test service" },
        ];
        Console.WriteLine(failures.Length == 0 ? $"consumer tests passed: {url}" : "failed: " + string.Join("; ", failures));
        return failures.Length == 0 ? 0 : 1;
        """;

    private static HappyHorse.Emulator.EmulatorOptions Emulator(string key) =>
        new() { ApiKey = key, QueueDuration = System.TimeSpan.FromMilliseconds(20), RunDuration = System.TimeSpan.FromMilliseconds(100) };

    /// <summary>A consumer's program: two named clients from dependency injection, each an <c>IImageGenerator</c> for gpt-image-2.</summary>
    private const string KeyedImageProgram = """
        using HappyHorse.Generated;
        using HappyHorse.Generated.Models;
        using HappyHorse.Generated.Protocol;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.DependencyInjection;

        var fast = new PollSchedule(TimeSpan.FromMilliseconds(100), TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        var services = new ServiceCollection();
        services.AddHappyHorse("gateway", o => { o.ApiKey = "gateway-key"; o.BaseUrl = new Uri(Environment.GetEnvironmentVariable("GATEWAY_URL")!); o.PollSchedule = fast; });
        services.AddHappyHorse("studio", o => { o.ApiKey = "studio-key"; o.BaseUrl = new Uri(Environment.GetEnvironmentVariable("STUDIO_URL")!); o.PollSchedule = fast; });
        await using var provider = services.BuildServiceProvider();
        foreach (var name in new[] { "gateway", "studio" })
        {
            IImageGenerator images = provider.GetRequiredKeyedService<HappyHorseClient>(name).AsIImageGenerator("gpt-image-2");
            var response = await images.GenerateAsync(new ImageGenerationRequest("A red fox in fresh snow"));
            Console.WriteLine($"{name}: {response.Contents.OfType<UriContent>().Single().Uri}");
        }
        """;

    /// <summary>The operations the consumer's build generated, read from its assembly (which binds to this process's runtime).</summary>
    private static IEnumerable<HappyHorse.Generated.OperationInfo> ConsumerOperations(string assembly)
    {
        var catalog = System.Reflection.Assembly.LoadFrom(assembly).GetType("Acme.Studio.HappyHorseCatalog", throwOnError: true)!;
        return (IEnumerable<HappyHorse.Generated.OperationInfo>)catalog.GetProperty("Operations")!.GetValue(null)!;
    }
}
