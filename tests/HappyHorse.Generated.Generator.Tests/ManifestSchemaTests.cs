using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using HappyHorse.Generated.Generator.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Json.Schema;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// The JSON schemas in <c>manifests/schema</c> (for editors) and the generator's readers (for the build) must agree:
/// the catalog's files pass both, and every broken file here fails both.
/// </summary>
public class ManifestSchemaTests
{
    private const string ManifestSchema = "manifest.schema.json";
    private const string ProfileSchema = "profile.schema.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string SchemaDirectory => Path.Combine(GeneratorHarness.CatalogDirectory, "schema");

    private static string BrokenManifestPath => $"{GeneratorHarness.ProjectDirectory}/models/broken.json";

    private static string BrokenProfilePath => $"{GeneratorHarness.ProjectDirectory}/profiles/broken.profile.json";

    public static TheoryData<string> CatalogFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(GeneratorHarness.CatalogDirectory, "*.json").OrderBy(p => p, StringComparer.Ordinal)) data.Add(Path.GetFileName(path));
        return data;
    }

    public static TheoryData<string> SchemaFileNames() => new() { ManifestSchema, ProfileSchema };

    public static TheoryData<string> BrokenFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in BrokenFiles.Keys) data.Add(name);
        return data;
    }

    public static TheoryData<string> BuildOnlyFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in BuildOnlyBrokenFiles.Keys) data.Add(name);
        return data;
    }


    public static TheoryData<string> EdgeFileNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in EdgeFiles.Keys) data.Add(name);
        return data;
    }

    // ---------------------------------------------------------------------------------------- the catalog

    [Theory]
    [MemberData(nameof(CatalogFileNames))]
    public async Task Every_catalog_file_validates_against_the_schema_it_names(string fileName)
    {
        var path = Path.Combine(GeneratorHarness.CatalogDirectory, fileName);
        var text = File.ReadAllText(path);
        using var document = JsonDocument.Parse(text);
        document.RootElement.TryGetProperty("$schema", out var schemaReference).ShouldBeTrue($"{fileName} names no $schema");
        var expected = fileName.EndsWith(".profile.json", StringComparison.Ordinal) ? ProfileSchema : ManifestSchema;
        schemaReference.GetString().ShouldBe($"./schema/{expected}");

        Path.GetFullPath(Path.Combine(GeneratorHarness.CatalogDirectory, schemaReference.GetString()!)).ShouldBe(Path.GetFullPath(Path.Combine(SchemaDirectory, expected)));
        var errors = await Validate(expected == ProfileSchema ? "Profile" : "Manifest", text);

        errors.ShouldBeEmpty(Describe(errors));
    }

    [Theory]
    [MemberData(nameof(CatalogFileNames))]
    public void Every_catalog_file_builds_without_diagnostics(string fileName)
    {
        var (result, _) = GeneratorHarness.Run(GeneratorHarness.CatalogFiles());

        result.Diagnostics.ShouldBeEmpty();
        result.Results.Single().GeneratedSources.ShouldContain(s => s.HintName.StartsWith(fileName + ".", StringComparison.Ordinal));
    }

    // ---------------------------------------------------------------------------------------- the schemas themselves

    [Theory]
    [MemberData(nameof(SchemaFileNames))]
    public void The_schema_loads_as_draft_07(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaDirectory, fileName)));
        var root = document.RootElement;

        Schema(fileName).ShouldNotBeNull();
        var againstDraft07 = MetaSchemas.Draft7.Evaluate(root, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        againstDraft07.IsValid.ShouldBeTrue(Describe(Errors(againstDraft07)));
        root.GetProperty("$schema").GetString().ShouldBe("http://json-schema.org/draft-07/schema#");
        root.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        root.GetProperty("description").GetString().ShouldNotBeNullOrWhiteSpace();
        root.TryGetProperty("$id", out _).ShouldBeFalse(); // used by relative path from each file, never by a URL
        root.GetProperty("additionalProperties").ValueKind.ShouldBe(JsonValueKind.False);
        root.GetProperty("definitions").EnumerateObject().ShouldNotBeEmpty();
    }

    [Theory]
    [MemberData(nameof(SchemaFileNames))]
    public void Every_property_and_definition_has_a_description(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaDirectory, fileName)));
        var root = document.RootElement;
        var missing = new List<string>();
        Visit(root, "#");

        missing.ShouldBeEmpty(string.Join(Environment.NewLine, missing));

        void Visit(JsonElement schema, string at)
        {
            if (schema.ValueKind != JsonValueKind.Object) return;
            foreach (var keyword in new[] { "properties", "patternProperties", "definitions" })
            {
                if (!schema.TryGetProperty(keyword, out var map)) continue;
                foreach (var member in map.EnumerateObject())
                {
                    if (!HasDescription(member.Value)) missing.Add($"{at}/{keyword}/{member.Name}");
                    Visit(member.Value, $"{at}/{keyword}/{member.Name}");
                }
            }

            foreach (var keyword in new[] { "items", "not", "additionalProperties" })
            {
                if (schema.TryGetProperty(keyword, out var child)) Visit(child, $"{at}/{keyword}");
            }

            foreach (var keyword in new[] { "allOf", "anyOf", "oneOf" })
            {
                if (!schema.TryGetProperty(keyword, out var list)) continue;
                var i = 0;
                foreach (var child in list.EnumerateArray()) Visit(child, $"{at}/{keyword}/{i++}");
            }
        }

        bool HasDescription(JsonElement schema)
        {
            if (schema.ValueKind != JsonValueKind.Object) return false;
            if (schema.TryGetProperty("description", out var text)) return text.ValueKind == JsonValueKind.String && text.GetString()!.Trim().Length > 0;
            if (!schema.TryGetProperty("$ref", out var reference)) return false;
            var name = reference.GetString()!;
            name.ShouldStartWith("#/definitions/");
            return HasDescription(root.GetProperty("definitions").GetProperty(name.Substring("#/definitions/".Length)));
        }
    }

    [Theory]
    [MemberData(nameof(SchemaFileNames))]
    public void The_identifier_rule_is_Roslyns(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaDirectory, fileName)));
        var identifier = document.RootElement.GetProperty("definitions").GetProperty("csharpIdentifier");
        var pattern = new Regex(identifier.GetProperty("pattern").GetString()!, RegexOptions.CultureInvariant);

        // Every UTF-16 unit as a first and as a later character ("A" + c is never a keyword).
        var disagreements = new List<string>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (char.IsSurrogate((char)c)) continue;
            foreach (var candidate in new[] { ((char)c).ToString(), "A" + (char)c })
            {
                if (pattern.IsMatch(candidate) != Naming.IsIdentifier(candidate)) disagreements.Add($"U+{c:X4} in '{candidate}'");
            }
        }

        disagreements.ShouldBeEmpty(string.Join(", ", disagreements.Take(20)));

        // The keywords the schema excludes are exactly the ones Roslyn reserves.
        var roslyn = Enum.GetValues<SyntaxKind>().Select(SyntaxFacts.GetText).Where(t => t.Length > 0 && SyntaxFacts.GetKeywordKind(t) != SyntaxKind.None).Distinct().OrderBy(t => t, StringComparer.Ordinal);
        identifier.GetProperty("not").GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).OrderBy(t => t, StringComparer.Ordinal).ShouldBe(roslyn);
    }

    [Fact]
    public void The_body_path_rule_is_the_readers()
    {
        var pattern = new Regex(DefinitionPattern(ManifestSchema, "bodyPath"), RegexOptions.CultureInvariant);

        var disagreements = AllStrings("a.-_1é /\n", 5).Concat(AllStrings("a.[]01", 7)).Where(s => pattern.IsMatch(s) != (Naming.CheckBodyPath(s) is null)).ToList();

        disagreements.ShouldBeEmpty(string.Join(", ", disagreements.Take(20).Select(s => $"'{s}'")));
    }

    [Fact]
    public void The_response_path_rule_is_the_readers()
    {
        var pattern = new Regex(DefinitionPattern(ProfileSchema, "responsePath"), RegexOptions.CultureInvariant);

        var disagreements = AllStrings("a.[]0 \n", 6).Where(s => pattern.IsMatch(s) != (Naming.CheckResponsePath(s) is null)).ToList();

        disagreements.ShouldBeEmpty(string.Join(", ", disagreements.Take(20).Select(s => $"'{s}'")));
    }

    // ---------------------------------------------------------------------------------------- broken files: both say no

    [Theory]
    [MemberData(nameof(BrokenFileNames))]
    public async Task The_schema_rejects_a_broken_file(string name)
    {
        var broken = BrokenFiles[name];

        var errors = await Validate(broken.Kind, broken.Json);

        errors.ShouldNotBeEmpty();
        errors.ShouldContain(e => e.Keyword == broken.Keyword && e.Location == broken.Location, $"expected '{broken.Keyword}' at '{broken.Location}'; got:{Environment.NewLine}{Describe(errors)}");
    }

    [Theory]
    [MemberData(nameof(BrokenFileNames))]
    public void The_generator_rejects_a_broken_file(string name)
    {
        var broken = BrokenFiles[name];

        var diagnostics = Generate(broken.Kind, broken.Json, out var path, out _);

        diagnostics.ShouldContain(d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == path, "the generator accepted a file the schema rejects");
    }

    // ---------------------------------------------------------------------------------------- broken files only the build sees

    [Theory]
    [MemberData(nameof(BuildOnlyFileNames))]
    public async Task The_generator_alone_rejects_what_the_schema_cannot_express(string name)
    {
        var (json, message) = BuildOnlyBrokenFiles[name];

        var errors = await Validate("Manifest", json);
        var diagnostics = Generate("Manifest", json, out var path, out _);

        errors.ShouldBeEmpty($"the schema now rejects this file: move the case to BrokenFiles{Environment.NewLine}{Describe(errors)}");
        diagnostics.ShouldContain(
            d => d.Severity == DiagnosticSeverity.Error && d.Location.GetLineSpan().Path == path && d.GetMessage().Contains(message, StringComparison.Ordinal),
            string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString())));
    }

    // ---------------------------------------------------------------------------------------- unusual but valid files: both say yes

    /// <summary>samples/Dialects/profiles, found from the test's directory up to the repository root.</summary>
    private static string DialectProfileDirectory
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "HappyHorse.Generated.sln"))) directory = directory.Parent;
            return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("No HappyHorse.Generated.sln above the tests."), "samples", "Dialects", "profiles");
        }
    }

    public static TheoryData<string> DialectProfiles() =>
        new(Directory.GetFiles(DialectProfileDirectory, "*.profile.json").Select(Path.GetFileName).Select(f => f!));

    [Theory]
    [MemberData(nameof(DialectProfiles))]
    public async Task The_schema_and_the_generator_accept_the_dialect_profiles(string fileName)
    {
        var json = File.ReadAllText(Path.Combine(DialectProfileDirectory, fileName));

        var errors = await Validate("Profile", json);
        var diagnostics = Generate("Profile", json, out _, out _);

        errors.ShouldBeEmpty(Describe(errors));
        diagnostics.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(EdgeFileNames))]
    public async Task The_schema_accepts_an_unusual_valid_file(string name)
    {
        var (kind, json) = EdgeFiles[name];

        var errors = await Validate(kind, json);

        errors.ShouldBeEmpty(Describe(errors));
    }

    [Theory]
    [MemberData(nameof(EdgeFileNames))]
    public void The_generator_accepts_an_unusual_valid_file(string name)
    {
        var (kind, json) = EdgeFiles[name];

        var diagnostics = Generate(kind, json, out _, out var output);

        diagnostics.ShouldBeEmpty(string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString())));
        var errors = output.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        errors.ShouldBeEmpty(string.Join(Environment.NewLine, errors.Select(d => d.ToString())));
    }

    // ---------------------------------------------------------------------------------------- cases

    /// <summary>A file the schema must reject: the keyword that fails and the JSON Pointer of the value it fails at (for <c>required</c>, the object missing the property).</summary>
    internal sealed record Broken(string Kind, string Json, string Keyword, string Location);



    private const string BaseManifest = """
        {
          "$schema": "./schema/manifest.schema.json",
          "model": "acme/video",
          "typeName": "AcmeVideo",
          "profile": "happyhorse-app",
          "result": "video",
          "fields": [
            { "name": "prompt", "type": "string", "required": true, "maxLength": 100 },
            { "name": "duration", "type": "integer", "minimum": 3, "maximum": 15, "default": 5 },
            {
              "name": "shots",
              "type": "array",
              "maxItems": 4,
              "items": { "type": "object", "fields": [ { "name": "seconds", "type": "integer", "required": true, "minimum": 1 } ] }
            }
          ],
          "operations": [
            { "id": "text-to-video", "rules": [ { "kind": "sum", "field": "duration", "list": "shots", "itemField": "seconds" } ] }
          ]
        }
        """;

    private static JsonNode Field(JsonObject root, int index) => root["fields"]![index]!;

    private static JsonObject Items(JsonObject root) => root["fields"]![2]!["items"]!.AsObject();

    private static JsonObject Rule(JsonObject root) => root["operations"]![0]!["rules"]![0]!.AsObject();

    /// <summary>Replaces the base manifest's rule; the items of 'shots' get a string field 'label' for count rules to compare.</summary>
    private static void SetRule(JsonObject root, string rule)
    {
        Items(root)["fields"]!.AsArray().Add(JsonNode.Parse("""{ "name": "label", "type": "string" }"""));
        root["operations"]![0]!["rules"] = new JsonArray(JsonNode.Parse(rule));
    }

    private static void AddField(JsonObject root, params string[] fields)
    {
        foreach (var field in fields) root["fields"]!.AsArray().Add(JsonNode.Parse(field));
    }

    private const string UnionField = """
        { "name": "content", "type": "oneOf", "typeName": "MessageContent", "variants": [ { "name": "text", "type": "string" }, { "name": "parts", "type": "array", "items": { "type": "string" } } ] }
        """;

    /// <summary>Adds <see cref="UnionField"/> to the base manifest (as fields[3]) and returns it.</summary>
    private static JsonObject AddUnion(JsonObject root)
    {
        AddField(root, UnionField);
        return root["fields"]![3]!.AsObject();
    }

    /// <summary>Adds <see cref="UnionField"/> to the base manifest and returns its variant <paramref name="index"/> (0: text, a string; 1: parts, a list of strings).</summary>
    private static JsonObject Variant(JsonObject root, int index) => AddUnion(root)["variants"]![index]!.AsObject();

    /// <summary>The base manifest with <see cref="UnionField"/>, its variants replaced by <paramref name="variants"/>.</summary>
    private static string WithVariants(string variants) => Edit(BaseManifest, r => AddUnion(r)["variants"] = JsonNode.Parse(variants));

    internal static readonly Dictionary<string, Broken> BrokenFiles = new(StringComparer.Ordinal)
    {
        // The cases the format is most often broken by.
        ["unknown top-level property"] = M(r => r["modle"] = "acme/video", "additionalProperties", "/modle"),
        ["unknown property in a field"] = M(r => Field(r, 0)["requird"] = true, "additionalProperties", "/fields/0/requird"),
        ["unknown property in array items"] = M(r => Items(r)["fieldz"] = new JsonArray(), "additionalProperties", "/fields/2/items/fieldz"),
        ["field type text"] = M(r => Field(r, 0)["type"] = "text", "enum", "/fields/0/type"),
        ["missing model"] = M(r => r.Remove("model"), "required", ""),
        ["negative minItems"] = M(r => Field(r, 2)["minItems"] = -1, "minimum", "/fields/2/minItems"),
        ["poll path without task id"] = P(r => r["poll"]!["path"] = "/api/status", "pattern", "/poll/path"),
        ["enum entry that is a number"] = M(r => Field(r, 0)["enum"] = new JsonArray("short", 5), "oneOf", "/fields/0/enum/1"),

        ["required field with a default"] = M(r => Field(r, 0)["default"] = "hi", "not", "/fields/0"),

        // Once accepted by the generator alone (pinned as known gaps); both sides now reject them.
        ["minLength on a oneOf field"] = M(r => AddUnion(r)["minLength"] = 1, "not", "/fields/3/minLength"),
        ["format on a oneOf field"] = M(r => AddUnion(r)["format"] = "url", "not", "/fields/3/format"),
        ["media on a oneOf field"] = M(r => AddUnion(r)["media"] = new JsonObject { ["kind"] = "image" }, "not", "/fields/3/media"),
        ["items on a oneOf field"] = M(r => AddUnion(r)["items"] = new JsonObject { ["type"] = "string" }, "not", "/fields/3/items"),
        ["object default on a oneOf field"] = M(r => AddUnion(r)["default"] = new JsonObject { ["text"] = "hi" }, "type", "/fields/3/default"),
        ["negative credits"] = M(r => r["pricing"] = JsonNode.Parse("""{ "perSecondOf": "duration", "rates": [ { "credits": -54 } ] }"""), "minimum", "/pricing/rates/0/credits"),
        ["negative media megabytes"] = M(r => Field(r, 0)["media"] = new JsonObject { ["kind"] = "image", ["maxMegabytes"] = -10 }, "minimum", "/fields/0/media/maxMegabytes"),
        ["negative media seconds"] = M(r => Field(r, 0)["media"] = new JsonObject { ["kind"] = "video", ["minSeconds"] = -1 }, "minimum", "/fields/0/media/minSeconds"),
        // Once accepted by the generator alone; both sides now reject them.
        ["url format on an array of objects"] = M(r => Field(r, 2)["format"] = "url", "oneOf", "/fields/2"),
        ["format on an integer field"] = M(r => Field(r, 1)["format"] = "url", "oneOf", "/fields/1"),
        ["items on a string field"] = M(r => Field(r, 0)["items"] = new JsonObject { ["type"] = "string" }, "oneOf", "/fields/0"),
        ["null where a number belongs"] = M(r => Field(r, 0)["maxLength"] = null, "type", "/fields/0/maxLength"),
        ["default of numbers on a string array"] = M(r => r["fields"]!.AsArray().Add(JsonNode.Parse("""{ "name": "urls", "type": "array", "items": { "type": "string" }, "default": [1, 2] }""")), "oneOf", "/fields/3"),
        ["$schema that is not a string"] = M(r => r["$schema"] = 5, "type", "/$schema"),

        // Once accepted by the schema alone; both sides now reject them.
        ["$schema in a field that is not a string"] = M(r => Field(r, 0)["$schema"] = 5, "type", "/fields/0/$schema"),
        ["profile: negative schedule"] = P(r => r["schedule"]!["incrementSeconds"] = -1, "minimum", "/schedule/incrementSeconds"),
        ["profile: $schema in a section that is not a string"] = P(r => r["poll"]!["$schema"] = true, "type", "/poll/$schema"),

        // Manifest: the model and its operations.
        ["result audio"] = M(r => r["result"] = "audio", "enum", "/result"),
        ["missing operations"] = M(r => r.Remove("operations"), "required", ""),
        ["no operations"] = M(r => r["operations"] = new JsonArray(), "minItems", "/operations"),
        ["operation not an object"] = M(r => r["operations"] = new JsonArray("text-to-video"), "type", "/operations/0"),
        ["operation without id"] = M(r => r["operations"]![0]!.AsObject().Remove("id"), "required", "/operations/0"),
        ["unknown property in an operation"] = M(r => r["operations"]![0]!["submitpath"] = "/x", "additionalProperties", "/operations/0/submitpath"),
        ["submit path without slash"] = M(r => r["operations"]![0]!["submitPath"] = "api/x", "pattern", "/operations/0/submitPath"),
        ["identifiedBy not strings"] = M(r => r["operations"]![0]!["identifiedBy"] = new JsonArray(1), "type", "/operations/0/identifiedBy/0"),
        ["type name starting with a digit"] = M(r => r["typeName"] = "9Lives", "pattern", "/typeName"),
        ["type name that is a keyword"] = M(r => r["operations"]![0]!["typeName"] = "class", "not", "/operations/0/typeName"),
        ["title not a string"] = M(r => r["title"] = 1, "type", "/title"),
        ["operation content type form"] = M(r => r["operations"]![0]!["contentType"] = "form", "enum", "/operations/0/contentType"),
        ["identifiedBy list entry without a value"] = M(r => r["operations"]![0]!["identifiedBy"] = new JsonArray("shots[].seconds"), "pattern", "/operations/0/identifiedBy/0"),
        ["identifiedBy with '=' before '[].'"] = M(r => r["operations"]![0]!["identifiedBy"] = new JsonArray("shots=1[].seconds"), "pattern", "/operations/0/identifiedBy/0"),

        // Manifest: pricing.
        ["pricing without rates"] = M(r => r["pricing"] = JsonNode.Parse("""{ "perSecondOf": "duration" }"""), "required", "/pricing"),
        ["pricing without perSecondOf"] = M(r => r["pricing"] = JsonNode.Parse("""{ "rates": [ { "credits": 1 } ] }"""), "required", "/pricing"),
        ["unknown property in pricing"] = M(r => r["pricing"] = JsonNode.Parse("""{ "perSecondOf": "duration", "rates": [], "currency": "credits" }"""), "additionalProperties", "/pricing/currency"),
        ["unknown property in a rate"] = M(r => r["pricing"] = JsonNode.Parse("""{ "perSecondOf": "duration", "rates": [ { "credit": 1 } ] }"""), "additionalProperties", "/pricing/rates/0/credit"),
        ["rate without credits"] = M(r => r["pricing"] = JsonNode.Parse("""{ "perSecondOf": "duration", "rates": [ { "when": {} } ] }"""), "required", "/pricing/rates/0"),
        ["rate credits as text"] = M(r => r["pricing"] = JsonNode.Parse("""{ "perSecondOf": "duration", "rates": [ { "credits": "54" } ] }"""), "type", "/pricing/rates/0/credits"),
        ["rate condition on a number"] = M(r => r["pricing"] = JsonNode.Parse("""{ "perSecondOf": "duration", "rates": [ { "when": { "duration": 5 }, "credits": 1 } ] }"""), "type", "/pricing/rates/0/when/duration"),
        ["rate not an object"] = M(r => r["pricing"] = JsonNode.Parse("""{ "perSecondOf": "duration", "rates": [ 54 ] }"""), "type", "/pricing/rates/0"),

        // Manifest: rules.
        ["rule kind avg"] = M(r => r["operations"]![0]!["rules"]![0]!["kind"] = "avg", "enum", "/operations/0/rules/0/kind"),
        ["rule without itemField"] = M(r => r["operations"]![0]!["rules"]![0]!.AsObject().Remove("itemField"), "required", "/operations/0/rules/0"),
        ["unknown property in a rule"] = M(r => r["operations"]![0]!["rules"]![0]!["items"] = "shots", "additionalProperties", "/operations/0/rules/0/items"),
        ["rule kind in the wrong case"] = M(r => Rule(r)["kind"] = "Sum", "enum", "/operations/0/rules/0/kind"),
        ["sum rule with a value"] = M(r => Rule(r)["value"] = "video", "not", "/operations/0/rules/0/value"),
        ["sum rule with min"] = M(r => Rule(r)["min"] = 1, "not", "/operations/0/rules/0/min"),
        ["count rule with a field"] = M(r => SetRule(r, """{ "kind": "count", "list": "shots", "itemField": "label", "value": "wide", "max": 1, "field": "duration" }"""), "not", "/operations/0/rules/0/field"),
        ["count rule without value"] = M(r => SetRule(r, """{ "kind": "count", "list": "shots", "itemField": "label", "max": 1 }"""), "required", "/operations/0/rules/0"),
        ["count rule without min or max"] = M(r => SetRule(r, """{ "kind": "count", "list": "shots", "itemField": "label", "value": "wide" }"""), "anyOf", "/operations/0/rules/0"),
        ["count rule with a negative max"] = M(r => SetRule(r, """{ "kind": "count", "list": "shots", "itemField": "label", "value": "wide", "max": -1 }"""), "minimum", "/operations/0/rules/0/max"),
        ["count rule with a fractional min"] = M(r => SetRule(r, """{ "kind": "count", "list": "shots", "itemField": "label", "value": "wide", "min": 0.5 }"""), "type", "/operations/0/rules/0/min"),
        ["totalCount rule with a list"] = M(r => SetRule(r, """{ "kind": "totalCount", "fields": [ "prompt", "shots" ], "max": 3, "list": "shots" }"""), "not", "/operations/0/rules/0/list"),
        ["totalCount rule of one field"] = M(r => SetRule(r, """{ "kind": "totalCount", "fields": [ "shots" ], "max": 3 }"""), "minItems", "/operations/0/rules/0/fields"),
        ["totalCount rule without min or max"] = M(r => SetRule(r, """{ "kind": "totalCount", "fields": [ "prompt", "shots" ] }"""), "anyOf", "/operations/0/rules/0"),
        ["requires rule with max"] = M(r => SetRule(r, """{ "kind": "requires", "field": "duration", "fields": [ "prompt" ], "max": 1 }"""), "not", "/operations/0/rules/0/max"),
        ["requires rule with itemField"] = M(r => SetRule(r, """{ "kind": "requires", "field": "duration", "fields": [ "prompt" ], "itemField": "seconds" }"""), "not", "/operations/0/rules/0/itemField"),
        ["requires rule requiring nothing"] = M(r => SetRule(r, """{ "kind": "requires", "field": "duration", "fields": [] }"""), "minItems", "/operations/0/rules/0/fields"),
        ["requires rule without field"] = M(r => SetRule(r, """{ "kind": "requires", "fields": [ "prompt" ] }"""), "required", "/operations/0/rules/0"),
        ["rule fields not strings"] = M(r => SetRule(r, """{ "kind": "requires", "field": "duration", "fields": [ 1 ] }"""), "type", "/operations/0/rules/0/fields/0"),
        ["rule description not a string"] = M(r => Rule(r)["description"] = 1, "type", "/operations/0/rules/0/description"),

        // Manifest: fields.
        ["field not an object"] = M(r => r["fields"] = new JsonArray("prompt"), "type", "/fields/0"),
        ["field without name"] = M(r => Field(r, 0).AsObject().Remove("name"), "required", "/fields/0"),
        ["field without type"] = M(r => Field(r, 0).AsObject().Remove("type"), "required", "/fields/0"),
        ["body path with a space"] = M(r => Field(r, 0)["path"] = "input prompt", "pattern", "/fields/0/path"),
        ["body path with an empty segment"] = M(r => Field(r, 0)["path"] = "input..prompt", "pattern", "/fields/0/path"),
        ["name that is no path, without path"] = M(r => Field(r, 0)["name"] = "the prompt", "pattern", "/fields/0/name"),
        ["property name that is a keyword"] = M(r => Field(r, 0)["propertyName"] = "string", "not", "/fields/0/propertyName"),
        ["required not a boolean"] = M(r => Field(r, 0)["required"] = "yes", "type", "/fields/0/required"),
        ["maxLength not an integer"] = M(r => Field(r, 0)["maxLength"] = 10.5, "type", "/fields/0/maxLength"),
        ["maxLength beyond int"] = M(r => Field(r, 0)["maxLength"] = 3000000000L, "maximum", "/fields/0/maxLength"),
        ["format uri"] = M(r => Field(r, 0)["format"] = "uri", "enum", "/fields/0/format"),
        ["minimum on a string field"] = M(r => Field(r, 0)["minimum"] = 1, "not", "/fields/0/minimum"),
        ["minItems on a string field"] = M(r => Field(r, 0)["minItems"] = 1, "not", "/fields/0/minItems"),
        ["minLength on an integer field"] = M(r => Field(r, 1)["minLength"] = 1, "not", "/fields/1/minLength"),
        ["enum on an integer field"] = M(r => Field(r, 1)["enum"] = new JsonArray("5"), "not", "/fields/1/enum"),
        ["fractional minimum on an integer field"] = M(r => Field(r, 1)["minimum"] = 2.5, "type", "/fields/1/minimum"),
        ["default of the wrong type"] = M(r => Field(r, 1)["default"] = "five", "type", "/fields/1/default"),
        ["const of the wrong type"] = M(r => Field(r, 0)["const"] = true, "type", "/fields/0/const"),
        ["const on an array field"] = M(r => Field(r, 2)["const"] = 1, "not", "/fields/2/const"),
        ["enum that is empty"] = M(r => Field(r, 0)["enum"] = new JsonArray(), "minItems", "/fields/0/enum"),
        ["enum value listed twice"] = M(r => Field(r, 0)["enum"] = new JsonArray("short", "short"), "uniqueItems", "/fields/0/enum"),
        ["enum object without value"] = M(r => Field(r, 0)["enum"] = new JsonArray(new JsonObject { ["name"] = "Short" }), "required", "/fields/0/enum/0"),
        ["enum object with unknown property"] = M(r => Field(r, 0)["enum"] = new JsonArray(new JsonObject { ["value"] = "short", ["title"] = "Short" }), "additionalProperties", "/fields/0/enum/0/title"),
        ["enum member name that is no identifier"] = M(r => Field(r, 0)["enum"] = new JsonArray(new JsonObject { ["value"] = "16:9", ["name"] = "16x9" }), "pattern", "/fields/0/enum/0/name"),
        ["lengthUnit on an integer field"] = M(r => Field(r, 1)["lengthUnit"] = "cjkDouble", "not", "/fields/1/lengthUnit"),
        ["lengthUnit on an array field"] = M(r => Field(r, 2)["lengthUnit"] = "character", "not", "/fields/2/lengthUnit"),
        ["lengthUnit bytes"] = M(r => Field(r, 0)["lengthUnit"] = "bytes", "enum", "/fields/0/lengthUnit"),
        ["media on a boolean field"] = M(r => AddField(r, """{ "name": "loud", "type": "boolean", "media": { "kind": "audio" } }"""), "not", "/fields/3/media"),
        ["media on an integer field"] = M(r => Field(r, 1)["media"] = new JsonObject { ["kind"] = "video" }, "not", "/fields/1/media"),
        ["media on an array of objects"] = M(r => Field(r, 2)["media"] = new JsonObject { ["kind"] = "image" }, "not", "/fields/2/media"),
        ["media kind document"] = M(r => Field(r, 0)["media"] = new JsonObject { ["kind"] = "document" }, "enum", "/fields/0/media/kind"),
        ["media without kind"] = M(r => Field(r, 0)["media"] = new JsonObject { ["formats"] = new JsonArray("png") }, "required", "/fields/0/media"),
        ["media not an object"] = M(r => Field(r, 0)["media"] = "image", "type", "/fields/0/media"),
        ["unknown property in media"] = M(r => Field(r, 0)["media"] = new JsonObject { ["kind"] = "image", ["maxMB"] = 10 }, "additionalProperties", "/fields/0/media/maxMB"),
        ["media formats not strings"] = M(r => Field(r, 0)["media"] = new JsonObject { ["kind"] = "image", ["formats"] = new JsonArray(3) }, "type", "/fields/0/media/formats/0"),
        ["media side fractional"] = M(r => Field(r, 0)["media"] = new JsonObject { ["kind"] = "image", ["minSide"] = 0.5 }, "type", "/fields/0/media/minSide"),
        ["media side negative"] = M(r => Field(r, 0)["media"] = new JsonObject { ["kind"] = "image", ["maxSide"] = -1 }, "minimum", "/fields/0/media/maxSide"),
        ["media seconds as text"] = M(r => Field(r, 0)["media"] = new JsonObject { ["kind"] = "video", ["maxSeconds"] = "10" }, "type", "/fields/0/media/maxSeconds"),
        ["media in a nested field on an integer"] = M(r => Items(r)["fields"]![0]!["media"] = new JsonObject { ["kind"] = "image" }, "not", "/fields/2/items/fields/0/media"),
        ["mirrorOf with required"] = M(r => AddField(r, """{ "name": "prompt_copy", "type": "string", "mirrorOf": "prompt", "required": false }"""), "not", "/fields/3/required"),
        ["mirrorOf with default"] = M(r => AddField(r, """{ "name": "duration_copy", "type": "integer", "mirrorOf": "duration", "default": 5 }"""), "not", "/fields/3/default"),
        ["mirrorOf with const"] = M(r => AddField(r, """{ "name": "duration_text", "type": "string", "mirrorOf": "duration", "const": "5" }"""), "not", "/fields/3/const"),
        ["mirrorOf not a string"] = M(r => AddField(r, """{ "name": "duration_copy", "type": "integer", "mirrorOf": 1 }"""), "type", "/fields/3/mirrorOf"),

        // Manifest: oneOf fields and their variants.
        ["oneOf without typeName"] = M(r => AddUnion(r).Remove("typeName"), "required", "/fields/3"),
        ["oneOf type name that is a keyword"] = M(r => AddUnion(r)["typeName"] = "string", "not", "/fields/3/typeName"),
        ["oneOf without variants"] = M(r => AddUnion(r).Remove("variants"), "required", "/fields/3"),
        ["oneOf with one variant"] = M(r => AddUnion(r)["variants"]!.AsArray().RemoveAt(1), "minItems", "/fields/3/variants"),
        ["oneOf variants not an array"] = M(r => AddUnion(r)["variants"] = new JsonObject(), "type", "/fields/3/variants"),
        ["oneOf with const"] = M(r => AddUnion(r)["const"] = "hi", "not", "/fields/3/const"),
        ["oneOf with enum"] = M(r => AddUnion(r)["enum"] = new JsonArray("hi"), "not", "/fields/3/enum"),
        ["oneOf mirroring a string"] = M(r => AddUnion(r)["mirrorOf"] = "prompt", "not", "/fields/3/mirrorOf"),
        ["oneOf with one variant, in array items"] = M(
            r => Items(r)["fields"]!.AsArray().Add(JsonNode.Parse("""{ "name": "note", "type": "oneOf", "typeName": "Note", "variants": [ { "name": "text", "type": "string" } ] }""")),
            "minItems",
            "/fields/2/items/fields/1/variants"),
        ["variant with required"] = M(r => Variant(r, 0)["required"] = true, "not", "/fields/3/variants/0/required"),
        ["variant with enum"] = M(r => Variant(r, 0)["enum"] = new JsonArray("hi", "bye"), "not", "/fields/3/variants/0/enum"),
        ["variant with path"] = M(r => Variant(r, 0)["path"] = "content", "not", "/fields/3/variants/0/path"),
        ["variant with default"] = M(r => Variant(r, 0)["default"] = "hi", "not", "/fields/3/variants/0/default"),
        ["variant with const"] = M(r => Variant(r, 0)["const"] = "hi", "not", "/fields/3/variants/0/const"),
        ["variant with errorCode"] = M(r => Variant(r, 1)["errorCode"] = "BAD_PARTS", "not", "/fields/3/variants/1/errorCode"),
        ["variant with mirrorOf"] = M(r => Variant(r, 0)["mirrorOf"] = "prompt", "not", "/fields/3/variants/0/mirrorOf"),
        ["variant that is itself a oneOf"] = M(r => Variant(r, 0)["type"] = "oneOf", "enum", "/fields/3/variants/0/type"),
        ["variant with typeName"] = M(r => Variant(r, 0)["typeName"] = "Text", "not", "/fields/3/variants/0/typeName"),
        ["variant not an object"] = M(r => AddUnion(r)["variants"]![1] = "parts", "type", "/fields/3/variants/1"),
        ["variant without name"] = M(r => Variant(r, 0).Remove("name"), "required", "/fields/3/variants/0"),
        ["variant without type"] = M(r => Variant(r, 0).Remove("type"), "required", "/fields/3/variants/0"),
        ["variant name that is no path"] = M(r => Variant(r, 0)["name"] = "plain text", "pattern", "/fields/3/variants/0/name"),
        ["unknown property in a variant"] = M(r => Variant(r, 0)["maxLenght"] = 10, "additionalProperties", "/fields/3/variants/0/maxLenght"),
        ["minimum on a string variant"] = M(r => Variant(r, 0)["minimum"] = 1, "not", "/fields/3/variants/0/minimum"),
        ["maxLength on an array variant"] = M(r => Variant(r, 1)["maxLength"] = 1, "not", "/fields/3/variants/1/maxLength"),
        ["array variant without items"] = M(r => Variant(r, 1).Remove("items"), "required", "/fields/3/variants/1"),
        ["variants on a string field"] = M(r => Field(r, 0)["variants"] = JsonNode.Parse("""[ { "name": "a", "type": "string" }, { "name": "b", "type": "integer" } ]"""), "not", "/fields/0/variants"),
        ["typeName on a string field"] = M(r => Field(r, 0)["typeName"] = "Prompt", "not", "/fields/0/typeName"),
        ["typeName on an array field"] = M(r => Field(r, 2)["typeName"] = "Shot", "not", "/fields/2/typeName"),

        // Manifest: array fields and their items, at every depth.
        ["array without items"] = M(r => Field(r, 2).AsObject().Remove("items"), "required", "/fields/2"),
        ["items not an object"] = M(r => Field(r, 2)["items"] = "object", "type", "/fields/2/items"),
        ["items of type number"] = M(r => Items(r)["type"] = "number", "enum", "/fields/2/items/type"),
        ["object items without fields"] = M(r => Items(r).Remove("fields"), "required", "/fields/2/items"),
        ["object items with no fields"] = M(r => Items(r)["fields"] = new JsonArray(), "minItems", "/fields/2/items/fields"),
        ["item type name that is no identifier"] = M(r => Items(r)["typeName"] = "Shot Item", "pattern", "/fields/2/items/typeName"),
        ["string items with format uri"] = M(r => Field(r, 2)["items"] = new JsonObject { ["type"] = "string", ["format"] = "uri" }, "enum", "/fields/2/items/format"),
        ["unknown property in a nested field"] = M(r => Items(r)["fields"]![0]!["minimun"] = 1, "additionalProperties", "/fields/2/items/fields/0/minimun"),
        ["field type text, two levels deep"] = M(
            r => Items(r)["fields"]!.AsArray().Add(JsonNode.Parse("""{ "name": "takes", "type": "array", "items": { "type": "object", "fields": [ { "name": "note", "type": "text" } ] } }""")),
            "enum",
            "/fields/2/items/fields/1/items/fields/0/type"),

        // Profile.
        ["profile: unknown top-level property"] = P(r => r["pol"] = new JsonObject(), "additionalProperties", "/pol"),
        ["profile: unknown property in a section"] = P(r => r["status"]!["ignorecase"] = true, "additionalProperties", "/status/ignorecase"),
        ["profile: missing id"] = P(r => r.Remove("id"), "required", ""),
        ["profile: missing schedule"] = P(r => r.Remove("schedule"), "required", ""),
        ["profile: property name with a dash"] = P(r => r["propertyName"] = "Happy-Horse", "pattern", "/propertyName"),
        ["profile: http base url"] = P(r => r["defaultBaseUrl"] = "http://happyhorse.app", "pattern", "/defaultBaseUrl"),
        ["profile: relative base url"] = P(r => r["defaultBaseUrl"] = "happyhorse.app", "pattern", "/defaultBaseUrl"),
        ["profile: submit method PATCH"] = P(r => r["submit"]!["method"] = "PATCH", "enum", "/submit/method"),
        ["profile: submit path without slash"] = P(r => r["submit"]!["path"] = "api/generate", "pattern", "/submit/path"),
        ["profile: poll path without slash"] = P(r => r["poll"]!["path"] = "api/status/{task_id}", "pattern", "/poll/path"),
        ["profile: content type xml"] = P(r => r["submit"]!["contentType"] = "xml", "enum", "/submit/contentType"),
        ["profile: no model field and no {model} in the path"] = P(r => r["submit"]!.AsObject().Remove("modelField"), "pattern", "/submit/path"),
        ["profile: {task_id} in the submit path"] = P(r => r["submit"]!["path"] = "/api/{task_id}", "pattern", "/submit/path"),
        ["profile: auth header with a space"] = P(r => r["auth"] = JsonNode.Parse("""{ "header": "Api Key" }"""), "pattern", "/auth/header"),
        ["profile: auth without header"] = P(r => r["auth"] = JsonNode.Parse("""{ "prefix": "Key " }"""), "required", "/auth"),
        ["profile: unknown task id kind"] = P(r => r["taskIdKind"] = "url", "enum", "/taskIdKind"),
        ["profile: queue position path with an empty segment"] = P(r => r["queuePosition"] = new JsonArray("queue..position"), "pattern", "/queuePosition/0"),
        ["profile: presence means an unknown state"] = P(r => r["status"]!["presence"] = JsonNode.Parse("""[{ "path": "error", "means": "broken" }]"""), "enum", "/status/presence/0/means"),
        ["profile: presence rule without a path"] = P(r => r["status"]!["presence"] = JsonNode.Parse("""[{ "means": "failed" }]"""), "required", "/status/presence/0"),
        ["profile: otherwise not a waiting state"] = P(r => { r["status"]!["presence"] = JsonNode.Parse("""[{ "path": "done", "means": "succeeded" }]"""); r["status"]!["otherwise"] = "succeeded"; }, "enum", "/status/otherwise"),
        ["profile: result fetch path without the task id"] = P(r => r["result"]!["fetch"] = JsonNode.Parse("""{ "method": "GET", "path": "/result" }"""), "pattern", "/result/fetch/path"),
        ["profile: result file without the task id"] = P(r => r["result"]!["file"] = "/v1/content", "pattern", "/result/file"),
        ["profile: result credentials not a boolean"] = P(r => r["result"]!["credentials"] = "yes", "type", "/result/credentials"),
        ["profile: result path with a bad wildcard"] = P(r => r["result"]!["urls"] = new JsonArray("data[**].url"), "pattern", "/result/urls/0"),
        ["profile: header value not a string"] = P(r => r["submit"]!["headers"] = new JsonObject { ["X-Async"] = 1 }, "type", "/submit/headers/X-Async"),
        ["profile: no task id path"] = P(r => r["taskId"] = new JsonArray(), "minItems", "/taskId"),
        ["profile: response path with an empty segment"] = P(r => r["status"]!["paths"] = new JsonArray("data..status"), "pattern", "/status/paths/0"),
        ["profile: response path with a bad index"] = P(r => r["result"]!["urls"] = new JsonArray("data.urls[first]"), "pattern", "/result/urls/0"),
        ["profile: response path ending with a dot"] = P(r => r["failureMessage"] = new JsonArray("data."), "pattern", "/failureMessage/0"),
        ["profile: status words not strings"] = P(r => r["status"]!["failed"] = new JsonArray(3), "type", "/status/failed/0"),
        ["profile: missing succeeded"] = P(r => r["status"]!.AsObject().Remove("succeeded"), "required", "/status"),
        ["profile: envelope without success"] = P(r => r["envelope"]!.AsObject().Remove("success"), "required", "/envelope"),
        ["profile: missing validation code"] = P(r => r["error"]!.AsObject().Remove("validationCode"), "required", "/error"),
        ["profile: error rule with an unknown outcome"] = P(r => r["errorCodes"]![0]!["means"] = "banned", "enum", "/errorCodes/0/means"),
        ["profile: status rule on an empty value"] = P(r => r["status"]!["presence"] = JsonNode.Parse("""[{ "path": "error_type", "equals": "", "means": "canceled" }]"""), "minLength", "/status/presence/0/equals"),
        ["profile: progress on another scale"] = P(r => r["progressScale"] = 10, "enum", "/progressScale"),
        ["profile: a missing result that means success"] = P(r => r["result"]!["whenMissing"] = "succeeded", "enum", "/result/whenMissing"),
        ["profile: status URL path not a list"] = P(r => r["poll"]!["urlFrom"] = "status_url", "type", "/poll/urlFrom"),
        ["profile: submit answerIsStatus not a boolean"] = P(r => r["submit"]!["answerIsStatus"] = "yes", "type", "/submit/answerIsStatus"),
        ["profile: auth query that is no parameter name"] = P(r => r["auth"] = JsonNode.Parse("""{ "query": "a key" }"""), "pattern", "/auth/query"),
        ["profile: http 302"] = P(r => r["errorCodes"]![0]!["http"] = 302, "minimum", "/errorCodes/0/http"),
        ["profile: http 600"] = P(r => r["errorCodes"]![0]!["http"] = 600, "maximum", "/errorCodes/0/http"),
        ["profile: error code without http"] = P(r => r["errorCodes"]![0]!.AsObject().Remove("http"), "required", "/errorCodes/0"),
        ["profile: error code without code"] = P(r => r["errorCodes"]![0]!.AsObject().Remove("code"), "required", "/errorCodes/0"),
        ["profile: schedule seconds as text"] = P(r => r["schedule"]!["deadlineSeconds"] = "900", "type", "/schedule/deadlineSeconds"),
        ["profile: cancel path without task id"] = P(r => r["cancel"] = JsonNode.Parse("""{ "method": "POST", "path": "/api/cancel" }"""), "pattern", "/cancel/path"),
        ["profile: cancel path without slash"] = P(r => r["cancel"] = JsonNode.Parse("""{ "method": "POST", "path": "api/cancel/{task_id}" }"""), "pattern", "/cancel/path"),
        ["profile: cancel method PATCH"] = P(r => r["cancel"] = JsonNode.Parse("""{ "method": "PATCH", "path": "/api/tasks/{task_id}" }"""), "enum", "/cancel/method"),
        ["profile: cancel without method"] = P(r => r["cancel"] = JsonNode.Parse("""{ "path": "/api/tasks/{task_id}/cancel" }"""), "required", "/cancel"),
        ["profile: unknown property in cancel"] = P(r => r["cancel"] = JsonNode.Parse("""{ "method": "POST", "path": "/api/tasks/{task_id}/cancel", "headers": {} }"""), "additionalProperties", "/cancel/headers"),
        ["profile: cancel not an object"] = P(r => r["cancel"] = "/api/tasks/{task_id}/cancel", "type", "/cancel"),
    };

    internal static readonly Dictionary<string, (string Kind, string Json)> EdgeFiles = new(StringComparer.Ordinal)
    {
        ["comments and $schema in every object"] = ("Manifest", """
            {
              "$schema": "./schema/manifest.schema.json",
              "$comment": "top",
              "$comment-2": { "any": "value" },
              "model": "acme/video",
              "profile": "happyhorse-app",
              "result": "image",
              "fields": [
                {
                  "$comment": "a field",
                  "$schema": "ignored",
                  "name": "style",
                  "type": "string",
                  "required": true,
                  "enum": [ "plain", { "$comment": "an enum value", "value": "16:9", "name": "Wide" } ]
                },
                {
                  "name": "parts",
                  "type": "array",
                  "items": { "$comment": "items", "type": "object", "fields": [ { "name": "weight", "type": "number", "required": true } ] }
                },
                { "name": "total", "type": "number" }
              ],
              "operations": [
                { "$comment": "an operation", "id": "make", "rules": [ { "$comment": "a rule", "kind": "sum", "field": "total", "list": "parts", "itemField": "weight" } ] }
              ]
            }
            """),
        ["arrays of objects three levels deep"] = ("Manifest", """
            {
              "model": "acme/story",
              "profile": "happyhorse-app",
              "result": "video",
              "operations": [
                {
                  "id": "story",
                  "fields": [
                    {
                      "name": "scenes",
                      "type": "array",
                      "required": true,
                      "minItems": 0,
                      "maxItems": 0,
                      "items": {
                        "type": "object",
                        "typeName": "Scene",
                        "description": "A scene",
                        "fields": [
                          {
                            "name": "shots",
                            "type": "array",
                            "required": true,
                            "items": {
                              "type": "object",
                              "fields": [
                                { "name": "frames", "type": "array", "items": { "type": "string", "format": "url" }, "required": true, "maxItems": 2 },
                                { "name": "camera", "type": "string", "format": "url", "minLength": 0 }
                              ]
                            }
                          }
                        ]
                      }
                    }
                  ]
                }
              ]
            }
            """),
        ["every field type with its own limits"] = ("Manifest", """
            {
              "model": "acme/all",
              "typeName": "Ünïcødé",
              "profile": "happyhorse-app",
              "result": "video",
              "fields": [
                { "name": "input.text", "propertyName": "Text", "type": "string", "required": true, "minLength": 1, "maxLength": 10, "errorCode": "BAD" },
                { "name": "a b", "path": "a_b", "propertyName": "AB", "type": "string", "const": "fixed" },
                { "name": "count", "type": "integer", "minimum": -5, "maximum": 5, "default": 0, "const": 1 },
                { "name": "scale", "type": "number", "minimum": 0.25, "maximum": 1e2, "default": 0.5 },
                { "name": "loud", "type": "boolean", "default": false, "const": true, "required": false },
                { "name": "urls", "type": "array", "format": "url", "items": { "type": "string" }, "default": [ "https://a.example" ] }
              ],
              "operations": [ { "id": "one", "typeName": "One", "description": "d", "submitPath": "/v1/one", "identifiedBy": [ "count" ] } ]
            }
            """),
        ["every format v1 feature"] = ("Manifest", """
            {
              "$schema": "./schema/manifest.schema.json",
              "model": "acme/everything",
              "typeName": "AcmeEverything",
              "profile": "happyhorse-app",
              "result": "video",
              "pricing": {
                "$comment": "per second of output",
                "perSecondOf": "duration",
                "description": "11 credits/s for pro with sound, 10.5 for pro, 0 otherwise",
                "rates": [
                  { "when": { "mode": "pro", "sound": true }, "credits": 11 },
                  { "$comment": "pro, silent", "when": { "mode": "pro" }, "credits": 10.5 },
                  { "when": {}, "credits": 0 }
                ]
              },
              "fields": [
                { "name": "prompt", "type": "string", "required": true, "maxLength": 5000, "lengthUnit": "cjkDouble" },
                { "name": "negative_prompt", "type": "string", "minLength": 0, "lengthUnit": "character" },
                { "name": "mode", "type": "string", "enum": [ "pro", "std" ], "default": "std" },
                { "name": "sound", "type": "boolean", "default": false },
                { "name": "duration", "type": "integer", "minimum": 1, "maximum": 20, "default": 5 },
                { "name": "seconds", "type": "string", "mirrorOf": "duration", "description": "The duration again, as text." }
              ],
              "operations": [
                {
                  "id": "mixed",
                  "identifiedBy": [ "media[].type=video", "audio_url", "media[].type=" ],
                  "fields": [
                    { "name": "audio_url", "type": "string", "format": "url", "media": { "kind": "audio", "formats": [ "mp3", "WAV" ], "maxMegabytes": 15, "minSeconds": 0.5, "maxSeconds": 30, "notes": "Mono or stereo." } },
                    { "name": "image_url", "type": "string", "format": "url", "media": { "$comment": "an image", "kind": "image", "formats": [ "jpeg", "png" ], "maxMegabytes": 10, "minSide": 300, "maxSide": 4096 } },
                    { "name": "extra_images", "type": "array", "items": { "type": "string", "format": "url" }, "maxItems": 8, "media": { "kind": "image", "formats": [] } },
                    {
                      "name": "media",
                      "type": "array",
                      "items": {
                        "type": "object",
                        "fields": [
                          { "name": "type", "type": "string", "required": true, "enum": [ "image", "video" ] },
                          { "name": "url", "type": "string", "required": true, "format": "url", "media": { "kind": "video", "formats": [ "mp4" ], "maxSeconds": 10 } },
                          { "name": "seconds", "type": "integer", "minimum": 1 },
                          { "name": "caption", "type": "string", "maxLength": 20, "lengthUnit": "cjkDouble" }
                        ]
                      }
                    },
                    { "name": "mode_copy", "path": "input.mode", "type": "string", "mirrorOf": "mode" },
                    { "name": "prompt_copy", "path": "input.prompt", "type": "string", "mirrorOf": "prompt" }
                  ],
                  "rules": [
                    { "kind": "sum", "field": "duration", "list": "media", "itemField": "seconds", "description": "The items' seconds add up to the duration.", "errorCode": "BAD_DURATION" },
                    { "kind": "count", "list": "media", "itemField": "type", "value": "video", "min": 1, "max": 1, "description": "Exactly one video." },
                    { "kind": "count", "list": "media", "itemField": "type", "value": "image", "max": 3 },
                    { "kind": "totalCount", "fields": [ "image_url", "extra_images" ], "max": 9, "errorCode": "TOO_MANY_IMAGES" },
                    { "kind": "totalCount", "fields": [ "prompt", "image_url", "media" ], "min": 1, "max": 2147483647 },
                    { "$comment": "audio needs an image", "kind": "requires", "field": "audio_url", "fields": [ "image_url" ] },
                    { "kind": "requires", "field": "media", "fields": [ "prompt", "negative_prompt" ], "description": "Media needs both prompts." }
                  ]
                },
                {
                  "id": "form",
                  "contentType": "multipart",
                  "submitPath": "/v1/form",
                  "identifiedBy": [ "image_url" ],
                  "fields": [
                    { "name": "image_url", "type": "string", "required": true, "media": { "kind": "image" } },
                    { "name": "reference_urls", "type": "array", "items": { "type": "string" }, "media": { "kind": "video", "minSeconds": 0, "maxSeconds": 5 } },
                    { "name": "strength", "type": "number", "minimum": 0, "maximum": 1 },
                    { "name": "strength_text", "type": "string", "mirrorOf": "strength" },
                    { "name": "image_url_copy", "type": "string", "mirrorOf": "image_url" },
                    { "name": "loop", "type": "boolean" },
                    { "name": "loop_copy", "type": "boolean", "mirrorOf": "loop" },
                    { "name": "fixed", "type": "integer", "const": 2 }
                  ],
                  "rules": [ { "kind": "requires", "field": "strength", "fields": [ "reference_urls" ] } ]
                },
                { "id": "plain", "contentType": "json" }
              ]
            }
            """),
        ["oneOf fields"] = ("Manifest", """
            {
              "$schema": "./schema/manifest.schema.json",
              "model": "acme/chat-edit",
              "typeName": "AcmeChatEdit",
              "profile": "happyhorse-app",
              "result": "video",
              "fields": [
                {
                  "$comment": "a string or a list of parts, at most one of each shape",
                  "name": "messages",
                  "type": "array",
                  "required": true,
                  "minItems": 1,
                  "items": {
                    "type": "object",
                    "typeName": "Message",
                    "fields": [
                      { "name": "role", "type": "string", "const": "user" },
                      {
                        "name": "content",
                        "type": "oneOf",
                        "typeName": "MessageContent",
                        "required": true,
                        "errorCode": "BAD_CONTENT",
                        "description": "The text, or parts with images.",
                        "variants": [
                          { "$comment": "plain text", "name": "text", "type": "string", "minLength": 1, "maxLength": 100, "lengthUnit": "cjkDouble", "description": "The instruction." },
                          {
                            "name": "parts",
                            "type": "array",
                            "minItems": 1,
                            "maxItems": 4,
                            "items": {
                              "type": "object",
                              "typeName": "ContentPart",
                              "description": "One part.",
                              "fields": [
                                { "name": "type", "type": "string", "required": true, "enum": [ "text", "image_url" ] },
                                { "name": "text", "type": "string" },
                                { "name": "image_url", "path": "image_url.url", "type": "string", "format": "url", "media": { "kind": "image", "formats": [ "png" ], "maxMegabytes": 10 } },
                                { "name": "weight", "type": "oneOf", "typeName": "PartWeight", "variants": [ { "name": "level", "type": "integer", "minimum": 0, "maximum": 9 }, { "name": "auto", "type": "boolean" } ] }
                              ]
                            }
                          }
                        ]
                      }
                    ]
                  }
                },
                {
                  "name": "input.source",
                  "propertyName": "Source",
                  "type": "oneOf",
                  "typeName": "Source",
                  "default": "https://a.example/default.mp4",
                  "variants": [
                    { "name": "url", "type": "string", "format": "url", "media": { "kind": "video", "formats": [ "mp4" ], "maxSeconds": 10 } },
                    { "name": "urls", "propertyName": "Playlist", "type": "array", "maxItems": 3, "items": { "type": "string", "format": "url" }, "media": { "kind": "video" } },
                    { "name": "frame_rate", "type": "number", "minimum": 0.5, "maximum": 60 },
                    { "name": "loop", "type": "boolean" }
                  ]
                },
                { "name": "seed", "path": "options.seed", "type": "oneOf", "typeName": "Seed", "variants": [ { "name": "fixed", "type": "integer" }, { "name": "words", "type": "array", "items": { "type": "string" } } ] }
              ],
              "operations": [
                {
                  "id": "edit",
                  "identifiedBy": [ "messages" ],
                  "rules": [ { "kind": "requires", "field": "seed", "fields": [ "input.source" ] } ]
                }
              ]
            }
            """),
        ["a profile with only what it must have"] = ("Profile", """
            {
              "id": "minimal",
              "submit": { "method": "PUT", "path": "/", "contentType": "multipart", "modelField": "model", "headers": { "X-Async": "enable" } },
              "poll": { "method": "POST", "path": "/{task_id}" },
              "taskId": [ "[0]" ],
              "status": { "paths": [ "items[0].state" ], "succeeded": [], "failed": [] },
              "result": { "urls": [ "output[0][1]", "a.[2]", "a[0]b" ] },
              "error": { "code": [ "error.code" ], "message": [ "error message" ], "validationCode": "", "unknownModelCode": "" },
              "schedule": { "firstDelaySeconds": 0.5, "incrementSeconds": 0, "maxDelaySeconds": 1e1, "deadlineSeconds": 60 }
            }
            """),
        ["a profile with every optional part"] = ("Profile", """
            {
              "$schema": "./schema/profile.schema.json",
              "$comment": "all of it",
              "id": "full",
              "propertyName": "Full",
              "description": "Everything",
              "defaultBaseUrl": "HTTPS://api.example.com:8443/v2/?x=1#y",
              "submit": { "$comment": "s", "method": "POST", "path": "/submit", "contentType": "json", "modelField": "model" },
              "poll": { "method": "GET", "path": "/status/{task_id}?verbose=1" },
              "cancel": { "$comment": "c", "method": "PUT", "path": "/{task_id}" },
              "taskId": [ "id", "data.id" ],
              "status": { "paths": [ "status" ], "ignoreCase": true, "queued": [ "queued" ], "running": [ "running" ], "succeeded": [ "done" ], "failed": [ "failed" ], "canceled": [ "canceled" ], "expired": [ "gone" ] },
              "progress": [ "progress" ],
              "result": { "urls": [ "urls" ], "base64": [ "data.b64" ] },
              "failureMessage": [ "error.message" ],
              "envelope": { "codePath": "code", "success": [] },
              "error": { "code": [ "code" ], "message": [ "message" ], "requestId": [ "request_id" ], "validationCode": "INVALID", "unknownModelCode": "NO_MODEL" },
              "errorCodes": [ { "http": 400, "code": "INVALID" }, { "$comment": "upper bound", "http": 599, "code": "ODD", "description": "Odd." } ],
              "schedule": { "firstDelaySeconds": 1, "incrementSeconds": 1, "maxDelaySeconds": 5, "deadlineSeconds": 30 }
            }
            """),
    };

    /// <summary>
    /// Mistakes JSON Schema cannot express (they compare variants, or types, with each other), so only the build
    /// reports them: the file, and part of the diagnostic's message.
    /// </summary>
    private static readonly Dictionary<string, (string Json, string Message)> BuildOnlyBrokenFiles = new(StringComparer.Ordinal)
    {
        ["two string variants"] = (WithVariants("""[ { "name": "text", "type": "string" }, { "name": "url", "type": "string", "format": "url" } ]"""), "The variants of 'content' must have different JSON shapes"),
        ["an integer and a number variant"] = (WithVariants("""[ { "name": "count", "type": "integer" }, { "name": "ratio", "type": "number" } ]"""), "The variants of 'content' must have different JSON shapes"),
        ["a list of strings and a list of objects"] = (
            WithVariants("""[ { "name": "urls", "type": "array", "items": { "type": "string" } }, { "name": "parts", "type": "array", "items": { "type": "object", "fields": [ { "name": "url", "type": "string" } ] } } ]"""),
            "The variants of 'content' must have different JSON shapes"),
        ["two variants of one name"] = (
            WithVariants("""[ { "name": "text", "type": "string" }, { "name": "text", "type": "boolean" } ]"""),
            "the member 'Text' of field 'Text' collides with another member"),
        ["a variant named like its oneOf type"] = (
            WithVariants("""[ { "name": "message_content", "type": "string" }, { "name": "parts", "type": "array", "items": { "type": "string" } } ]"""),
            "the member 'MessageContent' of field 'MessageContent' collides with another member"),
        ["a variant named like a member of the oneOf type"] = (
            WithVariants("""[ { "name": "visit_fields", "type": "string" }, { "name": "parts", "type": "array", "items": { "type": "string" } } ]"""),
            "the member 'VisitFields' of field 'VisitFields' collides with another member"),
        ["two oneOf types of one name"] = (
            Edit(BaseManifest, r => AddField(r, UnionField, """{ "name": "caption", "type": "oneOf", "typeName": "MessageContent", "variants": [ { "name": "text", "type": "string" }, { "name": "lines", "type": "integer" } ] }""")),
            "'MessageContent' is already generated from another item or union type"),
    };

    private static Broken M(Action<JsonObject> edit, string keyword, string location) => new("Manifest", Edit(BaseManifest, edit), keyword, location);

    private static Broken P(Action<JsonObject> edit, string keyword, string location) =>
        new("Profile", Edit(File.ReadAllText(Path.Combine(GeneratorHarness.CatalogDirectory, "happyhorse-app.profile.json")), edit), keyword, location);

    private static string Edit(string json, Action<JsonObject> edit)
    {
        var root = JsonNode.Parse(json)!.AsObject();
        edit(root);
        return root.ToJsonString(Indented);
    }

    // ---------------------------------------------------------------------------------------- helpers

    /// <summary>One failed keyword: which, at what JSON Pointer of the file, and the validator's message.</summary>
    internal sealed record SchemaError(string Keyword, string Location, string EvaluationPath, string Message);

    private static readonly ConcurrentDictionary<string, JsonSchema> Schemas = new(StringComparer.Ordinal);

    /// <summary>The schema file, built once (each in its own registry, so its file URI is registered once).</summary>
    private static JsonSchema Schema(string fileName) =>
        Schemas.GetOrAdd(fileName, name => JsonSchema.FromFile(Path.Combine(SchemaDirectory, name), new BuildOptions { SchemaRegistry = new SchemaRegistry() }));

    private static string DefinitionPattern(string fileName, string definition)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SchemaDirectory, fileName)));
        return document.RootElement.GetProperty("definitions").GetProperty(definition).GetProperty("pattern").GetString()!;
    }

    private static Task<IReadOnlyList<SchemaError>> Validate(string kind, string json)
    {
        using var document = JsonDocument.Parse(json);
        var results = Schema(kind == "Profile" ? ProfileSchema : ManifestSchema).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.Hierarchical });
        return Task.FromResult(Errors(results));
    }

    /// <summary>
    /// Every keyword that made the file fail, from the hierarchical output walked only through failed nodes (a branch of
    /// <c>anyOf</c> may fail on purpose without failing the file). The output names the failed keyword for simple
    /// keywords; a failed <c>not</c>, <c>anyOf</c> or <c>oneOf</c> shows as the pattern of its subschemas' results.
    /// </summary>
    private static IReadOnlyList<SchemaError> Errors(EvaluationResults results)
    {
        var errors = new List<SchemaError>();
        Visit(results);
        return errors;

        void Visit(EvaluationResults node)
        {
            if (node.IsValid) return;
            var location = node.InstanceLocation.ToString();
            var path = node.EvaluationPath.ToString();
            // A value failing the schema 'false' (as under additionalProperties: false) has no keyword of its own: the one that applied it is named.
            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>()) errors.Add(new SchemaError(keyword.Length > 0 ? keyword : Segments(node)[^1], location, path, message));

            var children = node.Details ?? Enumerable.Empty<EvaluationResults>();
            foreach (var child in children.Where(c => c.IsValid && Segments(c)[^1] == "not")) errors.Add(new SchemaError("not", child.InstanceLocation.ToString(), path, "the value matches a schema it must not"));
            foreach (var branches in children.Where(c => Segments(c).Length >= 2 && Segments(c)[^2] is "anyOf" or "oneOf").GroupBy(c => Segments(c)[^2]))
            {
                var valid = branches.Count(c => c.IsValid);
                if (branches.Key == "anyOf" ? valid == 0 : valid != 1) errors.Add(new SchemaError(branches.Key, location, path, $"{valid} of its {branches.Count()} schemas match"));
            }

            foreach (var child in children) Visit(child);
        }

        static string[] Segments(EvaluationResults node) => node.EvaluationPath.ToString().Split('/');
    }

    /// <summary>Runs the generator on one file as a build would (a manifest with the catalog's profiles beside it); <paramref name="output"/> is the compilation with the generated code.</summary>
    private static IReadOnlyList<Diagnostic> Generate(string kind, string json, out string path, out Compilation output)
    {
        path = kind == "Profile" ? BrokenProfilePath : BrokenManifestPath;
        var files = kind == "Profile"
            ? new[] { new ManifestFile(path, json, "Profile") }
            : GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Append(new ManifestFile(path, json)).ToArray();
        (var result, output) = GeneratorHarness.Run(files);
        return result.Diagnostics;
    }

    private static string Describe(IEnumerable<SchemaError> errors) =>
        string.Join(Environment.NewLine, errors.Select(e => $"'{e.Keyword}' at '{e.Location}' ({e.EvaluationPath}): {e.Message}"));

    /// <summary>Every string of up to <paramref name="maxLength"/> characters from <paramref name="alphabet"/>.</summary>
    private static IEnumerable<string> AllStrings(string alphabet, int maxLength)
    {
        var level = new List<string> { string.Empty };
        for (var length = 0; length <= maxLength; length++)
        {
            foreach (var s in level) yield return s;
            level = level.SelectMany(s => alphabet.Select(c => s + c)).ToList();
        }
    }
}
