using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

// Microsoft.Extensions.AI marks its image abstractions experimental (MEAI001); so is the adapter, for the same reason.
#pragma warning disable MEAI001

namespace HappyHorse.Generated;

/// <summary>Microsoft.Extensions.AI's <see cref="IImageGenerator"/> over a <see cref="HappyHorseClient"/>.</summary>
public static class HappyHorseImageGeneratorExtensions
{
    /// <summary>
    /// An <see cref="IImageGenerator"/> (what Semantic Kernel and Microsoft.Extensions.AI apps call image models with)
    /// for the image model <paramref name="modelId"/> among <paramref name="operations"/>, e.g. your own
    /// <c>HappyHorseCatalog.Operations</c>. Each call is validated like a typed request (every problem listed, nothing
    /// sent), submitted once, waited for and returned as <see cref="UriContent"/> or <see cref="DataContent"/>; it ends
    /// as <see cref="HappyHorseClient.GenerateAsync"/> does (docs/outcomes.md). How requests and options map onto the
    /// model's fields is in docs/image-generator.md. The generator does not own <paramref name="client"/>.
    /// </summary>
    /// <param name="client">The client that sends the requests.</param>
    /// <param name="modelId">The default model, e.g. <c>gpt-image-2</c>; <see cref="ImageGenerationOptions.ModelId"/> picks another of <paramref name="operations"/>.</param>
    /// <param name="operations">The operations of every model the generator may use.</param>
    /// <exception cref="ArgumentException"><paramref name="modelId"/> is not among <paramref name="operations"/>, or it makes no images.</exception>
    [System.Diagnostics.CodeAnalysis.Experimental("MEAI001")]
    public static IImageGenerator AsIImageGenerator(this HappyHorseClient client, string modelId, IEnumerable<OperationInfo> operations)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        ArgumentNullException.ThrowIfNull(operations);
        return new HappyHorseImageGenerator(client, modelId, [.. operations]);
    }
}

/// <summary>
/// Maps <see cref="ImageGenerationRequest"/> and <see cref="ImageGenerationOptions"/> onto a model's fields by what the
/// manifest says of them (names, kinds, media), the same for every model: nothing here is written for one model.
/// </summary>
internal sealed class HappyHorseImageGenerator : IImageGenerator
{
    private readonly HappyHorseClient _client;
    private readonly string _modelId;
    private readonly OperationInfo[] _operations;
    private readonly ImageGeneratorMetadata _metadata;

    public HappyHorseImageGenerator(HappyHorseClient client, string modelId, OperationInfo[] operations)
    {
        _client = client;
        _operations = operations;
        _modelId = modelId;
        var own = ImageOperations.Of(operations, modelId, out var problem);
        if (own is null) throw new ArgumentException(problem, nameof(modelId));
        _metadata = new ImageGeneratorMetadata(HappyHorse.Generated.Diagnostics.HappyHorseTelemetry.ProviderName, client.ServiceUrlFor(own[0].Profile), modelId);
    }

