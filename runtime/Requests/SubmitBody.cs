using System;
using System.Buffers;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Generated;

/// <summary>A submit's exact bytes, built once (every attempt sends the same bytes, and their fingerprint identifies it), and its path.</summary>
internal static class SubmitBody
{
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json") { CharSet = "utf-8" };

    private const int MaxKeptScratchBytes = 1 << 20;

    [ThreadStatic]
    private static BodyScratch? _bodyScratch;

    /// <summary>The body of <paramref name="request"/> as its operation encodes it.</summary>
    /// <exception cref="HappyHorseNotSentException">A form operation whose request cannot write form fields.</exception>
    public static async ValueTask<(byte[] Body, MediaTypeHeaderValue ContentType)> EncodeAsync(IGenerationRequest request) =>
        request.Operation.ContentType == RequestContentType.Multipart ? await FormAsync(request).ConfigureAwait(false) : (Json(request), JsonContentType);

    /// <summary>
    /// The submit path with its placeholders filled: <c>{model}</c> with the model id (its <c>/</c> kept), any other
    /// <c>{name}</c> with the request's value at that JSON path.
    /// </summary>
    public static string PathFor(OperationInfo operation, byte[] body, MediaTypeHeaderValue contentType)
    {
        var template = operation.SubmitPath;
        if (!template.Contains('{', StringComparison.Ordinal)) return template;
        JsonDocument? document = null;
        try
        {
            return PathTemplates.Expand(template, name =>
            {
                if (PathTemplates.ModelValue(name, operation.ModelId) is { } model) return model;
                if (contentType.MediaType != "application/json") return null;
                document ??= JsonDocument.Parse(body);
                return ResponsePath.FirstText([ResponsePath.Parse(name)], document.RootElement) is { } value ? (value, false) : null;
            });
        }
        finally
        {
            document?.Dispose();
        }
    }

    /// <summary>
    /// The body as an array of exactly its size: written into this thread's reused buffer and writer, then copied once,
    /// so a submit allocates the body and nothing else to build it. The array must outlive the call (every attempt
    /// sends it and the fingerprint hashes it), so it is not pooled.
    /// </summary>
    private static byte[] Json(IGenerationRequest request)
    {
        var scratch = _bodyScratch ??= new BodyScratch();
        scratch.Buffer.ResetWrittenCount();
        scratch.Writer.Reset(scratch.Buffer);
        try
        {
            request.WriteJsonBody(scratch.Writer);
            scratch.Writer.Flush();
            return scratch.Buffer.WrittenSpan.ToArray();
        }
        finally
        {
            // A rare huge body is not kept alive by the thread.
            if (scratch.Buffer.Capacity > MaxKeptScratchBytes) _bodyScratch = null;
        }
    }

    /// <summary>The form as the exact bytes sent, with a boundary derived from the fields so the same form always has the same bytes (and fingerprint).</summary>
    private static async Task<(byte[] Body, MediaTypeHeaderValue ContentType)> FormAsync(IGenerationRequest request)
    {
        if (request is not IFormGenerationRequest form)
        {
            throw new HappyHorseNotSentException($"{request.Operation} submits multipart/form-data, but {request.GetType().Name} does not implement {nameof(IFormGenerationRequest)}.");
        }

        var fields = new List<KeyValuePair<string, string>>();
        form.WriteFormFields(fields);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var (name, value) in fields)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(name + "\u0000" + value + "\u0000"));
        }

        using var content = new MultipartFormDataContent("happyhorse-" + Convert.ToHexStringLower(hash.GetHashAndReset(), 0, 12));
        foreach (var (name, value) in fields)
        {
            // Plain text parts, as a browser form or Python's files=(None, value) sends them: no per-part content type.
            var part = new StringContent(value, Encoding.UTF8);
            part.Headers.ContentType = null;
            content.Add(part, name);
        }

        return (await content.ReadAsByteArrayAsync().ConfigureAwait(false), content.Headers.ContentType!);
    }

    private sealed class BodyScratch
    {
        public ArrayBufferWriter<byte> Buffer { get; } = new(4096);

        public Utf8JsonWriter Writer { get; } = new(Stream.Null);
    }
}
