using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using BenchmarkDotNet.Attributes;
using HappyHorse.Generated.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// The generator on one huge manifest: a string field whose enum lists <see cref="Values"/> values (120,000 is about
/// 5 MB of JSON). Every step of reading, checking and emitting must stay linear in the number of values.
/// </summary>
[MemoryDiagnoser]
public class HugeManifestBenchmarks
{
    private ImmutableArray<AdditionalText> _files;
    private GeneratorBenchmarks.OptionsProvider _options = null!;
    private CSharpCompilation _compilation = null!;

    /// <summary>How many values the enum lists.</summary>
    [Params(16_000, 120_000)]
    public int Values { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var profile = Path.Combine(AppContext.BaseDirectory, "manifests", "happyhorse-app.profile.json");
        var manifest = new GeneratorBenchmarks.InMemoryText($"{GeneratorBenchmarks.ProjectDirectory}/huge.json", Manifest(Values));
        _files = ImmutableArray.Create<AdditionalText>(new GeneratorBenchmarks.InMemoryText($"{GeneratorBenchmarks.ProjectDirectory}/happyhorse-app.profile.json", File.ReadAllText(profile), "Profile"), manifest);
        _options = new GeneratorBenchmarks.OptionsProvider(_files);
        _compilation = GeneratorBenchmarks.Compilation("public class Program { public static int Main() => 0; }");
        var result = Run().GetRunResult();
        if (result.Diagnostics.Length > 0 || result.Results.Single().GeneratedSources.Length != 3)
        {
            throw new InvalidOperationException("The huge manifest does not generate cleanly: " + string.Join(Environment.NewLine, result.Diagnostics));
        }
    }

    /// <summary>A build from scratch of the one huge manifest.</summary>
    [Benchmark]
    public GeneratorDriver FullRun() => Run();

    private GeneratorDriver Run() =>
        CSharpGeneratorDriver.Create(
            generators: new[] { new ManifestGenerator().AsSourceGenerator() },
            additionalTexts: _files,
            parseOptions: CSharpParseOptions.Default,
            optionsProvider: _options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false)).RunGenerators(_compilation);

    /// <summary>A manifest whose <c>style</c> field allows <paramref name="values"/> values, each with a short description.</summary>
    internal static string Manifest(int values)
    {
        var json = new StringBuilder();
        json.Append("{\n  \"model\": \"acme/huge\",\n  \"profile\": \"happyhorse-app\",\n  \"result\": \"video\",\n  \"operations\": [\n    {\n      \"id\": \"text-to-video\",\n      \"fields\": [\n");
        json.Append("        { \"name\": \"prompt\", \"type\": \"string\", \"required\": true },\n");
        json.Append("        { \"name\": \"style\", \"type\": \"string\", \"description\": \"The visual style.\", \"enum\": [\n");
        for (var i = 0; i < values; i++)
        {
            json.Append("          { \"value\": \"style-").Append(i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture)).Append("\", \"description\": \"Style number ").Append(i).Append(" of the catalog.\" }");
            json.Append(i + 1 < values ? ",\n" : "\n");
        }

        json.Append("        ] }\n      ]\n    }\n  ]\n}\n");
        return json.ToString();
    }
}
