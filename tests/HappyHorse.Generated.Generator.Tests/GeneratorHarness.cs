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

    /// <summary>A driver as a build runs it; <paramref name="designTime"/> adds the option the targets give IDE builds (the analyzer reports manifest diagnostics).</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<ManifestFile> files, bool designTime = false, string? repositoryUrl = null) =>
        CSharpGeneratorDriver.Create(
            generators: new[] { new ManifestGenerator().AsSourceGenerator() },
            additionalTexts: files.Select(f => (AdditionalText)f),
            optionsProvider: new OptionsProvider(files, designTime, repositoryUrl),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static (GeneratorDriverRunResult Result, Compilation Output) Run(IEnumerable<ManifestFile> files, params string[] sources)
    {
        var driver = CreateDriver(files).RunGeneratorsAndUpdateCompilation(Compilation(sources), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    /// <summary>
    /// Runs the generator and compiles its output the strictest way a consumer might: documentation checked
    /// (CS1591 for any public member without docs) and every warning an error. Returns the generator's diagnostics
    /// and the compiler's warnings and errors.
    /// </summary>
    public static (ImmutableArray<Diagnostic> FromGenerator, IReadOnlyList<Diagnostic> FromCompiler, GeneratorRunResult Result) CompileStrictly(IEnumerable<ManifestFile> files)
    {
        var compilation = Compilation().WithOptions(new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            specificDiagnosticOptions: new[] { new KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Error) }));
        var driver = CreateDriver(files).WithUpdatedParseOptions(new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose));
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var fromGenerator);
        var fromCompiler = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        return (fromGenerator, fromCompiler, driver.GetRunResult().Results.Single());
    }

    /// <summary>
    /// Runs <see cref="ManifestAnalyzer"/> over <paramref name="compilation"/> (an empty one by default) with the files
    /// as AdditionalFiles, as the IDE does (<paramref name="designTime"/>) or a command-line build does. An analyzer
    /// exception fails the call instead of turning into AD0001.
    /// </summary>
    public static ImmutableArray<Diagnostic> Analyze(IEnumerable<ManifestFile> files, bool designTime = true, Compilation? compilation = null, string? repositoryUrl = null)
    {
        var list = files.ToList();
        var exceptions = new List<Exception>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(list.Cast<AdditionalText>().ToImmutableArray(), new OptionsProvider(list, designTime, repositoryUrl)),
            onAnalyzerException: (exception, _, _) => { lock (exceptions) exceptions.Add(exception); },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: false);
        var diagnostics = (compilation ?? Compilation())
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ManifestAnalyzer()), options)
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
        if (exceptions.Count > 0) throw new AggregateException("ManifestAnalyzer threw", exceptions);
        return diagnostics;
    }

    private static readonly Lazy<MetadataReference[]> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Append(typeof(HappyHorseClient).Assembly.Location)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToArray());

    /// <summary>The build's options for analyzers of C# code, with <c>HappyHorseRepositoryUrl</c> set when <paramref name="repositoryUrl"/> is.</summary>
    public static AnalyzerConfigOptionsProvider OptionsWith(string? repositoryUrl) => new OptionsProvider([], designTime: false, repositoryUrl);

    private sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<string, string> _kinds;

        public OptionsProvider(IEnumerable<ManifestFile> files, bool designTime, string? repositoryUrl)
        {
            _kinds = files.ToDictionary(f => f.Path, f => f.Kind);
            var global = new Dictionary<string, string>
            {
                ["build_property.HappyHorseNamespace"] = "HappyHorse.Generated.Models",
                ["build_property.HappyHorseProjectDirectory"] = ProjectDirectory,
            };
            if (designTime) global[DiagnosticsReporter.OptionKey] = DiagnosticsReporter.Analyzer;
            if (repositoryUrl is not null) global[DiagnosticDescriptors.RepositoryUrlProperty] = repositoryUrl;
            GlobalOptions = new Options(global);
        }

        public override AnalyzerConfigOptions GlobalOptions { get; }

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
