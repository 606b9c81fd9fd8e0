using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>Mistakes only visible with every file at hand: duplicates across files. The first file by path wins; the later one is reported and generates nothing.</summary>
public class CrossFileDiagnosticTests
{
    private static readonly ManifestFile[] Profiles = GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").ToArray();

    private static ManifestFile Manifest(string path, string model, string? typeName = null, string profile = "happyhorse-app") =>
        new($"{GeneratorHarness.ProjectDirectory}/{path}", LocatedDiagnosticTests.ValidManifest
            .Replace("\"acme/video\"", $"\"{model}\"")
            .Replace("  \"typeName\": \"AcmeVideo\",\n", typeName is null ? string.Empty : $"  \"typeName\": \"{typeName}\",\n")
            .Replace("\"happyhorse-app\"", $"\"{profile}\""));

    private static ManifestFile Profile(string path, string id, string? propertyName = null) =>
        new($"{GeneratorHarness.ProjectDirectory}/{path}", LocatedDiagnosticTests.ValidProfile
            .Replace("\"id\": \"happyhorse-app\"", $"\"id\": \"{id}\"")
            .Replace("\"propertyName\": \"HappyHorseApp\"", $"\"propertyName\": \"{propertyName ?? "HappyHorseApp"}\""), "Profile");

    private static (IReadOnlyList<Diagnostic> Diagnostics, string[] HintNames) Run(params ManifestFile[] files)
    {
        var (result, output) = GeneratorHarness.Run(files);
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty("what is generated must still compile");
        return (result.Diagnostics, result.Results.Single().GeneratedSources.Select(s => s.HintName).ToArray());
    }

    /// <summary>The span of the first occurrence of <paramref name="value"/> in <paramref name="file"/>.</summary>
    private static Microsoft.CodeAnalysis.Text.TextSpan SpanOf(ManifestFile file, string value) =>
        new(file.GetText().ToString().IndexOf(value, StringComparison.Ordinal), value.Length);

    [Fact]
    public void The_same_model_of_the_same_profile_in_two_files_is_reported_at_the_later_files_model_id()
    {
        var first = Manifest("a/video.json", "acme/video", "AcmeVideo");
        var later = Manifest("b/video.json", "acme/video", "AcmeVideoAgain");

        // Listed later-first: the order of the build's list must not matter, only the paths.
        var (diagnostics, hintNames) = Run(Profiles.Append(later).Append(first).ToArray());

        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("HH0016");
        diagnostic.GetMessage().ShouldBe("Model 'acme/video' of profile 'happyhorse-app' is already defined in 'a/video.json'; this file generates no code");
        diagnostic.Location.GetLineSpan().Path.ShouldBe(later.Path);
        diagnostic.Location.SourceSpan.ShouldBe(SpanOf(later, "\"acme/video\""));
        hintNames.ShouldContain(h => h.StartsWith("a_video.json.", StringComparison.Ordinal));
        hintNames.ShouldNotContain(h => h.StartsWith("b_video.json.", StringComparison.Ordinal));
    }

    [Fact]
    public void One_model_id_served_by_two_dialects_is_not_a_duplicate()
    {
        var app = Manifest("app.json", "acme/video", "AcmeVideoApp", profile: "happyhorse-app");
        var dashscope = Manifest("dashscope.json", "acme/video", "AcmeVideoDashScope", profile: "dashscope");

        var (diagnostics, hintNames) = Run(Profiles.Append(app).Append(dashscope).ToArray());

        diagnostics.ShouldBeEmpty();
        hintNames.Count(h => h.StartsWith("app.json.", StringComparison.Ordinal) || h.StartsWith("dashscope.json.", StringComparison.Ordinal)).ShouldBe(2);
    }

    [Fact]
    public void Two_models_with_one_type_name_are_reported_at_the_later_files_type_name()
    {
        var first = Manifest("a.json", "acme/video", "AcmeVideo");
        var later = Manifest("b.json", "acme/clip", "AcmeVideo");

        var (diagnostics, hintNames) = Run(Profiles.Append(later).Append(first).ToArray());

        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("HH0017");
        diagnostic.GetMessage().ShouldBe("'AcmeVideo' is already generated from 'a.json'; set another 'typeName'");
        diagnostic.Location.SourceSpan.ShouldBe(SpanOf(later, "\"AcmeVideo\""));
        hintNames.ShouldNotContain(h => h.StartsWith("b.json.", StringComparison.Ordinal));
    }

    [Fact]
    public void A_type_name_derived_from_the_model_id_is_reported_at_the_model_id()
    {
        var first = Manifest("a.json", "acme/video");   // AcmeVideo
        var later = Manifest("b.json", "acme-video");   // AcmeVideo too

        var (diagnostics, _) = Run(Profiles.Append(first).Append(later).ToArray());

        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("HH0017");
        diagnostic.Location.GetLineSpan().Path.ShouldBe(later.Path);
        diagnostic.Location.SourceSpan.ShouldBe(SpanOf(later, "\"acme-video\""));
    }

    [Fact]
    public void A_copied_file_is_one_mistake_reported_once()
    {
        var first = Manifest("a.json", "acme/video", "AcmeVideo");
        var copy = new ManifestFile($"{GeneratorHarness.ProjectDirectory}/z-copy.json", first.GetText().ToString());

        var (diagnostics, _) = Run(Profiles.Append(copy).Append(first).ToArray());

        diagnostics.ShouldHaveSingleItem().Id.ShouldBe("HH0016"); // not also HH0017 for the same type name
        diagnostics[0].Location.GetLineSpan().Path.ShouldBe(copy.Path);
    }

