using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// One mistake per case, each written into a valid manifest or profile with the exact span its diagnostic must
/// point at: the build must report it once, there, as an error, and generate nothing for that file.
/// </summary>
public class LocatedDiagnosticTests
{
    internal const string ValidManifest = """
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
                { "name": "duration", "type": "integer", "minimum": 3, "maximum": 15, "default": 5 },
                { "name": "shots", "type": "array", "items": { "type": "object", "fields": [ { "name": "seconds", "type": "integer" } ] } }
              ]
            }
          ]
        }
        """;

    internal static readonly string ValidProfile = GeneratorHarness.CatalogFiles().Single(f => f.Path.EndsWith("/happyhorse-app.profile.json", StringComparison.Ordinal)).GetText().ToString();

    private const string Prompt = "{ \"name\": \"prompt\", \"type\": \"string\", \"required\": true, \"maxLength\": 100 }";
    private const string Duration = "{ \"name\": \"duration\", \"type\": \"integer\", \"minimum\": 3, \"maximum\": 15, \"default\": 5 }";
    private const string Shots = "{ \"name\": \"shots\", \"type\": \"array\", \"items\": { \"type\": \"object\", \"fields\": [ { \"name\": \"seconds\", \"type\": \"integer\" } ] } }";

    /// <summary>The mistake, as an edit of the valid file: (kind, expected id, text to find, replacement with the span marked).</summary>
    internal static readonly Dictionary<string, (string Kind, string Id, string Find, string Replace)> Cases = new(StringComparer.Ordinal)
    {
        ["invalid JSON: a missing comma"] = ("Manifest", "HH0001", "\"result\": \"video\",\n  \"operations\"", "\"result\": \"video\"\n  ⟪⟫\"operations\""),
        ["invalid JSON: a trailing comma"] = ("Manifest", "HH0001", "\"maxLength\": 100 }", "\"maxLength\": 100⟪⟫, }"),
        ["invalid JSON: the file ends early"] = ("Manifest", "HH0001", "  ]\n}", "  ]\n⟪⟫"),
        ["missing required property"] = ("Manifest", "HH0002", "{\n  \"model\": \"acme/video\",\n  \"typeName\": \"AcmeVideo\",\n  \"profile\": \"happyhorse-app\",\n  \"result\": \"video\",\n", "⟪⟫{\n  \"model\": \"acme/video\",\n  \"typeName\": \"AcmeVideo\",\n  \"profile\": \"happyhorse-app\",\n"),
        ["unknown property with a near miss"] = ("Manifest", "HH0003", "\"required\": true", "⟪\"requird\"⟫: true"),
        ["unknown property in array items"] = ("Manifest", "HH0003", "\"items\": { \"type\": \"object\", \"fields\"", "\"items\": { \"type\": \"object\", ⟪\"fieldz\"⟫: [], \"fields\""),
        ["value of the wrong type"] = ("Manifest", "HH0004", "\"maxLength\": 100", "\"maxLength\": ⟪\"100\"⟫"),
        ["unknown field type"] = ("Manifest", "HH0005", "\"type\": \"string\", \"required\": true", "\"type\": ⟪\"text\"⟫, \"required\": true"),
        ["unknown item type"] = ("Manifest", "HH0005", "\"items\": { \"type\": \"object\"", "\"items\": { \"type\": ⟪\"record\"⟫"),
        ["invalid value"] = ("Manifest", "HH0006", "\"result\": \"video\"", "\"result\": ⟪\"audio\"⟫"),
        ["a rate after one that always applies"] = ("Manifest", "HH0030", "  \"operations\": [", "  \"pricing\": { \"perSecondOf\": \"duration\", \"rates\": [ { \"credits\": 1 }, ⟪{ \"when\": {}, \"credits\": 2 }⟫ ] },\n  \"operations\": ["),
        ["an empty enum"] = ("Manifest", "HH0023", "\"required\": true, \"maxLength\": 100 }", "\"required\": true, \"enum\": ⟪[]⟫ }"),
        ["an operation id used twice"] = ("Manifest", "HH0024", "\"operations\": [\n    {\n      \"id\": \"text-to-video\",", "\"operations\": [\n    { \"id\": \"text-to-video\", \"fields\": [] },\n    {\n      \"id\": ⟪\"text-to-video\"⟫,"),
        ["an item field named like a generated member"] = ("Manifest", "HH0025", "\"items\": { \"type\": \"object\", \"fields\": [ { \"name\": \"seconds\", \"type\": \"integer\" } ] }", "\"items\": ⟪{ \"type\": \"object\", \"fields\": [ { \"name\": \"seconds\", \"type\": \"integer\" }, { \"name\": \"visit_fields\", \"type\": \"boolean\" } ] }⟫"),
        ["a type name that is no C# identifier"] = ("Manifest", "HH0026", "\"typeName\": \"AcmeVideo\"", "\"typeName\": ⟪\"Acme Video\"⟫"),
        ["an enum value listed twice"] = ("Manifest", "HH0027", "\"required\": true, \"maxLength\": 100 }", "\"required\": true, \"enum\": [\"a\", ⟪\"a\"⟫] }"),
        ["a list of objects in a multipart operation"] = ("Manifest", "HH0028", $"\"id\": \"text-to-video\",\n      \"fields\": [\n        {Prompt},\n        {Duration},\n        {Shots}", $"\"id\": \"text-to-video\", \"contentType\": \"multipart\",\n      \"fields\": [\n        {Prompt},\n        {Duration},\n        ⟪{Shots}⟫"),
        ["an identifiedBy entry without a value"] = ("Manifest", "HH0029", "\"id\": \"text-to-video\",", "\"id\": \"text-to-video\", \"identifiedBy\": ⟪[\"shots[].seconds\"]⟫,"),
        ["a pricing condition on free text"] = ("Manifest", "HH0031", "  \"operations\": [", "  \"pricing\": { \"perSecondOf\": \"duration\", \"rates\": [ { \"when\": { \"prompt\": ⟪\"x\"⟫ }, \"credits\": 2 } ] },\n  \"operations\": ["),
        ["a mirror of another type"] = ("Manifest", "HH0034", "\"default\": 5 },", "\"default\": 5 },\n        { \"name\": \"duration_copy\", \"path\": \"options.duration\", \"type\": \"boolean\", \"mirrorOf\": ⟪\"duration\"⟫ },"),
        ["a totalCount rule over an integer"] = ("Manifest", "HH0035", "\"id\": \"text-to-video\",", "\"id\": \"text-to-video\", \"rules\": [ { \"kind\": \"totalCount\", \"fields\": [\"prompt\", ⟪\"duration\"⟫], \"max\": 4 } ],"),
        ["two string variants"] = ("Manifest", "HH0036", "\"default\": 5 },", "\"default\": 5 },\n        { \"name\": \"content\", \"type\": \"oneOf\", \"typeName\": \"Content\", \"variants\": [ { \"name\": \"text\", \"type\": \"string\" }, ⟪{ \"name\": \"url\", \"type\": \"string\" }⟫ ] },"),
        ["a totalCount rule without a bound"] = ("Manifest", "HH0037", "\"id\": \"text-to-video\",", "\"id\": \"text-to-video\", \"rules\": [ ⟪{ \"kind\": \"totalCount\", \"fields\": [\"prompt\", \"shots\"] }⟫ ],"),
        ["default above the maximum"] = ("Manifest", "HH0007", "\"default\": 5", "\"default\": ⟪20⟫"),
        ["default of the wrong type"] = ("Manifest", "HH0007", "\"default\": 5", "\"default\": ⟪\"five\"⟫"),
        ["default not in the enum"] = ("Manifest", "HH0007", "\"required\": true, \"maxLength\": 100 }", "\"enum\": [\"a\", \"b\"], \"default\": ⟪\"c\"⟫ }"),
        ["unknown role"] = ("Manifest", "HH0020", "\"required\": true, \"maxLength\": 100 }", "\"required\": true, \"maxLength\": 100, \"role\": ⟪\"text\"⟫ }"),
        ["role of another type"] = ("Manifest", "HH0021", "\"maximum\": 15, \"default\": 5 }", "\"maximum\": 15, \"default\": 5, \"role\": ⟪\"prompt\"⟫ }"),
        ["role declared twice"] = ("Manifest", "HH0022", Duration + ",", "{ \"name\": \"duration\", \"type\": \"integer\", \"minimum\": 3, \"maximum\": 15, \"default\": 5, \"role\": \"duration\" },\n        ⟪{ \"name\": \"length\", \"type\": \"integer\", \"role\": \"duration\" }⟫,"),
        ["required field with a default"] = ("Manifest", "HH0019", "\"maximum\": 15, \"default\": 5", "\"maximum\": 15, \"required\": true, \"default\": ⟪5⟫"),
        ["minimum above maximum"] = ("Manifest", "HH0008", Duration, "{ \"name\": \"duration\", \"type\": \"integer\", \"minimum\": ⟪30⟫, \"maximum\": 15 }"),
        ["minLength above maxLength"] = ("Manifest", "HH0008", "\"maxLength\": 100", "\"minLength\": ⟪200⟫, \"maxLength\": 100"),
        ["duplicate field name"] = ("Manifest", "HH0009", Duration + ",", Duration + ",\n        ⟪{ \"name\": \"prompt\", \"path\": \"text\", \"type\": \"string\" }⟫,"),
        ["unknown profile"] = ("Manifest", "HH0010", "\"profile\": \"happyhorse-app\"", "\"profile\": ⟪\"happyhorse-ap\"⟫"),
        ["malformed body path"] = ("Manifest", "HH0012", Prompt, "{ \"name\": \"prompt\", \"path\": ⟪\"input..text\"⟫, \"type\": \"string\" }"),
        ["malformed submit path"] = ("Manifest", "HH0012", "\"id\": \"text-to-video\",", "\"id\": \"text-to-video\", \"submitPath\": ⟪\"api/generate\"⟫,"),
        ["two fields write one path"] = ("Manifest", "HH0013", Duration + ",", Duration + ",\n        ⟪{ \"name\": \"seconds\", \"path\": \"duration\", \"type\": \"integer\" }⟫,"),
        ["a path written as a list and as an object"] = ("Manifest", "HH0038", Duration + ",", Duration + ",\n        { \"name\": \"clip\", \"path\": \"media[0].url\", \"type\": \"string\" },\n        ⟪{ \"name\": \"kind\", \"path\": \"media.kind\", \"type\": \"string\" }⟫,"),
        ["a field writes inside another"] = ("Manifest", "HH0013", Duration + ",", Duration + ",\n        ⟪{ \"name\": \"unit\", \"path\": \"duration.unit\", \"type\": \"string\" }⟫,"),
        ["negative count"] = ("Manifest", "HH0014", "\"maxLength\": 100", "\"maxLength\": ⟪-1⟫"),
        ["negative item count"] = ("Manifest", "HH0014", "{ \"name\": \"shots\", \"type\": \"array\",", "{ \"name\": \"shots\", \"type\": \"array\", \"maxItems\": ⟪-2⟫,"),
        ["rule names a missing field"] = ("Manifest", "HH0015", "\"id\": \"text-to-video\",", "\"id\": \"text-to-video\", \"rules\": [ { \"kind\": \"sum\", \"field\": \"duration\", \"list\": ⟪\"scenes\"⟫, \"itemField\": \"seconds\" } ],"),
        ["rule names a missing item field"] = ("Manifest", "HH0015", "\"id\": \"text-to-video\",", "\"id\": \"text-to-video\", \"rules\": [ { \"kind\": \"sum\", \"field\": \"duration\", \"list\": \"shots\", \"itemField\": ⟪\"secs\"⟫ } ],"),
        ["requires rule names a missing field"] = ("Manifest", "HH0015", "\"id\": \"text-to-video\",", "\"id\": \"text-to-video\", \"rules\": [ { \"kind\": \"requires\", \"field\": \"duration\", \"fields\": [⟪\"promt\"⟫] } ],"),
        ["profile: invalid JSON"] = ("Profile", "HH0001", "\"id\": \"happyhorse-app\",\n  \"propertyName\"", "\"id\": \"happyhorse-app\"\n  ⟪⟫\"propertyName\""),
        ["profile: unknown property"] = ("Profile", "HH0003", "\"taskId\":", "⟪\"pollEvery\"⟫: 3,\n  \"taskId\":"),
        ["profile: malformed response path"] = ("Profile", "HH0012", "\"taskId\": [\"data.task_id\"]", "\"taskId\": [⟪\"data..task_id\"⟫]"),
        ["profile: poll path without the task id"] = ("Profile", "HH0012", "\"path\": \"/api/status?task_id={task_id}\"", "\"path\": ⟪\"/api/status\"⟫"),
        ["profile: negative error status"] = ("Profile", "HH0014", "{ \"http\": 400, \"code\": \"INVALID_PROMPT\"", "{ \"http\": ⟪-400⟫, \"code\": \"INVALID_PROMPT\""),
        ["profile: auth header that is no header name"] = ("Profile", "HH0006", "\"taskId\": [\"data.task_id\"]", "\"auth\": { \"header\": ⟪\"Api Key\"⟫ },\n  \"taskId\": [\"data.task_id\"]"),
        ["profile: key in a header and the query"] = ("Profile", "HH0033", "\"taskId\": [\"data.task_id\"]", "\"auth\": { \"header\": \"x-key\", \"query\": ⟪\"key\"⟫ },\n  \"taskId\": [\"data.task_id\"]"),
        ["profile: query parameter that is no name"] = ("Profile", "HH0006", "\"taskId\": [\"data.task_id\"]", "\"auth\": { \"query\": ⟪\"a key\"⟫ },\n  \"taskId\": [\"data.task_id\"]"),
        ["profile: unknown task id kind"] = ("Profile", "HH0006", "\"taskId\": [\"data.task_id\"]", "\"taskIdKind\": ⟪\"url\"⟫,\n  \"taskId\": [\"data.task_id\"]"),
        ["profile: malformed queue position path"] = ("Profile", "HH0012", "\"taskId\": [\"data.task_id\"]", "\"queuePosition\": [⟪\"queue..position\"⟫],\n  \"taskId\": [\"data.task_id\"]"),
        ["profile: presence that means no state"] = ("Profile", "HH0006", "\"paths\": [\"data.status\"],", "\"presence\": [{ \"path\": \"error\", \"means\": ⟪\"broken\"⟫ }],\n    \"paths\": [\"data.status\"],"),
        ["profile: otherwise without presence"] = ("Profile", "HH0033", "\"paths\": [\"data.status\"],", "\"otherwise\": ⟪\"queued\"⟫,\n    \"paths\": [\"data.status\"],"),
        ["profile: unknown placeholder in the poll path"] = ("Profile", "HH0012", "\"path\": \"/api/status?task_id={task_id}\"", "\"path\": ⟪\"/api/{owner}/status?task_id={task_id}\"⟫"),
        ["profile: model part beyond nine segments"] = ("Profile", "HH0012", "\"path\": \"/api/status?task_id={task_id}\"", "\"path\": ⟪\"/{model:12}/status?task_id={task_id}\"⟫"),
        ["profile: task id in the submit path"] = ("Profile", "HH0012", "\"path\": \"/api/generate\"", "\"path\": ⟪\"/api/{task_id}\"⟫"),
        ["profile: model id sent nowhere"] = ("Profile", "HH0032", "\"path\": \"/api/generate\",\n    \"contentType\": \"json\",\n    \"modelField\": \"model\",", "\"path\": ⟪\"/api/generate\"⟫,\n    \"contentType\": \"json\","),
        ["profile: result fetch path without the task id"] = ("Profile", "HH0012", "\"urls\": [\"data.response.resultUrls\"]", "\"urls\": [\"data.response.resultUrls\"], \"fetch\": { \"method\": \"GET\", \"path\": ⟪\"/result\"⟫ }"),
        ["profile: result file without the task id"] = ("Profile", "HH0012", "\"urls\": [\"data.response.resultUrls\"]", "\"urls\": [\"data.response.resultUrls\"], \"file\": ⟪\"/v1/content\"⟫"),
        ["profile: result file and fetch together"] = ("Profile", "HH0033", "\"urls\": [\"data.response.resultUrls\"]", "\"urls\": [\"data.response.resultUrls\"], \"fetch\": { \"method\": \"GET\", \"path\": \"/r/{task_id}\" }, \"file\": ⟪\"/f/{task_id}\"⟫"),
        ["profile: error rule with an unknown outcome"] = ("Profile", "HH0006", "{ \"http\": 400, \"code\": \"INVALID_PROMPT\"", "{ \"http\": 400, \"means\": ⟪\"banned\"⟫, \"code\": \"INVALID_PROMPT\""),
        ["profile: error message text without an outcome"] = ("Profile", "HH0033", "{ \"http\": 400, \"code\": \"INVALID_PROMPT\"", "{ \"http\": 400, \"messageContains\": ⟪\"prompt\"⟫, \"code\": \"INVALID_PROMPT\""),
        ["profile: status rule on an empty value"] = ("Profile", "HH0006", "\"paths\": [\"data.status\"],", "\"presence\": [{ \"path\": \"error_type\", \"equals\": ⟪\"\"⟫, \"means\": \"canceled\" }],\n    \"paths\": [\"data.status\"],"),
        ["profile: progress on another scale"] = ("Profile", "HH0006", "\"progress\": [],", "\"progress\": [], \"progressScale\": ⟪10⟫,"),
        ["profile: a missing result that means success"] = ("Profile", "HH0006", "\"urls\": [\"data.response.resultUrls\"]", "\"urls\": [\"data.response.resultUrls\"], \"whenMissing\": ⟪\"succeeded\"⟫"),
        ["profile: status URL at a malformed path"] = ("Profile", "HH0012", "\"path\": \"/api/status?task_id={task_id}\"", "\"path\": \"/api/status?task_id={task_id}\", \"urlFrom\": [⟪\"urls..get\"⟫]"),
        ["profile: result URL at a malformed path"] = ("Profile", "HH0012", "\"urls\": [\"data.response.resultUrls\"]", "\"urls\": [\"data.response.resultUrls\"], \"fetch\": { \"method\": \"GET\", \"path\": \"/r/{task_id}\", \"urlFrom\": [⟪\"response_url[\"⟫] }"),
        ["profile: result path with a bad wildcard"] = ("Profile", "HH0012", "\"taskId\": [\"data.task_id\"]", "\"taskId\": [⟪\"data[**]\"⟫]"),
    };

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys) data.Add(name);
        return data;
    }

    /// <summary>The broken file of a case, its path and the span its diagnostic must have.</summary>
    internal static (ManifestFile File, Microsoft.CodeAnalysis.Text.TextSpan Span, string Id) Broken(string name)
    {
        var (kind, id, find, replace) = Cases[name];
        var valid = kind == "Profile" ? ValidProfile.Replace("\r\n", "\n") : ValidManifest.Replace("\r\n", "\n");
        if (!valid.Contains(find, StringComparison.Ordinal)) throw new ArgumentException($"'{find}' is not in the valid {kind.ToLowerInvariant()}", nameof(name));
        var (text, span) = MarkedText.Parse(valid.Replace(find, replace, StringComparison.Ordinal));
        var path = kind == "Profile" ? $"{GeneratorHarness.ProjectDirectory}/profiles/broken.profile.json" : $"{GeneratorHarness.ProjectDirectory}/models/broken.json";
        return (new ManifestFile(path, text, kind), span, id);
    }

    /// <summary>The broken file beside the catalog's profiles (a broken profile stands in for its valid self, so models still bind).</summary>
    internal static ManifestFile[] WithProfiles(ManifestFile broken) =>
        GeneratorHarness.CatalogFiles()
            .Where(f => f.Kind == "Profile" && !(broken.Kind == "Profile" && f.Path.EndsWith("/happyhorse-app.profile.json", StringComparison.Ordinal)))
            .Append(broken)
            .ToArray();

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_mistake_is_reported_once_at_its_span(string name)
    {
        var (file, span, id) = Broken(name);

        var (result, _) = GeneratorHarness.Run(WithProfiles(file));

        var diagnostic = result.Diagnostics.ShouldHaveSingleItem(string.Join(Environment.NewLine, result.Diagnostics));
        diagnostic.Id.ShouldBe(id);
        diagnostic.Severity.ShouldBe(DiagnosticSeverity.Error);
        diagnostic.Location.GetLineSpan().Path.ShouldBe(file.Path);
        diagnostic.Location.SourceSpan.ShouldBe(span, diagnostic.ToString());
        var generated = result.Results.Single().GeneratedSources;
        generated.ShouldNotContain(s => s.HintName.StartsWith(file.Kind == "Profile" ? "profiles_broken" : "models_broken", StringComparison.Ordinal));
        generated.Length.ShouldBeGreaterThan(1); // the other files still generate
    }

    [Fact]
    public void Every_diagnostic_a_file_can_cause_has_a_located_case()
    {
        var covered = Cases.Values.Select(c => c.Id).ToHashSet();
        var crossFile = new[] { "HH0016", "HH0017", "HH0018" }; // need two files: CrossFileDiagnosticTests
        var internalFault = "HH0011"; // no file can cause it: GuardTests

        var missing = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => !covered.Contains(id) && !crossFile.Contains(id) && id != internalFault);

        missing.ShouldBeEmpty();
    }

    [Fact]
    public void A_default_of_the_wrong_type_says_which_type_it_needs()
    {
        var (file, _, _) = Broken("default of the wrong type");

        var (result, _) = GeneratorHarness.Run(WithProfiles(file));

        result.Diagnostics.ShouldHaveSingleItem().GetMessage().ShouldBe("The default of field 'duration' is not an integer");
    }

    [Theory]
    [InlineData("unknown field type", "Field 'prompt' has type 'text'; the types are string, integer, number, boolean, array and oneOf")]
    [InlineData("unknown item type", "Field 'shots[]' has type 'record'; the types are string and object")]
    public void An_unknown_type_lists_the_types_that_fit_where_it_is(string name, string message)
    {
        var (file, _, _) = Broken(name);

        var (result, _) = GeneratorHarness.Run(WithProfiles(file));

        result.Diagnostics.ShouldHaveSingleItem().GetMessage().ShouldBe(message);
    }

    [Fact]
    public void The_build_prints_the_line_and_column_of_the_mistake()
    {
        var (file, _, _) = Broken("default above the maximum");

        var (result, _) = GeneratorHarness.Run(WithProfiles(file));

        // What csc writes for a diagnostic: path(line,column): error id: message, one-based.
        result.Diagnostics.Single().ToString().ShouldBe($"{file.Path}(11,90): error HH0007: The default of field 'duration' must be between 3 and 15 (was 20)");
    }
}
