using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>
/// The runtime side of every generated request: one visit of the fields, in body order, becomes the check, the JSON
/// body and the form parts. The catalog nests one level at most (<c>input.prompt</c>), so deeper paths, fixed values
/// and a number copied as text are checked here on a request written by hand as the generator writes one.
/// </summary>
public sealed class FieldVisitorTests
{
    [Fact]
    public void Fields_sharing_a_parent_object_are_written_inside_it_and_empty_parents_are_left_out()
    {
        var body = Json(new NestedRequest { Deep = "x", Sibling = "y", Other = 3, Top = true });

        body.ShouldBe("""{"model":"nested-model","a":{"b":{"c":"x","d":"fixed"},"e":"y"},"f":{"g":3,"g_text":"3"},"h":true,"kind":"video"}""");
    }

    [Fact]
    public void A_parent_whose_fields_are_all_unset_is_not_written()
    {
        var body = Json(new NestedRequest { Top = false });

        // a.b.d is fixed, so a and a.b are written; f has only unset fields.
        body.ShouldBe("""{"model":"nested-model","a":{"b":{"d":"fixed"}},"h":false,"kind":"video"}""");
    }

    [Fact]
    public void Form_parts_carry_the_same_fields_as_text_under_their_paths()
    {
        var parts = new List<KeyValuePair<string, string>>();
        new NestedRequest { Deep = "x", Other = 3, Top = true, Items = ["u1", "u2"] }.WriteFormFields(parts);

        parts.Select(p => $"{p.Key}={p.Value}").ShouldBe(["model=nested-model", "a.b.c=x", "a.b.d=fixed", "f.g=3", "f.g_text=3", "h=true", "kind=video", "items=u1", "items=u2"]);
    }

    [Fact]
    public void Validation_names_every_problem_by_its_path_and_the_model_operation()
    {
        var result = new NestedRequest { Deep = "", Other = 11 }.Validate();

        result.Problems.Select(p => p.Field).ShouldBe(["a.b.c", "f.g"]);
        result.Problems[0].Message.ShouldBe("nested-model nested: a.b.c must not be empty.");
        result.Problems[1].Message.ShouldBe("nested-model nested: f.g must be between 0 and 10 (was 11).");
    }

    [Fact]
    public void Validating_and_writing_a_valid_request_allocates_nothing()
    {
        var request = new NestedRequest { Deep = "x", Sibling = "y", Other = 3, Top = true };
        var buffer = new ArrayBufferWriter<byte>(1024);
        using var writer = new Utf8JsonWriter(buffer);
        request.Validate();
        request.WriteJsonBody(writer);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var valid = request.Validate().IsValid;
        writer.Reset();
        buffer.ResetWrittenCount();
        request.WriteJsonBody(writer);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        valid.ShouldBeTrue();
        allocated.ShouldBe(0);
    }

    private static string Json(IGenerationRequest request) => Encoding.UTF8.GetString(RequestBody.ToUtf8Json(request).Span);

    /// <summary>Written as the generator writes a request: fields named once, in body order, by metadata position.</summary>
    private sealed class NestedRequest : GenerationRequest, IFormGenerationRequest
    {
        private static readonly OperationInfo Info = new()
        {
            ModelId = "nested-model",
            OperationId = "nested",
            Profile = HappyHorseProfiles.HappyHorseApp,
            Fields =
            [
                new FieldInfo { Name = "a.b.c", Path = "a.b.c", PropertyName = "Deep", Kind = FieldKind.String, MinLength = 1 },
                new FieldInfo { Name = "a.b.d", Path = "a.b.d", PropertyName = "Fixed", Kind = FieldKind.String, ConstantJson = "\"fixed\"" },
                new FieldInfo { Name = "a.e", Path = "a.e", PropertyName = "Sibling", Kind = FieldKind.String },
                new FieldInfo { Name = "f.g", Path = "f.g", PropertyName = "Other", Kind = FieldKind.Integer, Minimum = 0, Maximum = 10 },
                new FieldInfo { Name = "f.g_text", Path = "f.g_text", PropertyName = "OtherText", Kind = FieldKind.String, MirrorOf = "f.g" },
                new FieldInfo { Name = "h", Path = "h", PropertyName = "Top", Kind = FieldKind.Boolean },
                new FieldInfo { Name = "kind", Path = "kind", PropertyName = "Kind", Kind = FieldKind.String, ConstantJson = "\"video\"" },
                new FieldInfo { Name = "items", Path = "items", PropertyName = "Items", Kind = FieldKind.StringArray },
            ],
        };

        public string? Deep { get; init; }

        public string? Sibling { get; init; }

        public int? Other { get; init; }

        public bool? Top { get; init; }

        public IReadOnlyList<string>? Items { get; init; }

        public NestedRequest()
            : base(Info)
        {
        }

        public void WriteFormFields(ICollection<KeyValuePair<string, string>> fields) => WriteForm(fields);

        protected override void VisitFields(ref FieldVisitor visitor)
        {
            visitor.String(0, Deep);
            visitor.Constant(1);
            visitor.String(2, Sibling);
            visitor.Integer(3, Other);
            visitor.Integer(4, Other);
            visitor.Boolean(5, Top);
            visitor.Constant(6);
            visitor.Strings(7, Items);
        }
    }
}
