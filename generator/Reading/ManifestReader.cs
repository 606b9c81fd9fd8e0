using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using HappyHorse.Generated.Generator.Json;
using HappyHorse.Generated.Generator.Model;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator.Reading;

/// <summary>Reads a model manifest into a <see cref="ModelSpec"/>, reporting every mistake at its place in the file.</summary>
internal static partial class ManifestReader
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
        "mirrorOf", "media", "role",
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
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("result")!), "result", $"one of {string.Join(", ", ResultKinds)}", $"'{result}'");
        }

        var sharedFields = ReadFields(view, context, "model");
        var operations = new List<OperationSpec>();
        var operationNodes = view.Array("operations", required: true);
        if (operationNodes is { Count: 0 })
        {
            context.Report(DiagnosticDescriptors.TooFewItems, context.At(view.Get("operations")!), "'operations'", "one operation");
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
                context.Report(DiagnosticDescriptors.DuplicateOperation, context.At(node["id"]!), operation.Id);
            }
            else if (operations.FirstOrDefault(o => o.TypeName == operation.TypeName) is { } sameName)
            {
                // Two operations named alike would make two factories and two request classes of one name.
                context.Report(DiagnosticDescriptors.DuplicateGeneratedName, context.At(node["typeName"] ?? node["id"]!), operation.TypeName, $"operation '{sameName.Id}'", "typeName");
            }

            operations.Add(operation);
        }

        CheckItemTypes(operations, context, view);
        var pricing = ReadPricing(view, context, operations);
        if (modelId is null || typeName is null || profile is null || result is null) return null;
        var locations = new ModelLocations
        {
            Model = context.At(view.Get("model")!),
            TypeName = view.Get("typeName") is { } typeNameNode ? context.At(typeNameNode) : null,
            Profile = context.At(view.Get("profile")!),
        };
        return new ModelSpec
        {
            ModelId = modelId,
            TypeName = typeName,
            Title = view.String("title") ?? modelId,
            Description = view.String("description") ?? string.Empty,
            ProfileId = profile,
            Locations = locations,
            Result = result,
            Operations = operations.ToEquatableArray(),
            Pricing = pricing,
        };
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
                    context.Report(DiagnosticDescriptors.MemberNameCollision, context.At(at), $"the C# type '{typeName}'", member, field.Name.Length > 0 ? field.Name : field.PropertyName, "another member");
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
                    context.Report(DiagnosticDescriptors.DuplicateGeneratedName, context.At(model.Get("operations")!), name, "another item or union type", "typeName");
                }

                seen[name] = shape;
                if (field.ItemType is { } item) Visit(item.Fields);
                if (field.UnionType is { } union) Visit(union.Variants);
            }
        }

        foreach (var operation in operations) Visit(operation.Fields);
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
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("contentType")!), "contentType", $"one of {string.Join(", ", ContentTypes)}", $"'{contentType}'");
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
                if (field.Path.IndexOfAny(new[] { '.', '[' }) >= 0 || field.Kind is not (FieldKind.String or FieldKind.Integer or FieldKind.Number or FieldKind.Boolean or FieldKind.StringArray))
                {
                    context.Report(DiagnosticDescriptors.NotAMultipartPart, context.At(fieldNode), id ?? "?", field.Name);
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
                    context.Report(DiagnosticDescriptors.MalformedIdentifiedBy, context.At(view.Get("identifiedBy")!), entry);
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
            CheckMemberNames(context, node, typeName + "Request", fields.Select(f => f.Field).Where(f => f.ConstantJson is null && f.MirrorOf is null), "With",
                "Info", "Operation", "Validate", "WriteJsonBody", "WriteFormFields", "WriteForm", "VisitFields", "CheckRules", "EstimateCredits");
        }
        if (id is null || typeName is null) return null;
        return new OperationSpec
        {
            Id = id,
            TypeName = typeName,
            Description = view.String("description") ?? string.Empty,
            SubmitPath = submitPath,
            ContentType = contentType,
            IdentifiedBy = identifiedBy.ToEquatableArray(),
            Fields = fields.Select(f => f.Field).ToEquatableArray(),
            Rules = rules.ToEquatableArray(),
        };
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

    private static string? TypeName(ObjectView view, ReadContext context, string property, string? fallbackSource)
    {
        var explicitName = view.String(property);
        var name = explicitName ?? (fallbackSource is null ? null : Naming.ToPascalCase(fallbackSource));
        if (name is not null && !Naming.IsIdentifier(name))
        {
            context.Report(DiagnosticDescriptors.InvalidIdentifier, context.At(view.Get(property) ?? view.Node), name, string.Empty, "type name", property);
            return null;
        }

        return name;
    }

}
