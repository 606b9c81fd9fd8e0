using System.Text.Json;
using HappyHorse.Emulator.Media;
using HappyHorse.Generated;

namespace HappyHorse.Emulator.Dialects;

/// <summary>
/// What a submit costs: the model's price table through <see cref="OperationInfo.EstimateCredits(JsonElement)"/>,
/// the rule the client's <c>EstimateCredits()</c> uses, so the emulator charges what a user's estimate said. Only a
/// model whose service documents no price (its manifest has no table) pays the emulator's flat price.
/// </summary>
internal static class CreditPrice
{
    /// <summary>The credits a body of <paramref name="operation"/> is charged.</summary>
    public static double Of(OperationInfo operation, JsonElement body, MediaKind results, EmulatorOptions options) =>
        operation.EstimateCredits(body) ?? (results == MediaKind.Image
            ? options.CreditsPerImage * BodyFacts.ImageCount(body, operation)
            : options.CreditsPerVideoSecond * RequestedMedia.VideoSeconds(body, operation));
}
