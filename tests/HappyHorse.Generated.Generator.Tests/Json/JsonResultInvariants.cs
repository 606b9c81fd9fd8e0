using HappyHorse.Generated.Generator.Json;

namespace HappyHorse.Generated.Generator.Tests.Json;

/// <summary>Properties every parse result must have, whatever the input.</summary>
internal static class JsonResultInvariants
{
    public static void Check(string text, JsonParseResult result)
    {
        if ((result.Root is null) == (result.Error is null))
        {
            Assert.Fail($"Exactly one of Root and Error must be set for {JsonTreeComparer.Show(text)}");
        }

        if (result.Error is { } error)
        {
            if (error.Position < 0 || error.Position > text.Length || string.IsNullOrWhiteSpace(error.Message))
            {
                Assert.Fail($"Bad error '{error}' for {JsonTreeComparer.Show(text)}");
            }

            return;
        }

        var root = result.Root!;
        int leading = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        if (text.Substring(leading, root.Start - leading).Trim(' ', '\t', '\r', '\n').Length != 0
            || text.Substring(root.Start + root.Length).Trim(' ', '\t', '\r', '\n').Length != 0)
        {
            Assert.Fail($"Root span {root} does not cover the text up to whitespace: {JsonTreeComparer.Show(text)}");
        }

        CheckNode(text, root, root.Start, root.Start + root.Length);
    }

    private static void CheckNode(string text, JsonNode node, int min, int max)
    {
        if (node.Start < min || node.Length <= 0 || node.Start + node.Length > max)
        {
            Assert.Fail($"{node} lies outside [{min}, {max}) in {JsonTreeComparer.Show(text)}");
        }

        int end = node.Start + node.Length;
        int next = node.Start + 1;
        switch (node.Kind)
        {
            case JsonKind.Object:
                foreach (var property in node.Properties)
                {
                    if (property.NameStart < next || text[property.NameStart] != '"' || property.NameStart + property.NameLength > property.Value.Start)
                    {
                        Assert.Fail($"{property} is misplaced in {JsonTreeComparer.Show(text)}");
                    }

                    CheckNode(text, property.Value, property.NameStart + property.NameLength, end - 1);
                    next = property.Value.Start + property.Value.Length;
                }

                break;
            case JsonKind.Array:
                foreach (var item in node.Items)
                {
                    CheckNode(text, item, next, end - 1);
                    next = item.Start + item.Length;
                }

                break;
        }
    }
}
