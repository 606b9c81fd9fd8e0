using System;
using HappyHorse.Generated.Generator.Json;

namespace HappyHorse.Generated.Generator.Tests.Json;

public sealed class LocatedJsonReaderErrorTests
{
    [Theory]
    // End of input: the position is the length of the text.
    [InlineData("", "Unexpected end of input; expected a value", 0)]
    [InlineData(" \r\n\t", "Unexpected end of input; expected a value", 4)]
    [InlineData("\uFEFF", "Unexpected end of input; expected a value", 1)]
    [InlineData("{", "Unexpected end of input; expected a property name", 1)]
    [InlineData("{\"a\":1,", "Unexpected end of input; expected a property name", 7)]
    [InlineData("{\"a\" ", "Unexpected end of input; expected ':' after a property name", 5)]
    [InlineData("{\"a\":", "Unexpected end of input; expected a value", 5)]
    [InlineData("{\"a\":1", "Unexpected end of input; expected ',' or '}'", 6)]
    [InlineData("[", "Unexpected end of input; expected a value", 1)]
    [InlineData("[1,\n", "Unexpected end of input; expected a value", 4)]
    [InlineData("[1", "Unexpected end of input; expected ',' or ']'", 2)]
    [InlineData("[[[]]", "Unexpected end of input; expected ',' or ']'", 5)]
    // Structure.
    [InlineData("{\"a\":1,}", "Trailing comma before '}' is not allowed", 6)]
    [InlineData("[1,2 , ]", "Trailing comma before ']' is not allowed", 5)]
    [InlineData("[1 2]", "Expected ',' or ']' after an array item", 3)]
    [InlineData("[1}", "Expected ',' or ']' after an array item", 2)]
    [InlineData("{\"a\":1 \"b\":2}", "Expected ',' or '}' after a property value", 7)]
    [InlineData("{\"a\":1]", "Expected ',' or '}' after a property value", 6)]
    [InlineData("{\"a\" 1}", "Expected ':' after a property name", 5)]
    [InlineData("{\"a\"=1}", "Expected ':' after a property name", 4)]
    [InlineData("{a:1}", "Property names must be enclosed in double quotes", 1)]
    [InlineData("{'a':1}", "Property names must be enclosed in double quotes", 1)]
    [InlineData("{\"a\":1, _b:2}", "Property names must be enclosed in double quotes", 8)]
    [InlineData("{1:1}", "Expected a property name or '}'", 1)]
    [InlineData("{,}", "Expected a property name or '}'", 1)]
    [InlineData("{]", "Expected a property name or '}'", 1)]
    [InlineData("{\"a\":1,1}", "Expected a property name after ','", 7)]
    [InlineData("[1,,2]", "Unexpected character ','; expected a value", 3)]
    [InlineData("[,1]", "Unexpected character ','; expected a value", 1)]
    [InlineData("[}", "Unexpected character '}'; expected a value", 1)]
    [InlineData("{\"a\":}", "Unexpected character '}'; expected a value", 5)]
    [InlineData("1 2", "Unexpected character '2' after the JSON value", 2)]
    [InlineData("{}}", "Unexpected character '}' after the JSON value", 2)]
    [InlineData("{},", "Unexpected character ',' after the JSON value", 2)]
    [InlineData("truex", "Unexpected character 'x' after the JSON value", 4)]
    [InlineData("\"a\"'", "Unexpected character \"'\" after the JSON value", 3)]
    [InlineData("[\"a\"\0]", "Expected ',' or ']' after an array item", 4)]
    // Characters that cannot start a value.
    [InlineData("['a']", "Strings must be enclosed in double quotes", 1)]
    [InlineData(".5", "Unexpected character '.'; expected a value", 0)]
    [InlineData("+1", "Unexpected character '+'; expected a value", 0)]
    [InlineData("True", "Unexpected character 'T'; expected a value", 0)]
    [InlineData("undefined", "Unexpected character 'u'; expected a value", 0)]
    [InlineData("\u00A01", "Unexpected character U+00A0; expected a value", 0)]
    [InlineData("\f1", "Unexpected character U+000C; expected a value", 0)]
    [InlineData("\v1", "Unexpected character U+000B; expected a value", 0)]
    [InlineData("\u20281", "Unexpected character U+2028; expected a value", 0)]
    [InlineData("[\uD83D\uDC34]", "Unexpected character U+1F434; expected a value", 1)]
    [InlineData("/", "Unexpected character '/'; expected a value", 0)]
    // Comments.
    [InlineData("// c\n1", "Comments are not allowed", 0)]
    [InlineData("/* c */ 1", "Comments are not allowed", 0)]
    [InlineData("[1 /* c */]", "Comments are not allowed", 3)]
    [InlineData("[1, // c\n2]", "Comments are not allowed", 4)]
    [InlineData("{/**/}", "Comments are not allowed", 1)]
    [InlineData("{\"a\"/**/:1}", "Comments are not allowed", 4)]
    [InlineData("{\"a\":1//\n}", "Comments are not allowed", 6)]
    [InlineData("1 // c", "Comments are not allowed", 2)]
    // Literals.
    [InlineData("tru", "Unexpected end of input; expected 'true'", 3)]
    [InlineData("[fals", "Unexpected end of input; expected 'false'", 5)]
    [InlineData("trUe", "Invalid literal; expected 'true'", 2)]
    [InlineData("[nul]", "Invalid literal; expected 'null'", 4)]
    [InlineData("falsy", "Invalid literal; expected 'false'", 4)]
    [InlineData("NaN", "NaN and Infinity are not allowed", 0)]
    [InlineData("[Infinity]", "NaN and Infinity are not allowed", 1)]
    [InlineData("-Infinity", "NaN and Infinity are not allowed", 1)]
    [InlineData("Nope", "Unexpected character 'N'; expected a value", 0)]
    // Numbers.
    [InlineData("01", "Leading zeros are not allowed", 0)]
    [InlineData("[-007]", "Leading zeros are not allowed", 2)]
    [InlineData("-", "Unexpected end of input; expected a digit after '-'", 1)]
    [InlineData("-a", "Expected a digit after '-'", 1)]
    [InlineData("- 1", "Expected a digit after '-'", 1)]
    [InlineData("1.", "Unexpected end of input; expected a digit after the decimal point", 2)]
    [InlineData("1.e5", "Expected a digit after the decimal point", 2)]
    [InlineData("[1.]", "Expected a digit after the decimal point", 3)]
    [InlineData("1e", "Unexpected end of input; expected a digit in the exponent", 2)]
    [InlineData("1E+", "Unexpected end of input; expected a digit in the exponent", 3)]
    [InlineData("1ex", "Expected a digit in the exponent", 2)]
    [InlineData("1e+-1", "Expected a digit in the exponent", 3)]
    [InlineData("1.5.2", "Unexpected character '.' after the JSON value", 3)]
    [InlineData("0x10", "Unexpected character 'x' after the JSON value", 1)]
    [InlineData("[1x]", "Expected ',' or ']' after an array item", 2)]
    // Strings. An unterminated string is reported at its opening quote.
    [InlineData("\"abc", "Unterminated string", 0)]
    [InlineData("[\"abc\\", "Unterminated string", 1)]
    [InlineData("{\"a\":\"b\\\"}", "Unterminated string", 5)]
    [InlineData("\"a\nb\"", "Control character U+000A must be escaped in a string", 2)]
    [InlineData("[\"a\tb\"]", "Control character U+0009 must be escaped in a string", 3)]
    [InlineData("\"\0\"", "Control character U+0000 must be escaped in a string", 1)]
    [InlineData("{\"a\u001F\":1}", "Control character U+001F must be escaped in a string", 3)]
    [InlineData("\"\\x\"", "Invalid escape sequence '\\x'", 1)]
    [InlineData("\"ab\\U0041\"", "Invalid escape sequence '\\U'", 3)]
    [InlineData("\"\\'\"", "Invalid escape sequence '\\''", 1)]
    [InlineData("\"\\\0\"", "Invalid escape sequence: '\\' followed by U+0000", 1)]
    [InlineData("\"\\ \"", "Invalid escape sequence: '\\' followed by U+0020", 1)]
    [InlineData("\"\\u12\"", "Invalid \\u escape; expected four hex digits", 1)]
    [InlineData("\"\\u12G4\"", "Invalid \\u escape; expected four hex digits", 1)]
    [InlineData("\"\\u123", "Invalid \\u escape; expected four hex digits", 1)]
    [InlineData("\"\\u\"", "Invalid \\u escape; expected four hex digits", 1)]
    // Unpaired surrogates, escaped (JsonDocument accepts these but cannot read them back) or raw.
    [InlineData("\"\\uD800\"", "Unpaired surrogate in escape sequence '\\uD800'", 1)]
    [InlineData("\"x\\ud83d\\u0041\"", "Unpaired surrogate in escape sequence '\\ud83d'", 2)]
    [InlineData("\"\\uD83D\\n\"", "Unpaired surrogate in escape sequence '\\uD83D'", 1)]
    [InlineData("\"\\uDC00\\uD800\"", "Unpaired surrogate in escape sequence '\\uDC00'", 1)]
    [InlineData("\"\\uDC00\\uDC00\"", "Unpaired surrogate in escape sequence '\\uDC00'", 1)]
    [InlineData("\"\\uD83D\\uD83D\"", "Unpaired surrogate in escape sequence '\\uD83D'", 1)]
    [InlineData("{\"\\uDFFF\":1}", "Unpaired surrogate in escape sequence '\\uDFFF'", 2)]
    public void Malformed_input_is_reported_with_message_and_position(string text, string message, int position)
    {
        var error = LocatedJsonReaderPositionTests.ParseError(text);
        error.ShouldSatisfyAllConditions(
            e => e.Message.ShouldBe(message),
            e => e.Position.ShouldBe(position));
    }

