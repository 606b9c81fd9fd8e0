using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated.Generator.Model;
using static HappyHorse.Generated.Generator.Emitting.FieldCode;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>Validation: one call per field into the runtime's validator, which reads the limits from the field's metadata.</summary>
internal sealed partial class ModelEmitter
{
    /// <param name="owner">The operation id or item key, for enum type names.</param>
    /// <param name="fields">The fields, in the order their metadata lists them.</param>
    /// <param name="metadata">An expression for the list of their <c>FieldInfo</c>s, e.g. <c>Info.Fields</c>.</param>
    /// <param name="rules">The operation's rules.</param>
    private void Checks(string owner, EquatableArray<FieldSpec> fields, string metadata, EquatableArray<RuleSpec> rules)
    {
        var w = _w;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            if (field.ConstJson is not null || field.MirrorOf is not null) continue;
            var info = $"{metadata}[{i}]";
            var property = field.PropertyName;
            switch (field.Kind)
            {
                case FieldKind.String when field.EnumValues.Count > 0:
                    w.Line($"validator.String({info}, {(field.Required ? $"{property}.Value" : $"{property}?.Value")});");
                    break;
                case FieldKind.String when field.Required || field.MinLength is not null || field.MaxLength is not null || field.ItemFormat is not null || field.Media is { Formats.Count: > 0 }:
                    w.Line($"validator.String({info}, {property});");
                    break;
                case FieldKind.Integer when field.Minimum is not null || field.Maximum is not null:
                    w.Line($"validator.Integer({info}, {property});");
                    break;
                case FieldKind.Number:
                    w.Line($"validator.Number({info}, {property});");
                    break;
                case FieldKind.StringArray when field.Required || field.MinItems is not null || field.MaxItems is not null || field.ItemFormat is not null || field.Media is { Formats.Count: > 0 }:
                    w.Line($"validator.Strings({info}, {property});");
                    break;
                case FieldKind.ObjectArray:
                    w.Line($"validator.Items({info}, {property});");
                    break;
                case FieldKind.Union:
                    w.Line($"validator.OneOf({info}, {property});");
                    break;
            }
        }

        for (var r = 0; r < rules.Count; r++) Rule(rules[r], r, fields);
    }

    private void Rule(RuleSpec rule, int index, EquatableArray<FieldSpec> fields)
    {
        var w = _w;
        var info = $"Info.Rules[{index}]";
        FieldSpec Field(string name) => fields.First(f => f.Name == name);
        switch (rule.Kind)
        {
            case RuleKind.Sum:
                var list = Field(rule.List!);
                var part = list.ItemType!.Fields.First(f => f.Name == rule.ItemField);
                w.Line($"validator.Sum({info}, {Field(rule.Field!).PropertyName}, {list.PropertyName}, static item => item.{part.PropertyName});");
                break;
            case RuleKind.Count:
                var items = Field(rule.List!);
                var key = items.ItemType!.Fields.First(f => f.Name == rule.ItemField);
                w.Line($"validator.Count({info}, {items.PropertyName}, static item => item.{AsText(key)});");
                break;
            case RuleKind.TotalCount:
                var count = string.Join(" + ", rule.Fields.Select(Field).Select(f => f.Kind == FieldKind.String ? $"({f.PropertyName} is null ? 0 : 1)" : $"({f.PropertyName}?.Count ?? 0)"));
                w.Line($"validator.TotalCount({info}, {count});");
                break;
            case RuleKind.Requires:
                var when = Field(rule.Field!);
                foreach (var required in rule.Fields.Select(Field))
                {
                    w.Line($"validator.Requires({info}, {IsSet(when)}, {CodeWriter.Literal(required.Name)}, {IsSet(required)});");
                }

                break;
        }
    }
}
