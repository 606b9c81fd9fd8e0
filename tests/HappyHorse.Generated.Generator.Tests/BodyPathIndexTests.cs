using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Protocol;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>List indexes in body paths (<c>instances[0].prompt</c>, as Veo's body is): read, checked, and written by generated code.</summary>
public class BodyPathIndexTests
{
    private static readonly ManifestFile Profile = GeneratorHarness.CatalogFiles().Single(f => f.Path.EndsWith("/happyhorse-app.profile.json", StringComparison.Ordinal));

    private static ManifestFile Manifest(string fields) => new($"{GeneratorHarness.ProjectDirectory}/models/indexed.json", $$"""
        {
          "model": "acme/veo",
          "typeName": "AcmeVeo",
          "profile": "happyhorse-app",
          "result": "video",
          "operations": [
            {
              "id": "text-to-video",
              "fields": [
        {{fields}}
              ]
            }
          ]
        }
        """);

    // Declared out of body order on purpose: the later item and the parameters come between the first item's fields.
    private const string VeoFields = """
                { "name": "prompt", "path": "instances[0].prompt", "type": "string", "required": true, "maxLength": 100 },
                { "name": "aspectRatio", "path": "parameters.aspectRatio", "type": "string" },
                { "name": "lastFramePrompt", "path": "instances[2].prompt", "type": "string" },
                { "name": "imageUri", "path": "instances[0].image.gcsUri", "type": "string" },
                { "name": "duration", "path": "parameters.durationSeconds", "type": "integer", "minimum": 4, "maximum": 8 }
        """;

    [Fact]
    public void Generated_code_writes_indexed_paths_as_lists_of_objects_in_index_order_as_a_json_body_request_sets_them()
    {
        var (result, generated) = GeneratorHarness.Run(new[] { Profile, Manifest(VeoFields) });
        result.Diagnostics.ShouldBeEmpty();
        var probe = CSharpSyntaxTree.ParseText("""
            public static class BodyProbe
            {
                public static HappyHorse.Generated.GenerationRequest Full() =>
                    HappyHorse.Generated.Models.AcmeVeo.TextToVideo("a horse").WithAspectRatio("16:9").WithLastFramePrompt("at dusk").WithImageUri("gs://b/horse.png").WithDuration(8);

                public static HappyHorse.Generated.GenerationRequest PromptOnly() => HappyHorse.Generated.Models.AcmeVeo.TextToVideo("a horse");
            }
            """, (CSharpParseOptions)generated.SyntaxTrees.First().Options);
        var compilation = generated.AddSyntaxTrees(probe);
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        var assembly = Load(compilation);

        var full = Request(assembly, "Full");
        var written = Written(full);

        // The item skipped by the paths ([1]) is an empty object, as ResponsePath.SetIn makes it.
        written.ShouldBe("""{"model":"acme/veo","instances":[{"prompt":"a horse","image":{"gcsUri":"gs://b/horse.png"}},{},{"prompt":"at dusk"}],"parameters":{"aspectRatio":"16:9","durationSeconds":8}}""");
        full.Validate().IsValid.ShouldBeTrue();
        Written(Request(assembly, "PromptOnly")).ShouldBe("""{"model":"acme/veo","instances":[{"prompt":"a horse"}]}""");

        // The same values set by path into an untyped body make the same JSON, and the body check reads them back.
        var body = new JsonObject();
        foreach (var (path, value) in new (string, JsonNode)[] { ("instances[0].prompt", "a horse"), ("instances[0].image.gcsUri", "gs://b/horse.png"), ("instances[2].prompt", "at dusk"), ("parameters.aspectRatio", "16:9"), ("parameters.durationSeconds", 8) })
        {
            ResponsePath.Parse(path).SetIn(body, value);
        }

        var untyped = new JsonBodyRequest(full.Operation, body);
        Written(untyped.WriteJsonBody).ShouldBe(written);
        ResponsePath.Parse("instances[0].prompt").SetIn(body, JsonValue.Create(new string('x', 101)));
        new JsonBodyRequest(full.Operation, body).Validate().Problems.ShouldHaveSingleItem().Field.ShouldBe("prompt");
    }

    [Theory]
    [InlineData("instances[0]", "ends with an index")]
    [InlineData("instances[*].prompt", "a number from 0 to 99")]
    [InlineData("instances[100].prompt", "a number from 0 to 99")]
    [InlineData("instances[00].prompt", "a number from 0 to 99")]
    [InlineData("[0].prompt", "an index must follow a name")]
    [InlineData("instances[0]prompt", "followed by '.' or another index")]
    public void A_malformed_index_is_reported_at_the_path(string path, string problem)
    {
        var diagnostics = GeneratorHarness.Run(new[] { Profile, Manifest($$"""{ "name": "prompt", "path": "{{path}}", "type": "string", "required": true }""") }).Result.Diagnostics;

        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("HH0012");
        diagnostic.GetMessage().ShouldContain(problem);
        diagnostic.Location.SourceTree.ShouldBeNull(); // an additional file, located by line
        diagnostic.Location.GetLineSpan().Path.ShouldEndWith("indexed.json");
    }

    [Fact]
    public void A_path_written_as_a_list_by_one_field_and_as_an_object_by_another_is_reported()
    {
        var diagnostics = GeneratorHarness.Run(new[] { Profile, Manifest("""
                { "name": "prompt", "path": "instances[0].prompt", "type": "string", "required": true },
                { "name": "seed", "path": "instances.seed", "type": "integer" }
        """) }).Result.Diagnostics;

        var diagnostic = diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe("HH0038");
        diagnostic.GetMessage().ShouldContain("fields 'prompt' ('instances[0].prompt') and 'seed' ('instances.seed') disagree on 'instances': one writes it as a list, the other as an object");
    }

    [Fact]
    public void A_list_field_and_a_path_into_its_items_are_the_same_place()
    {
        var diagnostics = GeneratorHarness.Run(new[] { Profile, Manifest("""
                { "name": "instances", "type": "array", "items": { "type": "string" } },
                { "name": "prompt", "path": "instances[0].prompt", "type": "string", "required": true }
        """) }).Result.Diagnostics;

        diagnostics.ShouldHaveSingleItem().Id.ShouldBe("HH0013");
    }

    private static GenerationRequest Request(Assembly assembly, string name) =>
        (GenerationRequest)assembly.GetType("BodyProbe")!.GetMethod(name)!.Invoke(null, null)!;

    private static string Written(GenerationRequest request) => Written(request.WriteJsonBody);

    private static string Written(Action<System.Text.Json.Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new System.Text.Json.Utf8JsonWriter(stream)) write(writer);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static Assembly Load(Compilation compilation)
    {
        using var image = new MemoryStream();
        compilation.WithAssemblyName("HappyHorse.Generated.Models.BodyPathIndex").Emit(image).Success.ShouldBeTrue();
        image.Position = 0;
        return new AssemblyLoadContext("body-path-index", isCollectible: true).LoadFromStream(image);
    }
}
