using System.Linq;
using Microsoft.CodeAnalysis;

namespace HappyHorse.Generated.Generator.Tests;

public class ManifestDiagnosticTests
{
    private static readonly ManifestFile Profile = GeneratorHarness.CatalogFiles().Single(f => f.Path.EndsWith("/happyhorse-app.profile.json", System.StringComparison.Ordinal));

    private static ManifestFile Manifest(string json) => new($"{GeneratorHarness.ProjectDirectory}/models/broken.json", json);

    private const string Valid = """
        {
          "model": "acme/video",
          "typeName": "AcmeVideo",
          "profile": "happyhorse-app",
          "result": "video",
          "operations": [
            {
              "id": "text-to-video",
              "fields": [
                { "name": "prompt", "type": "string", "required": true, "maxLength": 100 },
                { "name": "duration", "type": "integer", "minimum": 3, "maximum": 15, "default": 5 }
              ]
            }
          ]
        }
        """;

    [Fact]
    public void A_valid_custom_manifest_generates_its_model()
    {
        var (result, _) = GeneratorHarness.Run(new[] { Profile, Manifest(Valid) });

        result.Diagnostics.ShouldBeEmpty();
        result.Results.Single().GeneratedSources.ShouldContain(s => s.HintName.StartsWith("models_broken.json.", System.StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_json_is_reported_at_the_fault_and_generates_nothing_for_that_file()
    {
        var json = Valid.Replace("\"result\": \"video\",", "\"result\": \"video\"");

        var diagnostic = SingleDiagnostic(json, "HH0001");

        var line = diagnostic.Location.GetLineSpan();
        line.Path.ShouldBe($"{GeneratorHarness.ProjectDirectory}/models/broken.json");
        line.StartLinePosition.Line.ShouldBe(5); // the "operations" line after the missing comma, zero-based
    }

    [Fact]
    public void A_misspelt_property_is_reported_at_its_name_with_a_suggestion()
    {
        var json = Valid.Replace("\"required\": true", "\"requird\": true");

        var diagnostic = SingleDiagnostic(json, "HH0003");

        diagnostic.GetMessage().ShouldContain("did you mean 'required'?");
        var text = json.Split('\n');
        var position = diagnostic.Location.GetLineSpan().StartLinePosition;
        text[position.Line].Substring(position.Character).ShouldStartWith("\"requird\"");
    }

    [Fact]
    public void A_default_outside_its_range_is_reported_at_the_default()
    {
        var diagnostic = SingleDiagnostic(Valid.Replace("\"default\": 5", "\"default\": 20"), "HH0007");

        diagnostic.GetMessage().ShouldContain("must be between 3 and 15 (was 20)");
    }

    [Fact]
    public void An_unknown_profile_is_reported_with_the_nearest_known_id()
    {
        var diagnostic = SingleDiagnostic(Valid.Replace("\"happyhorse-app\"", "\"happyhorse-ap\""), "HH0010");

        diagnostic.GetMessage().ShouldContain("did you mean 'happyhorse-app'?");
    }

    [Fact]
    public void Every_problem_in_a_file_is_reported_at_once()
    {
        var json = Valid.Replace("\"type\": \"string\"", "\"type\": \"text\"").Replace("\"minimum\": 3", "\"minimum\": 30");

        var (result, _) = GeneratorHarness.Run(new[] { Profile, Manifest(json) });

        // Unknown type; minimum above maximum; and the default 5 now below its minimum 30.
        result.Diagnostics.Select(d => d.Id).OrderBy(id => id).ShouldBe(new[] { "HH0005", "HH0007", "HH0008" });
    }

    [Fact]
    public void A_rule_naming_a_field_the_operation_lacks_is_reported_at_that_name()
    {
        var json = Valid.Replace("\"fields\": [", "\"rules\": [ { \"kind\": \"sum\", \"field\": \"duration\", \"list\": \"shots\", \"itemField\": \"duration\" } ],\n      \"fields\": [");

        var diagnostic = SingleDiagnostic(json, "HH0015");

        diagnostic.GetMessage().ShouldBe("Operation 'text-to-video' refers to field 'shots', which it does not declare");
    }

    [Fact]
    public void An_unknown_property_inside_array_items_is_reported()
    {
        var json = Valid.Replace(
            "{ \"name\": \"prompt\", \"type\": \"string\", \"required\": true, \"maxLength\": 100 }",
            "{ \"name\": \"shots\", \"type\": \"array\", \"items\": { \"type\": \"object\", \"fieldz\": [] } }");

        var (result, _) = GeneratorHarness.Run(new[] { Profile, Manifest(json) });

        var unknown = result.Diagnostics.Single(d => d.Id == "HH0003");
        unknown.GetMessage().ShouldContain("'fieldz'; did you mean 'fields'?");
    }

    private static Diagnostic SingleDiagnostic(string json, string id)
    {
        var (result, _) = GeneratorHarness.Run(new[] { Profile, Manifest(json) });
        var diagnostic = result.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Id.ShouldBe(id);
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error);
        result.Results.Single().GeneratedSources.ShouldNotContain(s => s.HintName.StartsWith("models_broken", System.StringComparison.Ordinal));
        return diagnostic;
    }
}

public class GeneratedShapeTests
{
    [Fact]
    public void Types_without_required_fields_get_one_parameterless_constructor_and_compile()
    {
        var profile = GeneratorHarness.CatalogFiles().Single(f => f.Path.EndsWith("/happyhorse-app.profile.json", System.StringComparison.Ordinal));
        var manifest = new ManifestFile($"{GeneratorHarness.ProjectDirectory}/optional.json", """
            {
              "model": "acme/optional", "typeName": "AcmeOptional", "profile": "happyhorse-app", "result": "video",
              "operations": [ { "id": "text-to-video", "fields": [
                { "name": "seconds", "type": "integer" },
                { "name": "shots", "type": "array", "items": { "type": "object", "fields": [ { "name": "n", "type": "integer" } ] } }
              ] } ]
            }
            """);

        var (result, output) = GeneratorHarness.Run(new[] { profile, manifest });

        result.Diagnostics.ShouldBeEmpty();
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ShouldBeEmpty();
    }
}

public class UnionFieldTests
{
    private static readonly ManifestFile Profile = GeneratorHarness.CatalogFiles().Single(f => f.Path.EndsWith("/happyhorse-app.profile.json", System.StringComparison.Ordinal));

    private static string Manifest(string variants) => $$"""
        {
          "model": "acme/edit", "typeName": "AcmeEdit", "profile": "happyhorse-app", "result": "video",
          "operations": [ { "id": "video-edit", "fields": [
            { "name": "messages", "type": "array", "required": true, "items": { "type": "object", "typeName": "Message", "fields": [
              { "name": "role", "type": "string", "required": true },
              { "name": "content", "type": "oneOf", "typeName": "MessageContent", "required": true, "variants": {{variants}} }
            ] } }
          ] } ]
        }
        """;

    [Fact]
    public void A_union_of_a_string_and_a_list_of_objects_generates_code_that_compiles()
    {
        var manifest = new ManifestFile($"{GeneratorHarness.ProjectDirectory}/edit.json", Manifest("""
            [ { "name": "text", "type": "string", "maxLength": 100 },
              { "name": "parts", "type": "array", "minItems": 1, "items": { "type": "object", "typeName": "ContentPart", "fields": [
                { "name": "type", "type": "string", "required": true, "enum": ["text", "image_url"] },
                { "name": "text", "type": "string" },
                { "name": "url", "path": "image_url.url", "type": "string", "format": "url" } ] } } ]
            """));

        var (result, output) = GeneratorHarness.Run(new[] { Profile, manifest });

        result.Diagnostics.ShouldBeEmpty();
        output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).Select(d => d.ToString()).ShouldBeEmpty();
        var source = result.Results.Single().GeneratedSources.Single(s => s.HintName.StartsWith("edit.json", System.StringComparison.Ordinal)).SourceText.ToString();
        source.ShouldContain("public static implicit operator MessageContent(string value) => FromText(value);");
        source.ShouldContain("public static MessageContent FromParts(global::System.Collections.Generic.IReadOnlyList<global::HappyHorse.Generated.Models.AcmeEdit.ContentPart> value)");
    }

    [Fact]
    public void Two_variants_of_the_same_json_shape_are_an_error()
    {
        var manifest = new ManifestFile($"{GeneratorHarness.ProjectDirectory}/edit.json", Manifest("""
            [ { "name": "text", "type": "string" }, { "name": "other", "type": "string" } ]
            """));

        var (result, _) = GeneratorHarness.Run(new[] { Profile, manifest });

        result.Diagnostics.ShouldHaveSingleItem().GetMessage().ShouldContain("must have different JSON shapes");
    }
}

public class ItemTypeNameTests
{
    [Fact]
    public void Two_item_types_with_one_name_and_different_fields_are_an_error()
    {
        var profile = GeneratorHarness.CatalogFiles().Single(f => f.Path.EndsWith("/happyhorse-app.profile.json", System.StringComparison.Ordinal));
        var manifest = new ManifestFile($"{GeneratorHarness.ProjectDirectory}/items.json", """
            {
              "model": "acme/items", "typeName": "AcmeItems", "profile": "happyhorse-app", "result": "video",
              "operations": [
                { "id": "a", "fields": [ { "name": "media", "type": "array", "items": { "type": "object", "typeName": "Media", "fields": [ { "name": "url", "type": "string" } ] } } ] },
                { "id": "b", "fields": [ { "name": "media", "type": "array", "items": { "type": "object", "typeName": "Media", "fields": [ { "name": "uri", "type": "string" } ] } } ] }
              ]
            }
            """);

        var (result, _) = GeneratorHarness.Run(new[] { profile, manifest });

        result.Diagnostics.ShouldHaveSingleItem().GetMessage().ShouldBe("'Media' is already generated from another item or union type; set another 'typeName'");
    }
}

/// <summary>Mistakes the JSON Schema cannot see (they depend on other fields) that the build still reports.</summary>
public class CrossFieldManifestTests
{
    private static readonly ManifestFile Profile = GeneratorHarness.CatalogFiles().Single(f => f.Path.EndsWith("/happyhorse-app.profile.json", System.StringComparison.Ordinal));

