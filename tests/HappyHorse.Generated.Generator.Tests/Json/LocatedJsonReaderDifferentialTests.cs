using System;
using System.Linq;
using System.Text;
using HappyHorse.Generated.Generator.Json;
using Xunit.Abstractions;

namespace HappyHorse.Generated.Generator.Tests.Json;

/// <summary>
/// Compares LocatedJsonReader with System.Text.Json's JsonDocument (default options) on seeded random documents.
/// Known, deliberate differences are handled in <see cref="StjOracle"/> and <see cref="AssertAgrees"/>, never by loosening the comparison.
/// </summary>
public sealed class LocatedJsonReaderDifferentialTests
{
    private const string InterestingChars =
        "{}[],:\"\\/ \t\r\n0123456789.-+eEtrufalsnxuU'*#_\0\u0001\u001F\u007F\u00A0\u000B\u000C\uFEFF\u2028\uD83D\uDE00中";

    private static readonly string[] InterestingSnippets =
    {
        "\\u", "\\uD800", "\\uDC00", "\\uDFFF\\uDC00", "\\uD83D\\uDE00", "\\ud83d", "\\u00", "\\x", "\\", "\"",
        "//", "/*", "*/", ",", ",]", ",}", "]", "}", "[", "{", ":", "NaN", "-Infinity", "00", "-0", "1e", "1.", ".5",
        "true", "null", "'a'", "\uFEFF",
    };

    private readonly ITestOutputHelper _output;

    public LocatedJsonReaderDifferentialTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void Valid_random_documents_parse_to_the_same_tree_as_JsonDocument()
    {
        var writer = new RandomJsonWriter(seed: 20_240_611);
        for (int i = 0; i < 4000; i++)
        {
            var text = writer.NextDocument(maxDepth: 1 + (i % 7));
            var (verdict, theirs) = StjOracle.Parse(text);
            if (verdict != StjVerdict.Accepted)
            {
                Assert.Fail($"Document {i}: the writer produced text JsonDocument does not accept ({verdict}): {JsonTreeComparer.Show(text)}");
            }

            var result = LocatedJsonReader.Parse(text);
            JsonResultInvariants.Check(text, result);
            if (result.Root is null)
            {
                Assert.Fail($"Document {i}: rejected with '{result.Error}': {JsonTreeComparer.Show(text)}");
            }

            var difference = JsonTreeComparer.Compare(text, result.Root, theirs!);
            if (difference is not null)
            {
                Assert.Fail($"Document {i}: {difference}\nin {JsonTreeComparer.Show(text)}");
            }
        }
    }

    [Fact]
    public void Mutated_documents_are_accepted_or_rejected_exactly_when_JsonDocument_does()
    {
        var writer = new RandomJsonWriter(seed: 8_259);
        var random = new Random(1_234);
        var counts = new int[4];
        for (int i = 0; i < 4000; i++)
        {
            var document = writer.NextDocument(maxDepth: 1 + (i % 4));
            for (int m = 0; m < 5; m++)
            {
                var text = Mutate(document, random);
                counts[(int)AssertAgrees(text, $"Mutant {i}.{m}")]++;
            }
        }

        Report(counts);

        // Keep the test honest: a mutator that only ever produced garbage (or only valid text) would prove little.
        counts[(int)StjVerdict.Accepted].ShouldBeGreaterThan(1000);
        counts[(int)StjVerdict.Rejected].ShouldBeGreaterThan(5000);
        counts[(int)StjVerdict.Unreadable].ShouldBeGreaterThan(10);
        counts[(int)StjVerdict.InvalidUtf16].ShouldBeGreaterThan(10);
    }

    [Fact]
    public void Token_soup_is_accepted_or_rejected_exactly_when_JsonDocument_does()
    {
        // Short strings over a JSON-heavy alphabet reach corner cases (empty containers, bare scalars, stray tokens)
        // that mutating larger documents rarely isolates.
        const string alphabet = "{}[],:\"\\ 0123456789.-+eEtrufalsn\tu";
        var random = new Random(42);
        var counts = new int[4];
        var builder = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            builder.Clear();
            int length = random.Next(1, 9);
            for (int k = 0; k < length; k++)
            {
                if (random.Next(6) == 0)
                {
                    builder.Append(new[] { "true", "false", "null", "\"a\"", "1", "[]", "{}", "\"k\":" }[random.Next(8)]);
                }
                else
                {
                    builder.Append(alphabet[random.Next(alphabet.Length)]);
                }
            }

            counts[(int)AssertAgrees(builder.ToString(), $"Soup {i}")]++;
        }

