using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using HappyHorse.Generated.Generator.Json;
using HappyHorse.Generated.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator.Reading;

/// <summary>Reads a model manifest into a <see cref="ModelSpec"/>, reporting every mistake at its place in the file.</summary>
internal static class ManifestReader
{
    private static readonly string[] ModelProperties = { "model", "typeName", "title", "description", "profile", "result", "fields", "operations" };
    private static readonly string[] OperationProperties = { "id", "typeName", "description", "submitPath", "identifiedBy", "fields", "rules" };
    private static readonly string[] RuleProperties = { "kind", "field", "list", "itemField", "errorCode" };
    private static readonly string[] RuleKinds = { "sum" };
    private static readonly string[] FieldProperties =
    {
        "name", "path", "propertyName", "type", "items", "required", "default", "description", "enum",
        "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems", "format", "errorCode", "const",
    };

    private static readonly string[] ItemProperties = { "type", "format", "typeName", "description", "fields" };
    private static readonly string[] EnumValueProperties = { "value", "name", "description" };
    private static readonly string[] ResultKinds = { "video", "image" };
    private static readonly string[] Formats = { "url" };

    public static (ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics) Read(SourceText text, string path, CancellationToken cancellationToken) =>
        ReadContext.ReadDocument(text, path, "The manifest", ModelProperties, cancellationToken, (view, context) => ReadModel(view, context, cancellationToken));

