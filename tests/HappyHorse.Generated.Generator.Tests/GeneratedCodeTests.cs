using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HappyHorse.Generated.Generator.Tests;

public class GeneratedCodeTests
{
    [Theory]
    [InlineData("happyhorse-1.0-video.json")]
    [InlineData("happyhorse-app.profile.json")]
    [InlineData("dashscope.profile.json")]
    [InlineData("gateway-videos.profile.json")]
    [InlineData("HappyHorseCatalog")]
    public void Generated_source_matches_the_approved_snapshot(string hintNamePrefix)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.CatalogFiles());

        var source = result.Results.Single().GeneratedSources.Single(s => s.HintName.StartsWith(hintNamePrefix, StringComparison.Ordinal));
        source.SourceText.ToString().ShouldMatchApproved(c => c.WithDiscriminator(hintNamePrefix.Replace('.', '_')).SubFolder("Approved").NoDiff());
    }

    [Fact]
    public void Catalog_generates_without_diagnostics_and_compiles_warning_free_with_documentation_checks()
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
        var compilation = GeneratorHarness.Compilation().WithOptions(new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable,
            generalDiagnosticOption: ReportDiagnostic.Error,
            specificDiagnosticOptions: new[] { new System.Collections.Generic.KeyValuePair<string, ReportDiagnostic>("CS1591", ReportDiagnostic.Error) }));

        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.CatalogFiles()).WithUpdatedParseOptions(parse);
        driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);

        generatorDiagnostics.ShouldBeEmpty();
        var files = GeneratorHarness.CatalogFiles();
        output.SyntaxTrees.Count().ShouldBe(files.Length + 1); // one per manifest and profile, plus the catalog
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ToList();
        problems.ShouldBeEmpty();
    }

    [Fact]
    public void Hint_names_come_from_the_relative_path_and_differ_for_paths_that_sanitize_alike()
    {
        var first = HintNames.For("models/a b.json");
        var second = HintNames.For("models/a_b.json");

        first.ShouldStartWith("models_a_b.json.");
        second.ShouldStartWith("models_a_b.json.");
        first.ShouldNotBe(second);
    }
}
