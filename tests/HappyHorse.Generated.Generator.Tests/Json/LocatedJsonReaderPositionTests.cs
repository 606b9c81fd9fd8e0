using System;
using System.Globalization;
using System.Threading;
using HappyHorse.Generated.Generator.Json;

namespace HappyHorse.Generated.Generator.Tests.Json;

public sealed class LocatedJsonReaderPositionTests
{
    private const string Manifest =
        "{\n" +
        "  \"name\": \"horse\",\n" +
        "  \"count\": 3,\n" +
        "  \"tags\": [\"a\", true, null, false],\n" +
        "  \"nested\": { \"x\": -1.5e3 }\n" +
        "}\n";

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Offsets_of_names_and_values_point_at_their_tokens(string newline)
    {
        var text = Manifest.Replace("\n", newline, StringComparison.Ordinal);
        var root = ParseOk(text);

        root.Kind.ShouldBe(JsonKind.Object);
        root.Start.ShouldBe(0);
        root.Length.ShouldBe(text.TrimEnd().Length);
        root.Properties.Count.ShouldBe(4);

        var name = root.Properties[0];
        name.Name.ShouldBe("name");
        name.NameStart.ShouldBe(text.IndexOf("\"name\"", StringComparison.Ordinal));
        name.NameLength.ShouldBe(6);
        LineColumn(text, name.NameStart).ShouldBe((2, 3));
        name.Value.Kind.ShouldBe(JsonKind.String);
        name.Value.StringValue.ShouldBe("horse");
        name.Value.Start.ShouldBe(text.IndexOf("\"horse\"", StringComparison.Ordinal));
        name.Value.Length.ShouldBe(7);
        LineColumn(text, name.Value.Start).ShouldBe((2, 11));

        var count = root.Properties[1];
        LineColumn(text, count.NameStart).ShouldBe((3, 3));
        count.Value.Kind.ShouldBe(JsonKind.Number);
        count.Value.NumberText.ShouldBe("3");
        LineColumn(text, count.Value.Start).ShouldBe((3, 12));
        count.Value.Length.ShouldBe(1);

        var tags = root["tags"].ShouldNotBeNull();
        tags.Kind.ShouldBe(JsonKind.Array);
        LineColumn(text, tags.Start).ShouldBe((4, 11));
        Slice(text, tags).ShouldBe("[\"a\", true, null, false]");
        tags.Items.Count.ShouldBe(4);
        Slice(text, tags.Items[0]).ShouldBe("\"a\"");
        LineColumn(text, tags.Items[1].Start).ShouldBe((4, 17));
        tags.Items[1].Kind.ShouldBe(JsonKind.True);
        Slice(text, tags.Items[1]).ShouldBe("true");
        tags.Items[2].Kind.ShouldBe(JsonKind.Null);
        Slice(text, tags.Items[2]).ShouldBe("null");
        tags.Items[3].Kind.ShouldBe(JsonKind.False);
        Slice(text, tags.Items[3]).ShouldBe("false");

        var nested = root["nested"].ShouldNotBeNull();
        LineColumn(text, root.Properties[3].NameStart).ShouldBe((5, 3));
        Slice(text, nested).ShouldBe("{ \"x\": -1.5e3 }");
        var x = nested.Properties[0];
        LineColumn(text, x.NameStart).ShouldBe((5, 15));
        Slice(text, x.Value).ShouldBe("-1.5e3");
        x.Value.NumberText.ShouldBe("-1.5e3");
        LineColumn(text, x.Value.Start).ShouldBe((5, 20));
    }

    [Fact]
    public void Leading_bom_is_skipped_but_counted_in_offsets()
    {
        const string text = "\uFEFF{\"a\": [1]}";
        var root = ParseOk(text);

        root.Start.ShouldBe(1);
        root.Length.ShouldBe(text.Length - 1);
        root.Properties[0].NameStart.ShouldBe(2);
        root.Properties[0].NameLength.ShouldBe(3);
        root.Properties[0].Value.Start.ShouldBe(7);
        root.Properties[0].Value.Items[0].Start.ShouldBe(8);
    }

