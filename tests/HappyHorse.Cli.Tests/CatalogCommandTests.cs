using System.Linq;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;
using Spectre.Console.Testing;

namespace HappyHorse.Cli.Tests;

/// <summary><c>models</c>, <c>describe</c> and <c>--help</c>: the catalog as its manifests give it.</summary>
public sealed class CatalogCommandTests
{
    [Fact]
    public async Task Models_json_lists_every_catalog_operation_with_its_dialect_result_kind_cancel_and_pricing()
    {
        var run = await CliHarness.RunAsync("models", "--json");

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        var listed = JsonNode.Parse(run.Out)!.AsArray();
        listed.Count.ShouldBe(HappyHorseCatalog.Operations.Count);
        foreach (var operation in HappyHorseCatalog.Operations)
        {
            var entry = listed.Single(e => (string)e!["model"]! == operation.ModelId && (string)e["operation"]! == operation.OperationId && (string)e["dialect"]! == operation.Profile.Id)!;
            ((string)entry["result"]!).ShouldBeOneOf("video", "image");
            ((bool)entry["canCancel"]!).ShouldBe(operation.CanCancel);
        }

        listed.Where(e => e!["pricing"] is not null).Select(e => (string)e!["model"]!).Distinct().ShouldBe(["happyhorse-1.0/video"]);
        listed.Any(e => (bool)e!["canCancel"]!).ShouldBeTrue("the DashScope dialect can cancel");
    }

    [Fact]
    public async Task Models_as_plain_text_has_a_line_per_operation_and_on_a_terminal_a_table()
    {
        var plain = await CliHarness.RunAsync("models");
        plain.Out.Trim().Split('\n').Length.ShouldBe(HappyHorseCatalog.Operations.Count + 1);

        var terminal = new TestConsole().Width(200);
        var live = await CliHarness.RunAsync(null, terminal, "models");
        live.Code.ShouldBe(ExitCode.Success);
        terminal.Output.ShouldContain("wan2.7-videoedit");
        terminal.Output.ShouldContain("54 credits/s");
    }

    [Fact]
    public async Task Describe_json_gives_every_field_its_option_path_type_limits_and_media_from_the_metadata()
    {
        var operation = HappyHorseCatalog.Operations.First(o => o.ModelId == "wan2.7-i2v" && o.OperationId == "first-last-frame");

        var run = await CliHarness.RunAsync("describe", "wan2.7-i2v", "first-last-frame", "--json");

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        var fields = JsonNode.Parse(run.Out)!.AsArray().Single()!["fields"]!.AsArray();
        fields.Select(f => (string)f!["path"]!).ShouldBe(operation.Fields.Select(f => f.Path));
        fields.Single(f => (string)f!["path"]! == "input.prompt")!["option"]!.GetValue<string>().ShouldBe("--prompt");
        fields.Single(f => (string)f!["path"]! == "parameters.watermark")!["option"]!.GetValue<string>().ShouldBe("--parameters-watermark");
        fields.Single(f => (string)f!["path"]! == "watermark")!["option"]!.GetValue<string>().ShouldBe("--watermark");
        foreach (var field in operation.Fields)
        {
            var described = fields.Single(f => (string)f!["path"]! == field.Path)!;
            ((bool)described["required"]!).ShouldBe(field.IsRequired);
            described["allowedValues"]!.AsArray().Count.ShouldBe(field.AllowedValues.Count);
            (described["media"] is not null).ShouldBe(field.Media is not null);
        }
    }

    [Fact]
    public async Task Describe_text_names_option_limits_allowed_values_media_and_pricing()
    {
        var run = await CliHarness.RunAsync("describe", "happyhorse-1.0/video");

        run.Code.ShouldBe(ExitCode.Success, run.ToString());
        run.Out.ShouldContain("happyhorse-1.0/video multi-shot");
        run.Out.ShouldContain("--duration <integer>");
        run.Out.ShouldContain("must be between 3 and 15"); // the words validation reports a broken limit with
        run.Out.ShouldContain("allowed: pro, std");
        run.Out.ShouldContain("Pricing: 54 credits/s");
        var media = await CliHarness.RunAsync("describe", "gpt-image-2", "image-edit");
        media.Out.ShouldContain("media: image, formats png, at most 10 MB");
    }

