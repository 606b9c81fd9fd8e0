using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated.Generator.Model;
using static HappyHorse.Generated.Generator.Emitting.FieldCode;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>
/// What a request, item or union does with its fields is the runtime's <c>FieldVisitor</c>: checks, JSON body and form
/// parts alike. Generated code only names each field once, by its metadata position, with its value, in body order;
/// rules over several fields are the one check written out here.
/// </summary>
internal sealed partial class ModelEmitter
{
    private const string Visitor = $"ref {Runtime}.FieldVisitor visitor";

    /// <param name="signature">The method's declaration.</param>
    /// <param name="fields">The owner's fields, in the order their metadata lists them.</param>
    /// <param name="bodyOrder">Whether fields sharing a parent object are visited together (objects and items), or in metadata order (the shapes of a union, which have no names: the first set one is the value).</param>
    private void VisitFields(string signature, EquatableArray<FieldSpec> fields, bool bodyOrder = true)
    {
        var w = _w;
        var positions = new Dictionary<string, int>();
        for (var i = 0; i < fields.Count; i++) positions[fields[i].Name] = i;
        w.Open(signature);
        var order = bodyOrder ? PathTree.Build(fields).Leaves().Select(f => positions[f.Name]) : Enumerable.Range(0, fields.Count);
        foreach (var position in order)
        {
            var field = fields[position];
            if (field.ConstantJson is not null)
            {
                w.Line($"visitor.Constant({position});");
                continue;
            }

            // A copy of another field is written from the source's value, under its own name and kind.
            var source = field.MirrorOf is { } name ? fields[positions[name]] : field;
            w.Line($"visitor.{VisitMethod(source)}({position}, {Value(source)});");
        }

        w.Close();
    }

    private static string VisitMethod(FieldSpec field) => field.Kind switch
    {
        FieldKind.String => "String",
        FieldKind.Integer => "Integer",
        FieldKind.Number => "Number",
        FieldKind.Boolean => "Boolean",
        FieldKind.StringArray => "Strings",
        FieldKind.OneOf => "OneOf",
        _ => "Items",
    };

    private void CheckRules(EquatableArray<RuleSpec> rules, EquatableArray<FieldSpec> fields)
    {
        if (rules.Count == 0) return;
        _w.Line("/// <inheritdoc/>");
        _w.Open($"protected override void CheckRules(ref {Runtime}.RequestValidator validator)");
        for (var r = 0; r < rules.Count; r++) Rule(rules[r], r, fields);
        _w.Close();
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
                w.Line($"validator.Count({info}, {items.PropertyName}, static item => item.{Value(key)});");
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
