using System;
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
    private static readonly string[] ModelProperties = { "model", "typeName", "title", "description", "profile", "result", "fields", "operations", "pricing" };
    private static readonly string[] OperationProperties = { "id", "typeName", "description", "submitPath", "contentType", "identifiedBy", "fields", "rules" };
    private static readonly string[] RuleProperties = { "kind", "field", "list", "itemField", "value", "fields", "min", "max", "description", "errorCode" };
    private static readonly string[] RuleKinds = { "sum", "count", "totalCount", "requires" };
    private static readonly string[] ContentTypes = { "json", "multipart" };
    private static readonly string[] PricingProperties = { "perSecondOf", "rates", "description" };
    private static readonly string[] RateProperties = { "when", "credits" };
    private static readonly string[] MediaProperties = { "kind", "formats", "maxMegabytes", "minSide", "maxSide", "minSeconds", "maxSeconds", "notes" };
    private static readonly string[] MediaKinds = { "image", "video", "audio" };
    private static readonly string[] LengthUnits = { "character", "cjkDouble" };
    private static readonly string[] FieldProperties =
    {
        "name", "path", "propertyName", "type", "items", "required", "default", "description", "enum", "typeName", "variants",
        "minimum", "maximum", "minLength", "maxLength", "lengthUnit", "minItems", "maxItems", "format", "errorCode", "const",
        "mirrorOf", "media",
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

        CheckItemTypes(operations, context, view);
        var pricing = ReadPricing(view, context, operations);
        if (modelId is null || typeName is null || profile is null || result is null) return null;
        var locations = new ModelLocations(
            context.At(view.Get("model")!),
            view.Get("typeName") is { } typeNameNode ? context.At(typeNameNode) : null,
            context.At(view.Get("profile")!));
        return new ModelSpec(
            modelId,
            typeName,
            view.String("title") ?? modelId,
            view.String("description") ?? string.Empty,
            profile,
            locations,
            result,
            operations.ToEquatableArray(),
            pricing);
    }

    /// <summary>
    /// The C# members of a generated type must not collide: each field becomes a property and a <paramref name="prefix"/>
    /// method, beside the type's own members; none may be named like the type (CS0542).
    /// </summary>
    private static void CheckMemberNames(ReadContext context, JsonNode at, string typeName, IEnumerable<FieldSpec> fields, string prefix, params string[] ownMembers)
    {
        // Member name -> the field that owns it ("" for the type's own members); a field declared twice is HH0009's to report.
        var taken = new Dictionary<string, string>();
        foreach (var own in ownMembers.Append(typeName)) taken[own] = string.Empty;
        var index = 0;
        foreach (var field in fields)
        {
            // Union variants have no field name of their own: each is its own owner.
            var owner = field.Name.Length > 0 ? field.Name : "#" + index++.ToString(CultureInfo.InvariantCulture);
            foreach (var member in new[] { field.PropertyName, prefix + field.PropertyName })
            {
                if (!taken.TryGetValue(member, out var holder))
                {
                    taken[member] = owner;
                }
                else if (holder != owner)
                {
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(at), $"In the C# type '{typeName}', the member '{member}' of field '{(field.Name.Length > 0 ? field.Name : field.PropertyName)}' collides with another member; set its 'propertyName'");
                }
            }
        }
    }

    /// <summary>Item and union types are emitted once per model by name, so one name must mean one shape.</summary>
    private static void CheckItemTypes(List<OperationSpec> operations, ReadContext context, ObjectView model)
    {
        var seen = new Dictionary<string, object>();
        void Visit(IEnumerable<FieldSpec> fields)
        {
            foreach (var field in fields)
            {
                object? shape = (object?)field.ItemType ?? field.UnionType;
                var name = field.ItemType?.TypeName ?? field.UnionType?.TypeName;
                if (shape is null || name is null) continue;
                if (seen.TryGetValue(name, out var first) && !first.Equals(shape))
                {
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(model.Get("operations")!), $"Two different item or union types are named '{name}'; give one of them another 'typeName'");
                }

                seen[name] = shape;
                if (field.ItemType is { } item) Visit(item.Fields);
                if (field.UnionType is { } union) Visit(union.Variants);
            }
        }

        foreach (var operation in operations) Visit(operation.Fields);
    }

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
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(rateNode), "This rate can never apply: an earlier rate has no conditions, so it always does");
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
                        { Kind: FieldKind.String, EnumValues.Count: > 0 } => condition.Value.Kind == JsonKind.String && field.EnumValues.Any(v => v.Value == condition.Value.StringValue),
                        _ => false,
                    };
                    if (!fits)
                    {
                        context.Report(DiagnosticDescriptors.InvalidValue, context.At(condition.Value), $"Pricing condition '{condition.Name}' must name an enumerated or boolean field of operation '{operation.Id}' and one of its values");
                        break;
                    }
                }

                conditions.Add(new ConditionSpec(condition.Name, RawText(condition.Value)));
            }

            unconditional = conditions.Count == 0;
            if (credits is not null) rates.Add(new RateSpec(conditions.ToEquatableArray(), credits));
        }

        return durationField is null ? null : new PricingSpec(durationField, rates.ToEquatableArray(), view.String("description") ?? string.Empty);
    }

    private static OperationSpec? ReadOperation(JsonNode node, ReadContext context, List<(FieldSpec Field, JsonNode Node)> sharedFields)
    {
        var view = new ObjectView(node, context, "The operation", OperationProperties);
        var id = view.String("id", required: true);
        var typeName = TypeName(view, context, "typeName", id);
        var submitPath = view.String("submitPath");
        var contentType = view.String("contentType");
        if (contentType is not null && !ContentTypes.Contains(contentType))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("contentType")!), $"'contentType' must be one of {string.Join(", ", ContentTypes)} (was '{contentType}')");
        }

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
        if (contentType == "multipart")
        {
            foreach (var (field, fieldNode) in fields)
            {
                if (field.Path.Contains(".") || field.Kind is not (FieldKind.String or FieldKind.Integer or FieldKind.Number or FieldKind.Boolean or FieldKind.StringArray))
                {
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(fieldNode), $"Operation '{id}' sends multipart text parts: field '{field.Name}' must be a top-level string, number, boolean or list of strings");
                }
            }
        }

        // "field" (present) or "list[].itemField=value" (some item has that value), resolved to JSON paths.
        var identifiedBy = new List<string>();
        foreach (var entry in view.StringArray("identifiedBy") ?? new List<string>())
        {
            var marker = entry.IndexOf("[].", System.StringComparison.Ordinal);
            var equals = entry.IndexOf('=');
            var name = marker >= 0 ? entry.Substring(0, marker) : entry;
            var field = fields.FirstOrDefault(f => f.Field.Name == name).Field;
            if (field is null)
            {
                context.Report(DiagnosticDescriptors.UnknownFieldReference, context.At(view.Get("identifiedBy")!), id ?? "?", name);
            }
            else if (marker < 0)
            {
                identifiedBy.Add(field.Path);
            }
            else
            {
                var itemName = equals > marker ? entry.Substring(marker + 3, equals - marker - 3) : string.Empty;
                var item = field.ItemType?.Fields.FirstOrDefault(f => f.Name == itemName);
                if (item is null || equals < 0)
                {
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("identifiedBy")!), $"'{entry}' must be a field name or 'list[].itemField=value' naming an item field of a list of objects");
                }
                else
                {
                    identifiedBy.Add($"{field.Path}[].{item.Path}={entry.Substring(equals + 1)}");
                }
            }
        }

        var rules = ReadRules(view, context, id ?? "?", fields.Select(f => f.Field).ToList());
        if (typeName is not null)
        {
            CheckMemberNames(context, node, typeName + "Request", fields.Select(f => f.Field).Where(f => f.ConstJson is null && f.MirrorOf is null), "With",
                "Info", "Validate", "ValidateInto", "WriteJsonBody", "WriteFormFields", "ValidateBody", "ReadFrom", "EstimateCredits");
        }
        if (id is null || typeName is null) return null;
        return new OperationSpec(id, typeName, view.String("description") ?? string.Empty, submitPath, contentType, identifiedBy.ToEquatableArray(), fields.Select(f => f.Field).ToEquatableArray(), rules.ToEquatableArray());
    }

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
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(rule.Get("kind")!), $"'kind' must be one of {string.Join(", ", RuleKinds)} (was '{kindText}')");
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
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(extra), $"'{property}' is not used by a '{kindText}' rule");
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
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(node), $"A '{kindText}' rule needs 'min', 'max' or both");
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
                else if (!fits) context.Report(DiagnosticDescriptors.InvalidValue, context.At(rule.Get("itemField")!), $"Operation '{operationId}': rule field '{list}[].{itemField}' must be {(kind == RuleKind.Sum ? "an integer or number field" : "a string field")}");
            }

            for (var i = 0; i < names.Count; i++)
            {
                var named = fields.FirstOrDefault(f => f.Name == names[i]);
                if (named is null) context.Report(DiagnosticDescriptors.UnknownFieldReference, context.At(rule.Get("fields")!.Items[i]), operationId, names[i]);
                else if (kind == RuleKind.TotalCount && named.Kind is not (FieldKind.String or FieldKind.StringArray or FieldKind.ObjectArray))
                {
                    context.Report(DiagnosticDescriptors.InvalidValue, context.At(rule.Get("fields")!.Items[i]), $"Operation '{operationId}': a totalCount rule counts strings and lists, not '{names[i]}'");
                }
            }

            if (kind == RuleKind.TotalCount && names.Count < 2 && rule.Get("fields") is { } few) context.Report(DiagnosticDescriptors.InvalidValue, context.At(few), "A 'totalCount' rule needs at least two fields");
            if (kind == RuleKind.Requires && names.Count == 0 && rule.Get("fields") is { } none) context.Report(DiagnosticDescriptors.InvalidValue, context.At(none), "A 'requires' rule needs at least one field");

            if (context.Diagnostics.Count == before && (kind != RuleKind.Sum || target is not null) && (kind is not (RuleKind.Sum or RuleKind.Count) || source is not null))
            {
                rules.Add(new RuleSpec(kind, target?.Name, source?.Name, itemField, value, names.ToEquatableArray(), min, max, rule.String("description") ?? string.Empty, rule.String("errorCode")));
            }
        }

        return rules;

        FieldSpec? Find(ObjectView rule, string property, string name, string role, System.Func<FieldSpec, bool> fits, string mustBe)
        {
            var found = fields.FirstOrDefault(f => f.Name == name);
            var at = context.At(rule.Get(property)!);
            if (found is null) context.Report(DiagnosticDescriptors.UnknownFieldReference, at, operationId, name);
            else if (!fits(found)) context.Report(DiagnosticDescriptors.InvalidValue, at, $"Operation '{operationId}': {role} '{name}' must be {mustBe}");
            else return found;
            return null;
        }
    }

    private static void CheckFieldSet(List<(FieldSpec Field, JsonNode Node)> fields, ReadContext context, string operationId)
    {
        foreach (var (mirror, node) in fields)
        {
            if (mirror.MirrorOf is not { } sourceName) continue;
            var source = fields.FirstOrDefault(f => f.Field.Name == sourceName).Field;
            var at = context.At(node["mirrorOf"] ?? node);
            if (source is null) context.Report(DiagnosticDescriptors.UnknownFieldReference, at, operationId, sourceName);
            else if (source.MirrorOf is not null || source == mirror) context.Report(DiagnosticDescriptors.InvalidValue, at, $"Field '{mirror.Name}' mirrors '{sourceName}', which is itself a mirror");
            else if (source.Kind is not (FieldKind.String or FieldKind.Integer or FieldKind.Number or FieldKind.Boolean)) context.Report(DiagnosticDescriptors.InvalidValue, at, $"Field '{mirror.Name}' mirrors '{sourceName}', but mirrorOf copies strings, numbers and booleans only");
            else if (!(source.Kind == mirror.Kind || (mirror.Kind == FieldKind.String && source.Kind is FieldKind.Integer or FieldKind.Number)))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, at, $"Field '{mirror.Name}' ({mirror.Kind.ToString().ToLowerInvariant()}) cannot mirror '{sourceName}' ({source.Kind.ToString().ToLowerInvariant()}): use the same type, or string for a number");
            }
        }

        // Each field is checked against the ones before it through indexes, so the check stays linear in the number of fields.
        var byName = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        var byPath = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        var byPathPrefix = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        var byProperty = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        foreach (var (b, node) in fields)
        {
            if (byName.TryGetValue(b.Name, out _))
            {
                context.Report(DiagnosticDescriptors.DuplicateField, context.At(node), operationId, b.Name);
            }
            else if (PathConflict(b.Path, byPath, byPathPrefix) is { } a)
            {
                context.Report(DiagnosticDescriptors.DuplicatePath, context.At(node), operationId, a.Name, b.Name, b.Path);
            }
            else if (byProperty.TryGetValue(b.PropertyName, out var c))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(node), $"Operation '{operationId}': fields '{c.Name}' and '{b.Name}' both become the C# property '{b.PropertyName}'; set 'propertyName' on one");
            }

            if (!byName.ContainsKey(b.Name)) byName[b.Name] = b;
            if (!byPath.ContainsKey(b.Path)) byPath[b.Path] = b;
            if (!byProperty.ContainsKey(b.PropertyName)) byProperty[b.PropertyName] = b;
            for (var dot = b.Path.IndexOf('.'); dot >= 0; dot = b.Path.IndexOf('.', dot + 1))
            {
                var prefix = b.Path.Substring(0, dot);
                if (!byPathPrefix.ContainsKey(prefix)) byPathPrefix[prefix] = b;
            }
        }
    }

    /// <summary>An earlier field that writes <paramref name="path"/>, a path inside it, or a path it is inside; else null.</summary>
    private static FieldSpec? PathConflict(string path, Dictionary<string, FieldSpec> byPath, Dictionary<string, FieldSpec> byPathPrefix)
    {
        if (byPath.TryGetValue(path, out var same)) return same;
        if (byPathPrefix.TryGetValue(path, out var inside)) return inside;
        for (var dot = path.IndexOf('.'); dot >= 0; dot = path.IndexOf('.', dot + 1))
        {
            if (byPath.TryGetValue(path.Substring(0, dot), out var outer)) return outer;
        }

        return null;
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
        var lengthUnit = isString ? view.String("lengthUnit") : NotFor(view, context, "lengthUnit", "string fields");
        if (lengthUnit is not null && !LengthUnits.Contains(lengthUnit))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("lengthUnit")!), $"'lengthUnit' must be one of {string.Join(", ", LengthUnits)} (was '{lengthUnit}')");
        }
        var isArray = kind is FieldKind.StringArray or FieldKind.ObjectArray;
        var minItems = isArray ? view.Count("minItems") : NotForCount(view, context, "minItems", "array fields");
        var maxItems = isArray ? view.Count("maxItems") : NotForCount(view, context, "maxItems", "array fields");
        var format = kind is FieldKind.String or FieldKind.StringArray || kind is null ? view.String("format") : NotFor(view, context, "format", "string and string-array fields");
        if (format is not null && !Formats.Contains(format))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("format")!), $"'format' must be one of {string.Join(", ", Formats)} (was '{format}')");
        }

        if (kind is not null and not (FieldKind.StringArray or FieldKind.ObjectArray)) NotFor(view, context, "items", "array fields");

        if (kind == FieldKind.StringArray)
        {
            format = ItemFormat(view, context) ?? format;
        }

        var itemType = kind == FieldKind.ObjectArray ? ReadItemType(view.Get("items")!, context, name ?? "?") : null;
        var unionType = kind == FieldKind.Union ? ReadUnionType(view, context, name ?? "?", path ?? "?") : null;
        if (kind is not FieldKind.Union and not null)
        {
            NotFor(view, context, "variants", "oneOf fields");
            NotFor(view, context, "typeName", "oneOf fields (array items take it inside 'items')");
        }

        var media = kind is FieldKind.String or FieldKind.StringArray || kind is null ? ReadMedia(view, context) : NotForMedia(view, context);
        var mirrorOf = view.String("mirrorOf");
        if (mirrorOf is not null)
        {
            foreach (var conflicting in new[] { "required", "default", "const" })
            {
                if (view.Get(conflicting) is { } conflict) context.Report(DiagnosticDescriptors.InvalidValue, context.At(conflict), $"Field '{name}' mirrors '{mirrorOf}', so it takes no '{conflicting}'");
            }
        }

        var constNode = view.Get("const");
        if (constNode is not null && kind is { } constKind && !Matches(constNode, constKind))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(constNode), constKind is FieldKind.String or FieldKind.Integer or FieldKind.Number or FieldKind.Boolean
                ? $"The 'const' of field '{name}' is not of the field's type"
                : $"'const' is only for string, number and boolean fields (field '{name}')");
        }

        CheckOrder(context, view, name, "minimum", minimum, "maximum", maximum);
        CheckOrder(context, view, name, "minLength", minLength?.ToString(CultureInfo.InvariantCulture), "maxLength", maxLength?.ToString(CultureInfo.InvariantCulture));
        CheckOrder(context, view, name, "minItems", minItems?.ToString(CultureInfo.InvariantCulture), "maxItems", maxItems?.ToString(CultureInfo.InvariantCulture));

        var defaultNode = view.Get("default");
        if (defaultNode is not null && view.Boolean("required") == true)
        {
            context.Report(DiagnosticDescriptors.RequiredWithDefault, context.At(defaultNode), name ?? "?");
        }

        if (defaultNode is not null && kind is { } k)
        {
            CheckDefault(context, defaultNode, name ?? "?", k, enumValues, minimum, maximum, minLength, maxLength);
        }

        if (defaultNode is not null && unionType is not null && !unionType.Variants.Any(v => Matches(defaultNode, v.Kind)))
        {
            context.Report(DiagnosticDescriptors.DefaultBreaksRule, context.At(defaultNode), name ?? "?", "is not a string, number or boolean of one of its variants");
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
            lengthUnit == "cjkDouble",
            minItems,
            maxItems,
            format,
            view.String("errorCode"),
            constNode is null ? null : RawText(constNode),
            mirrorOf,
            media,
            itemType,
            unionType);
    }

    private static UnionTypeSpec? ReadUnionType(ObjectView view, ReadContext context, string fieldName, string path)
    {
        var typeName = view.String("typeName", required: true);
        if (typeName is not null && !Naming.IsIdentifier(typeName))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("typeName")!), $"'{typeName}' is not a valid C# type name");
        }

        var variants = new List<FieldSpec>();
        var nodes = view.Array("variants", required: true) ?? new List<JsonNode>();
        if (nodes.Count < 2 && view.Get("variants") is { } few) context.Report(DiagnosticDescriptors.InvalidValue, context.At(few), $"Field '{fieldName}' needs at least two 'variants'");
        var shapes = new HashSet<string>();
        foreach (var node in nodes)
        {
            if (node.Kind != JsonKind.Object)
            {
                context.Report(DiagnosticDescriptors.WrongValueType, context.At(node), "variants[]", "an object");
                continue;
            }

            foreach (var notHere in new[] { "path", "required", "default", "const", "mirrorOf", "errorCode" })
            {
                if (node[notHere] is { } misplaced) context.Report(DiagnosticDescriptors.InvalidValue, context.At(misplaced), $"A variant of '{fieldName}' takes no '{notHere}'; put it on the field");
            }

            if (ReadField(node, context, $"field '{fieldName}'") is not { } variant) continue;
            var shape = variant.Kind switch
            {
                FieldKind.Integer or FieldKind.Number => "number",
                FieldKind.StringArray or FieldKind.ObjectArray => "array",
                FieldKind.Union => "oneOf",
                _ => variant.Kind.ToString(),
            };
            if (shape == "oneOf" || variant.EnumValues.Count > 0 || !shapes.Add(shape))
            {
                context.Report(DiagnosticDescriptors.InvalidValue, context.At(node), $"The variants of '{fieldName}' must have different JSON shapes (string, number, boolean, array), without enums or nested oneOf");
                continue;
            }

            // A variant is read and written at the union's own path and named as the union in messages.
            variants.Add(variant with { Name = string.Empty, Path = path });
        }

        if (typeName is not null)
        {
            CheckMemberNames(context, view.Get("variants") ?? view.Node, typeName, variants, "From", "WriteJson", "Read", "ValidateInto");
        }

        return typeName is null ? null : new UnionTypeSpec(typeName, view.String("description") ?? string.Empty, variants.ToEquatableArray());
    }

    private static MediaSpec? ReadMedia(ObjectView field, ReadContext context)
    {
        if (field.Object("media") is not { } node) return null;
        var view = new ObjectView(node, context, "'media'", MediaProperties);
        var kind = view.String("kind", required: true);
        if (kind is not null && !MediaKinds.Contains(kind))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("kind")!), $"'kind' must be one of {string.Join(", ", MediaKinds)} (was '{kind}')");
        }

        var formats = view.StringArray("formats") ?? new List<string>();
        var minSide = view.Count("minSide");
        var maxSide = view.Count("maxSide");
        var minSeconds = NonNegative(view, context, "minSeconds", view.NumberText("minSeconds", integral: false));
        var maxSeconds = NonNegative(view, context, "maxSeconds", view.NumberText("maxSeconds", integral: false));
        CheckOrder(context, view, "media", "minSide", minSide?.ToString(CultureInfo.InvariantCulture), "maxSide", maxSide?.ToString(CultureInfo.InvariantCulture));
        CheckOrder(context, view, "media", "minSeconds", minSeconds, "maxSeconds", maxSeconds);
        return new MediaSpec(
            kind ?? "image",
            formats.Select(f => f.ToLowerInvariant()).ToEquatableArray(),
            NonNegative(view, context, "maxMegabytes", view.NumberText("maxMegabytes", integral: false)),
            minSide,
            maxSide,
            minSeconds,
            maxSeconds,
            view.String("notes") ?? string.Empty);
    }

    private static string? NonNegative(ObjectView view, ReadContext context, string property, string? number)
    {
        if (number is null || !number.StartsWith("-")) return number;
        context.Report(DiagnosticDescriptors.NegativeCount, context.At(view.Get(property)!), property, number);
        return null;
    }

    private static MediaSpec? NotForMedia(ObjectView view, ReadContext context)
    {
        NotFor(view, context, "media", "string and string-array fields");
        return null;
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
        CheckMemberNames(context, items, typeName, fields.Select(f => f.Field), "With", "WriteJson", "ReadList", "ReadFrom", "ValidateInto");
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
            case "oneOf": return FieldKind.Union;
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
                    context.Report(DiagnosticDescriptors.UnknownFieldType, context.At(items["type"]!), name + "[]", itemType, "string and object");
                }

                return null;
            default:
                context.Report(DiagnosticDescriptors.UnknownFieldType, context.At(view.Get("type")!), name, type, "string, integer, number, boolean, array and oneOf");
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

        // Sets keep the duplicate check linear: an enum may list a hundred thousand values.
        var seenValues = new HashSet<string>(StringComparer.Ordinal);
        var seenMembers = new HashSet<string>(StringComparer.Ordinal);
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
            else if (!seenValues.Add(value) | !seenMembers.Add(memberName))
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
        var wrongType = kind switch
        {
            FieldKind.String when node.Kind != JsonKind.String => "a string",
            FieldKind.Boolean when node.Kind is not (JsonKind.True or JsonKind.False) => "true or false",
            FieldKind.Integer when node.Kind != JsonKind.Number || !node.TryGetInt64(out _) => "an integer",
            FieldKind.Number when node.Kind != JsonKind.Number => "a number",
            FieldKind.StringArray when node.Kind != JsonKind.Array || node.Items.Any(i => i.Kind != JsonKind.String) => "an array of strings",
            _ => null,
        };
        if (wrongType is not null)
        {
            context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, $"is not {wrongType}");
            return;
        }

        if (kind == FieldKind.ObjectArray)
        {
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
        if (view.Get(property) is { } node && view.Get("type") is { Kind: JsonKind.String } type && type.StringValue is "string" or "integer" or "number" or "boolean" or "array" or "object" or "oneOf") context.Report(DiagnosticDescriptors.InvalidValue, context.At(node), $"'{property}' is only for {allowed}");
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
