using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using HappyHorse.Generated.Protocol;

using static HappyHorse.Generated.Tests.Catalog.DocumentedExample;

namespace HappyHorse.Generated.Tests.Catalog;

/// <summary>
/// The tests of the image models of the gateway-images dialect against service document 000: the documentation's text-to-image and
/// multi-image-reference examples, which share one path and are told apart by <c>image_urls</c>. A subclass supplies the
/// documented bodies and the typed calls that build them; <see cref="GatewayImageEditModelTests"/> adds the image-edit form.
/// </summary>
public abstract class GatewayImageModelTests
{
    protected const string Prompt = "A clean product photo on a soft studio background.";

    protected abstract string TextToImageBody { get; }
    protected abstract string MultiImageReferenceBody { get; }

    // The documentation's examples, built through the model's typed factories and With* methods.
    protected abstract IGenerationRequest TextToImageExample();
    protected abstract IGenerationRequest MultiImageReferenceExample();

    /// <summary>The model's operations that no field identifies: all but multi-image-reference.</summary>
    protected virtual IEnumerable<OperationInfo> OperationsWithoutMarkers => [TextToImageExample().Operation];

    [Fact]
    public void The_documented_text_to_image_example_validates_and_writes_the_documented_body() =>
        ShouldMatch(TextToImageExample(), TextToImageBody, Endpoint.GatewayImageGenerations);

    [Fact]
    public void The_documented_multi_image_reference_example_validates_and_writes_the_documented_body() =>
        ShouldMatch(MultiImageReferenceExample(), MultiImageReferenceBody, Endpoint.GatewayImageGenerations);

    [Fact]
    public void Multi_image_reference_is_identified_by_image_urls_on_the_shared_path()
    {
        var multiImageReference = MultiImageReferenceExample().Operation;

        multiImageReference.IdentifiedBy.ShouldBe(["image_urls"]);
        multiImageReference.IsIdentifiedBy(Parse(MultiImageReferenceBody)).ShouldBeTrue();
        multiImageReference.IsIdentifiedBy(Parse(TextToImageBody)).ShouldBeFalse();
        foreach (var info in OperationsWithoutMarkers) info.IdentifiedBy.ShouldBeEmpty(info.OperationId);
    }
}

/// <summary>
/// <see cref="GatewayImageModelTests"/> for a model the documentation also gives an image-edit example: a multipart form, sent to
/// its own path. A subclass supplies the documentation's form parts and the typed call that builds them.
/// </summary>
public abstract class GatewayImageEditModelTests : GatewayImageModelTests
{
    protected abstract IGenerationRequest ImageEditExample();

    /// <summary>The documentation's form parts (its Python <c>files</c> dict), each sent as text.</summary>
    protected abstract KeyValuePair<string, string>[] ImageEditParts { get; }

    protected override IEnumerable<OperationInfo> OperationsWithoutMarkers => [.. base.OperationsWithoutMarkers, ImageEditExample().Operation];

    [Fact]
    public void The_documented_image_edit_example_validates_and_writes_the_documented_form_parts()
    {
        var request = ImageEditExample();
        var parts = new List<KeyValuePair<string, string>>();

        request.Validate().Problems.ShouldBeEmpty();
        ((IFormGenerationRequest)request).WriteFormFields(parts);

        parts.ShouldBe(ImageEditParts, ignoreOrder: true);
        request.Operation.ContentType.ShouldBe(RequestContentType.Multipart);
        ShouldGoTo(request.Operation, Endpoint.GatewayImageEdits);
    }

    [Fact]
    public void The_documented_image_edit_form_read_as_text_validates()
    {
        var form = JsonSerializer.SerializeToElement(ImageEditParts.ToDictionary(p => p.Key, p => p.Value));

        ImageEditExample().Operation.ValidateBody(form).Problems.ShouldBeEmpty();
    }
}
