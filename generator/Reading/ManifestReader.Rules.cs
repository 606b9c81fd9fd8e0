using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HappyHorse.Generated.Generator.Json;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Reading;

/// <summary>Cross-field rules: each names fields of its operation, checked as it is read.</summary>
internal static partial class ManifestReader
{
    private static List<RuleSpec> ReadRules(ObjectView view, ReadContext context, string operationId, List<FieldSpec> fields)
    {
        var rules = new List<RuleSpec>();
        foreach (var node in view.Array("rules") ?? new List<JsonNode>())
        {
            if (node.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(node), "rules[]", "an object");
                continue;
            }

            var rule = new ObjectView(node, context, "A rule", RuleProperties);
            var before = context.Diagnostics.Count;
            var kindText = rule.String("kind", required: true);
            RuleKind kind;
            switch (kindText)
            {
                case "sum": kind = RuleKind.Sum; break;
                case "count": kind = RuleKind.Count; break;
                case "totalCount": kind = RuleKind.TotalCount; break;
                case "requires": kind = RuleKind.Requires; break;
                case null: continue;
                default:
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(rule.Get("kind")!), "kind", $"one of {string.Join(", ", RuleKinds)}", $"'{kindText}'");
                    continue;
            }

            var uses = kind switch
            {
                RuleKind.Sum => new[] { "field", "list", "itemField" },
                RuleKind.Count => new[] { "list", "itemField", "value", "min", "max" },
                RuleKind.TotalCount => new[] { "fields", "min", "max" },
                _ => new[] { "field", "fields" },
            };
            foreach (var property in new[] { "field", "list", "itemField", "value", "fields", "min", "max" })
            {
                if (!uses.Contains(property) && rule.Get(property) is { } extra)
                {
                    context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(extra), property, $"a '{kindText}' rule does not use it");
                }
            }

            var field = uses.Contains("field") ? rule.String("field", required: true) : null;
            var list = uses.Contains("list") ? rule.String("list", required: true) : null;
            var itemField = uses.Contains("itemField") ? rule.String("itemField", required: true) : null;
            var value = uses.Contains("value") ? rule.String("value", required: true) : null;
            var names = uses.Contains("fields") ? rule.StringArray("fields", required: true) ?? new List<string>() : new List<string>();
            var min = uses.Contains("min") ? rule.Count("min") : null;
            var max = uses.Contains("max") ? rule.Count("max") : null;
            if (kind is RuleKind.Count or RuleKind.TotalCount && min is null && max is null && context.Diagnostics.Count == before)
            {
                context.Report(DiagnosticDescriptors.RuleWithoutBound, context.At(node), kindText);
            }

            if (min is not null && max is not null && min > max)
            {
                context.Report(DiagnosticDescriptors.MinimumAboveMaximum, context.At(rule.Get("min")!), $"{kindText} rule", "min", min.Value.ToString(CultureInfo.InvariantCulture), "max", max.Value.ToString(CultureInfo.InvariantCulture));
            }

            var source = list is null ? null : Find(rule, "list", list, kindText + " rule list", f => f.Kind == FieldKind.ObjectArray, "a list of objects");
            var target = field is null ? null : Find(rule, "field", field, "rule field", f => kind != RuleKind.Sum || f.Kind is FieldKind.Integer or FieldKind.Number, "an integer or number field");
            if (source is not null && itemField is not null)
            {
                var item = source.ItemType!.Fields.FirstOrDefault(f => f.Name == itemField);
                var fits = kind == RuleKind.Sum ? item?.Kind is FieldKind.Integer or FieldKind.Number : item?.Kind == FieldKind.String;
                if (item is null) context.Report(DiagnosticDescriptors.UnknownFieldReference, context.At(rule.Get("itemField")!), operationId, $"{list}[].{itemField}");
                else if (!fits) context.Report(DiagnosticDescriptors.RuleFieldOfWrongType, context.At(rule.Get("itemField")!), operationId, "rule field", $"{list}[].{itemField}", kind == RuleKind.Sum ? "an integer or number field" : "a string field");
            }

            for (var i = 0; i < names.Count; i++)
            {
                var named = fields.FirstOrDefault(f => f.Name == names[i]);
                if (named is null) context.Report(DiagnosticDescriptors.UnknownFieldReference, context.At(rule.Get("fields")!.Items[i]), operationId, names[i]);
                else if (kind == RuleKind.TotalCount && named.Kind is not (FieldKind.String or FieldKind.StringArray or FieldKind.ObjectArray))
                {
                    context.Report(DiagnosticDescriptors.RuleFieldOfWrongType, context.At(rule.Get("fields")!.Items[i]), operationId, "totalCount rule field", names[i], "a string or a list: the rule counts characters and items");
                }
            }

            if (kind == RuleKind.TotalCount && names.Count < 2 && rule.Get("fields") is { } few) context.Report(DiagnosticDescriptors.TooFewItems, context.At(few), "'fields' of a 'totalCount' rule", "two fields");
            if (kind == RuleKind.Requires && names.Count == 0 && rule.Get("fields") is { } none) context.Report(DiagnosticDescriptors.TooFewItems, context.At(none), "'fields' of a 'requires' rule", "one field");

            if (context.Diagnostics.Count == before && (kind != RuleKind.Sum || target is not null) && (kind is not (RuleKind.Sum or RuleKind.Count) || source is not null))
            {
                rules.Add(new RuleSpec
                {
                    Kind = kind,
                    Field = target?.Name,
                    List = source?.Name,
                    ItemField = itemField,
                    Value = value,
                    Fields = names.ToEquatableArray(),
                    Min = min,
                    Max = max,
                    Description = rule.String("description") ?? string.Empty,
                    ErrorCode = rule.String("errorCode"),
                });
            }
        }

        return rules;

        FieldSpec? Find(ObjectView rule, string property, string name, string role, System.Func<FieldSpec, bool> fits, string mustBe)
        {
            var found = fields.FirstOrDefault(f => f.Name == name);
            var at = context.At(rule.Get(property)!);
            if (found is null) context.Report(DiagnosticDescriptors.UnknownFieldReference, at, operationId, name);
            else if (!fits(found)) context.Report(DiagnosticDescriptors.RuleFieldOfWrongType, at, operationId, role, name, mustBe);
            else return found;
            return null;
        }
    }
}
