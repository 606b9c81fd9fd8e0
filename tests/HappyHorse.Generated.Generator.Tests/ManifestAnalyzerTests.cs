using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// The analyzer (what the IDE shows as you type) reports exactly what the generator reports in a build, and the
/// two together never report a mistake twice.
/// </summary>
public class ManifestAnalyzerTests
{
    public static TheoryData<string> LocatedCases() => LocatedDiagnosticTests.CaseNames();

    public static TheoryData<string> SchemaBrokenFiles() => ManifestSchemaTests.BrokenFileNames();

    [Theory]
    [MemberData(nameof(LocatedCases))]
    public void The_analyzer_reports_what_the_generator_reports_for_each_located_mistake(string name)
    {
        var files = LocatedDiagnosticTests.WithProfiles(LocatedDiagnosticTests.Broken(name).File);

        Describe(GeneratorHarness.Analyze(files)).ShouldBe(Describe(GeneratorHarness.Run(files).Result.Diagnostics));
    }

    [Theory]
    [MemberData(nameof(SchemaBrokenFiles))]
    public void The_analyzer_reports_what_the_generator_reports_for_each_file_the_schema_rejects(string name)
    {
        var broken = ManifestSchemaTests.BrokenFiles[name];
        var files = broken.Kind == "Profile"
            ? new[] { new ManifestFile($"{GeneratorHarness.ProjectDirectory}/profiles/broken.profile.json", broken.Json, "Profile") }
            : GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Append(new ManifestFile($"{GeneratorHarness.ProjectDirectory}/models/broken.json", broken.Json)).ToArray();

        var fromGenerator = Describe(GeneratorHarness.Run(files).Result.Diagnostics);

        fromGenerator.ShouldNotBeEmpty();
        Describe(GeneratorHarness.Analyze(files)).ShouldBe(fromGenerator);
    }

    [Fact]
    public void The_analyzer_reports_duplicates_and_unknown_profiles_across_files_like_the_generator()
    {
        var valid = LocatedDiagnosticTests.ValidManifest;
        var files = GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Concat(new[]
        {
            new ManifestFile("/project/a.json", valid),
            new ManifestFile("/project/b.json", valid.Replace("\"AcmeVideo\"", "\"AcmeVideoB\"")),                             // same model: HH0016
            new ManifestFile("/project/c.json", valid.Replace("\"acme/video\"", "\"acme/clip\"")),                             // same type name: HH0017
            new ManifestFile("/project/d.json", valid.Replace("\"acme/video\"", "\"acme/d\"").Replace("\"AcmeVideo\"", "\"AcmeD\"").Replace("\"happyhorse-app\"", "\"happyhorse-ap\"")), // HH0010
            new ManifestFile("/project/zz.profile.json", LocatedDiagnosticTests.ValidProfile.Replace("\"HappyHorseApp\"", "\"HappyHorseApp2\""), "Profile"), // HH0018
        }).ToArray();

        var fromGenerator = Describe(GeneratorHarness.Run(files).Result.Diagnostics);

        fromGenerator.Select(d => d.Split(' ')[0]).ShouldBe(new[] { "HH0016", "HH0017", "HH0010", "HH0018" }, ignoreOrder: true);
        Describe(GeneratorHarness.Analyze(files)).ShouldBe(fromGenerator);
    }

    [Fact]
    public void The_analyzer_finds_nothing_in_the_catalog()
    {
        GeneratorHarness.Analyze(GeneratorHarness.CatalogFiles()).ShouldBeEmpty();
    }

    [Fact]
    public void The_analyzer_declares_every_descriptor_and_reports_only_those()
    {
        new ManifestAnalyzer().SupportedDiagnostics.ShouldBe(DiagnosticDescriptors.All);
    }

    [Fact]
    public void In_a_command_line_build_only_the_generator_reports_and_in_the_IDE_only_the_analyzer()
    {
        var files = LocatedDiagnosticTests.WithProfiles(LocatedDiagnosticTests.Broken("default above the maximum").File);

        GeneratorHarness.Analyze(files, designTime: false).ShouldBeEmpty();
        GeneratorHarness.Run(files).Result.Diagnostics.ShouldHaveSingleItem();

        var ide = GeneratorHarness.CreateDriver(GeneratorHarness.CatalogFiles().AddRange(files.Where(f => f.Kind == "Manifest")), designTime: true)
            .RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
        ide.Diagnostics.ShouldBeEmpty();
        ide.Results.Single().GeneratedSources.Length.ShouldBe(GeneratorHarness.CatalogFiles().Length + 1); // the valid files still generate
        GeneratorHarness.Analyze(files, designTime: true).ShouldHaveSingleItem();
    }

    /// <summary>The generator and the analyzer as a build or the IDE runs them together: every mistake appears exactly once.</summary>
    [Theory]
    [MemberData(nameof(LocatedCases))]
    public void Driver_and_analyzer_together_report_each_mistake_once_in_a_build_and_in_the_IDE(string name)
    {
        var (file, span, id) = LocatedDiagnosticTests.Broken(name);
        var files = LocatedDiagnosticTests.WithProfiles(file);

        foreach (var designTime in new[] { false, true })
        {
            GeneratorHarness.CreateDriver(files, designTime).RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation(), out var output, out var fromGenerator);
            var all = fromGenerator.Concat(GeneratorHarness.Analyze(files, designTime, output)).Where(d => d.Id.StartsWith("HH", StringComparison.Ordinal)).ToList();

            var diagnostic = all.ShouldHaveSingleItem(designTime ? "in the IDE" : "in a build");
            diagnostic.Id.ShouldBe(id);
            diagnostic.Location.SourceSpan.ShouldBe(span);
        }
    }

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics
            .Select(d => $"{d.Id} {d.Location.GetLineSpan().Path}{d.Location.SourceSpan} {d.Severity} {d.GetMessage()}")
            .OrderBy(d => d, StringComparer.Ordinal)
            .ToList();
}