    /// <inheritdoc />
    public async Task<ImageGenerationResponse> GenerateAsync(ImageGenerationRequest request, ImageGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var built = Build(request, options);
        var result = await _client.GenerateAsync(built, null, cancellationToken).ConfigureAwait(false);
        var contents = await ContentsOfAsync(result, built, options, cancellationToken).ConfigureAwait(false);
        return new ImageGenerationResponse(contents) { RawRepresentation = result };
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null) return null;
        if (serviceType == typeof(ImageGeneratorMetadata)) return _metadata;
        if (serviceType == typeof(HappyHorseClient)) return _client;
        var own = ImageOperations.Of(_operations, _modelId, out _)!;
        if (serviceType == typeof(OperationInfo)) return own.FirstOrDefault(o => ImageOperations.ImageField(o) is null) ?? own[0];
        if (serviceType == typeof(IReadOnlyList<OperationInfo>)) return own;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The client belongs to the caller.
    }

    /// <summary>The request to send, with every problem found on the way (thrown when the client validates it).</summary>
    private JsonBodyRequest Build(ImageGenerationRequest request, ImageGenerationOptions? options)
    {
        var problems = new List<ValidationProblem>();
        var modelId = options?.ModelId ?? _modelId;
        var own = ImageOperations.Of(_operations, modelId, out var modelProblem)
            ?? throw new HappyHorseValidationException([new ValidationProblem(nameof(ImageGenerationOptions.ModelId), modelProblem!, null)]);
        var images = request.OriginalImages?.ToList() ?? [];

        OperationInfo operation;
        JsonObject body;
        switch (options?.RawRepresentationFactory?.Invoke(this))
        {
            case IGenerationRequest typed when typed.Operation.ModelId == modelId:
                operation = typed.Operation;
                body = JsonNode.Parse(RequestBody.ToUtf8Json(typed).Span)!.AsObject();
                break;
            case { } other:
                operation = ImageOperations.Choose(own, images.Count);
                body = [];
                var made = other is IGenerationRequest wrong ? $"a request of {wrong.Operation}" : $"a {other.GetType().Name}";
                problems.Add(new(nameof(ImageGenerationOptions.RawRepresentationFactory), $"{operation.ModelId}: RawRepresentationFactory returned {made}; return a typed request of {modelId} (e.g. from its generated builder).", null));
                break;
            default:
                operation = ImageOperations.Choose(own, images.Count);
                body = [];
                break;
        }

        var values = new Values(operation, body, problems);
        if (!string.IsNullOrEmpty(request.Prompt)) values.Set(ImageOperations.Prompt(operation), JsonValue.Create(request.Prompt), "the prompt");
        if (images.Count > 0) values.SetImages(ImageOperations.ImageField(operation), images);
        if (options is not null) values.SetOptions(options);
        return new JsonBodyRequest(operation, body, problems);
    }

    private async Task<List<AIContent>> ContentsOfAsync(GenerationResult result, JsonBodyRequest sent, ImageGenerationOptions? options, CancellationToken cancellationToken)
    {
        var requested = options?.MediaType ?? MediaTypes.OfFormat(ImageOperations.OutputFormat(sent.Operation) is { } format ? sent.Find(format.Path)?.ToString() : null);
        var contents = new List<AIContent>();
        var asData = options?.ResponseFormat == ImageGenerationResponseFormat.Data;
        for (var i = 0; i < result.Urls.Count; i++)
        {
            var url = result.Urls[i];
            var named = MediaTypes.OfFormat(Path.GetExtension(url.AbsolutePath).TrimStart('.').ToLowerInvariant());
            if (!asData)
            {
                contents.Add(new UriContent(url, requested ?? named ?? "image/*"));
                continue;
            }

            using var file = new MemoryStream();
            try
            {
                await _client.DownloadResultAsync(result, i, file, cancellationToken).ConfigureAwait(false);
            }
            catch (HappyHorseException e)
            {
                e.Task ??= result.Task;
                throw;
            }

            var bytes = file.ToArray();
            contents.Add(new DataContent((ReadOnlyMemory<byte>)bytes, MediaTypes.Sniff(bytes) ?? requested ?? named ?? "application/octet-stream"));
        }

        foreach (var inline in result.Contents)
        {
            contents.Add(new DataContent(inline, MediaTypes.Sniff(inline.Span) ?? requested ?? "application/octet-stream"));
        }

        return contents;
    }

    /// <summary>Puts values into a body at their fields' paths; a value the typed request already set differently is a problem.</summary>
    private sealed class Values(OperationInfo operation, JsonObject body, List<ValidationProblem> problems)
    {
        public void Set(FieldInfo? field, JsonNode? value, string what)
        {
            if (field?.BodyPath is not { } path)
            {
                Problem(what, $"{operation} has no field for {what}.");
                return;
            }

            var existing = path.FindIn(body);
            if (existing is null)
            {
                path.SetIn(body, value);
            }
            else if (!JsonNode.DeepEquals(existing, value))
            {
                Problem(field.Name, $"{operation}: {what} gives {field.Name} {value?.ToJsonString()}, but the typed request sets it to {existing.ToJsonString()}.");
            }
        }

        public void SetImages(FieldInfo? field, List<AIContent> images)
        {
            var urls = new JsonArray();
            for (var i = 0; i < images.Count; i++)
            {
                switch (images[i])
                {
                    case UriContent { Uri: { IsAbsoluteUri: true } uri } when uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp:
                        urls.Add((JsonNode?)JsonValue.Create(uri.AbsoluteUri));
                        break;
                    case DataContent:
                        Problem("OriginalImages", $"{operation}: original image {i + 1} is inline data; the service takes images by public URL, so upload it and pass a UriContent.");
                        break;
                    default:
                        Problem("OriginalImages", $"{operation}: original image {i + 1} is a {images[i].GetType().Name}; pass a UriContent with an http(s) URL.");
                        break;
                }
            }

            if (field is null)
            {
                Problem("OriginalImages", $"{operation} takes no input image.");
                return;
            }

            if (field.Kind == FieldKind.StringArray)
            {
                Set(field, urls, "the original images");
            }
            else if (images.Count == 1)
            {
                Set(field, urls.Count == 1 ? JsonValue.Create(urls[0]!.GetValue<string>()) : null, "the original image");
            }
            else
            {
                Problem("OriginalImages", $"{operation} takes one input image ({field.Name}); {images.Count} were given.");
            }
        }

        public void SetOptions(ImageGenerationOptions options)
        {
            if (options.Count is { } count)
            {
                if (ImageOperations.Count(operation) is { } countField) Set(countField, JsonValue.Create(count), nameof(options.Count));
                else if (count != 1) Problem(nameof(options.Count), $"{operation} makes one image per request and has no count field (Count was {count}).");
            }

            if (options.ImageSize is { } size)
            {
                if (ImageOperations.Size(operation) is { } sizeField)
                {
                    Set(sizeField, JsonValue.Create(string.Create(CultureInfo.InvariantCulture, $"{size.Width}x{size.Height}")), nameof(options.ImageSize));
                }
                else if (ImageOperations.AspectRatio(operation) is { } ratioField && size.Width > 0 && size.Height > 0)
                {
                    var divisor = (int)Gcd(size.Width, size.Height);
                    Set(ratioField, JsonValue.Create(string.Create(CultureInfo.InvariantCulture, $"{size.Width / divisor}:{size.Height / divisor}")), nameof(options.ImageSize));
                }
                else
                {
                    Problem(nameof(options.ImageSize), $"{operation} has no size or aspect ratio field (ImageSize was {size.Width}x{size.Height}).");
                }
            }

            if (options.MediaType is { } mediaType)
            {
                var formatField = ImageOperations.OutputFormat(operation);
                var format = formatField is null ? null : MediaTypes.FormatOf(mediaType, formatField.AllowedValues);
                if (format is null)
                {
                    var allowed = formatField is null ? "has no output format field" : $"makes {string.Join(", ", formatField.AllowedValues)}";
                    Problem(nameof(options.MediaType), $"{operation} cannot make {mediaType}: it {allowed}.");
                }
                else
                {
                    Set(formatField, JsonValue.Create(format), nameof(options.MediaType));
                }
            }

            if (options.ResponseFormat is { } responseFormat)
            {
                var field = ImageOperations.ResponseFormat(operation);
                if (responseFormat == ImageGenerationResponseFormat.Hosted)
                {
                    Problem(nameof(options.ResponseFormat), $"{operation}: the service hosts no files by id; ask for Uri or Data.");
                }
                else if (field is not null)
                {
                    // Inline base64 spares a download when the model can answer that way; a URL otherwise.
                    var wanted = responseFormat == ImageGenerationResponseFormat.Data ? "b64_json" : "url";
                    if (field.AllowedValues.Contains(wanted)) Set(field, JsonValue.Create(wanted), nameof(options.ResponseFormat));
                }
            }

            if (options.AdditionalProperties is { } additional)
            {
                foreach (var (name, value) in additional)
                {
                    var field = operation.FindField(name);
                    if (field is null || !field.IsSettable)
                    {
                        var settable = string.Join(", ", operation.Fields.Where(f => f.IsSettable).Select(f => f.Name));
                        Problem(name, $"{operation} has no field '{name}' to set from AdditionalProperties; it has {settable}.");
                    }
                    else if (ToNode(value, out var node))
                    {
                        Set(field, node, $"AdditionalProperties[\"{name}\"]");
                    }
                    else
                    {
                        Problem(name, $"{operation}: AdditionalProperties[\"{name}\"] is a {value?.GetType().Name}; give text, a number, a boolean, a list of text or JSON.");
                    }
                }
            }
        }

        private void Problem(string field, string message) => problems.Add(new ValidationProblem(field, message, null));

        private static long Gcd(long a, long b) => b == 0 ? a : Gcd(b, a % b);

        private static bool ToNode(object? value, out JsonNode? node)
        {
            node = value switch
            {
                null => null,
                string s => JsonValue.Create(s),
                bool b => JsonValue.Create(b),
                int n => JsonValue.Create(n),
                long n => JsonValue.Create(n),
                double n => JsonValue.Create(n),
                float n => JsonValue.Create(n),
                decimal n => JsonValue.Create(n),
                JsonElement e => JsonNode.Parse(e.GetRawText()),
                JsonNode n => n.DeepClone(),
                IEnumerable<string> list => new JsonArray([.. list.Select(item => (JsonNode?)JsonValue.Create(item))]),
                _ => null,
            };
            return value is null || node is not null;
        }
    }
}

