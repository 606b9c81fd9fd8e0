using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>The generator's consistency rules, on manifests written to break them: prompt first, no nested type named like a System type.</summary>
public class ConsistencyRuleTests
{
    private const string Manifest = """
        {
          "model": "rules-model",
          "typeName": "RulesModel",
          "profile": "gateway-videos",
          "result": "video",
          "fields": [
            { "name": "images", "type": "array", "required": true, "items": { "type": "string", "format": "url" }, "description": "Images." },
            { "name": "style", "type": "string", "required": true, "description": "A style." },
            { "name": "prompt", "type": "string", "required": true, "minLength": 1, "description": "The prompt." }
          ],
          "operations": [
            {
              "id": "first",
              "fields": [
                { "name": "media", "type": "array", "required": true, "description": "Media.",
                  "items": { "type": "object", "typeName": "FirstMedia", "fields": [
                    { "name": "type", "type": "string", "required": true, "enum": ["a", "b"], "description": "Kind." },
                    { "name": "url", "type": "string", "required": true, "format": "url", "description": "URL." } ] } }
              ]
            },
            {
              "id": "second",
              "identifiedBy": ["extra"],
              "fields": [
                { "name": "extra", "type": "string", "description": "Extra." },
                { "name": "media", "type": "array", "required": true, "description": "Media.",
                  "items": { "type": "object", "typeName": "SecondMedia", "fields": [
                    { "name": "url", "type": "string", "required": true, "format": "url", "description": "URL." },
                    { "name": "prompt", "type": "string", "required": true, "minLength": 1, "description": "A prompt." } ] } }
              ]
            }
          ]
        }
        """;

    private const string SingleOwner = """
        {
          "model": "single-owner",
          "profile": "gateway-videos",
          "result": "video",
          "fields": [ { "name": "prompt", "type": "string", "required": true, "description": "The prompt." } ],
          "operations": [
            { "id": "only", "fields": [
              { "name": "media", "type": "array", "required": true, "description": "Media.",
                "items": { "type": "object", "typeName": "Media", "fields": [
                  { "name": "type", "type": "string", "required": true, "enum": ["video", "image"], "description": "Kind." } ] } } ] }
          ]
        }
        """;

    private static SyntaxTree Generate(string json, string typeName)
    {
        var file = new ManifestFile($"{GeneratorHarness.ProjectDirectory}/rules/model.json", json, "Manifest");
        var files = GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Append(file);
        var (fromGenerator, fromCompiler, _) = GeneratorHarness.CompileStrictly(files);
        fromGenerator.ShouldBeEmpty();
        fromCompiler.Select(d => d.ToString()).ShouldBeEmpty();
        var (_, output) = GeneratorHarness.Run(files);
        return output.SyntaxTrees.Single(t => t.ToString().Contains($"public static partial class {typeName}", System.StringComparison.Ordinal));
    }

    private static string[] ParameterNames(SyntaxTree tree, string methodOrType, bool constructor = false)
    {
        var root = tree.GetRoot();
        var parameters = constructor
            ? root.DescendantNodes().OfType<ConstructorDeclarationSyntax>().First(c => c.Identifier.Text == methodOrType).ParameterList
            : root.DescendantNodes().OfType<MethodDeclarationSyntax>().First(m => m.Identifier.Text == methodOrType && m.Modifiers.Any(x => x.Text == "static")).ParameterList;
        return parameters.Parameters.Select(p => p.Identifier.Text).ToArray();
    }

    [Fact]
    public void Factories_and_constructors_take_the_prompt_first_whatever_the_manifest_order()
    {
        var tree = Generate(Manifest, "RulesModel");

        ParameterNames(tree, "First").ShouldBe(["prompt", "images", "style", "media"]);
        ParameterNames(tree, "Second").ShouldBe(["prompt", "images", "style", "media"]);
        ParameterNames(tree, "FirstRequest", constructor: true).ShouldBe(["prompt", "images", "style", "media"]);
        // The shared base, which only the operation classes call, takes their operation before the fields.
        ParameterNames(tree, "Request", constructor: true).ShouldBe(["operation", "prompt", "images", "style"]);
        ParameterNames(tree, "SecondMedia", constructor: true).ShouldBe(["prompt", "url"]);
        ParameterNames(tree, "FirstMedia", constructor: true).ShouldBe(["@type", "url"]);
    }

    [Fact]
    public void A_value_struct_named_Type_takes_its_owners_name()
    {
        var tree = Generate(SingleOwner, "SingleOwner");
        var structs = tree.GetRoot().DescendantNodes().OfType<RecordDeclarationSyntax>().Select(r => r.Identifier.Text).ToList();

        structs.ShouldContain("MediaType");
        structs.ShouldNotContain("Type");
    }

    [Fact]
    public void A_value_struct_named_Type_shared_by_several_owners_becomes_TypeValue()
    {
        // SecondMedia gets the same enumerated type field as FirstMedia, in place of its prompt.
        var shared = Manifest.Replace(
            """{ "name": "prompt", "type": "string", "required": true, "minLength": 1, "description": "A prompt." } ] } }""",
            """{ "name": "type", "type": "string", "required": true, "enum": ["a", "b"], "description": "Kind." } ] } }""",
            System.StringComparison.Ordinal);
        shared.ShouldNotBe(Manifest);
        var tree = Generate(shared, "RulesModel");
        var structs = tree.GetRoot().DescendantNodes().OfType<RecordDeclarationSyntax>().Select(r => r.Identifier.Text).ToList();

        structs.ShouldBe(["TypeValue"]);
    }
}