    private static ModelSpec? ReadModel(ObjectView view, ReadContext context, CancellationToken cancellationToken)
    {
        var modelId = view.String("model", required: true);
        var typeName = TypeName(view, context, "typeName", modelId);
        var profile = view.String("profile", required: true);
        var result = view.String("result", required: true);
        if (result is not null && !ResultKinds.Contains(result))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("result")!), $"'result' must be one of {string.Join(", ", ResultKinds)} (was '{result}')");
        }

        var sharedFields = ReadFields(view, context, "model");
        var operations = new List<OperationSpec>();
        var operationNodes = view.Array("operations", required: true);
        if (operationNodes is { Count: 0 })
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("operations")!), "'operations' must list at least one operation");
        }

        var operationIds = new HashSet<string>();
        foreach (var node in operationNodes ?? new List<JsonNode>())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (node.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(node), "operations[]", "an object");
                continue;
            }

            var operation = ReadOperation(node, context, sharedFields);
            if (operation is null) continue;
            if (!operationIds.Add(operation.Id))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(node["id"]!), $"Operation id '{operation.Id}' is used twice");
            }

            operations.Add(operation);
        }

        if (modelId is null || typeName is null || profile is null || result is null) return null;
        var profileNode = view.Get("profile")!;
        return new ModelSpec(
            modelId,
            typeName,
            view.String("title") ?? modelId,
            view.String("description") ?? string.Empty,
            profile,
            context.At(profileNode),
            result,
            operations.ToEquatableArray());
    }

    private static OperationSpec? ReadOperation(JsonNode node, ReadContext context, List<(FieldSpec Field, JsonNode Node)> sharedFields)
    {
        var view = new ObjectView(node, context, "The operation", OperationProperties);
        var id = view.String("id", required: true);
        var typeName = TypeName(view, context, "typeName", id);
        var submitPath = view.String("submitPath");
        if (submitPath is not null && !submitPath.StartsWith("/"))
        {
            context.Report(DiagnosticDescriptors.MalformedPath, context.At(view.Get("submitPath")!), submitPath, "a submit path must start with '/'");
        }

        // Fields declared on the operation replace the model's field of the same name.
        var own = ReadFields(view, context, $"operation '{id}'");
        var fields = new List<(FieldSpec Field, JsonNode Node)>();
        foreach (var shared in sharedFields)
        {
            if (!own.Any(o => o.Field.Name == shared.Field.Name)) fields.Add(shared);
        }

        fields.AddRange(own);
        CheckFieldSet(fields, context, id ?? "?");

        var identifiedBy = view.StringArray("identifiedBy") ?? new List<string>();
        foreach (var name in identifiedBy)
        {
            if (!fields.Any(f => f.Field.Name == name))
            {
                context.Report(DiagnosticDescriptors.UnknownFieldReference, context.At(view.Get("identifiedBy")!), id ?? "?", name);
            }
        }

        var rules = ReadRules(view, context, id ?? "?", fields.Select(f => f.Field).ToList());
        if (id is null || typeName is null) return null;
        return new OperationSpec(id, typeName, view.String("description") ?? string.Empty, submitPath, identifiedBy.ToEquatableArray(), fields.Select(f => f.Field).ToEquatableArray(), rules.ToEquatableArray());
    }

    private static List<SumRuleSpec> ReadRules(ObjectView view, ReadContext context, string operationId, List<FieldSpec> fields)
    {
        var rules = new List<SumRuleSpec>();
        foreach (var node in view.Array("rules") ?? new List<JsonNode>())
        {
            if (node.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(node), "rules[]", "an object");
                continue;
            }

            var rule = new ObjectView(node, context, "A rule", RuleProperties);
            var kind = rule.String("kind", required: true);
            if (kind is not null && !RuleKinds.Contains(kind))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(rule.Get("kind")!), $"'kind' must be one of {string.Join(", ", RuleKinds)} (was '{kind}')");
                continue;
            }

            var field = rule.String("field", required: true);
            var list = rule.String("list", required: true);
            var itemField = rule.String("itemField", required: true);
            if (field is null || list is null || itemField is null) continue;
            var target = fields.FirstOrDefault(f => f.Name == field);
            var source = fields.FirstOrDefault(f => f.Name == list);
            var item = source?.ItemType?.Fields.FirstOrDefault(f => f.Name == itemField);
            if (target is not { Kind: FieldKind.Integer or FieldKind.Number })
            {
                Unknown(rule, "field", field, target is null ? null : "an integer or number field");
            }
            else if (source is not { Kind: FieldKind.ObjectArray })
            {
                Unknown(rule, "list", list, source is null ? null : "an array-of-objects field");
            }
            else if (item is not { Kind: FieldKind.Integer or FieldKind.Number })
            {
                Unknown(rule, "itemField", $"{list}[].{itemField}", item is null ? null : "an integer or number field");
            }
            else
            {
                rules.Add(new SumRuleSpec(field, list, itemField, rule.String("errorCode")));
            }
        }

        return rules;

        void Unknown(ObjectView rule, string property, string name, string? mustBe)
        {
            var at = context.At(rule.Get(property)!);
            if (mustBe is null) context.Report(DiagnosticDescriptors.UnknownFieldReference, at, operationId, name);
            else context.Report(DiagnosticDescriptors.InvalidValue, at, $"Operation '{operationId}': rule field '{name}' must be {mustBe}");
        }
    }

    private static void CheckFieldSet(List<(FieldSpec Field, JsonNode Node)> fields, ReadContext context, string operationId)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (fields[j].Field, fields[i].Field);
                if (a.Name == b.Name)
                {
                    context.Report(DiagnosticDescriptors.DuplicateField, context.At(fields[i].Node), operationId, b.Name);
                }
                else if (a.Path == b.Path || b.Path.StartsWith(a.Path + ".") || a.Path.StartsWith(b.Path + "."))
                {
                    context.Report(DiagnosticDescriptors.DuplicatePath, context.At(fields[i].Node), operationId, a.Name, b.Name, b.Path);
                }
                else if (a.PropertyName == b.PropertyName)
                {
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(fields[i].Node), $"Operation '{operationId}': fields '{a.Name}' and '{b.Name}' both become the C# property '{b.PropertyName}'; set 'propertyName' on one");
                }
            }
        }
    }

    private static List<(FieldSpec Field, JsonNode Node)> ReadFields(ObjectView owner, ReadContext context, string ownerName)
    {
        var fields = new List<(FieldSpec, JsonNode)>();
        foreach (var node in owner.Array("fields") ?? new List<JsonNode>())
        {
            if (node.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(node), "fields[]", "an object");
                continue;
            }

            if (ReadField(node, context, ownerName) is { } field) fields.Add((field, node));
        }

        return fields;
    }

    private static FieldSpec? ReadField(JsonNode node, ReadContext context, string ownerName)
    {
        var before = context.Diagnostics.Count;
        var view = new ObjectView(node, context, $"A field of {ownerName}", FieldProperties);
        var name = view.String("name", required: true);
        var path = view.String("path") ?? name;
        if (path is not null && Naming.CheckBodyPath(path) is { } pathProblem)
        {
            context.Report(DiagnosticDescriptors.MalformedPath, context.At(view.Get("path") ?? view.Get("name")!), path, pathProblem);
        }

        var propertyName = view.String("propertyName") ?? (name is null ? null : Naming.ToPascalCase(name));
        if (propertyName is not null && !Naming.IsIdentifier(propertyName))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("propertyName") ?? view.Get("name")!), $"'{propertyName}' is not a valid C# identifier; set 'propertyName'");
        }

        var kind = ReadKind(view, context, name ?? "?");
        var enumValues = ReadEnum(view, context, kind);
        var integral = kind == FieldKind.Integer;
        var numeric = kind is FieldKind.Integer or FieldKind.Number;
        var minimum = numeric ? view.NumberText("minimum", integral) : NotFor(view, context, "minimum", "integer and number fields");
        var maximum = numeric ? view.NumberText("maximum", integral) : NotFor(view, context, "maximum", "integer and number fields");
        var isString = kind == FieldKind.String;
        var minLength = isString ? view.Count("minLength") : NotForCount(view, context, "minLength", "string fields");
        var maxLength = isString ? view.Count("maxLength") : NotForCount(view, context, "maxLength", "string fields");
        var isArray = kind is FieldKind.StringArray or FieldKind.ObjectArray;
        var minItems = isArray ? view.Count("minItems") : NotForCount(view, context, "minItems", "array fields");
        var maxItems = isArray ? view.Count("maxItems") : NotForCount(view, context, "maxItems", "array fields");
        var format = kind is FieldKind.String or FieldKind.StringArray || kind is null ? view.String("format") : NotFor(view, context, "format", "string and string-array fields");
        if (format is not null && !Formats.Contains(format))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("format")!), $"'format' must be one of {string.Join(", ", Formats)} (was '{format}')");
        }

        if (kind is not (FieldKind.StringArray or FieldKind.ObjectArray)) NotFor(view, context, "items", "array fields");

        if (kind == FieldKind.StringArray)
        {
            format = ItemFormat(view, context) ?? format;
        }

        var itemType = kind == FieldKind.ObjectArray ? ReadItemType(view.Get("items")!, context, name ?? "?") : null;
        var constNode = view.Get("const");
        if (constNode is not null && kind is { } constKind && !Matches(constNode, constKind))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(constNode), $"The 'const' of field '{name}' is not of the field's type");
        }

        CheckOrder(context, view, name, "minimum", minimum, "maximum", maximum);
        CheckOrder(context, view, name, "minLength", minLength?.ToString(CultureInfo.InvariantCulture), "maxLength", maxLength?.ToString(CultureInfo.InvariantCulture));
        CheckOrder(context, view, name, "minItems", minItems?.ToString(CultureInfo.InvariantCulture), "maxItems", maxItems?.ToString(CultureInfo.InvariantCulture));

        var defaultNode = view.Get("default");
        if (defaultNode is not null && kind is { } k)
        {
            CheckDefault(context, defaultNode, name ?? "?", k, enumValues, minimum, maximum, minLength, maxLength);
        }

        if (name is null || path is null || propertyName is null || kind is null || context.Diagnostics.Count > before) return null;
        return new FieldSpec(
            name,
            path,
            propertyName,
            kind.Value,
            view.Boolean("required") ?? false,
            defaultNode is null ? null : RawText(defaultNode),
            view.String("description") ?? string.Empty,
            enumValues.ToEquatableArray(),
            minimum,
            maximum,
            minLength,
            maxLength,
            minItems,
            maxItems,
            format,
            view.String("errorCode"),
            constNode is null ? null : RawText(constNode),
            itemType);
    }

    private static ItemTypeSpec? ReadItemType(JsonNode items, ReadContext context, string fieldName)
    {
        // Unknown properties of the items were reported when the kind was read.
        var view = new ObjectView(items, context, $"The items of field '{fieldName}'", ItemProperties, reportUnknown: false);
        var typeName = view.String("typeName") ?? Naming.ToPascalCase(fieldName) + "Item";
        if (!Naming.IsIdentifier(typeName))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(items["typeName"] ?? items), $"'{typeName}' is not a valid C# type name; set 'typeName'");
            return null;
        }

        var before = context.Diagnostics.Count;
        var fields = ReadFields(view, context, $"the items of '{fieldName}'");
        if (fields.Count == 0 && context.Diagnostics.Count == before)
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(items), $"The items of field '{fieldName}' must declare 'fields'");
        }

        CheckFieldSet(fields, context, $"{fieldName}[]");
        var description = items["description"] is { Kind: JsonKind.String } text ? text.StringValue! : string.Empty;
        return new ItemTypeSpec(typeName, description, fields.Select(f => f.Field).ToEquatableArray());
    }

    private static bool Matches(JsonNode node, FieldKind kind) => kind switch
    {
        FieldKind.String => node.Kind == JsonKind.String,
        FieldKind.Boolean => node.Kind is JsonKind.True or JsonKind.False,
        FieldKind.Integer => node.Kind == JsonKind.Number && node.TryGetInt64(out _),
        FieldKind.Number => node.Kind == JsonKind.Number,
        _ => false,
    };

    private static FieldKind? ReadKind(ObjectView view, ReadContext context, string name)
    {
        var type = view.String("type", required: true);
        switch (type)
        {
            case null: return null;
            case "string": return FieldKind.String;
            case "integer": return FieldKind.Integer;
            case "number": return FieldKind.Number;
            case "boolean": return FieldKind.Boolean;
            case "array":
                var items = view.Object("items", required: true);
                if (items is null) return null;
                var itemView = new ObjectView(items, context, $"The items of field '{name}'", ItemProperties);
                var itemType = itemView.String("type", required: true);
                if (itemType == "string")
                {
                    foreach (var objectOnly in new[] { "typeName", "description", "fields" }) NotFor(itemView, context, objectOnly, "object items");
                    return FieldKind.StringArray;
                }

                if (itemType == "object")
                {
                    NotFor(itemView, context, "format", "string items");
                    itemView.String("description");
                    return FieldKind.ObjectArray;
                }

                if (itemType is not null)
                {
                    context.Report(DiagnosticDescriptors.UnknownFieldType, context.At(items["type"]!), name + "[]", itemType);
                }

                return null;
            default:
                context.Report(DiagnosticDescriptors.UnknownFieldType, context.At(view.Get("type")!), name, type);
                return null;
        }
    }

    private static string? ItemFormat(ObjectView view, ReadContext context)
    {
        var items = view.Get("items");
        var format = items?["format"];
        if (format is null) return null;
        if (format.Kind == JsonKind.String && Formats.Contains(format.StringValue!)) return format.StringValue;
        context.Report(DiagnosticDescriptors.InvalidValue, context.At(format), $"'items.format' must be one of {string.Join(", ", Formats)}");
        return null;
    }

    private static List<EnumValueSpec> ReadEnum(ObjectView view, ReadContext context, FieldKind? kind)
    {
        var values = new List<EnumValueSpec>();
        var nodes = view.Array("enum");
        if (nodes is null) return values;
        if (kind is not FieldKind.String)
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("enum")!), "'enum' is only for string fields");
            return values;
        }

        foreach (var node in nodes)
        {
            string? value;
            string? memberName = null;
            string? description = null;
            JsonNode at = node;
            if (node.Kind == JsonKind.String)
            {
                value = node.StringValue;
            }
            else if (node.Kind == JsonKind.Object)
            {
                var item = new ObjectView(node, context, "An enum value", EnumValueProperties);
                value = item.String("value", required: true);
                memberName = item.String("name");
                description = item.String("description");
                at = item.Get("name") ?? node;
            }
            else
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(node), "enum[]", "a string or an object with 'value'");
                continue;
            }

            if (value is null) continue;
            memberName ??= Naming.ToPascalCase(value);
            if (!Naming.IsIdentifier(memberName))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(at), $"Enum value '{value}' becomes '{memberName}', which is not a valid C# identifier; give it a 'name'");
            }
            else if (values.Any(v => v.Value == value || v.MemberName == memberName))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(at), $"Enum value '{value}' (member '{memberName}') is listed twice");
            }

            values.Add(new EnumValueSpec(value, memberName, description ?? string.Empty));
        }

        if (values.Count == 0) context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("enum")!), "'enum' must list at least one value");
        return values;
    }

    private static void CheckDefault(ReadContext context, JsonNode node, string name, FieldKind kind, List<EnumValueSpec> enumValues, string? minimum, string? maximum, int? minLength, int? maxLength)
    {
        var location = context.At(node);
        switch (kind)
        {
            case FieldKind.String when node.Kind != JsonKind.String:
            case FieldKind.Boolean when node.Kind is not (JsonKind.True or JsonKind.False):
            case FieldKind.Integer when node.Kind != JsonKind.Number || !node.TryGetInt64(out _):
            case FieldKind.Number when node.Kind != JsonKind.Number:
            case FieldKind.StringArray when node.Kind != JsonKind.Array || node.Items.Any(i => i.Kind != JsonKind.String):
                context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, "is not an array of strings");
                return;
            case FieldKind.ObjectArray:
                context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, "cannot be given: arrays of objects have no default");
                return;
        }

        if (kind == FieldKind.String)
        {
            var value = node.StringValue!;
            if (enumValues.Count > 0 && !enumValues.Any(v => v.Value == value))
            {
                context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, $"'{value}' is not one of its values ({string.Join(", ", enumValues.Select(v => v.Value))})");
            }

            if ((minLength is { } low && value.Length < low) || (maxLength is { } high && value.Length > high))
            {
                context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, "breaks its length limits");
            }
        }
        else if (kind is FieldKind.Integer or FieldKind.Number && node.TryGetDouble(out var number))
        {
            if (minimum is not null && number < Parse(minimum)) context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, $"({node.NumberText}) is below its minimum ({minimum})");
            if (maximum is not null && number > Parse(maximum)) context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, $"({node.NumberText}) is above its maximum ({maximum})");
        }
    }

    private static void CheckOrder(ReadContext context, ObjectView view, string? name, string lowName, string? low, string highName, string? high)
    {
        if (low is null || high is null || Parse(low) <= Parse(high)) return;
        context.Report(DiagnosticDescriptors.MinimumAboveMaximum, context.At(view.Get(lowName)!), name ?? "?", lowName, low, highName, high);
    }

    private static string? NotFor(ObjectView view, ReadContext context, string property, string allowed)
    {
        // With an unknown type the limits cannot be judged; the type error alone is reported.
        if (view.Get(property) is { } node && view.Get("type") is { Kind: JsonKind.String } type && type.StringValue is "string" or "integer" or "number" or "boolean" or "array" or "object") context.Report(DiagnosticDescriptors.InvalidValue, context.At(node), $"'{property}' is only for {allowed}");
        return null;
    }

    private static int? NotForCount(ObjectView view, ReadContext context, string property, string allowed)
    {
        NotFor(view, context, property, allowed);
        return null;
    }

    private static string? TypeName(ObjectView view, ReadContext context, string property, string? fallbackSource)
    {
        var explicitName = view.String(property);
        var name = explicitName ?? (fallbackSource is null ? null : Naming.ToPascalCase(fallbackSource));
        if (name is not null && !Naming.IsIdentifier(name))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get(property) ?? view.Node), $"'{name}' is not a valid C# type name; set '{property}'");
            return null;
        }

        return name;
    }

    private static double Parse(string number) => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string RawText(JsonNode node) => node.Kind switch
    {
        JsonKind.String => "\"" + node.StringValue + "\"",
        JsonKind.Number => node.NumberText!,
        JsonKind.True => "true",
        JsonKind.False => "false",
        JsonKind.Array => "[" + string.Join(", ", node.Items.Select(RawText)) + "]",
        _ => "null",
    };
}
