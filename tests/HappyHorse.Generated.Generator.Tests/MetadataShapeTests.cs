using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Text.Json;
using System.Threading;
using HappyHorse.Generated.Generator.Emitting;
using HappyHorse.Generated.Generator.Reading;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// The metadata the generator writes is its model serialized under the runtime's own member names: every key of every
/// field, media, rule, price table and rate of the catalog is a public property of the runtime type that reads it.
/// </summary>
public class MetadataShapeTests
{
    [Fact]
    public void Every_key_the_generator_writes_is_a_member_the_runtime_reads()
    {
        var unknown = new List<string>();
        var fields = 0;
        foreach (var file in GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Manifest"))
        {
            var (model, diagnostics) = ManifestReader.Read(SourceText.From(file.GetText()!.ToString()), file.Path, CancellationToken.None);
            diagnostics.ShouldBeEmpty();
            using var json = JsonDocument.Parse(MetadataEmitter.Json(model!));
            Check(json.RootElement, typeof(ModelMetadataKeys), file.Path, unknown);
            foreach (var field in json.RootElement.GetProperty("fields").EnumerateArray()) fields += Field(field, file.Path, unknown);
            foreach (var operation in json.RootElement.GetProperty("operations").EnumerateArray())
            {
                if (!operation.TryGetProperty("rules", out var rules)) continue;
                foreach (var rule in rules.EnumerateArray()) Check(rule, typeof(RuleInfo), file.Path, unknown);
            }

            if (json.RootElement.TryGetProperty("pricing", out var pricing))
            {
                Check(pricing, typeof(PricingInfo), file.Path, unknown);
                foreach (var rate in pricing.GetProperty("rates").EnumerateArray()) Check(rate, typeof(RateInfo), file.Path, unknown);
            }
        }

        fields.ShouldBeGreaterThan(100);
        unknown.ShouldBeEmpty();
    }

    private static int Field(JsonElement field, string file, List<string> unknown)
    {
        Check(field, typeof(FieldInfo), file, unknown);
        field.GetProperty("kind").GetString().ShouldBeOneOf(Enum.GetNames<FieldKind>());
        if (field.TryGetProperty("role", out var role)) role.GetString().ShouldBeOneOf(Enum.GetNames<FieldRole>());
        if (field.TryGetProperty("media", out var media)) Check(media, typeof(MediaLimits), file, unknown);
        var count = 1;
        foreach (var nested in new[] { "itemFields", "variants" })
        {
            if (!field.TryGetProperty(nested, out var list)) continue;
            foreach (var inner in list.EnumerateArray()) count += Field(inner, file, unknown);
        }

        return count;
    }

    private static void Check(JsonElement element, Type reader, string file, List<string> unknown)
    {
        var names = reader.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToHashSet();
        foreach (var property in element.EnumerateObject())
        {
            if (!names.Contains(property.Name)) unknown.Add($"{file}: '{property.Name}' is no member of {reader.Name}");
        }
    }

    /// <summary>The top level of the metadata, as the runtime's reader declares it.</summary>
    private sealed class ModelMetadataKeys
    {
        public string Result { get; init; } = "";

        public object? Fields { get; init; }

        public object? Operations { get; init; }

        public object? Pricing { get; init; }
    }
}
