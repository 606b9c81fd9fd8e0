using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using HappyHorse.Generated.Models;
using Newtonsoft.Json;

namespace HappyHorse.Generated.Benchmarks;

/// <summary>
/// The request path before anything is sent: build a request, check it against the manifest's rules, write its
/// body as UTF-8 JSON. Four ways side by side, for two bodies (the documentation's 3-shot happyhorse-1.0/video request and a
/// gpt-image-2 text-to-image request with every optional field set):
/// the generated builder (<c>Validate()</c>, <c>WriteJsonBody</c>); a Newtonsoft.Json <c>JObject</c>; a
/// System.Text.Json <c>JsonObject</c>; a source-generated System.Text.Json POCO (the baseline of the ratios).
/// The three baselines carry hand-written checks of the same rules. Every variant builds from the same input
/// object and writes into a writer and buffer kept across operations (reset, not reallocated), so only the request
/// path itself is measured. The setup checks that all four write the same JSON and reject the same broken inputs.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class RequestBenchmarks
{
    private const string MultiShotCategory = "MultiShot";
    private const string TextToImageCategory = "TextToImage";

    // The documentation's multi-shot example (service document 002), as the service documents it.
    private const string DocumentedMultiShotBody = """
        {
          "model": "happyhorse-1.0/video",
          "mode": "pro",
          "multi_shots": true,
          "sound": true,
          "duration": 10,
          "multi_prompt": [
            { "prompt": "A woman walks into a coffee shop", "duration": 3 },
            { "prompt": "She orders a latte and sits by the window", "duration": 4 },
            { "prompt": "She looks outside and smiles", "duration": 3 }
          ],
          "aspect_ratio": "16:9"
        }
        """;

    private const string TextToImageBody = """
        {
          "model": "gpt-image-2",
          "prompt": "A watercolor lighthouse on a cliff at dawn, soft morning fog",
          "size": "1024x1024",
          "n": 1,
          "output_format": "webp",
          "output_compression": 80,
          "background": "opaque",
          "moderation": "low",
          "response_format": "url"
        }
        """;

    // What the setup printed already (it runs once per benchmark, in this one process).
    private static readonly HashSet<(string Body, string Variant)> s_printed = [];

    // Inputs in fields, not constants, so no variant's checks can be folded away by the JIT.
    private MultiShotInput _multiShot = null!;
    private TextToImageInput _textToImage = null!;

    // System.Text.Json variants: one writer over one buffer, reset before every operation.
    private ArrayBufferWriter<byte> _buffer = null!;
    private Utf8JsonWriter _writer = null!;

    // Newtonsoft.Json: one JsonTextWriter over one StreamWriter over one MemoryStream, rewound before every operation.
    private MemoryStream _stream = null!;
    private StreamWriter _text = null!;
    private JsonTextWriter _newtonsoft = null!;

    [GlobalSetup]
    public void Setup()
    {
        _multiShot = MultiShotInput.Documented();
        _textToImage = TextToImageInput.Sample();
        _buffer = new ArrayBufferWriter<byte>(1024);
        _writer = new Utf8JsonWriter(_buffer);
        _stream = new MemoryStream(1024);
        _text = new StreamWriter(_stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1024, leaveOpen: true);
        _newtonsoft = new JsonTextWriter(_text) { CloseOutput = false, Formatting = Formatting.None };

        CheckSameWork(
            "multi-shot",
            DocumentedMultiShotBody,
            [
                ("typed", () => Stj(w => TypedMultiShot(_multiShot, w))),
                ("JObject", () => Newtonsoft(w => JObjectRequests.MultiShot(_multiShot, w))),
                ("JsonObject", () => Stj(w => JsonNodeRequests.MultiShot(_multiShot, w))),
                ("POCO", () => Stj(w => PocoRequests.MultiShot(_multiShot, w))),
            ]);
        CheckSameWork(
            "text-to-image",
            TextToImageBody,
            [
                ("typed", () => Stj(w => TypedTextToImage(_textToImage, w))),
                ("JObject", () => Newtonsoft(w => JObjectRequests.TextToImage(_textToImage, w))),
                ("JsonObject", () => Stj(w => JsonNodeRequests.TextToImage(_textToImage, w))),
                ("POCO", () => Stj(w => PocoRequests.TextToImage(_textToImage, w))),
            ]);

        var documented = MultiShotInput.Documented();
        CheckSameRejections(
            "multi-shot",
            [
                ("mode ultra", documented with { Mode = "ultra" }),
                ("duration 16", documented with { Duration = 16 }),
                ("duration 12, shots sum to 10", documented with { Duration = 12 }),
                ("aspect_ratio 4:3", documented with { AspectRatio = "4:3" }),
                ("a 13-second shot", documented.WithShot(1, new ShotInput("s", 13))),
                ("a 0-second shot", documented.WithShot(1, new ShotInput("s", 0))),
                ("an empty shot prompt", documented.WithShot(0, new ShotInput("", 3))),
                ("a 501-character shot prompt", documented.WithShot(0, new ShotInput(new string('a', 501), 3))),
                ("6 shots", documented with { Duration = 6, Shots = Enumerable.Repeat(new ShotInput("s", 1), 6).ToArray() }),
                ("no shots", documented with { Duration = 5, Shots = [] }),
            ],
            [
                ("typed", input => Stj(w => TypedMultiShot(input, w))),
                ("JObject", input => Newtonsoft(w => JObjectRequests.MultiShot(input, w))),
                ("JsonObject", input => Stj(w => JsonNodeRequests.MultiShot(input, w))),
                ("POCO", input => Stj(w => PocoRequests.MultiShot(input, w))),
            ]);
        var image = TextToImageInput.Sample();
        CheckSameRejections(
            "text-to-image",
            [
                ("no prompt", image with { Prompt = null! }),
                ("output_format gif", image with { OutputFormat = "gif" }),
                ("output_compression NaN", image with { OutputCompression = double.NaN }),
                ("background black", image with { Background = "black" }),
                ("moderation high", image with { Moderation = "high" }),
                ("response_format binary", image with { ResponseFormat = "binary" }),
            ],
            [
                ("typed", input => Stj(w => TypedTextToImage(input, w))),
                ("JObject", input => Newtonsoft(w => JObjectRequests.TextToImage(input, w))),
                ("JsonObject", input => Stj(w => JsonNodeRequests.TextToImage(input, w))),
                ("POCO", input => Stj(w => PocoRequests.TextToImage(input, w))),
            ]);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _writer.Dispose();
        _newtonsoft.Close();
        _text.Dispose();
        _stream.Dispose();
    }

    [BenchmarkCategory(MultiShotCategory), Benchmark(Description = "Typed (generated)")]
    public int MultiShotTyped()
    {
        Reset();
        TypedMultiShot(_multiShot, _writer);
        return Written();
    }

    [BenchmarkCategory(MultiShotCategory), Benchmark(Description = "JObject (Newtonsoft)")]
    public int MultiShotJObject()
    {
        ResetNewtonsoft();
        JObjectRequests.MultiShot(_multiShot, _newtonsoft);
        return WrittenNewtonsoft();
    }

    [BenchmarkCategory(MultiShotCategory), Benchmark(Description = "JsonObject (STJ nodes)")]
    public int MultiShotJsonObject()
    {
        Reset();
        JsonNodeRequests.MultiShot(_multiShot, _writer);
        return Written();
    }

    [BenchmarkCategory(MultiShotCategory), Benchmark(Baseline = true, Description = "POCO (STJ source-gen)")]
    public int MultiShotPoco()
    {
        Reset();
        PocoRequests.MultiShot(_multiShot, _writer);
        return Written();
    }

    [BenchmarkCategory(TextToImageCategory), Benchmark(Description = "Typed (generated)")]
    public int TextToImageTyped()
    {
        Reset();
        TypedTextToImage(_textToImage, _writer);
        return Written();
    }

    [BenchmarkCategory(TextToImageCategory), Benchmark(Description = "JObject (Newtonsoft)")]
    public int TextToImageJObject()
    {
        ResetNewtonsoft();
        JObjectRequests.TextToImage(_textToImage, _newtonsoft);
        return WrittenNewtonsoft();
    }

    [BenchmarkCategory(TextToImageCategory), Benchmark(Description = "JsonObject (STJ nodes)")]
    public int TextToImageJsonObject()
    {
        Reset();
        JsonNodeRequests.TextToImage(_textToImage, _writer);
        return Written();
    }

    [BenchmarkCategory(TextToImageCategory), Benchmark(Baseline = true, Description = "POCO (STJ source-gen)")]
    public int TextToImagePoco()
    {
        Reset();
        PocoRequests.TextToImage(_textToImage, _writer);
        return Written();
    }

    /// <summary>The generated builder, its validator and its body writer: only public calls of the catalog.</summary>
    private static void TypedMultiShot(MultiShotInput input, Utf8JsonWriter writer)
    {
        var shots = new HappyHorseVideo.Shot[input.Shots.Length];
        for (var i = 0; i < shots.Length; i++) shots[i] = new HappyHorseVideo.Shot(input.Shots[i].Prompt, input.Shots[i].Duration);
        var request = HappyHorseVideo.MultiShot(shots, input.Sound)
            .WithMode(input.Mode)
            .WithDuration(input.Duration)
            .WithAspectRatio(input.AspectRatio);

        var validation = request.Validate();
        if (!validation.IsValid) BaselineChecks.Throw("happyhorse-1.0/video multi-shot", validation.Problems.Select(p => p.Message));
        request.WriteJsonBody(writer);
    }

    /// <summary>The generated builder, its validator and its body writer: only public calls of the catalog.</summary>
    private static void TypedTextToImage(TextToImageInput input, Utf8JsonWriter writer)
    {
        var request = GptImage2.TextToImage(input.Prompt)
            .WithSize(input.Size)
            .WithN(input.N)
            .WithOutputFormat(input.OutputFormat)
            .WithOutputCompression(input.OutputCompression)
            .WithBackground(input.Background)
            .WithModeration(input.Moderation)
            .WithResponseFormat(input.ResponseFormat);

        var validation = request.Validate();
        if (!validation.IsValid) BaselineChecks.Throw("gpt-image-2 text-to-image", validation.Problems.Select(p => p.Message));
        request.WriteJsonBody(writer);
    }

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset();
    }

    private int Written()
    {
        _writer.Flush();
        return _buffer.WrittenCount;
    }

    private void ResetNewtonsoft() => _stream.SetLength(0);

    private int WrittenNewtonsoft()
    {
        _newtonsoft.Flush();
        return (int)_stream.Length;
    }

    /// <summary>Runs a System.Text.Json variant through the benchmark's own writer and buffer; returns what it wrote.</summary>
    private byte[] Stj(Action<Utf8JsonWriter> write)
    {
        Reset();
        write(_writer);
        Written();
        return _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Runs the Newtonsoft.Json variant through the benchmark's own writer and stream; returns what it wrote.</summary>
    private byte[] Newtonsoft(Action<JsonWriter> write)
    {
        ResetNewtonsoft();
        write(_newtonsoft);
        return _stream.GetBuffer().AsSpan(0, WrittenNewtonsoft()).ToArray();
    }

    /// <summary>
    /// Every variant writes JSON equal to <paramref name="expected"/> (property order and number spelling aside), the
    /// System.Text.Json ones byte for byte the same, twice in a row through the reused writers.
    /// </summary>
    private static void CheckSameWork(string body, string expected, (string Name, Func<byte[]> Write)[] variants)
    {
        var expectedNode = JsonNode.Parse(expected);
        byte[]? typed = null;
        foreach (var (name, write) in variants)
        {
            var first = write();
            var second = write();
            var json = Encoding.UTF8.GetString(first);
            if (!first.AsSpan().SequenceEqual(second)) throw new InvalidOperationException($"{body}, {name}: a second run through the reused writer wrote {Encoding.UTF8.GetString(second)} after {json}.");
            if (!JsonNode.DeepEquals(JsonNode.Parse(first), expectedNode)) throw new InvalidOperationException($"{body}, {name}: wrote {json}, which is not {expected}.");
            typed ??= first;
            var identical = first.AsSpan().SequenceEqual(typed);
            if (!identical && name != "JObject") throw new InvalidOperationException($"{body}, {name}: wrote {json}, not byte for byte what the typed builder wrote ({Encoding.UTF8.GetString(typed)}).");
            if (!s_printed.Add((body, name))) continue;
            var sameBytes = name == "typed" ? string.Empty : identical ? ", the typed builder's bytes" : ", same JSON as the typed builder, other bytes";
            Console.WriteLine($"// {body}, {name}: {first.Length} bytes{sameBytes}: {json}");
        }
    }

    /// <summary>Every variant rejects every broken input: the checks are there and are the same checks.</summary>
    private static void CheckSameRejections<TInput>(string body, (string Case, TInput Input)[] cases, (string Name, Func<TInput, byte[]> Write)[] variants)
    {
        foreach (var (@case, input) in cases)
        {
            foreach (var (name, write) in variants)
            {
                try
                {
                    var json = write(input);
                    throw new InvalidOperationException($"{body}, {name}: accepted {@case} and wrote {Encoding.UTF8.GetString(json)}.");
                }
                catch (InvalidOperationException e) when (e.Message.Contains(" is invalid: ", StringComparison.Ordinal))
                {
                }
            }
        }
    }
}