    [Fact]
    public void Bom_followed_by_whitespace_and_crlf_is_fine()
    {
        const string text = "\uFEFF \r\n\t\"x\" \r\n";
        var root = ParseOk(text);
        root.Start.ShouldBe(5);
        root.StringValue.ShouldBe("x");
    }

    [Fact]
    public void Bom_anywhere_else_is_an_error()
    {
        var error = ParseError(" \uFEFF1");
        error.Message.ShouldBe("Unexpected character U+FEFF; expected a value");
        error.Position.ShouldBe(1);
    }

    [Fact]
    public void Chinese_text_and_surrogate_pairs_are_counted_in_utf16_chars()
    {
        // "🐴" is one code point but two UTF-16 chars; offsets must count chars, as Roslyn's TextSpan does.
        const string text = "{\"名字\": \"小马🐴\",\n \"emoji\": \"🐴\", \"後\": 1}";
        var root = ParseOk(text);

        var first = root.Properties[0];
        first.Name.ShouldBe("名字");
        first.NameStart.ShouldBe(1);
        first.NameLength.ShouldBe(4);
        first.Value.Start.ShouldBe(7);
        first.Value.StringValue.ShouldBe("小马🐴");
        first.Value.Length.ShouldBe(6);

        var emoji = root.Properties[1];
        emoji.NameStart.ShouldBe(text.IndexOf("\"emoji\"", StringComparison.Ordinal));
        emoji.NameStart.ShouldBe(16);
        emoji.Value.StringValue.ShouldBe("\uD83D\uDC34");
        emoji.Value.Start.ShouldBe(25);
        emoji.Value.Length.ShouldBe(4);

        var last = root.Properties[2];
        last.Name.ShouldBe("後");
        last.NameStart.ShouldBe(31);
        last.Value.Start.ShouldBe(36);
        LineColumn(text, last.Value.Start).ShouldBe((2, 22));
    }

    [Fact]
    public void Escapes_are_decoded_and_length_covers_the_escaped_text()
    {
        const string text = "[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u4E2D\\uD83D\\uDC34\", \"\\u0000\"]";
        var root = ParseOk(text);

        var s = root.Items[0];
        s.StringValue.ShouldBe("a\"b\\c/d\b\f\n\r\tA\u00E9\u4E2D\uD83D\uDC34");
        s.Start.ShouldBe(1);
        Slice(text, s).ShouldStartWith("\"a\\\"");
        Slice(text, s).ShouldEndWith("\\uDC34\"");
        root.Items[1].StringValue.ShouldBe("\0");
        root.Items[1].Start.ShouldBe(text.LastIndexOf('"') - 7);
    }

    [Fact]
    public void Escaped_names_keep_the_location_of_the_raw_token()
    {
        const string text = "{ \"\\u0061b\" : 1 }";
        var property = ParseOk(text).Properties[0];
        property.Name.ShouldBe("ab");
        property.NameStart.ShouldBe(2);
        property.NameLength.ShouldBe(9);
        property.Value.Start.ShouldBe(14);
    }

    [Fact]
    public void Scalars_at_top_level_have_locations()
    {
        ParseOk("  -0.5E-7  ").ShouldSatisfyAllConditions(
            n => n.Kind.ShouldBe(JsonKind.Number),
            n => n.Start.ShouldBe(2),
            n => n.Length.ShouldBe(7),
            n => n.NumberText.ShouldBe("-0.5E-7"));
        ParseOk("null").Kind.ShouldBe(JsonKind.Null);
        ParseOk("\t\"\"\n").ShouldSatisfyAllConditions(
            n => n.StringValue.ShouldBe(string.Empty),
            n => n.Start.ShouldBe(1),
            n => n.Length.ShouldBe(2));
    }

