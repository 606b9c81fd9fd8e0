using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HappyHorse.Generated.Generator.Tests;

public class IncrementalityTests
{
    private static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToArray();

    [Fact]
    public void Editing_an_unrelated_csharp_file_leaves_every_step_cached()
    {
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(GeneratorHarness.CatalogFiles()).RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(), CSharpSyntaxTree.ParseText("class A { int X; }", path: "Source0.cs"));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        result.TrackedSteps.Keys.Where(StepNames.Contains).OrderBy(k => k).ShouldBe(StepNames.OrderBy(k => k));
        foreach (var name in StepNames)
        {
            foreach (var output in result.TrackedSteps[name].SelectMany(step => step.Outputs))
            {
                output.Reason.ShouldBeOneOf(new[] { IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged }, name);
            }
        }

        result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs)
            .ShouldAllBe(output => output.Reason == IncrementalStepRunReason.Cached || output.Reason == IncrementalStepRunReason.Unchanged);
    }

    [Fact]
    public void Editing_one_manifest_among_several_regenerates_only_that_model()
    {
        var catalog = GeneratorHarness.CatalogFiles();
        var original = catalog.Single(f => f.Path.EndsWith("happyhorse-1.0-video.json"));
        var copies = Enumerable.Range(1, 5)
            .Select(i => new ManifestFile($"{GeneratorHarness.ProjectDirectory}/copy{i}.json", original.GetText().ToString()
                .Replace("\"happyhorse-1.0/video\"", $"\"copy-{i}/video\"")
                .Replace("\"HappyHorseVideo\"", $"\"Copy{i}Video\"")))
            .ToList();
        var files = catalog.AddRange(copies);
        var compilation = GeneratorHarness.Compilation("class A { }");
        var driver = GeneratorHarness.CreateDriver(files).RunGenerators(compilation);

        var edited = copies[2].WithText(copies[2].GetText().ToString().Replace("Text describing the video.", "Text describing the clip."));
        driver = driver.ReplaceAdditionalText(copies[2], edited);
        var result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[TrackingNames.ModelSources].SelectMany(step => step.Outputs).Select(o => o.Reason).ToList();
        reasons.Count(r => r == IncrementalStepRunReason.Modified).ShouldBe(1);
        reasons.Count(r => r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged).ShouldBe(files.Count(f => f.Kind == "Manifest") - 1);
    }
}

public class PipelineValueTests
{
    [Fact]
    public void No_pipeline_output_holds_a_symbol_compilation_or_syntax_node()
    {
        var result = GeneratorHarness.CreateDriver(GeneratorHarness.CatalogFiles())
            .RunGenerators(GeneratorHarness.Compilation("class A { }"))
            .GetRunResult().Results.Single();

        var walked = 0;
        foreach (var (name, steps) in result.TrackedSteps.Where(s => System.Array.IndexOf(TrackingNamesList.All, s.Key) >= 0))
        {
            foreach (var output in steps.SelectMany(step => step.Outputs))
            {
                walked += Walk(output.Value, name, new HashSet<object>(ReferenceEqualityComparer.Instance));
            }
        }

        walked.ShouldBeGreaterThan(100); // the walk really descended into the spec records
    }

    private static int Walk(object? value, string path, HashSet<object> seen)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value is System.Enum || !seen.Add(value)) return 0;
        (value is ISymbol or Compilation or SyntaxNode or SyntaxTree or SemanticModel).ShouldBeFalse($"{path} holds a {value.GetType().Name}");
        if (value is DiagnosticDescriptor) return 1;
        var count = 1;
        if (value is System.Collections.IEnumerable items)
        {
            var i = 0;
            foreach (var item in items) count += Walk(item, $"{path}[{i++}]", seen);
        }

        for (var type = value.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer) continue;
                count += Walk(field.GetValue(value), $"{path}.{field.Name}", seen);
            }
        }

        return count;
    }
}

internal static class TrackingNamesList
{
    public static readonly string[] All = typeof(TrackingNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!).ToArray();
}
