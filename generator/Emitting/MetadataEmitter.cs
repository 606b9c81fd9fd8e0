using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>
/// Writes a model's fields and operations as the compact JSON the runtime's <c>ModelMetadata</c> reads once: limits,
/// allowed values and docs live there instead of being repeated in generated code. A field shared by several
/// operations is written once. It is the model serialized: each member under its own name in camelCase (the runtime's
/// <c>FieldInfo</c>, <c>RuleInfo</c> and <c>PricingInfo</c> have the same names) and each enum by its member name.
/// </summary>
internal static class MetadataEmitter
{
    /// <summary>The key of an array-of-objects field's item fields (the runtime's <c>FieldInfo.ItemFields</c>).</summary>
    private const string ItemFields = "ItemFields";

    /// <summary>Every field of the model's operations, each once, in order, and its position in that table.</summary>
    private static (Dictionary<FieldSpec, int> Table, List<FieldSpec> Order) FieldTable(ModelSpec model)
    {
        var table = new Dictionary<FieldSpec, int>();
        var order = new List<FieldSpec>();
        foreach (var operation in model.Operations)
        {
            foreach (var field in operation.Fields)
            {
                if (table.ContainsKey(field)) continue;
                table[field] = order.Count;
                order.Add(field);
            }
        }

        return (table, order);
    }

    /// <summary>
    /// Where each field is in the runtime's <c>ModelMetadata</c> read from this JSON (<c>Fields[3]</c>,
    /// <c>Fields[3].ItemFields[1]</c>), so generated code reads a field's allowed values from there rather than repeating them.
    /// </summary>
    public static Dictionary<FieldSpec, string> Locations(ModelSpec model)
    {
        var locations = new Dictionary<FieldSpec, string>();
        void Visit(FieldSpec field, string location)
        {
            if (locations.ContainsKey(field)) return;
            locations[field] = location;
            for (var i = 0; (field.ItemType?.Fields.Count ?? 0) > i; i++) Visit(field.ItemType!.Fields[i], $"{location}.{ItemFields}[{i}]");
            for (var i = 0; (field.UnionType?.Variants.Count ?? 0) > i; i++) Visit(field.UnionType!.Variants[i], $"{location}.{nameof(UnionTypeSpec.Variants)}[{i}]");
        }

        var order = FieldTable(model).Order;
        for (var i = 0; i < order.Count; i++) Visit(order[i], $"{nameof(OperationSpec.Fields)}[{i.ToString(CultureInfo.InvariantCulture)}]");
        return locations;
    }

    public static string Json(ModelSpec model)
    {
        var (table, order) = FieldTable(model);
        var json = new StringBuilder();
        json.Append('{');
        Property(json, nameof(ModelSpec.Result), model.Result, leading: false);
        Fields(json, nameof(OperationSpec.Fields), order);
        Key(json, nameof(ModelSpec.Operations)).Append('[');
        var first = true;
        foreach (var operation in model.Operations)
        {
            json.Append(first ? "{" : ",{");
            first = false;
            Property(json, nameof(OperationSpec.Id), operation.Id, leading: false);
            if (operation.Description.Length > 0) Property(json, nameof(OperationSpec.Description), operation.Description);
            if (operation.SubmitPath is not null) Property(json, nameof(OperationSpec.SubmitPath), operation.SubmitPath);
            if (operation.ContentType is not null) Property(json, nameof(OperationSpec.ContentType), operation.ContentType);
            if (operation.IdentifiedBy.Count > 0) Strings(json, nameof(OperationSpec.IdentifiedBy), operation.IdentifiedBy);

            // An operation lists its fields by position in the model's table, so a field shared by operations is written once.
            Key(json, nameof(OperationSpec.Fields)).Append('[');
            for (var i = 0; i < operation.Fields.Count; i++)
            {
                if (i > 0) json.Append(',');
                json.Append(table[operation.Fields[i]].ToString(CultureInfo.InvariantCulture));
            }

            json.Append(']');
            if (operation.Rules.Count > 0)
            {
                Key(json, nameof(OperationSpec.Rules)).Append('[');
                for (var i = 0; i < operation.Rules.Count; i++)
                {
                    if (i > 0) json.Append(',');
                    Rule(json, operation.Rules[i]);
                }

                json.Append(']');
            }

            json.Append('}');
        }

        json.Append(']');
        if (model.Pricing is { } pricing) Pricing(json, pricing);
        json.Append('}');
        return json.ToString();
    }

    /// <summary>The price table, so a tool can estimate the credits of a request it holds only as JSON.</summary>
    private static void Pricing(StringBuilder json, PricingSpec pricing)
    {
        Key(json, nameof(ModelSpec.Pricing)).Append('{');
        Property(json, nameof(PricingSpec.PerSecondOf), pricing.PerSecondOf, leading: false);
        if (pricing.Description.Length > 0) Property(json, nameof(PricingSpec.Description), pricing.Description);
        Key(json, nameof(PricingSpec.Rates)).Append('[');
        for (var i = 0; i < pricing.Rates.Count; i++)
        {
            var rate = pricing.Rates[i];
            if (i > 0) json.Append(',');
            json.Append('{');
            Key(json, nameof(RateSpec.When), leading: false).Append('{');
            for (var c = 0; c < rate.When.Count; c++)
            {
                if (c > 0) json.Append(',');
                String(json, rate.When[c].Field);
                json.Append(':').Append(rate.When[c].ValueJson);
            }

            json.Append('}');
            Number(json, nameof(RateSpec.CreditsPerSecond), rate.CreditsPerSecond);
            json.Append('}');
        }

        json.Append("]}");
    }

