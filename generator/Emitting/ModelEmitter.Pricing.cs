using System.Linq;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>Pricing: each request prices itself through the runtime, from the price table in the model's metadata.</summary>
internal sealed partial class ModelEmitter
{
    private void EstimateCredits(OperationSpec operation, PricingSpec pricing)
    {
        var w = _w;
        var durationField = operation.Fields.First(f => f.Name == pricing.PerSecondOf);
        w.Summary($"The credits this request costs by the manifest's price table ({CodeWriter.Xml(pricing.Description.TrimEnd('.'))}): the rate for its values times <c>{CodeWriter.Xml(durationField.Name)}</c> in seconds, service defaults applied. <see langword=\"null\"/> when the table has no rate for the values.");
        w.Line("public double? EstimateCredits() => Info.EstimateCredits(this);");
    }
}
