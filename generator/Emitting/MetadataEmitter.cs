using System.Collections.Generic;
using System.Globalization;
using System.Text;
using HappyHorse.Generated.Generator.Model;
using HappyHorse.Generated.Generator.Reading;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>
/// Writes a model's fields and operations as the compact JSON the runtime's <c>ModelMetadata</c> reads once: limits,
/// allowed values and docs live there instead of being repeated in generated code. A field shared by several
/// operations is written once.
/// </summary>
internal static class MetadataEmitter
{
    public static string Json(ModelSpec model)
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

        var json = new StringBuilder();
        json.Append('{');
        Property(json, "result", model.Result, leading: false);
        json.Append(",\"fields\":[");
        for (var i = 0; i < order.Count; i++)
        {
            if (i > 0) json.Append(',');
            Field(json, order[i]);
        }

        json.Append("],\"operations\":[");
        var first = true;
        foreach (var operation in model.Operations)
        {
            json.Append(first ? "{" : ",{");
            first = false;
            Property(json, "id", operation.Id, leading: false);
            if (operation.Description.Length > 0) Property(json, "description", operation.Description);
            if (operation.SubmitPath is not null) Property(json, "submitPath", operation.SubmitPath);
            if (operation.ContentType is not null) Property(json, "contentType", operation.ContentType);
            if (operation.IdentifiedBy.Count > 0) Strings(json, "identifiedBy", operation.IdentifiedBy);
            json.Append(",\"fields\":[");
            for (var i = 0; i < operation.Fields.Count; i++)
            {
                if (i > 0) json.Append(',');
                json.Append(table[operation.Fields[i]].ToString(CultureInfo.InvariantCulture));
            }

            json.Append(']');
            if (operation.Rules.Count > 0)
            {
                json.Append(",\"rules\":[");
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
        json.Append(",\"pricing\":{");
        Property(json, "perSecondOf", pricing.PerSecondOf, leading: false);
        if (pricing.Description.Length > 0) Property(json, "description", pricing.Description);
        json.Append(",\"rates\":[");
        for (var i = 0; i < pricing.Rates.Count; i++)
        {
            var rate = pricing.Rates[i];
            json.Append(i > 0 ? ",{\"when\":{" : "{\"when\":{");
            for (var c = 0; c < rate.When.Count; c++)
            {
                if (c > 0) json.Append(',');
                String(json, rate.When[c].Field);
                json.Append(':').Append(rate.When[c].ValueJson);
            }

            json.Append("},\"credits\":").Append(rate.CreditsPerSecond).Append('}');
        }

        json.Append("]}");
    }

    private static void Field(StringBuilder json, FieldSpec field)
    {
        json.Append('{');
        Property(json, "name", field.Name, leading: false);
        Property(json, "path", field.Path);
        Property(json, "property", field.PropertyName);
        Property(json, "kind", field.Kind == FieldKind.OneOf ? "oneOf" : field.Kind.ToString());
        if (field.IsRequired) json.Append(",\"required\":true");
        if (field.Role != FieldRole.None) Property(json, "role", Naming.ToCamelCase(field.Role.ToString()));
        if (field.DefaultJson is not null) Property(json, "default", field.DefaultJson);
        if (field.Description.Length > 0) Property(json, "description", field.Description);
        if (field.AllowedValues.Count > 0)
        {
            json.Append(",\"values\":[");
            for (var i = 0; i < field.AllowedValues.Count; i++)
            {
                if (i > 0) json.Append(',');
                String(json, field.AllowedValues[i].Value);
            }

            json.Append(']');
        }

        Number(json, "minimum", field.Minimum);
        Number(json, "maximum", field.Maximum);
        Number(json, "minLength", field.MinLength);
        Number(json, "maxLength", field.MaxLength);
        if (field.CjkCountsDouble) json.Append(",\"cjkCountsDouble\":true");
        Number(json, "minItems", field.MinItems);
        Number(json, "maxItems", field.MaxItems);
        if (field.Format is not null) Property(json, "format", field.Format);
        if (field.Media is { } media)
        {
            json.Append(",\"media\":{");
            Property(json, "kind", media.Kind, leading: false);
            if (media.Formats.Count > 0) Strings(json, "formats", media.Formats);
            Number(json, "maxMegabytes", media.MaxMegabytes);
            Number(json, "minSide", media.MinSide);
            Number(json, "maxSide", media.MaxSide);
            Number(json, "minSeconds", media.MinSeconds);
            Number(json, "maxSeconds", media.MaxSeconds);
            if (media.Notes.Length > 0) Property(json, "notes", media.Notes);
            json.Append('}');
        }

        if (field.ErrorCode is not null) Property(json, "errorCode", field.ErrorCode);
        if (field.ConstantJson is not null) Property(json, "const", field.ConstantJson);
        if (field.MirrorOf is not null) Property(json, "mirrorOf", field.MirrorOf);
        if (field.ItemType is { } item) Fields(json, "items", item.Fields);
        if (field.UnionType is { } union) Fields(json, "variants", union.Variants);
        json.Append('}');
    }

    private static void Fields(StringBuilder json, string name, EquatableArray<FieldSpec> fields)
    {
        json.Append(",\"").Append(name).Append("\":[");
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
        Property(json, "kind", rule.Kind.ToString(), leading: false);
        if (rule.Field is not null) Property(json, "field", rule.Field);
        if (rule.List is not null) Property(json, "list", rule.List);
        if (rule.ItemField is not null) Property(json, "itemField", rule.ItemField);
        if (rule.Value is not null) Property(json, "value", rule.Value);
        if (rule.Fields.Count > 0) Strings(json, "fields", rule.Fields);
        Number(json, "min", rule.Min);
        Number(json, "max", rule.Max);
        if (rule.Description.Length > 0) Property(json, "description", rule.Description);
        if (rule.ErrorCode is not null) Property(json, "errorCode", rule.ErrorCode);
        json.Append('}');
    }

    private static void Strings(StringBuilder json, string name, EquatableArray<string> values)
    {
        json.Append(",\"").Append(name).Append("\":[");
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0) json.Append(',');
            String(json, values[i]);
        }

        json.Append(']');
    }

    private static void Property(StringBuilder json, string name, string value, bool leading = true)
    {
        if (leading) json.Append(',');
        json.Append('"').Append(name).Append("\":");
        String(json, value);
    }

    /// <summary>A number from the manifest's own text (already JSON), so output never depends on culture.</summary>
    private static void Number(StringBuilder json, string name, string? text)
    {
        if (text is not null) json.Append(",\"").Append(name).Append("\":").Append(text);
    }

    private static void Number(StringBuilder json, string name, int? value)
    {
        if (value is { } number) json.Append(",\"").Append(name).Append("\":").Append(number.ToString(CultureInfo.InvariantCulture));
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
