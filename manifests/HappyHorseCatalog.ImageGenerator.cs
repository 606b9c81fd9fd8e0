using System.Diagnostics.CodeAnalysis;
using HappyHorse.Generated;
using Microsoft.Extensions.AI;

namespace HappyHorse.Generated.Models;

public static partial class HappyHorseCatalog
{
    /// <summary>
    /// An <see cref="IImageGenerator"/> for one of this catalog's image models, e.g. <c>gpt-image-2</c>; see
    /// <see cref="HappyHorseImageGeneratorExtensions.AsIImageGenerator(HappyHorseClient, string, System.Collections.Generic.IEnumerable{OperationInfo})"/>,
    /// which takes your own catalog's operations.
    /// </summary>
    /// <exception cref="System.ArgumentException">The catalog has no model <paramref name="modelId"/>, or it makes no images.</exception>
    [Experimental("MEAI001")]
    public static IImageGenerator AsIImageGenerator(this HappyHorseClient client, string modelId) =>
#pragma warning disable MEAI001 // this method is marked experimental itself
        client.AsIImageGenerator(modelId, Operations);
#pragma warning restore MEAI001
}
