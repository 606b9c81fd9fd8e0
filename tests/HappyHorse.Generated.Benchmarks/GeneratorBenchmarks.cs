using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using BenchmarkDotNet.Attributes;
using HappyHorse.Generated.Generator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// The generator driver as a build or an IDE runs it, on the catalog (26 manifests) and on 260 and 1000 manifests
/// made by copying the catalog's with new model ids and type names.
/// </summary>
[MemoryDiagnoser]
public class GeneratorBenchmarks
{
    internal const string ProjectDirectory = "/project";

    private ImmutableArray<AdditionalText> _files;
    private OptionsProvider _options = null!;
    private CSharpCompilation _compilation = null!;
    private CSharpCompilation _compilationAfterCSharpEdit = null!;
    private GeneratorDriver _warmDriver = null!;
    private AdditionalText _manifestToEdit = null!;
    private AdditionalText _editedManifest = null!;

    /// <summary>How many model manifests the build has (the six profiles come on top).</summary>
    [Params(26, 260, 1000)]
    public int Manifests { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var catalog = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "manifests"), "*.json").OrderBy(p => p, StringComparer.Ordinal).ToList();
        var profiles = catalog.Where(p => p.EndsWith(".profile.json", StringComparison.Ordinal)).Select(p => File(Path.GetFileName(p), System.IO.File.ReadAllText(p), "Profile"));
        var models = catalog.Where(p => !p.EndsWith(".profile.json", StringComparison.Ordinal)).Select(p => (Name: Path.GetFileNameWithoutExtension(p), Text: System.IO.File.ReadAllText(p))).ToList();
        var manifests = Enumerable.Range(0, Manifests).Select(i =>
        {
            var (name, text) = models[i % models.Count];
            var copy = i / models.Count;
            return copy == 0 ? File(name + ".json", text, "Manifest") : File($"copies/{copy}/{name}.json", Renamed(text, copy), "Manifest");
        }).ToList();

        _files = profiles.Concat(manifests).ToImmutableArray<AdditionalText>();
        _options = new OptionsProvider(_files);
        _compilation = Compilation("public class Program { public static int Main() => 0; }");
        _compilationAfterCSharpEdit = (CSharpCompilation)_compilation.ReplaceSyntaxTree(
            _compilation.SyntaxTrees[0],
            CSharpSyntaxTree.ParseText("public class Program { public static int Main() => 1; }", path: "Program.cs"));

        _manifestToEdit = manifests[manifests.Count / 2];
        var editedText = _manifestToEdit.GetText()!.ToString();
        var description = editedText.IndexOf("\"description\": \"", StringComparison.Ordinal) + "\"description\": \"".Length;
        _editedManifest = new InMemoryText(_manifestToEdit.Path, editedText.Insert(description, "Edited. "));

        _warmDriver = CreateDriver().RunGenerators(_compilation);
        var generated = _warmDriver.GetRunResult();
        if (generated.Diagnostics.Length > 0 || generated.Results.Single().GeneratedSources.Length != _files.Length + 1)
        {
            throw new InvalidOperationException("The benchmark's manifests do not generate cleanly: " + string.Join(Environment.NewLine, generated.Diagnostics));
        }
    }

    /// <summary>A build from scratch: every manifest read, bound and emitted, every output parsed by the driver.</summary>
    [Benchmark]
    public GeneratorDriver FullRun() => CreateDriver().RunGenerators(_compilation);

    /// <summary>An edit to a C# file: every step should be cached and nothing regenerated.</summary>
    [Benchmark]
    public GeneratorDriver CSharpEdit() => _warmDriver.RunGenerators(_compilationAfterCSharpEdit);

    /// <summary>An edit to one manifest's description: only that manifest should be read and emitted again.</summary>
    [Benchmark]
    public GeneratorDriver OneManifestEdit() => _warmDriver.ReplaceAdditionalText(_manifestToEdit, _editedManifest).RunGenerators(_compilation);

    private GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            generators: new[] { new ManifestGenerator().AsSourceGenerator() },
            additionalTexts: _files,
            parseOptions: CSharpParseOptions.Default,
            optionsProvider: _options,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: false));

    internal static CSharpCompilation Compilation(string source) =>
        CSharpCompilation.Create(
            "Consumer",
            new[] { CSharpSyntaxTree.ParseText(source, path: "Program.cs") },
            new[] { MetadataReference.CreateFromFile(typeof(object).Assembly.Location) },
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

    private static InMemoryText File(string relativePath, string text, string kind) => new($"{ProjectDirectory}/{relativePath}", text, kind);

    /// <summary>A copy of a catalog manifest with its own model id and type name, so it generates its own class.</summary>
    private static string Renamed(string text, int copy)
    {
        text = Regex.Replace(text, "^  \"model\": \"([^\"]*)\"", m => $"  \"model\": \"{m.Groups[1].Value}-copy{copy}\"", RegexOptions.Multiline);
        return Regex.Replace(text, "^  \"typeName\": \"([^\"]*)\"", m => $"  \"typeName\": \"{m.Groups[1].Value}Copy{copy}\"", RegexOptions.Multiline);
    }

    internal sealed class InMemoryText : AdditionalText
    {
        private readonly SourceText _text;

        public InMemoryText(string path, string text, string kind = "Manifest")
        {
            Path = path;
            Kind = kind;
            _text = SourceText.From(text);
        }

        public override string Path { get; }

        public string Kind { get; }

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    internal sealed class OptionsProvider : AnalyzerConfigOptionsProvider
    {
        private readonly Dictionary<string, Options> _byPath;

        public OptionsProvider(IEnumerable<AdditionalText> files)
        {
            _byPath = files.Cast<InMemoryText>().ToDictionary(f => f.Path, f => new Options(new Dictionary<string, string> { [ManifestGenerator.KindMetadata] = f.Kind }));
        }

        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(new Dictionary<string, string>
        {
            [ManifestGenerator.NamespaceProperty] = "HappyHorse.Generated.Models",
            ["build_property.HappyHorseProjectDirectory"] = ProjectDirectory,
        });

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _byPath.TryGetValue(textFile.Path, out var options) ? options : Options.Empty;
    }

    private sealed class Options : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(new Dictionary<string, string>());

        private readonly Dictionary<string, string> _values;

        public Options(Dictionary<string, string> values)
        {
            _values = values;
        }

        public override bool TryGetValue(string key, out string value) => _values.TryGetValue(key, out value!);
    }
}
