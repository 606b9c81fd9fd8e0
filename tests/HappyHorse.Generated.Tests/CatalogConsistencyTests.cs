using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Tests;

/// <summary>
/// Rules the whole catalog keeps, checked on every model at once (issue 13's API consistency pass): one argument
/// order, whole numbers as integers, non-empty prompts, no nested type named like a System type, and user-facing
/// text that speaks of the service rather than of the documents the catalog was written from.
/// </summary>
public sealed partial class CatalogConsistencyTests
{
    private static readonly Assembly Models = typeof(HappyHorseCatalog).Assembly;

    /// <summary>JSON names whose values are whole by meaning: a count, a random seed, a number of retries, a length in whole seconds.</summary>
    private static readonly string[] WholeNumberNames = ["seed", "duration", "retry_times", "n"];

    private static IEnumerable<Type> ModelClasses => Models.GetExportedTypes().Where(t => t.IsAbstract && t.IsSealed && t.GetField("ModelId") is not null);

    /// <summary>Every factory (static method returning a request) and every public constructor of a request or list item.</summary>
    private static IEnumerable<MethodBase> Factories =>
        ModelClasses.SelectMany(model => model.GetMethods(BindingFlags.Public | BindingFlags.Static)
                .Where(m => typeof(IGenerationRequest).IsAssignableFrom(m.ReturnType)).Cast<MethodBase>())
            .Concat(Models.GetExportedTypes().Where(t => typeof(IGenerationRequest).IsAssignableFrom(t) || typeof(IRequestPart).IsAssignableFrom(t))
                .SelectMany(t => t.GetConstructors()));

    [Fact]
    public void The_catalog_has_factories_to_check()
    {
        Factories.Count().ShouldBeGreaterThan(56);
        Factories.Count(f => f.GetParameters().Any(p => p.Name == "prompt")).ShouldBeGreaterThan(40);
    }

    [Fact]
    public void Every_factory_takes_the_prompt_first()
    {
        var late = Factories.Where(f => f.GetParameters().Skip(1).Any(p => p.Name == "prompt")).Select(Describe).ToList();

        late.ShouldBeEmpty();
    }

    [Fact]
    public void No_factory_has_a_prompt_beside_another_text_argument_it_could_be_swapped_with_unless_the_prompt_is_first()
    {
        var swappable = new List<string>();
        foreach (var factory in Factories)
        {
            var parameters = factory.GetParameters();
            for (var i = 1; i < parameters.Length; i++)
            {
                var pair = new[] { parameters[i - 1], parameters[i] };
                if (pair[0].ParameterType == typeof(string) && pair[1].ParameterType == typeof(string) && pair[1].Name == "prompt") swappable.Add(Describe(factory));
            }
        }

        swappable.ShouldBeEmpty();
    }

    [Fact]
    public void HappyHorseR2V_takes_the_prompt_before_the_reference_images_although_its_manifest_lists_them_first()
    {
        var parameters = typeof(HappyHorseR2V).GetMethod(nameof(HappyHorseR2V.ReferenceToVideo))!.GetParameters();

        parameters.Select(p => p.Name).ShouldBe(["prompt", "images"]);
    }

