using System.Linq;
using System.Text;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>An enumeration past a thousand values is data: its typed value keeps every value but gets no member per value.</summary>
public class HugeEnumTests
{
    private static ManifestFile Manifest(int values)
    {
        var json = new StringBuilder("""{ "model": "acme/styles", "profile": "happyhorse-app", "result": "video", "operations": [ { "id": "text-to-video", "fields": [ { "name": "prompt", "type": "string", "required": true }, { "name": "style", "type": "string", "enum": [""");
        json.Append(string.Join(", ", Enumerable.Range(0, values).Select(i => $"\"s{i:D5}\"")));
        json.Append("] } ] } ] }");
        return new ManifestFile("/project/models/styles.json", json.ToString());
    }

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1001, false)]
    public void A_value_gets_a_member_up_to_a_thousand_values(int values, bool members)
    {
        var (fromGenerator, fromCompiler, result) = GeneratorHarness.CompileStrictly(GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Append(Manifest(values)));

        fromGenerator.ShouldBeEmpty();
        fromCompiler.ShouldBeEmpty();
        var source = result.GeneratedSources.Single(s => s.HintName.StartsWith("models_styles.json", System.StringComparison.Ordinal)).SourceText.ToString();
        source.Contains("public static Style S00999 => new Style(\"s00999\");", System.StringComparison.Ordinal).ShouldBe(members);
        source.ShouldContain($"\"s{values - 1:D5}\" }};"); // the last value is still known
        source.ShouldContain($"[global::HappyHorse.Generated.HappyHorseValues(\"style\", \"s00000\"");
    }
}
