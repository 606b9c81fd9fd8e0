using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated.Generator.Json;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Reading;

/// <summary>Pricing: rates per second chosen by the values of enumerated or boolean fields.</summary>
internal static partial class ManifestReader
{
    private static PricingSpec? ReadPricing(ObjectView model, ReadContext context, List<OperationSpec> operations)
    {
        if (model.Object("pricing") is not { } node) return null;
        var view = new ObjectView(node, context, "'pricing'", PricingProperties);
        var durationField = view.String("perSecondOf", required: true);
        foreach (var operation in operations)
        {
            if (durationField is not null && operation.Fields.FirstOrDefault(f => f.Name == durationField) is not { Kind: FieldKind.Integer or FieldKind.Number })
            {
                context.Report(DiagnosticDescriptors.UnknownFieldReference, context.At(view.Get("perSecondOf")!), operation.Id, durationField + " (an integer or number field)");
            }
        }

        var rates = new List<RateSpec>();
        var unconditional = false;
        foreach (var rateNode in view.Array("rates", required: true) ?? new List<JsonNode>())
        {
            if (rateNode.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(rateNode), "rates[]", "an object");
                continue;
            }

            if (unconditional)
            {
                context.Report(DiagnosticDescriptors.UnreachableRate, context.At(rateNode));
                continue;
            }

            var rate = new ObjectView(rateNode, context, "A rate", RateProperties);
            var credits = NonNegative(rate, context, "credits", rate.NumberText("credits", integral: false, required: true));
            var conditions = new List<ConditionSpec>();
            foreach (var condition in rate.Object("when")?.Properties ?? (IReadOnlyList<JsonProperty>)new List<JsonProperty>())
            {
                foreach (var operation in operations)
                {
                    var field = operation.Fields.FirstOrDefault(f => f.Name == condition.Name);
                    var fits = field switch
                    {
                        { Kind: FieldKind.Boolean } => condition.Value.Kind is JsonKind.True or JsonKind.False,
                        { Kind: FieldKind.String, AllowedValues.Count: > 0 } => condition.Value.Kind == JsonKind.String && field.AllowedValues.Any(v => v.Value == condition.Value.StringValue),
                        _ => false,
                    };
                    if (!fits)
                    {
                        context.Report(DiagnosticDescriptors.PricingConditionField, context.At(condition.Value), condition.Name, operation.Id);
                        break;
                    }
                }

                conditions.Add(new ConditionSpec { Field = condition.Name, ValueJson = RawText(condition.Value) });
            }

            unconditional = conditions.Count == 0;
            if (credits is not null) rates.Add(new RateSpec { When = conditions.ToEquatableArray(), CreditsPerSecond = credits });
        }

        return durationField is null ? null : new PricingSpec { PerSecondOf = durationField, Rates = rates.ToEquatableArray(), Description = view.String("description") ?? string.Empty };
    }
}
