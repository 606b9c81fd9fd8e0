using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Xunit.Abstractions;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// The generator and the analyzer run inside the compiler: no manifest may make them throw (CS8785, AD0001).
/// Thousands of mutants of the catalog's own files go through both; every diagnostic must be an HH error inside
/// the file it is about, and the two must agree.
/// </summary>
public class ManifestFuzzTests
{
    private const int Mutants = 3000;
    private const int BatchSize = 150;

    private readonly ITestOutputHelper _output;

    public ManifestFuzzTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Thousands_of_mutated_manifests_and_profiles_never_make_the_generator_or_the_analyzer_throw()
    {
        var clock = Stopwatch.StartNew();
        var catalog = GeneratorHarness.CatalogFiles();
        var profiles = catalog.Where(f => f.Kind == "Profile").ToList();
        var mutator = new ManifestMutator(seed: 20240611, catalog.Select(f => f.GetText().ToString()));
        var pick = new Random(20240611);
        var seenIds = new SortedSet<string>(StringComparer.Ordinal);
        var generatedModels = 0;

        for (var batch = 0; batch < Mutants / BatchSize; batch++)
        {
            var mutants = Enumerable.Range(batch * BatchSize, BatchSize).Select(i => Mutant(catalog[pick.Next(catalog.Length)], i, mutator)).ToList();
            var files = profiles.Concat(mutants).ToList();
            var lengths = files.ToDictionary(f => f.Path, f => f.GetText().Length);

            var run = GeneratorHarness.CreateDriver(files).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
            var result = run.Results.Single();
            result.Exception.ShouldBeNull($"batch {batch}: the generator threw");
            CheckEveryDiagnostic(run.Diagnostics, lengths, $"batch {batch}, generator");

            var analyzed = GeneratorHarness.Analyze(files); // throws if the analyzer did (AD0001 in a build)
            CheckEveryDiagnostic(analyzed, lengths, $"batch {batch}, analyzer");
            Describe(analyzed).ShouldBe(Describe(run.Diagnostics), $"batch {batch}: the analyzer and the generator disagree");

            seenIds.UnionWith(run.Diagnostics.Select(d => d.Id));
            generatedModels += result.GeneratedSources.Count(s => s.HintName.StartsWith("fuzz_", StringComparison.Ordinal));
        }

        _output.WriteLine($"{Mutants} mutants in {clock.Elapsed.TotalSeconds:0.0} s; {generatedModels} still generated; ids seen: {string.Join(", ", seenIds)}");

        // The mutants must reach both sides: many kinds of mistake, and files that still generate code.
        seenIds.Count.ShouldBeGreaterThanOrEqualTo(10);
        generatedModels.ShouldBeGreaterThan(Mutants / 20);
    }

    [Fact]
    public void Mutants_without_diagnostics_generate_documented_code_that_compiles_warning_free()
    {
        // Compiling is the slow part, so a smaller set than above: what the generator accepts must compile.
        var clock = Stopwatch.StartNew();
        var catalog = GeneratorHarness.CatalogFiles();
        var mutator = new ManifestMutator(seed: 7, catalog.Select(f => f.GetText().ToString()));
        var pick = new Random(7);
        var mutants = Enumerable.Range(0, 800).Select(i => Mutant(catalog[pick.Next(catalog.Length)], i, mutator)).ToList();

        var (_, problems, result) = GeneratorHarness.CompileStrictly(catalog.Where(f => f.Kind == "Profile").Concat(mutants));

        var generated = result.GeneratedSources.Count(s => s.HintName.StartsWith("fuzz_", StringComparison.Ordinal));
        _output.WriteLine($"{generated} of {mutants.Count} mutants generated; compiled in {clock.Elapsed.TotalSeconds:0.0} s");
        var culprits = problems.Select(d => d.Location.SourceTree?.FilePath ?? "?").Distinct().Take(5).ToList();
        problems.ShouldBeEmpty(string.Join(Environment.NewLine, problems.Take(20).Select(d => d.ToString())) + Environment.NewLine + string.Join(Environment.NewLine, culprits));
        generated.ShouldBeGreaterThan(40);
    }

    /// <summary>A copy of a catalog file with its own ids (so mutants do not merely clash as duplicates), mutated.</summary>
    private static ManifestFile Mutant(ManifestFile source, int index, ManifestMutator mutator)
    {
        var text = source.GetText().ToString();
        if (source.Kind == "Profile")
        {
            text = Regex.Replace(text, "^  \"id\": \"[^\"]*\"", $"  \"id\": \"fuzz-{index}\"", RegexOptions.Multiline);
            text = Regex.Replace(text, "^  \"propertyName\": \"[^\"]*\"", $"  \"propertyName\": \"Fuzz{index}\"", RegexOptions.Multiline);
        }
        else
        {
            text = Regex.Replace(text, "^  \"model\": \"[^\"]*\"", $"  \"model\": \"fuzz-{index}\"", RegexOptions.Multiline);
            text = Regex.Replace(text, "^  \"typeName\": \"[^\"]*\"", $"  \"typeName\": \"Fuzz{index}\"", RegexOptions.Multiline);
        }

        var extension = source.Kind == "Profile" ? ".profile.json" : ".json";
        return new ManifestFile($"{GeneratorHarness.ProjectDirectory}/fuzz/{index:0000}{extension}", mutator.Mutate(text), source.Kind);
    }

    private static void CheckEveryDiagnostic(ImmutableArray<Diagnostic> diagnostics, Dictionary<string, int> lengths, string where)
    {
        foreach (var diagnostic in diagnostics)
        {
            diagnostic.Id.ShouldStartWith("HH", Case.Sensitive, $"{where}: {diagnostic}");
            diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error, $"{where}: {diagnostic}");
            var path = diagnostic.Location.GetLineSpan().Path;
            lengths.ShouldContainKey(path, $"{where}: not in any file: {diagnostic}");
            diagnostic.Location.SourceSpan.End.ShouldBeLessThanOrEqualTo(lengths[path], $"{where}: past the end of the file: {diagnostic}");
        }
    }

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan().Path}{d.Location.SourceSpan} {d.GetMessage()}").OrderBy(d => d, StringComparer.Ordinal).ToList();
}
