using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using System.Text;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// An enumeration past a thousand values is data: its typed value gets no member per value, and its values live only
/// in the model's UTF-8 metadata (no user string), so an enum far larger than the assembly's user-string heap builds.
/// </summary>
public class HugeEnumTests
{
    private static ManifestFile Manifest(int values, int length = 6)
    {
        var json = new StringBuilder("""{ "model": "acme/styles", "profile": "happyhorse-app", "result": "video", "operations": [ { "id": "text-to-video", "fields": [ { "name": "prompt", "type": "string", "required": true }, { "name": "style", "type": "string", "enum": [""");
        json.Append(string.Join(", ", Enumerable.Range(0, values).Select(i => $"\"{Value(i, length)}\"")));
        json.Append("] } ] } ] }");
        return new ManifestFile("/project/models/styles.json", json.ToString());
    }

    /// <summary><c>s00042</c>, or padded with dashes to <paramref name="length"/> characters.</summary>
    private static string Value(int i, int length) => $"s{i:D5}".PadRight(length, '-');

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
        source.Contains("[global::HappyHorse.Generated.HappyHorseValues(\"style\", \"s00000\"", System.StringComparison.Ordinal).ShouldBe(members);
        // Every value is written once, in the metadata; KnownValues reads it from there.
        CountOf(source, $"\\\"s{values - 1:D5}\\\"").ShouldBe(1);
        source.ShouldContain("KnownValues => __manifestData.Fields[1].AllowedValues;");
    }

    [Fact]
    public void Forty_character_values_are_no_user_strings_and_all_known_at_run_time()
    {
        const int values = 5000;
        var (result, output) = GeneratorHarness.Run(GeneratorHarness.CatalogFiles().Where(f => f.Kind == "Profile").Append(Manifest(values, length: 40)));
        result.Diagnostics.ShouldBeEmpty();
        output.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error).ShouldBeEmpty();

        using var image = new MemoryStream();
        output.WithAssemblyName("HugeEnum").Emit(image).Success.ShouldBeTrue();

        // 5,000 values of 40 characters as user strings would take 400,000 bytes of the heap.
        image.Position = 0;
        using (var pe = new PEReader(image, PEStreamOptions.LeaveOpen))
        {
            pe.GetMetadataReader().GetHeapSize(HeapIndex.UserString).ShouldBeLessThan(40_000);
        }

        image.Position = 0;
        var context = new AssemblyLoadContext("huge-enum", isCollectible: true);
        try
        {
            var style = context.LoadFromStream(image).GetTypes().Single(t => t.Name == "Style");
            var known = (System.Collections.Generic.IReadOnlyList<string>)style.GetProperty("KnownValues")!.GetValue(null)!;
            known.Count.ShouldBe(values);
            known[values - 1].ShouldBe(Value(values - 1, 40));
        }
        finally
        {
            context.Unload();
        }
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, System.StringComparison.Ordinal)) count++;
        return count;
    }
}
