using System.Linq;
using HappyHorse.Generated.Generator.Model;
using HappyHorse.Generated.Generator.Reading;
using static HappyHorse.Generated.Generator.Emitting.FieldCode;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>Pricing: the manifest's rate table as straight-line code on each request.</summary>
internal sealed partial class ModelEmitter
{
    private void EstimateCredits(OperationSpec operation, PricingSpec pricing)
    {
        var w = _w;
        var durationField = operation.Fields.First(f => f.Name == pricing.DurationField);
        w.Summary($"The credits this request costs by the manifest's price table ({CodeWriter.Xml(pricing.Description.TrimEnd('.'))}): the rate for its values times <c>{CodeWriter.Xml(durationField.Name)}</c> in seconds, service defaults applied. <see langword=\"null\"/> when the table has no rate for the values.");
        w.Open("public double? EstimateCredits()");
        var seconds = $"(double?){durationField.PropertyName}";
        foreach (var rule in operation.Rules.Where(r => r.Kind == RuleKind.Sum && r.Field == durationField.Name))
        {
            var list = operation.Fields.First(f => f.Name == rule.List);
            var part = list.ItemType!.Fields.First(f => f.Name == rule.ItemField);
            seconds += $" ?? ({list.PropertyName} is null ? null : global::System.Linq.Enumerable.Sum({list.PropertyName}, static item => (double?)item.{part.PropertyName}))";
        }

        if (durationField.DefaultJson is not null) seconds += $" ?? {durationField.DefaultJson}d";
        w.Line($"double? seconds = {seconds};");
        if (durationField.DefaultJson is null) w.Line("if (seconds is null) return null;");
        var conditionFields = pricing.Rates.SelectMany(r => r.When).Select(c => c.Field).Distinct().Select(name => operation.Fields.First(f => f.Name == name)).ToList();
        foreach (var field in conditionFields)
        {
            var value = field.Kind == FieldKind.Boolean ? field.PropertyName : AsText(field);
            if (!field.Required && field.DefaultJson is not null) value += $" ?? {(field.Kind == FieldKind.Boolean ? field.DefaultJson : CodeWriter.Literal(field.DefaultJson.Trim('"')))}";
            w.Line($"var {Naming.ToParameterName(field.PropertyName).TrimStart('@')}Value = {value};");
        }

        foreach (var rate in pricing.Rates)
        {
            // A rate without conditions always applies; the reader allows it only last.
            if (rate.When.Count == 0)
            {
                w.Line($"return {rate.CreditsPerSecond}d * seconds;");
                w.Close();
                return;
            }

            var condition = string.Join(" && ", rate.When.Select(c =>
            {
                var field = operation.Fields.First(f => f.Name == c.Field);
                var local = Naming.ToParameterName(field.PropertyName).TrimStart('@') + "Value";
                return field.Kind == FieldKind.Boolean ? $"{local} == {c.ValueJson}" : $"{local} == {CodeWriter.Literal(c.ValueJson.Trim('"'))}";
            }));
            w.Line($"if ({condition}) return {rate.CreditsPerSecond}d * seconds;");
        }

        w.Line("return null;");
        w.Close();
    }
}