    private static void Field(StringBuilder json, FieldSpec field)
    {
        json.Append('{');
        Property(json, nameof(FieldSpec.Name), field.Name, leading: false);
        Property(json, nameof(FieldSpec.Path), field.Path);
        Property(json, nameof(FieldSpec.PropertyName), field.PropertyName);
        Property(json, nameof(FieldSpec.Kind), field.Kind.ToString());
        if (field.Role != FieldRole.None) Property(json, nameof(FieldSpec.Role), field.Role.ToString());
        if (field.IsRequired) Key(json, nameof(FieldSpec.IsRequired)).Append("true");
        if (field.DefaultJson is not null) Property(json, nameof(FieldSpec.DefaultJson), field.DefaultJson);
        if (field.Description.Length > 0) Property(json, nameof(FieldSpec.Description), field.Description);
        if (field.AllowedValues.Count > 0)
        {
            Key(json, nameof(FieldSpec.AllowedValues)).Append('[');
            for (var i = 0; i < field.AllowedValues.Count; i++)
            {
                if (i > 0) json.Append(',');
                String(json, field.AllowedValues[i].Value);
            }

            json.Append(']');
        }

        Number(json, nameof(FieldSpec.Minimum), field.Minimum);
        Number(json, nameof(FieldSpec.Maximum), field.Maximum);
        Number(json, nameof(FieldSpec.MinLength), field.MinLength);
        Number(json, nameof(FieldSpec.MaxLength), field.MaxLength);
        if (field.CjkCountsDouble) Key(json, nameof(FieldSpec.CjkCountsDouble)).Append("true");
        Number(json, nameof(FieldSpec.MinItems), field.MinItems);
        Number(json, nameof(FieldSpec.MaxItems), field.MaxItems);
        if (field.Format is not null) Property(json, nameof(FieldSpec.Format), field.Format);
        if (field.Media is { } media)
        {
            Key(json, nameof(FieldSpec.Media)).Append('{');
            Property(json, nameof(MediaSpec.Kind), media.Kind, leading: false);
            if (media.Formats.Count > 0) Strings(json, nameof(MediaSpec.Formats), media.Formats);
            Number(json, nameof(MediaSpec.MaxMegabytes), media.MaxMegabytes);
            Number(json, nameof(MediaSpec.MinSide), media.MinSide);
            Number(json, nameof(MediaSpec.MaxSide), media.MaxSide);
            Number(json, nameof(MediaSpec.MinSeconds), media.MinSeconds);
            Number(json, nameof(MediaSpec.MaxSeconds), media.MaxSeconds);
            if (media.Notes.Length > 0) Property(json, nameof(MediaSpec.Notes), media.Notes);
            json.Append('}');
        }

        if (field.ErrorCode is not null) Property(json, nameof(FieldSpec.ErrorCode), field.ErrorCode);
        if (field.ConstantJson is not null) Property(json, nameof(FieldSpec.ConstantJson), field.ConstantJson);
        if (field.MirrorOf is not null) Property(json, nameof(FieldSpec.MirrorOf), field.MirrorOf);
        if (field.ItemType is { } item) Fields(json, ItemFields, item.Fields);
        if (field.UnionType is { } union) Fields(json, nameof(UnionTypeSpec.Variants), union.Variants);
        json.Append('}');
    }

    private static void Fields(StringBuilder json, string name, IReadOnlyList<FieldSpec> fields)
    {
        Key(json, name).Append('[');
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) json.Append(',');
            Field(json, fields[i]);
        }

        json.Append(']');
    }

    private static void Rule(StringBuilder json, RuleSpec rule)
    {
        json.Append('{');
        Property(json, nameof(RuleSpec.Kind), rule.Kind.ToString(), leading: false);
        if (rule.Field is not null) Property(json, nameof(RuleSpec.Field), rule.Field);
        if (rule.List is not null) Property(json, nameof(RuleSpec.List), rule.List);
        if (rule.ItemField is not null) Property(json, nameof(RuleSpec.ItemField), rule.ItemField);
        if (rule.Value is not null) Property(json, nameof(RuleSpec.Value), rule.Value);
        if (rule.Fields.Count > 0) Strings(json, nameof(RuleSpec.Fields), rule.Fields);
        Number(json, nameof(RuleSpec.Min), rule.Min);
        Number(json, nameof(RuleSpec.Max), rule.Max);
        if (rule.Description.Length > 0) Property(json, nameof(RuleSpec.Description), rule.Description);
        if (rule.ErrorCode is not null) Property(json, nameof(RuleSpec.ErrorCode), rule.ErrorCode);
        json.Append('}');
    }

    private static void Strings(StringBuilder json, string name, EquatableArray<string> values)
    {
        Key(json, name).Append('[');
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) json.Append(',');
            String(json, values[i]);
        }

        json.Append(']');
    }

    private static void Property(StringBuilder json, string name, string value, bool leading = true)
    {
        Key(json, name, leading);
        String(json, value);
    }

    /// <summary>A member's name as its JSON key: camelCase, as the runtime's reader expects it.</summary>
    private static StringBuilder Key(StringBuilder json, string memberName, bool leading = true)
    {
        if (leading) json.Append(',');
        return json.Append('"').Append(char.ToLowerInvariant(memberName[0])).Append(memberName, 1, memberName.Length - 1).Append("\":");
    }

    /// <summary>A number from the manifest's own text (already JSON), so output never depends on culture.</summary>
    private static void Number(StringBuilder json, string name, string? text)
    {
        if (text is not null) Key(json, name).Append(text);
    }

    private static void Number(StringBuilder json, string name, int? value)
    {
        if (value is { } number) Key(json, name).Append(number.ToString(CultureInfo.InvariantCulture));
    }

    internal static void String(StringBuilder json, string value)
    {
        json.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                default:
                    if (c < ' ') json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else json.Append(c);
                    break;
            }
        }

        json.Append('"');
    }
}
