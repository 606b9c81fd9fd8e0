using System.Collections.Generic;
using System.Linq;
using HappyHorse.Cli.Commands;
using HappyHorse.Cli.Requests;
using HappyHorse.Generated;
using HappyHorse.Generated.Models;

namespace HappyHorse.Cli.Tests;

/// <summary>How fields become options and typed text becomes JSON.</summary>
public sealed class FieldOptionsTests
{
    [Theory]
    [InlineData("image_urls", "image-urls")]
    [InlineData("parameters.prompt_extend", "parameters-prompt-extend")]
    [InlineData("cfgScale", "cfg-scale")]
    [InlineData("n", "n")]
    public void Names_are_kebab_case(string name, string kebab) => FieldOptions.Kebab(name).ShouldBe(kebab);

    [Fact]
    public void Every_operation_gets_one_distinct_option_per_settable_field_none_shadowing_the_commands_own()
    {
        foreach (var operation in HappyHorseCatalog.Operations)
        {
            var options = FieldOptions.For(operation, RunCommands.ReservedOptions);
            options.Count.ShouldBe(operation.Fields.Count(f => f.IsSettable), operation.ToString());
            options.Select(o => o.Name).Distinct().Count().ShouldBe(options.Count, operation.ToString());
            options.ShouldAllBe(o => !RunCommands.ReservedOptions.Contains(o.Name));
        }
    }

    [Fact]
    public void Text_becomes_the_fields_json_and_unreadable_text_a_problem_naming_the_option()
    {
        var problems = new List<string>();
        FieldInfo Field(FieldKind kind) => new() { Name = "f", Path = "f", PropertyName = "F", Kind = kind };

        FieldOptions.Parse(Field(FieldKind.Integer), "--f", ["12"], problems)!.ToJsonString().ShouldBe("12");
        FieldOptions.Parse(Field(FieldKind.Number), "--f", ["0.5"], problems)!.ToJsonString().ShouldBe("0.5");
        FieldOptions.Parse(Field(FieldKind.Boolean), "--f", [], problems)!.ToJsonString().ShouldBe("true");
        FieldOptions.Parse(Field(FieldKind.Boolean), "--f", ["false"], problems)!.ToJsonString().ShouldBe("false");
        FieldOptions.Parse(Field(FieldKind.StringArray), "--f", ["a.jpg,b.jpg", "c.jpg"], problems)!.ToJsonString().ShouldBe("""["a.jpg","b.jpg","c.jpg"]""");
        FieldOptions.Parse(Field(FieldKind.StringArray), "--f", ["""["x,y"]"""], problems)!.ToJsonString().ShouldBe("""["x,y"]""");
        FieldOptions.Parse(Field(FieldKind.ObjectArray), "--f", ["""[{"a":1}]"""], problems)!.ToJsonString().ShouldBe("""[{"a":1}]""");
        FieldOptions.Parse(Field(FieldKind.OneOf), "--f", ["plain text"], problems)!.ToJsonString().ShouldBe("\"plain text\"");
        problems.ShouldBeEmpty();

        FieldOptions.Parse(Field(FieldKind.Integer), "--duration", ["5s"], problems).ShouldBeNull();
        FieldOptions.Parse(Field(FieldKind.Boolean), "--sound", ["yes"], problems).ShouldBeNull();
        FieldOptions.Parse(Field(FieldKind.ObjectArray), "--multi-prompt", ["[{"], problems).ShouldBeNull();
        problems.Count.ShouldBe(3);
        problems[0].ShouldStartWith("--duration: '5s'");
        problems[2].ShouldStartWith("--multi-prompt:");
    }
}