    [Fact]
    public async Task An_unknown_model_or_operation_is_invalid_input_with_a_hint()
    {
        var model = await CliHarness.RunAsync("describe", "happyhorse-1.0");
        model.Code.ShouldBe(ExitCode.InvalidInput);
        model.Error.ShouldContain("Did you mean");
        model.Out.ShouldBeEmpty();

        var operation = await CliHarness.RunAsync("describe", "wan2.7-t2v", "image-to-video");
        operation.Code.ShouldBe(ExitCode.InvalidInput);
        operation.Error.ShouldContain("it has text-to-video");

        var twoDialects = await CliHarness.RunAsync("describe", "happyhorse-1.0-video-edit");
        twoDialects.Error.ShouldContain("--dialect");
        (await CliHarness.RunAsync("describe", "happyhorse-1.0-video-edit", "--dialect", "dashscope")).Code.ShouldBe(ExitCode.Success);
    }

    [Fact]
    public async Task Help_lists_the_exit_codes_and_run_help_lists_the_operations_fields()
    {
        var root = await CliHarness.RunAsync("--help");
        root.Code.ShouldBe(ExitCode.Success);
        foreach (var code in System.Enum.GetValues<ExitCode>()) root.Out.ShouldContain($"{(int)code,3}  ");

        var run = await CliHarness.RunAsync("run", "happyhorse-1.0/video", "multi-shot", "--help");
        run.Out.ShouldContain("--multi-prompt");
        run.Out.ShouldContain("--aspect-ratio");
    }

    [Fact]
    public async Task An_unknown_option_is_invalid_input()
    {
        var run = await CliHarness.RunAsync("run", "happyhorse-1.0/video", "text-to-video", "--prompt", "p", "--no-such-thing", "1");
        run.Code.ShouldBe(ExitCode.InvalidInput);
        run.Error.ShouldContain("--no-such-thing");
    }

    [Fact]
    public async Task Run_with_an_unknown_model_names_the_model_not_its_options()
    {
        var run = await CliHarness.RunAsync("run", "happyhorse-2.0/video", "text-to-video", "--prompt", "p", "--duration", "5");

        run.Code.ShouldBe(ExitCode.InvalidInput, run.ToString());
        run.Error.ShouldContain("No model 'happyhorse-2.0/video'");
        run.Error.ShouldNotContain("Unrecognized");
    }

    [Fact]
    public async Task The_emulator_command_serves_until_canceled_and_refuses_an_unknown_option()
    {
        using var output = new System.IO.StringWriter();
        using var error = new System.IO.StringWriter();
        using var stop = new System.Threading.CancellationTokenSource();
        var environment = new CliEnvironment { Out = TextWriter(output), Error = TextWriter(error), Variable = _ => null };

        var running = HappyHorseCli.RunAsync(["emulator", "--port", "0", "--quiet"], environment, stop.Token);
        var deadline = System.DateTime.UtcNow.AddSeconds(30);
        while (!output.ToString().Contains("listening on", System.StringComparison.Ordinal) && !running.IsCompleted && System.DateTime.UtcNow < deadline) await Task.Delay(20);
        var address = output.ToString().Split('\n').Single(l => l.Contains("HAPPYHORSE_BASE_URL=", System.StringComparison.Ordinal)).Split('=')[1].Trim();
        using (var http = new System.Net.Http.HttpClient())
        {
            new System.Uri(address).IsLoopback.ShouldBeTrue();
            var answer = await http.GetAsync(address + "/api/status?task_id=none");
            ((int)answer.StatusCode).ShouldBeLessThan(500);
        }

        stop.Cancel();

        (await running).ShouldBe(ExitCode.Success, error.ToString());
        output.ToString().ShouldContain("HappyHorse emulator stopped.");
        (await CliHarness.RunAsync("emulator", "--port", "0", "--no-such-option", "1")).Code.ShouldBe(ExitCode.InvalidInput);
    }

    private static System.IO.TextWriter TextWriter(System.IO.StringWriter writer) => System.IO.TextWriter.Synchronized(writer);
}
