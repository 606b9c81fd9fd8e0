using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>The same manifests give the same bytes whatever the machine's culture and whatever order the build lists files in.</summary>
public class DeterminismTests
{
    /// <summary>Negative numbers and decimals everywhere the format allows them.</summary>
    private const string SignedManifest = """
        {
          "model": "acme/signed",
          "typeName": "AcmeSigned",
          "profile": "happyhorse-app",
          "result": "image",
          "operations": [
            {
              "id": "adjust",
              "fields": [
                { "name": "prompt", "type": "string", "required": true },
                { "name": "exposure", "type": "number", "minimum": -2.5, "maximum": 2.5, "default": -0.75 },
                { "name": "offset", "type": "integer", "minimum": -1000, "maximum": -10, "default": -20 },
                { "name": "gain", "type": "number", "minimum": -1e-3, "maximum": 1.25E2 },
                { "name": "seconds", "type": "number", "minimum": 0.5, "maximum": 12.5, "default": 1.5 },
                { "name": "style", "type": "string", "enum": ["a", "b"], "default": "a" }
              ]
            }
          ],
          "pricing": { "perSecondOf": "seconds", "rates": [ { "when": { "style": "a" }, "credits": 0.125 }, { "when": { "style": "b" }, "credits": 1.5 } ] }
        }
        """;

    [Fact]
    public void Output_and_messages_are_byte_identical_under_a_culture_that_writes_minus_as_U2212()
    {
        var culture = (CultureInfo)CultureInfo.GetCultureInfo("sv-SE").Clone();
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = "\u00a0";
        (-1.5).ToString(culture).ShouldBe("\u22121,5"); // the culture really is hostile
        var files = GeneratorHarness.CatalogFiles()
            .Add(new ManifestFile("/project/signed.json", SignedManifest))
            .Add(new ManifestFile("/project/broken.json", SignedManifest.Replace("acme/signed", "acme/broken").Replace("AcmeSigned", "AcmeBroken").Replace("\"default\": -20", "\"default\": -2000")));

        var invariant = RunUnder(CultureInfo.InvariantCulture, files);
        var hostile = RunUnder(culture, files);

        invariant.Messages.ShouldContain(m => m.Contains("must be between -1000 and -10 (was -2000)", StringComparison.Ordinal));
        invariant.Sources["signed.json"].ShouldContain("-0.75");
        hostile.Messages.ShouldBe(invariant.Messages);
        hostile.Sources.Keys.ShouldBe(invariant.Sources.Keys);
        foreach (var (name, text) in invariant.Sources)
        {
            Encoding.UTF8.GetBytes(hostile.Sources[name]).ShouldBe(Encoding.UTF8.GetBytes(text), $"{name} differs under {culture.Name}");
        }
    }

    [Fact]
    public void Output_does_not_depend_on_the_order_of_the_files()
    {
        var valid = LocatedDiagnosticTests.ValidManifest;
        var files = GeneratorHarness.CatalogFiles()
            .Add(new ManifestFile("/project/dup/a.json", valid))
            .Add(new ManifestFile("/project/dup/b.json", valid.Replace("\"AcmeVideo\"", "\"AcmeVideoB\"")))          // duplicate model
            .Add(new ManifestFile("/project/dup/c.json", valid.Replace("\"acme/video\"", "\"acme/c\"")))               // duplicate type name
            .Add(new ManifestFile("/project/zz.profile.json", LocatedDiagnosticTests.ValidProfile, "Profile"));        // duplicate profile
        var expected = RunUnder(CultureInfo.InvariantCulture, files);
        expected.Messages.Count.ShouldBe(3);

        var random = new Random(11);
        for (var round = 0; round < 5; round++)
        {
            var shuffled = files.OrderBy(_ => random.Next()).ToList();

            var actual = RunUnder(CultureInfo.InvariantCulture, shuffled);

            actual.Messages.ShouldBe(expected.Messages, $"round {round}");
            actual.Sources.Keys.ShouldBe(expected.Sources.Keys, $"round {round}");
            foreach (var (name, text) in expected.Sources) actual.Sources[name].ShouldBe(text, $"{name}, round {round}");
        }
    }

    /// <summary>What a run produces: every source by hint name (without its hash) and every message in reported order.</summary>
    private static (SortedDictionary<string, string> Sources, List<string> Messages) RunUnder(CultureInfo culture, IEnumerable<ManifestFile> files)
    {
        var (previous, previousUi) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            var result = GeneratorHarness.CreateDriver(files).RunGenerators(GeneratorHarness.Compilation()).GetRunResult();
            var sources = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in result.Results.Single().GeneratedSources)
            {
                var name = source.HintName.Split(".g.cs")[0];
                sources.Add(name.Length > 9 && name[^9] == '.' ? name[..^9] : name, source.SourceText.ToString());
            }

            return (sources, result.Diagnostics.Select(d => d.ToString()).ToList());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }
}