        Report(counts);
        counts[(int)StjVerdict.Accepted].ShouldBeGreaterThan(200);
    }

    [Fact]
    public void Nesting_limit_agrees_with_JsonDocument()
    {
        var random = new Random(64);
        for (int depth = 60; depth <= 70; depth++)
        {
            for (int variant = 0; variant < 20; variant++)
            {
                var open = new StringBuilder();
                var close = new StringBuilder();
                for (int level = 0; level < depth; level++)
                {
                    if (random.Next(2) == 0)
                    {
                        open.Append("[ 1,");
                        close.Insert(0, ']');
                    }
                    else
                    {
                        open.Append("{\"k\":");
                        close.Insert(0, '}');
                    }
                }

                var text = open.ToString() + (random.Next(2) == 0 ? "{}" : "[]") + close;
                var verdict = AssertAgrees(text, $"Depth {depth + 1}");
                verdict.ShouldBe(depth + 1 <= 64 ? StjVerdict.Accepted : StjVerdict.Rejected);
            }
        }
    }

    /// <summary>Parses with both readers and fails unless they agree; returns JsonDocument's verdict.</summary>
    private static StjVerdict AssertAgrees(string text, string label)
    {
        var result = LocatedJsonReader.Parse(text);
        JsonResultInvariants.Check(text, result);
        var (verdict, theirs) = StjOracle.Parse(text);
        switch (verdict)
        {
            case StjVerdict.Accepted:
                if (result.Root is null)
                {
                    Assert.Fail($"{label}: JsonDocument accepts but we reject with '{result.Error}': {JsonTreeComparer.Show(text)}");
                }

                var difference = JsonTreeComparer.Compare(text, result.Root, theirs!);
                if (difference is not null)
                {
                    Assert.Fail($"{label}: {difference}\nin {JsonTreeComparer.Show(text)}");
                }

                break;
            case StjVerdict.Rejected:
            case StjVerdict.InvalidUtf16:
                if (result.Root is not null)
                {
                    Assert.Fail($"{label}: JsonDocument rejects ({verdict}) but we accept: {JsonTreeComparer.Show(text)}");
                }

                break;
            case StjVerdict.Unreadable:
                // Divergence by design: JsonDocument parses an escaped unpaired surrogate such as "\uD800" but GetString
                // then throws; we reject it at parse time so the manifest gets a located diagnostic. The text is
                // otherwise valid, so that must be the reason we give.
                if (result.Error is null || !result.Error.Message.StartsWith("Unpaired surrogate in escape sequence", StringComparison.Ordinal))
                {
                    Assert.Fail($"{label}: JsonDocument cannot read an escaped surrogate, but we said '{result}': {JsonTreeComparer.Show(text)}");
                }

                break;
        }

        return verdict;
    }

    internal static string Mutate(string document, Random random)
    {
        var builder = new StringBuilder(document);
        int mutations = 1 + random.Next(3);
        for (int k = 0; k < mutations; k++)
        {
            int at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(8))
            {
                case 0:
                    if (builder.Length > 0)
                    {
                        builder.Remove(at, 1);
                    }

                    break;
                case 1:
                    builder.Insert(random.Next(builder.Length + 1), InterestingChars[random.Next(InterestingChars.Length)]);
                    break;
                case 2:
                    if (builder.Length > 0)
                    {
                        builder[at] = InterestingChars[random.Next(InterestingChars.Length)];
                    }

                    break;
                case 3:
                    // Flipping a low bit turns e.g. '[' into '{', '"' into '#', digits into other digits or ':'.
                    if (builder.Length > 0)
                    {
                        builder[at] = (char)(builder[at] ^ (1 << random.Next(7)));
                    }

                    break;
                case 4:
                    if (at + 1 < builder.Length)
                    {
                        (builder[at], builder[at + 1]) = (builder[at + 1], builder[at]);
                    }

                    break;
                case 5:
                    builder.Length = at;
                    break;
                case 6:
                    int length = Math.Min(builder.Length - at, random.Next(1, 8));
                    builder.Insert(random.Next(builder.Length + 1), builder.ToString(at, length));
                    break;
                default:
                    builder.Insert(random.Next(builder.Length + 1), InterestingSnippets[random.Next(InterestingSnippets.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private void Report(int[] counts) =>
        _output.WriteLine(string.Join(", ", Enum.GetValues<StjVerdict>().Select(v => $"{v}: {counts[(int)v]}")));
}