/// <summary>
/// Which operations make images (from the manifest's result kind), and which fields take the prompt, the input images
/// and each option, from the roles the manifest declares (documented in docs/image-generator.md).
/// </summary>
internal static class ImageOperations
{
    /// <summary>Whether an operation makes images: its manifest says the model's results are images.</summary>
    public static bool MakesImages(OperationInfo operation) => operation.ResultKind == GenerationResultKind.Image;

    /// <summary>The image operations of <paramref name="modelId"/> (of its first dialect), or <see langword="null"/> and why not.</summary>
    public static OperationInfo[]? Of(IReadOnlyList<OperationInfo> operations, string modelId, out string? problem)
    {
        var ofModel = operations.Where(o => o.ModelId == modelId).ToList();
        var own = ofModel.Where(MakesImages).Where(o => o.Profile == ofModel.First(MakesImages).Profile).ToArray();
        var imageModels = string.Join(", ", operations.Where(MakesImages).Select(o => o.ModelId).Distinct());
        problem = ofModel.Count == 0 ? $"There is no model '{modelId}'; the image models are {imageModels}."
            : own.Length == 0 ? $"'{modelId}' does not make images ({string.Join(", ", ofModel.Select(o => o.OperationId))}); the image models are {imageModels}."
            : null;
        return problem is null ? own : null;
    }