    [Fact]
    public void Raw_unpaired_surrogates_are_reported()
    {
        // Not InlineData: xunit serialises theory data as UTF-8 and would turn these into U+FFFD.
        var cases = new (string Text, string Message, int Position)[]
        {
            ("[\uDC34]", "Unexpected character U+DC34; expected a value", 1),
            ("\uD83D", "Unexpected character U+D83D; expected a value", 0),
            ("\"a\uD800\"", "Unpaired surrogate U+D800 in a string", 2),
            ("\"a\uD800", "Unpaired surrogate U+D800 in a string", 2),
            ("\"a\uD800\uD800\uDC00\"", "Unpaired surrogate U+D800 in a string", 2),
            ("\"\uDC34\uD83D\"", "Unpaired surrogate U+DC34 in a string", 1),
            ("{\"k\uDC34\":1}", "Unpaired surrogate U+DC34 in a string", 3),
        };

        foreach (var (text, message, position) in cases)
        {
            var error = LocatedJsonReaderPositionTests.ParseError(text);
            error.Message.ShouldBe(message, JsonTreeComparer.Show(text));
            error.Position.ShouldBe(position, JsonTreeComparer.Show(text));
        }
    }

    [Theory]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void Nesting_up_to_64_is_accepted(char open, char close)
    {
        var text = Nest(64, open, close);
        var node = LocatedJsonReaderPositionTests.ParseOk(text);
        int depth = 1;
        while (node.Items.Count + node.Properties.Count > 0)
        {
            node = open == '[' ? node.Items[0] : node.Properties[0].Value;
            depth++;
        }

        depth.ShouldBe(64);
        node.Start.ShouldBe(open == '[' ? 63 : 63 * 5);
    }

