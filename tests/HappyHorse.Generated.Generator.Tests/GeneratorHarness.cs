using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using HappyHorse.Generated.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>Runs <see cref="ManifestGenerator"/> in a driver the way a build does: files marked with HappyHorseKind metadata.</summary>
internal static class GeneratorHarness
{
    public const string ProjectDirectory = "/project";

    public static string CatalogDirectory => Path.Combine(AppContext.BaseDirectory, "manifests");

    /// <summary>The repository's manifests and profiles, as a build of the catalog project sees them.</summary>
    public static ImmutableArray<ManifestFile> CatalogFiles() =>
        Directory.GetFiles(CatalogDirectory, "*.json")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => new ManifestFile(
                $"{ProjectDirectory}/{Path.GetFileName(p)}",
                File.ReadAllText(p),
                p.EndsWith(".profile.json", StringComparison.Ordinal) ? "Profile" : "Manifest"))
            .ToImmutableArray();

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, path: $"Source{i}.cs")),
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

    public static GeneratorDriver CreateDriver(IEnumerable<ManifestFile> files) =>
        CSharpGeneratorDriver.Create(
            generators: new[] { new ManifestGenerator().AsSourceGenerator() },
            additionalTexts: files.Select(f => (AdditionalText)f),
            optionsProvider: new OptionsProvider(files),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static (GeneratorDriverRunResult Result, Compilation Output) Run(IEnumerable<ManifestFile> files, params string[] sources)
    {
        var driver = CreateDriver(files).RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(HappyHorseClient).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<string, string> _kinds;

        public OptionsProvider(IEnumerable<ManifestFile> files) => _kinds = files.ToDictionary(f => f.Path, f => f.Kind);

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>
        {
            ["build_property.HappyHorseNamespace"] = "HappyHorse.Generated.Models",
            ["build_property.HappyHorseProjectDirectory"] = ProjectDirectory,
        });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
            _kinds.TryGetValue(textFile.Path, out var kind) ? new Options(new Dictionary<string, string> { [ManifestGenerator.KindMetadata] = kind }) : Options.Empty;
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());
        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}

/// <summary>An in-memory manifest or profile.</summary>
internal sealed class ManifestFile : AdditionalText
{
    private readonly string _text;

    public ManifestFile(string path, string text, string kind = "Manifest")
    {
        Path = path;
        _text = text;
        Kind = kind;
    }

    public override string Path { get; }

    public string Kind { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(_text);

    public ManifestFile WithText(string text) => new(Path, text, Kind);
}
