using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// Each diagnostic id has a page under docs/diagnostics (its help link when the build names the repository), the page's
/// wrong examples really produce that id and its fixed examples nothing, and the release-tracking files list exactly
/// the descriptors.
/// </summary>
public class DiagnosticDocumentationTests
{
    private static string DocsDirectory => Path.Combine(AppContext.BaseDirectory, "docs", "diagnostics");

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.All) data.Add(descriptor.Id);
        return data;
    }

    [Fact]
    public void The_descriptors_are_numbered_without_gaps_in_one_category_and_all_are_listed()
    {
        DiagnosticDescriptors.All.Select(d => d.Id).ShouldBe(Enumerable.Range(1, DiagnosticDescriptors.All.Length).Select(i => $"HH{i:0000}"));
        DiagnosticDescriptors.All.ShouldAllBe(d => d.Category == DiagnosticDescriptors.Category && d.DefaultSeverity == DiagnosticSeverity.Error && d.IsEnabledByDefault);

        DiagnosticDescriptors.UsageDiagnostics.Select(d => d.Id).ShouldBe(Enumerable.Range(1001, DiagnosticDescriptors.UsageDiagnostics.Length).Select(i => $"HH{i}"));
        DiagnosticDescriptors.UsageDiagnostics.ShouldAllBe(d => d.Category == DiagnosticDescriptors.UsageCategory && d.DefaultSeverity == DiagnosticSeverity.Error && d.IsEnabledByDefault);

        var declared = typeof(DiagnosticDescriptors).GetFields().Where(f => f.FieldType == typeof(DiagnosticDescriptor)).Select(f => (DiagnosticDescriptor)f.GetValue(null)!);
        DiagnosticDescriptors.All.Concat(DiagnosticDescriptors.UsageDiagnostics).ShouldBe(declared, ignoreOrder: true);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_descriptor_links_to_its_page_and_the_page_explains_it(string id)
    {
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);

        descriptor.HelpLinkUri.ShouldBeEmpty(); // no relative link a consumer could not open
        DiagnosticDescriptors.WithHelpLink(descriptor, "https://github.com/acme/hh").HelpLinkUri.ShouldBe($"https://github.com/acme/hh/blob/main/docs/diagnostics/{id}.md");
        var path = Path.Combine(DocsDirectory, $"{id}.md");
        File.Exists(path).ShouldBeTrue($"{id} has no page at docs/diagnostics/{id}.md");
        var page = File.ReadAllText(path);
        page.ShouldStartWith($"# {id}: {descriptor.Title}\n");
        page.ShouldContain("**Where it is reported:**");
        page.ShouldContain("\n## Wrong\n");
        page.ShouldContain("\n## Fixed\n");
    }

    [Fact]
    public void Every_manifest_descriptor_has_its_own_wording_and_none_is_a_bare_placeholder()
    {
        // A format that is only placeholders lets one id stand for any mistake (as HH0006's "{0}" once did).
        var words = DiagnosticDescriptors.All.ToDictionary(d => d.Id, d => Regex.Replace(d.MessageFormat.ToString(), "\\{[0-9]+\\}", string.Empty).Trim());
        words.Where(w => !w.Value.Any(char.IsLetter)).Select(w => w.Key).ShouldBeEmpty();
        DiagnosticDescriptors.All.Select(d => d.MessageFormat.ToString()).ShouldBeUnique();
        DiagnosticDescriptors.All.Select(d => d.Title.ToString()).ShouldBeUnique();

        // The usage diagnostics read "{model} {operation}: {field} {problem}" in the run-time's own words (LimitText), so
        // their formats are placeholders by design, but never a single one that would let one id carry any text.
        DiagnosticDescriptors.UsageDiagnostics.ShouldAllBe(d => d.MessageFormat.ToString() != "{0}");
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("docs/", "")] // a relative path is no link a consumer could open
    [InlineData("https://github.com/acme/hh", "https://github.com/acme/hh/blob/main/docs/diagnostics/HH0008.md")]
    [InlineData(" https://git.example.com/acme/hh/ ", "https://git.example.com/acme/hh/blob/main/docs/diagnostics/HH0008.md")]
    public void A_manifest_mistake_links_to_its_page_only_when_the_build_names_the_repository(string? repositoryUrl, string expected)
    {
        var manifest = new ManifestFile($"{GeneratorHarness.ProjectDirectory}/models/m.json", """
            { "model": "acme/video", "profile": "happyhorse-app", "result": "video",
              "fields": [ { "name": "duration", "type": "integer", "minimum": 9, "maximum": 3 } ],
              "operations": [ { "id": "text-to-video" } ] }
            """);
        var files = GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Append(manifest).ToList();

        var fromGenerator = GeneratorHarness.CreateDriver(files, repositoryUrl: repositoryUrl).RunGenerators(GeneratorHarness.Compilation()).GetRunResult().Diagnostics;
        var fromAnalyzer = GeneratorHarness.Analyze(files, designTime: true, repositoryUrl: repositoryUrl);

        fromGenerator.ShouldHaveSingleItem().Descriptor.HelpLinkUri.ShouldBe(expected);
        fromAnalyzer.ShouldHaveSingleItem().Descriptor.HelpLinkUri.ShouldBe(expected);
        fromGenerator.Single().Id.ShouldBe("HH0008");
    }

    [Fact]
    public void Every_page_belongs_to_a_descriptor_and_the_index_lists_every_page()
    {
        var pages = Directory.GetFiles(DocsDirectory, "HH*.md").Select(Path.GetFileNameWithoutExtension);
        pages.ShouldBe(DiagnosticDescriptors.All.Concat(DiagnosticDescriptors.UsageDiagnostics).Select(d => d.Id), ignoreOrder: true);

        var index = File.ReadAllText(Path.Combine(DocsDirectory, "README.md"));
        foreach (var descriptor in DiagnosticDescriptors.All.Concat(DiagnosticDescriptors.UsageDiagnostics)) index.ShouldContain($"[{descriptor.Id}]({descriptor.Id}.md) | {descriptor.Title} |");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_pages_wrong_example_causes_the_diagnostic_and_its_fixed_example_builds_clean(string id)
    {
        var page = File.ReadAllText(Path.Combine(DocsDirectory, $"{id}.md"));
        var wrong = Examples(Section(page, "Wrong"));
        var fixedFiles = Examples(Section(page, "Fixed"));
        if (id == DiagnosticDescriptors.InternalError.Id)
        {
            wrong.ShouldBeEmpty("no manifest should cause a generator fault");
            return;
        }

        wrong.ShouldNotBeEmpty();
        var reported = Diagnose(wrong);
        reported.ShouldNotBeEmpty($"the wrong example of {id} builds clean");
        reported.ShouldAllBe(d => d.Id == id, string.Join(Environment.NewLine, reported));
        Diagnose(fixedFiles).ShouldBeEmpty();
    }

    public static TheoryData<string> UsageIds()
    {
        var data = new TheoryData<string>();
        foreach (var descriptor in DiagnosticDescriptors.UsageDiagnostics) data.Add(descriptor.Id);
        return data;
    }

    [Theory]
    [MemberData(nameof(UsageIds))]
    public async System.Threading.Tasks.Task A_usage_pages_wrong_code_causes_the_diagnostic_and_its_fixed_code_does_not(string id)
    {
        var descriptor = DiagnosticDescriptors.UsageDiagnostics.Single(d => d.Id == id);
        descriptor.HelpLinkUri.ShouldBeEmpty();
        descriptor.Category.ShouldBe(DiagnosticDescriptors.UsageCategory);
        var page = File.ReadAllText(Path.Combine(DocsDirectory, $"{id}.md"));
        page.ShouldStartWith($"# {id}: {descriptor.Title}\n");

        var wrong = await ConstantArgumentAnalyzerTests.Analyze(Code(Section(page, "Wrong")));
        var right = await ConstantArgumentAnalyzerTests.Analyze(Code(Section(page, "Fixed")));

        wrong.ShouldHaveSingleItem().Id.ShouldBe(id);
        right.ShouldBeEmpty();
    }

    private static string Code(string section)
    {
        var start = section.IndexOf("```csharp\n", StringComparison.Ordinal) + "```csharp\n".Length;
        return section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
    }

    [Fact]
    public void The_release_tracking_files_list_exactly_the_descriptors()
    {
        var rows = new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" }
            .SelectMany(name => File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "generator", name)))
            .Select(line => line.Split('|').Select(cell => cell.Trim()).ToArray())
            .Where(cells => cells.Length == 4 && Regex.IsMatch(cells[0], "^HH[0-9]{4}$"))
            .Select(cells => (Id: cells[0], Category: cells[1], Severity: cells[2], Title: cells[3]))
            .ToList();

        rows.Select(r => r.Id).ShouldBeUnique();
        rows.ShouldBe(
            DiagnosticDescriptors.All.Concat(DiagnosticDescriptors.UsageDiagnostics).Select(d => (d.Id, d.Category, d.DefaultSeverity.ToString(), d.Title.ToString())),
            ignoreOrder: true);
    }

    private static string Section(string page, string heading)
    {
        var start = page.IndexOf($"\n## {heading}\n", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no '## {heading}' section");
        var end = page.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return end < 0 ? page.Substring(start) : page.Substring(start, end - start);
    }

    /// <summary>The section's ```json blocks, each named by a preceding "File `name`:" line or numbered.</summary>
    private static List<ManifestFile> Examples(string section)
    {
        var files = new List<ManifestFile>();
        foreach (Match block in Regex.Matches(section, "(?:File `(?<name>[^`]+)`:\\s*\\n\\s*)?```json\\n(?<json>.*?)\\n```", RegexOptions.Singleline))
        {
            var name = block.Groups["name"].Success ? block.Groups["name"].Value : $"models/example{files.Count + 1}.json";
            var kind = name.EndsWith(".profile.json", StringComparison.Ordinal) ? "Profile" : "Manifest";
            files.Add(new ManifestFile($"{GeneratorHarness.ProjectDirectory}/{name}", block.Groups["json"].Value, kind));
        }

        return files;
    }

    private static IReadOnlyList<Diagnostic> Diagnose(IEnumerable<ManifestFile> examples)
    {
        var files = GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Concat(examples).ToList();
        return GeneratorHarness.Run(files).Result.Diagnostics;
    }
}