    private static string Diagnose(string operationJson, string fieldsJson)
    {
        var manifest = new ManifestFile($"{GeneratorHarness.ProjectDirectory}/cross.json", $$"""
            { "model": "acme/x", "typeName": "AcmeX", "profile": "happyhorse-app", "result": "image",
              "fields": {{fieldsJson}},
              "operations": [ {{operationJson}} ] }
            """);
        var (result, output) = GeneratorHarness.Run(new[] { Profile, manifest });
        output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();
        return result.Diagnostics.ShouldHaveSingleItem().GetMessage();
    }

    [Fact]
    public void A_multipart_operation_takes_only_top_level_text_parts() =>
        Diagnose(
            """{ "id": "edit", "contentType": "multipart" }""",
            """[ { "name": "shots", "type": "array", "items": { "type": "object", "fields": [ { "name": "n", "type": "integer" } ] } } ]""")
        .ShouldBe("Operation 'edit' sends multipart text parts: field 'shots' must be a top-level string, number, boolean or list of strings");

    [Fact]
    public void A_multipart_operation_takes_no_nested_paths() =>
        Diagnose("""{ "id": "edit", "contentType": "multipart" }""", """[ { "name": "size", "path": "options.size", "type": "string" } ]""")
        .ShouldContain("field 'size' must be a top-level string");

    [Fact]
    public void A_mirror_copies_scalars_only() =>
        Diagnose(
            """{ "id": "edit" }""",
            """[ { "name": "tags", "type": "array", "items": { "type": "string" } }, { "name": "tags_copy", "type": "array", "items": { "type": "string" }, "mirrorOf": "tags" } ]""")
        .ShouldBe("Field 'tags_copy' mirrors 'tags', but mirrorOf copies strings, numbers and booleans only");

    [Fact]
    public void A_mirror_of_a_fixed_value_is_refused_since_it_has_no_property_to_copy() =>
        Diagnose(
            """{ "id": "edit" }""",
            """[ { "name": "mode", "type": "string", "const": "fast" }, { "name": "mode_copy", "type": "string", "mirrorOf": "mode" } ]""")
        .ShouldBe("Field 'mode_copy' mirrors 'mode', which has a fixed value: give 'mode_copy' its own 'const' instead");
}