    [Fact]
    public void A_model_may_not_take_the_name_of_a_class_the_generator_emits()
    {
        var manifest = Manifest("catalog.json", "acme/video", "HappyHorseCatalog");

        var (result, _) = GeneratorHarness.Run(Profiles.Append(manifest));

        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("HH0017");
        diagnostic.Location.SourceSpan.ShouldBe(SpanOf(manifest, "\"HappyHorseCatalog\""));
    }

    [Fact]
    public void The_same_profile_id_in_two_files_is_reported_at_the_later_files_id_and_models_still_bind()
    {
        var later = Profile("zz/happyhorse-app.profile.json", "happyhorse-app", "HappyHorseAppCopy");
        var model = Manifest("model.json", "acme/video", "AcmeVideo");

        var (diagnostics, hintNames) = Run(Profiles.Prepend(later).Append(model).ToArray());

        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("HH0018");
        diagnostic.GetMessage().ShouldBe("Profile 'happyhorse-app' is already defined in 'happyhorse-app.profile.json'; this file generates no code");
        diagnostic.Location.SourceSpan.ShouldBe(SpanOf(later, "\"happyhorse-app\""));
        hintNames.ShouldNotContain(h => h.StartsWith("zz_", StringComparison.Ordinal));
        hintNames.ShouldContain(h => h.StartsWith("model.json.", StringComparison.Ordinal));
    }

    [Fact]
    public void Two_profiles_with_one_property_name_are_reported_at_the_later_property_name()
    {
        var later = Profile("zz.profile.json", "happyhorse-app-2", "HappyHorseApp");

        var (diagnostics, _) = Run(Profiles.Append(later).ToArray());

        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("HH0017");
        diagnostic.GetMessage().ShouldBe("'HappyHorseProfiles.HappyHorseApp' is already generated from 'happyhorse-app.profile.json'; set another 'propertyName'");
        diagnostic.Location.SourceSpan.ShouldBe(SpanOf(later, "\"HappyHorseApp\""));
    }

    [Fact]
    public void Files_with_one_name_in_folders_outside_the_project_get_different_hint_names()
    {
        var outside1 = new ManifestFile("/shared/one/video.json", Manifest("x", "acme/one", "AcmeOne").GetText().ToString());
        var outside2 = new ManifestFile("/shared/two/video.json", Manifest("x", "acme/two", "AcmeTwo").GetText().ToString());

        var (diagnostics, hintNames) = Run(Profiles.Append(outside1).Append(outside2).ToArray());

        diagnostics.ShouldBeEmpty();
        hintNames.ShouldContain(h => h.StartsWith(".._shared_one_video.json.", StringComparison.Ordinal));
        hintNames.ShouldContain(h => h.StartsWith(".._shared_two_video.json.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/project", "/project/models/a.json", "models/a.json")]
    [InlineData("/project/", "/project/a.json", "a.json")]
    [InlineData("/project", "/shared/a.json", "../shared/a.json")]
    [InlineData("/work/project", "/work/other/x/a.json", "../other/x/a.json")]
    [InlineData(@"C:\src\project", @"C:\src\project\m\a.json", "m/a.json")]
    [InlineData(@"C:\src\project", @"D:\m\a.json", "D:/m/a.json")]
    [InlineData("", "/anywhere/a.json", "/anywhere/a.json")]
    public void Relative_paths_are_unique_per_file(string projectDirectory, string path, string expected) =>
        InputFile.RelativeTo(projectDirectory, path).ShouldBe(expected);

    [Fact]
    public void Renaming_a_model_into_a_duplicate_stops_only_that_model_and_keeps_the_others_cached()
    {
        var files = Profiles.Concat(Enumerable.Range(1, 4).Select(i => Manifest($"m{i}.json", $"acme/m{i}", $"AcmeM{i}"))).ToArray();
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);

        var m3 = files.Single(f => f.Path.EndsWith("/m3.json", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(m3, m3.WithText(m3.GetText().ToString().Replace("\"acme/m3\"", "\"acme/m1\"")));
        var run = driver.RunGenerators(compilation).GetRunResult();

        run.Diagnostics.ShouldHaveSingleItem().Id.ShouldBe("HH0016");
        run.Results.Single().GeneratedSources.ShouldNotContain(s => s.HintName.StartsWith("m3.json.", StringComparison.Ordinal));
        var reasons = run.Results.Single().TrackedSteps[TrackingNames.ModelSources].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        reasons.ShouldAllBe(r => r == IncrementalStepRunReason.Cached || r == IncrementalStepRunReason.Unchanged || r == IncrementalStepRunReason.Removed);
        reasons.Count(r => r == IncrementalStepRunReason.Removed).ShouldBe(1);
    }

    [Fact]
    public void An_edit_that_keeps_the_ids_leaves_the_model_index_and_every_other_binding_untouched()
    {
        var files = Profiles.Concat(Enumerable.Range(1, 4).Select(i => Manifest($"m{i}.json", $"acme/m{i}", $"AcmeM{i}"))).ToArray();
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);

        var m2 = files.Single(f => f.Path.EndsWith("/m2.json", StringComparison.Ordinal));
        driver = driver.ReplaceAdditionalText(m2, m2.WithText(m2.GetText().ToString().Replace("\"maximum\": 15", "\"maximum\": 12")));
        var steps = driver.RunGenerators(compilation).GetRunResult().Results.Single().TrackedSteps;

        steps[TrackingNames.ModelIndex].SelectMany(s => s.Outputs).Select(o => o.Reason).ShouldAllBe(r => r == IncrementalStepRunReason.Unchanged || r == IncrementalStepRunReason.Cached);
        var bindings = steps[TrackingNames.BoundModels].SelectMany(s => s.Outputs).Select(o => o.Reason).ToList();
        bindings.Count(r => r == IncrementalStepRunReason.Modified).ShouldBe(1);
        bindings.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged).ShouldBe(3);
    }
}
