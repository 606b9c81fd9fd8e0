using System;
using System.Text;
using HappyHorse.Generated.Generator.Json;

namespace HappyHorse.Generated.Generator.Tests.Json;

/// <summary>The reader runs inside the compiler, so no input may make it throw; these only check that, not what it answers.</summary>
public sealed class LocatedJsonReaderFuzzTests
{
    private const string JsonBytes = "{}[]\":,0123456789.eE+- tfnrul\\";

    [Fact]
    public void Random_chars_never_throw()
    {
        // The full UTF-16 range, so lone surrogates, controls and non-characters all occur.
        var random = new Random(99);
        for (int i = 0; i < 5000; i++)
        {
            var chars = new char[random.Next(0, 40)];
            for (int k = 0; k < chars.Length; k++)
            {
                chars[k] = (char)random.Next(0, 0x10000);
            }

            ParseSafely(new string(chars), i);
        }
    }

    [Fact]
    public void Random_bytes_decoded_as_utf8_or_latin1_never_throw()
    {
        // What a generator sees when a manifest file is binary junk or in the wrong encoding.
        var random = new Random(100);
        var bytes = new byte[64];
        for (int i = 0; i < 5000; i++)
        {
            var length = random.Next(0, bytes.Length + 1);
            random.NextBytes(bytes);
            if (random.Next(2) == 0)
            {
                // Bias towards JSON-looking bytes so decoding does not only produce garbage.
                for (int k = 0; k < length; k += 2)
                {
                    bytes[k] = (byte)JsonBytes[random.Next(JsonBytes.Length)];
                }
            }

            var encoding = i % 2 == 0 ? Encoding.UTF8 : Encoding.Latin1;
            ParseSafely(encoding.GetString(bytes, 0, length), i);
        }
    }

    [Fact]
    public void Heavily_mutated_documents_never_throw()
    {
        var writer = new RandomJsonWriter(seed: 5);
        var random = new Random(6);
        for (int i = 0; i < 3000; i++)
        {
            var text = writer.NextDocument(maxDepth: 1 + (i % 6));
            int rounds = 1 + random.Next(8);
            for (int r = 0; r < rounds; r++)
            {
                text = LocatedJsonReaderDifferentialTests.Mutate(text, random);
            }

            ParseSafely(text, i);
        }
    }

    [Fact]
    public void Random_deep_bracket_soup_never_throws()
    {
        var random = new Random(7);
        const string BracketSoup = "[[[{{\"\":,]}1";
        var builder = new StringBuilder();
        for (int i = 0; i < 300; i++)
        {
            builder.Clear();
            int length = random.Next(50, 2000);
            for (int k = 0; k < length; k++)
            {
                builder.Append(BracketSoup[random.Next(BracketSoup.Length)]);
            }

            ParseSafely(builder.ToString(), i);
        }
    }

    private static void ParseSafely(string text, int index)
    {
        JsonParseResult result;
        try
        {
            result = LocatedJsonReader.Parse(text);
        }
        catch (Exception ex)
        {
            Assert.Fail($"Input {index} threw {ex.GetType().Name}: {ex.Message}\n{JsonTreeComparer.Show(text)}");
            return;
        }

        JsonResultInvariants.Check(text, result);
    }
}