    [Fact]
    public void Whole_number_fields_are_integers_in_the_metadata_and_in_csharp()
    {
        var found = 0;
        foreach (var operation in HappyHorseCatalog.Operations)
        {
            foreach (var field in AllFields(operation.Fields).Where(f => WholeNumberNames.Contains(JsonName(f))))
            {
                found++;
                field.Kind.ShouldBe(FieldKind.Integer, $"{operation} {field.Name}");
            }
        }

        found.ShouldBeGreaterThan(40);
        var setters = Models.GetExportedTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.Name is "WithSeed" or "WithDuration" or "WithRetryTimes" or "WithN").ToList();
        setters.Count.ShouldBeGreaterThan(20);
        setters.Where(m => m.GetParameters()[0].ParameterType != typeof(int?) && m.GetParameters()[0].ParameterType != typeof(int))
            .Select(m => $"{m.DeclaringType!.FullName}.{m.Name}({m.GetParameters()[0].ParameterType.Name})").ShouldBeEmpty();
    }

    [Fact]
    public void Veo_retry_times_and_gateway_seeds_take_whole_numbers()
    {
        typeof(Veo31Fast.TextToVideoRequest).GetProperty(nameof(Veo31Fast.TextToVideoRequest.RetryTimes))!.PropertyType.ShouldBe(typeof(int?));
        typeof(HappyHorseT2V.TextToVideoRequest).GetProperty(nameof(HappyHorseT2V.TextToVideoRequest.Seed))!.PropertyType.ShouldBe(typeof(int?));
        typeof(Wan27T2V.TextToVideoRequest).GetProperty(nameof(Wan27T2V.TextToVideoRequest.Seed))!.PropertyType.ShouldBe(typeof(int?));
    }

    public static TheoryData<string> PromptFields()
    {
        var data = new TheoryData<string>();
        foreach (var operation in HappyHorseCatalog.Operations)
        {
            foreach (var field in operation.Fields.Where(IsPrompt)) data.Add($"{operation.ModelId}|{operation.Profile.Id}|{operation.OperationId}|{field.Name}");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(PromptFields))]
    public void Every_prompt_rejects_an_empty_string(string key)
    {
        var parts = key.Split('|');
        var operation = HappyHorseCatalog.Operations.Single(o => o.ModelId == parts[0] && o.Profile.Id == parts[1] && o.OperationId == parts[2]);
        var field = operation.FindField(parts[3]).ShouldNotBeNull();
        var body = new JsonObject();
        Set(body, field.Path, "");
        using var document = JsonDocument.Parse(body.ToJsonString());

        var problems = operation.ValidateBody(document.RootElement).Problems;

        problems.Where(p => p.Field == field.Name).ShouldHaveSingleItem($"{operation}: an empty {field.Name} is not reported").Message.ShouldContain("must not be empty");
    }

    [Fact]
    public void Gpt_image_2_refuses_an_empty_prompt_before_anything_is_sent()
    {
        var problem = GptImage2.TextToImage("").Validate().Problems.ShouldHaveSingleItem();

        problem.Field.ShouldBe("prompt");
        GptImage2.TextToImage("a red fox").Validate().IsValid.ShouldBeTrue();
    }

    [Fact]
    public void No_nested_type_is_named_like_a_System_type()
    {
        var systemNames = typeof(object).Assembly.GetExportedTypes().Where(t => t.Namespace == "System").Select(t => t.Name.Split('`')[0]).ToHashSet();
        var nested = Models.GetExportedTypes().Where(t => t.IsNested).ToList();

        nested.Count.ShouldBeGreaterThan(50);
        nested.Where(t => systemNames.Contains(t.Name.Split('`')[0])).Select(t => t.FullName).ShouldBeEmpty();
    }

    [Fact]
    public void The_DashScope_media_type_is_MediaType()
    {
        HappyHorseVideoEditDashScope.MediaType video = HappyHorseVideoEditDashScope.MediaType.Video;

        new HappyHorseVideoEditDashScope.Media(video, "https://example.com/v.mp4").Type.ShouldBe(video);
        typeof(HappyHorseVideoEditDashScope).GetNestedType("Type").ShouldBeNull();
    }

    [Theory]
    [InlineData("The seed lists no allowed values.")]
    [InlineData("the seed's table gives no item fields")]
    [InlineData("The gateway's video API (seed 000): POST /v1/videos")]
    [InlineData("Seed: JPEG/PNG/WEBP, each image at most 10MB")]
    [InlineData("as every seed example does")]
    [InlineData("both seeds agree")]
    public void The_document_reference_check_catches(string text) => DocumentReferences(text).ShouldNotBeEmpty();

    [Theory]
    [InlineData("Random seed. Optional. JSON: <c>seed</c>.")]
    [InlineData("Random seed; a fixed random seed makes results more repeatable")]
    [InlineData("The values of <c>parameters.seed</c>.")]
    [InlineData("Refer to the Seedance protocol.")]
    public void The_document_reference_check_allows_the_random_seed_field(string text) => DocumentReferences(text).ShouldBeEmpty();

    [Fact]
    public void No_description_in_the_metadata_calls_the_service_documentation_a_seed()
    {
        var texts = new List<(string Where, string Text)>();
        foreach (var operation in HappyHorseCatalog.Operations)
        {
            texts.Add(($"{operation}", operation.Description));
            texts.AddRange(operation.Rules.Select(r => ($"{operation} rule", r.Description)));
            foreach (var field in AllFields(operation.Fields))
            {
                texts.Add(($"{operation} {field.Name}", field.Description));
                if (field.Media is { } media) texts.Add(($"{operation} {field.Name} media", media.Notes));
            }
        }

        texts.Count.ShouldBeGreaterThan(400);
        texts.SelectMany(t => DocumentReferences(t.Text).Select(found => $"{t.Where}: '{found}' in \"{t.Text}\"")).Distinct().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("HappyHorse.Generated.Models.xml")]
    [InlineData("HappyHorse.Generated.Runtime.xml")]
    public void No_XML_doc_IntelliSense_shows_calls_the_service_documentation_a_seed(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, file);
        var members = XDocument.Load(path).Descendants("member").ToList();

        members.Count.ShouldBeGreaterThan(100);
        // The doc text with its markup (<c>seed</c> is the field's name), without attributes (a cref names the Seed property).
        members.SelectMany(m => DocumentReferences(Attribute().Replace(string.Concat(m.Nodes()), string.Empty)).Select(found => $"{m.Attribute("name")?.Value}: '{found}'")).Distinct().ShouldBeEmpty();
    }

    /// <summary>
    /// Where <paramref name="text"/> speaks of "the seed" meaning the documents the catalog was written from ("seed 000",
    /// "the seed's table"). The request field named seed (a random seed) is allowed: "random seed" and the field's own
    /// name in code (<c>seed</c>, <c>parameters.seed</c>).
    /// </summary>
    private static List<string> DocumentReferences(string text)
    {
        var withoutField = AllowedSeed().Replace(text, " ");
        return SeedWord().Matches(withoutField).Select(m => m.Value).ToList();
    }

    [GeneratedRegex("\\s[a-z]+=\"[^\"]*\"")]
    private static partial Regex Attribute();

    [GeneratedRegex(@"random seed|<c>(parameters\.)?seed</c>", RegexOptions.IgnoreCase)]
    private static partial Regex AllowedSeed();

    [GeneratedRegex(@"\bseed(s|'s)?\b(\s+\d{3})?", RegexOptions.IgnoreCase)]
    private static partial Regex SeedWord();

    private static bool IsPrompt(FieldInfo field) => field.IsSettable && field.Kind == FieldKind.String && field.PropertyName == "Prompt";

    private static string JsonName(FieldInfo field) => field.Path[(field.Path.LastIndexOf('.') + 1)..];

    private static IEnumerable<FieldInfo> AllFields(IEnumerable<FieldInfo> fields) =>
        fields.SelectMany(f => new[] { f }.Concat(AllFields(f.ItemFields)).Concat(AllFields(f.Variants)));

    private static void Set(JsonObject body, string path, string value)
    {
        var segments = path.Split('.');
        var node = body;
        foreach (var segment in segments[..^1])
        {
            if (node[segment] is not JsonObject inner) node[segment] = inner = new JsonObject();
            node = inner;
        }

        node[segments[^1]] = value;
    }

    private static string Describe(MethodBase method) =>
        $"{method.DeclaringType!.FullName}.{method.Name}({string.Join(", ", method.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"))})";
}