    [Theory]
    [InlineData('[', ']')]
    [InlineData('{', '}')]
    public void Nesting_deeper_than_64_is_an_error_at_the_65th_opener(char open, char close)
    {
        var error = LocatedJsonReaderPositionTests.ParseError(Nest(65, open, close));
        error.Message.ShouldBe("Maximum nesting depth of 64 exceeded");
        error.Position.ShouldBe(open == '[' ? 64 : 64 * 5);
    }

    [Fact]
    public void Pathological_nesting_does_not_overflow_the_stack()
    {
        var error = LocatedJsonReaderPositionTests.ParseError(new string('[', 1_000_000));
        error.Message.ShouldBe("Maximum nesting depth of 64 exceeded");
        error.Position.ShouldBe(64);

        var mixed = string.Concat(System.Linq.Enumerable.Repeat("{\"a\":[", 100_000));
        LocatedJsonReaderPositionTests.ParseError(mixed).Position.ShouldBe(32 * 6); // the 65th opener is the 33rd "{"
    }

    private static string Nest(int depth, char open, char close)
    {
        // Objects nest as {"a":{"a":{}}}, five chars per level before the innermost "{}".
        var prefix = open == '[' ? "[" : "{\"a\":";
        return string.Concat(System.Linq.Enumerable.Repeat(prefix, depth - 1)) + open + close + new string(close, depth - 1);
    }
}