    [Fact]
    public void Empty_containers_have_locations_and_no_children()
    {
        var root = ParseOk("[ {}, [ ] ]");
        root.Items[0].Kind.ShouldBe(JsonKind.Object);
        root.Items[0].Start.ShouldBe(2);
        root.Items[0].Length.ShouldBe(2);
        root.Items[0].Properties.ShouldBeEmpty();
        root.Items[1].Start.ShouldBe(6);
        root.Items[1].Length.ShouldBe(3);
        root.Items[1].Items.ShouldBeEmpty();
    }

    [Fact]
    public void Duplicate_properties_are_kept_in_order_and_the_indexer_returns_the_first()
    {
        var root = ParseOk("{\"a\":1,\"b\":2,\"a\":3}");
        root.Properties.Count.ShouldBe(3);
        root.Properties[2].Name.ShouldBe("a");
        root.Properties[2].NameStart.ShouldBe(13);
        root["a"].ShouldNotBeNull().NumberText.ShouldBe("1");
        root["A"].ShouldBeNull();
        root["missing"].ShouldBeNull();
        ParseOk("[1]")["a"].ShouldBeNull();
    }

    [Fact]
    public void Accessors_that_do_not_apply_return_null_or_empty()
    {
        var node = ParseOk("\"5\"");
        node.NumberText.ShouldBeNull();
        node.Properties.ShouldBeEmpty();
        node.Items.ShouldBeEmpty();
        node.TryGetInt64(out _).ShouldBeFalse();
        node.TryGetDouble(out _).ShouldBeFalse();
        ParseOk("5").StringValue.ShouldBeNull();
    }

    [Theory]
    [InlineData("5", true, 5L)]
    [InlineData("-0", true, 0L)]
    [InlineData("9223372036854775807", true, long.MaxValue)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("9223372036854775808", false, 0L)]
    [InlineData("-9223372036854775809", false, 0L)]
    [InlineData("5.0", false, 0L)]
    [InlineData("5e0", false, 0L)]
    [InlineData("5E+0", false, 0L)]
    public void TryGetInt64_accepts_only_integral_tokens(string text, bool ok, long expected)
    {
        ParseOk(text).TryGetInt64(out var value).ShouldBe(ok);
        value.ShouldBe(expected);
    }

    [Theory]
    [InlineData("-1.5e3", true, -1500d)]
    [InlineData("5", true, 5d)]
    [InlineData("0.1", true, 0.1d)]
    [InlineData("1E-400", true, 0d)]
    [InlineData("1.7976931348623157e308", true, double.MaxValue)]
    [InlineData("1e400", false, 0d)]
    [InlineData("-1e400", false, 0d)]
    public void TryGetDouble_reads_invariant_numbers_and_rejects_overflow(string text, bool ok, double expected)
    {
        ParseOk(text).TryGetDouble(out var value).ShouldBe(ok);
        value.ShouldBe(expected);
    }

    [Fact]
    public void TryGetDouble_ignores_the_current_culture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            ParseOk("1.5").TryGetDouble(out var value).ShouldBeTrue();
            value.ShouldBe(1.5);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Cancelled_token_throws_operation_canceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Should.Throw<OperationCanceledException>(() => LocatedJsonReader.Parse("[1,2,3]", cts.Token));
    }

    [Fact]
    public void Null_text_is_a_caller_bug()
    {
        Should.Throw<ArgumentNullException>(() => LocatedJsonReader.Parse(null!));
    }

    internal static JsonNode ParseOk(string text)
    {
        var result = LocatedJsonReader.Parse(text);
        result.Error.ShouldBeNull();
        return result.Root.ShouldNotBeNull();
    }

    internal static JsonSyntaxError ParseError(string text)
    {
        var result = LocatedJsonReader.Parse(text);
        result.Root.ShouldBeNull();
        return result.Error.ShouldNotBeNull();
    }

    private static string Slice(string text, JsonNode node) => text.Substring(node.Start, node.Length);

    /// <summary>1-based line and column, counting LF as the line break (a CR before it is part of the previous line).</summary>
    private static (int Line, int Column) LineColumn(string text, int offset)
    {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }

        return (line, offset - lineStart + 1);
    }
}