    /// <summary>
    /// Without input images, an operation taking none (text-to-image); with one, an operation taking a single image
    /// (an edit) before one taking a list; with several, one whose list holds that many.
    /// </summary>
    public static OperationInfo Choose(OperationInfo[] operations, int imageCount)
    {
        if (imageCount == 0) return operations.FirstOrDefault(o => ImageField(o) is not { IsRequired: true }) ?? operations[0];
        return operations.FirstOrDefault(o => ImageField(o) is { Kind: FieldKind.String } && imageCount == 1)
            ?? operations.FirstOrDefault(o => ImageField(o) is { Kind: FieldKind.StringArray } list && (list.MaxItems ?? int.MaxValue) >= imageCount)
            ?? operations.FirstOrDefault(o => ImageField(o) is not null)
            ?? operations[0];
    }

    /// <summary>The field whose manifest declares the role <c>prompt</c>.</summary>
    public static FieldInfo? Prompt(OperationInfo operation) => operation.FieldWithRole(FieldRole.Prompt);

    /// <summary>The input image field: the one declaring <c>image</c> or <c>images</c>, the required one first.</summary>
    public static FieldInfo? ImageField(OperationInfo operation)
    {
        var images = operation.Fields.Where(f => f.IsSettable && f.Role is FieldRole.Image or FieldRole.Images).ToList();
        return images.FirstOrDefault(f => f.IsRequired) ?? images.FirstOrDefault();
    }

    /// <summary>The field declaring the role <c>count</c> (how many images).</summary>
    public static FieldInfo? Count(OperationInfo operation) => operation.FieldWithRole(FieldRole.Count);

    /// <summary>The field declaring the role <c>size</c> (sent as <c>WIDTHxHEIGHT</c>).</summary>
    public static FieldInfo? Size(OperationInfo operation) => operation.FieldWithRole(FieldRole.Size);

    /// <summary>The field declaring the role <c>aspectRatio</c> (sent as <c>W:H</c>, reduced).</summary>
    public static FieldInfo? AspectRatio(OperationInfo operation) => operation.FieldWithRole(FieldRole.AspectRatio);

    /// <summary>The field declaring the role <c>outputFormat</c>.</summary>
    public static FieldInfo? OutputFormat(OperationInfo operation) => operation.FieldWithRole(FieldRole.OutputFormat);

    /// <summary>The field declaring the role <c>responseFormat</c>.</summary>
    public static FieldInfo? ResponseFormat(OperationInfo operation) => operation.FieldWithRole(FieldRole.ResponseFormat);
}
