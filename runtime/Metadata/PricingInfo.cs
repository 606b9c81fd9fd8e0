using System.Collections.Generic;
using System.Text.Json;

namespace HappyHorse.Generated;

/// <summary>
/// A model's price table: credits per second of output, the rate chosen by the values of some fields. Typed
/// requests' <c>EstimateCredits()</c> and a request held only as JSON are both priced by
/// <see cref="OperationInfo.EstimateCredits(System.Text.Json.JsonElement)"/>.
/// </summary>
public sealed class PricingInfo
{
    /// <summary>The field that gives the seconds of output, e.g. <c>duration</c>.</summary>
    public required string PerSecondOf { get; init; }

    /// <summary>The price table in the service's words.</summary>
    public string Description { get; init => field = value ?? ""; } = "";

    /// <summary>The rates, first match wins.</summary>
    public IReadOnlyList<RateInfo> Rates { get; init => field = value ?? []; } = [];
}

/// <summary>One rate of a price table: the credits per second when every condition holds (service defaults applied).</summary>
public sealed class RateInfo
{
    /// <summary>Each condition's field name and the value it must have; empty when the rate always applies.</summary>
    public IReadOnlyDictionary<string, JsonElement> When { get; init => field = value ?? new Dictionary<string, JsonElement>(); } = new Dictionary<string, JsonElement>();

    /// <summary>Credits per second of output.</summary>
    public required double CreditsPerSecond { get; init; }
}
