using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using HappyHorse.Generated.Generator.Json;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Reading;

/// <summary>Fields: types, limits, enum values, media, defaults, item and union types, and the checks over a field set.</summary>
internal static partial class ManifestReader
{
    private static void CheckFieldSet(List<(FieldSpec Field, JsonNode Node)> fields, ReadContext context, string operationId)
    {
        foreach (var (mirror, node) in fields)
        {
            if (mirror.MirrorOf is not { } sourceName) continue;
            var source = fields.FirstOrDefault(f => f.Field.Name == sourceName).Field;
            var at = context.At(node["mirrorOf"] ?? node);
            if (source is null) context.Report(DiagnosticDescriptors.UnknownFieldReference, at, operationId, sourceName);
            else if (source.MirrorOf is not null || source == mirror) context.Report(DiagnosticDescriptors.InvalidMirror, at, mirror.Name, sourceName, "which is itself a mirror");
            else if (source.ConstantJson is not null) context.Report(DiagnosticDescriptors.InvalidMirror, at, mirror.Name, sourceName, $"which has a fixed value: give '{mirror.Name}' its own 'const' instead");
            else if (source.Kind is not (FieldKind.String or FieldKind.Integer or FieldKind.Number or FieldKind.Boolean)) context.Report(DiagnosticDescriptors.InvalidMirror, at, mirror.Name, sourceName, "but mirrorOf copies strings, numbers and booleans only");
            else if (!(source.Kind == mirror.Kind || (mirror.Kind == FieldKind.String && source.Kind is FieldKind.Integer or FieldKind.Number)))
            {
                context.Report(DiagnosticDescriptors.InvalidMirror, at, mirror.Name, sourceName, $"but a {mirror.Kind.ToString().ToLowerInvariant()} field cannot copy a {source.Kind.ToString().ToLowerInvariant()}: use the same type, or string for a number");
            }
        }

        // Each field is checked against the ones before it through indexes, so the check stays linear in the number of fields.
        var byName = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        var byPath = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        var byPathPrefix = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        var byProperty = new Dictionary<string, FieldSpec>(StringComparer.Ordinal);
        var byRole = new Dictionary<FieldRole, FieldSpec>();
        foreach (var (b, node) in fields)
        {
            // A role names one field per operation: a reader asking for "the prompt" gets one answer.
            if (b.Role != FieldRole.None && byRole.TryGetValue(b.Role, out var sameRole))
            {
                context.Report(DiagnosticDescriptors.DuplicateRole, context.At(node), operationId, sameRole.Name, b.Name, Naming.ToCamelCase(b.Role.ToString()));
            }
            else if (b.Role != FieldRole.None)
            {
                byRole[b.Role] = b;
            }

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
                context.Report(DiagnosticDescriptors.MemberNameCollision, context.At(node), $"operation '{operationId}'", b.PropertyName, b.Name, $"field '{c.Name}'");
            }

            if (!byName.ContainsKey(b.Name)) byName[b.Name] = b;
            if (!byPath.ContainsKey(b.Path)) byPath[b.Path] = b;
            if (!byProperty.ContainsKey(b.PropertyName)) byProperty[b.PropertyName] = b;
            foreach (var end in PrefixEnds(b.Path))
            {
                var prefix = b.Path.Substring(0, end);
                if (!byPathPrefix.TryGetValue(prefix, out var other))
                {
                    byPathPrefix[prefix] = b;
                }
                else if (other.Path[end] != b.Path[end])
                {
                    // One field makes the value a list ('instances[0].prompt'), the other an object ('instances.prompt').
                    context.Report(DiagnosticDescriptors.ListAndObjectPath, context.At(node), operationId, other.Name, other.Path, b.Name, b.Path, prefix);
                }
            }
        }
    }

    /// <summary>An earlier field that writes <paramref name="path"/>, a path inside it, or a path it is inside; else null.</summary>
    private static FieldSpec? PathConflict(string path, Dictionary<string, FieldSpec> byPath, Dictionary<string, FieldSpec> byPathPrefix)
    {
        if (byPath.TryGetValue(path, out var same)) return same;
        if (byPathPrefix.TryGetValue(path, out var inside)) return inside;
        foreach (var end in PrefixEnds(path))
        {
            if (byPath.TryGetValue(path.Substring(0, end), out var outer)) return outer;
        }

        return null;
    }

    /// <summary>Where each parent of a body path ends: before every '.' and '[' (<c>instances[0].prompt</c>: <c>instances</c>, <c>instances[0]</c>).</summary>
    private static IEnumerable<int> PrefixEnds(string path)
    {
        for (var i = path.IndexOfAny(PathSeparators); i >= 0; i = path.IndexOfAny(PathSeparators, i + 1))
        {
            if (i > 0) yield return i;
        }
    }

    private static readonly char[] PathSeparators = { '.', '[' };

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
            context.Report(DiagnosticDescriptors.InvalidIdentifier, context.At(view.Get("propertyName") ?? view.Get("name")!), propertyName, string.Empty, "identifier", "propertyName");
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
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("lengthUnit")!), "lengthUnit", $"one of {string.Join(", ", LengthUnits)}", $"'{lengthUnit}'");
        }
        var isArray = kind is FieldKind.StringArray or FieldKind.ObjectArray;
        var minItems = isArray ? view.Count("minItems") : NotForCount(view, context, "minItems", "array fields");
        var maxItems = isArray ? view.Count("maxItems") : NotForCount(view, context, "maxItems", "array fields");
        var format = kind is FieldKind.String or FieldKind.StringArray || kind is null ? view.String("format") : NotFor(view, context, "format", "string and string-array fields");
        if (format is not null && !Formats.Contains(format))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("format")!), "format", $"one of {string.Join(", ", Formats)}", $"'{format}'");
        }

        if (kind is not null and not (FieldKind.StringArray or FieldKind.ObjectArray)) NotFor(view, context, "items", "array fields");

        if (kind == FieldKind.StringArray)
        {
            format = ItemFormat(view, context) ?? format;
        }

        var itemType = kind == FieldKind.ObjectArray ? ReadItemType(view.Get("items")!, context, name ?? "?") : null;
        var unionType = kind == FieldKind.OneOf ? ReadUnionType(view, context, name ?? "?", path ?? "?") : null;
        if (kind is not FieldKind.OneOf and not null)
        {
            NotFor(view, context, "variants", "oneOf fields");
            NotFor(view, context, "typeName", "oneOf fields (array items take it inside 'items')");
        }

        var media = kind is FieldKind.String or FieldKind.StringArray || kind is null ? ReadMedia(view, context) : NotForMedia(view, context);
        var role = ReadRole(view, context, name ?? "?", kind);
        var mirrorOf = view.String("mirrorOf");
        if (mirrorOf is not null)
        {
            foreach (var conflicting in new[] { "required", "default", "const" })
            {
                if (view.Get(conflicting) is { } conflict) context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(conflict), conflicting, $"field '{name}' mirrors '{mirrorOf}' and takes everything from it");
            }
        }

        var constNode = view.Get("const");
        if (constNode is not null && kind is { } constKind && !Matches(constNode, constKind))
        {
            var expected = constKind switch
            {
                FieldKind.String => "a string",
                FieldKind.Integer => "an integer",
                FieldKind.Number => "a number",
                FieldKind.Boolean => "true or false",
                _ => null,
            };
            if (expected is not null) context.Report(DiagnosticDescriptors.WrongValueType, context.At(constNode), "const", expected);
            else context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(constNode), "const", "it is only for string, number and boolean fields");
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
            CheckDefault(context, defaultNode, name ?? "?", k, enumValues, minimum, maximum, minLength, maxLength, lengthUnit == "cjkDouble");
        }

        if (defaultNode is not null && unionType is not null && !unionType.Variants.Any(v => Matches(defaultNode, v.Kind)))
        {
            context.Report(DiagnosticDescriptors.DefaultBreaksRule, context.At(defaultNode), name ?? "?", "is not a string, number or boolean of one of its variants");
        }

        if (name is null || path is null || propertyName is null || kind is null || context.Diagnostics.Count > before) return null;
        return new FieldSpec
        {
            Name = name,
            Path = path,
            PropertyName = propertyName,
            Kind = kind.Value,
            Role = role,
            IsRequired = view.Boolean("required") ?? false,
            DefaultJson = defaultNode is null ? null : RawText(defaultNode),
            Description = view.String("description") ?? string.Empty,
            AllowedValues = enumValues.ToEquatableArray(),
            Minimum = minimum,
            Maximum = maximum,
            MinLength = minLength,
            MaxLength = maxLength,
            CjkCountsDouble = lengthUnit == "cjkDouble",
            MinItems = minItems,
            MaxItems = maxItems,
            Format = format,
            ErrorCode = view.String("errorCode"),
            ConstantJson = constNode is null ? null : RawText(constNode),
            MirrorOf = mirrorOf,
            Media = media,
            ItemType = itemType,
            UnionType = unionType,
        };
    }

    private static UnionTypeSpec? ReadUnionType(ObjectView view, ReadContext context, string fieldName, string path)
    {
        var typeName = view.String("typeName", required: true);
        if (typeName is not null && !Naming.IsIdentifier(typeName))
        {
            context.Report(DiagnosticDescriptors.InvalidIdentifier, context.At(view.Get("typeName")!), typeName, string.Empty, "type name", "typeName");
        }

        var variants = new List<FieldSpec>();
        var nodes = view.Array("variants", required: true) ?? new List<JsonNode>();
        if (nodes.Count < 2 && view.Get("variants") is { } few) context.Report(DiagnosticDescriptors.TooFewItems, context.At(few), $"'variants' of field '{fieldName}'", "two variants");
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
                if (node[notHere] is { } misplaced) context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(misplaced), notHere, $"a variant of '{fieldName}' takes it from the field; put it on the field");
            }

            if (ReadField(node, context, $"field '{fieldName}'") is not { } variant) continue;
            var shape = variant.Kind switch
            {
                FieldKind.Integer or FieldKind.Number => "number",
                FieldKind.StringArray or FieldKind.ObjectArray => "array",
                FieldKind.OneOf => "oneOf",
                _ => variant.Kind.ToString(),
            };
            if (shape == "oneOf" || variant.AllowedValues.Count > 0 || !shapes.Add(shape))
            {
                context.Report(DiagnosticDescriptors.VariantsOfOneShape, context.At(node), fieldName);
                continue;
            }

            // A variant is read and written at the union's own path and named as the union in messages.
            variants.Add(variant with { Name = string.Empty, Path = path });
        }

        if (typeName is not null)
        {
            CheckMemberNames(context, view.Get("variants") ?? view.Node, typeName, variants, "From", "VisitFields");
        }

        return typeName is null ? null : new UnionTypeSpec { TypeName = typeName, Description = view.String("description") ?? string.Empty, Variants = variants.ToEquatableArray() };
    }

    private static MediaSpec? ReadMedia(ObjectView field, ReadContext context)
    {
        if (field.Object("media") is not { } node) return null;
        var view = new ObjectView(node, context, "'media'", MediaProperties);
        var kind = view.String("kind", required: true);
        if (kind is not null && !MediaKinds.Contains(kind))
        {
            context.Report(DiagnosticDescriptors.InvalidValue, context.At(view.Get("kind")!), "kind", $"one of {string.Join(", ", MediaKinds)}", $"'{kind}'");
        }

        var formats = view.StringArray("formats") ?? new List<string>();
        var minSide = view.Count("minSide");
        var maxSide = view.Count("maxSide");
        var minSeconds = NonNegative(view, context, "minSeconds", view.NumberText("minSeconds", integral: false));
        var maxSeconds = NonNegative(view, context, "maxSeconds", view.NumberText("maxSeconds", integral: false));
        CheckOrder(context, view, "media", "minSide", minSide?.ToString(CultureInfo.InvariantCulture), "maxSide", maxSide?.ToString(CultureInfo.InvariantCulture));
        CheckOrder(context, view, "media", "minSeconds", minSeconds, "maxSeconds", maxSeconds);
        return new MediaSpec
        {
            Kind = kind ?? "image",
            Formats = formats.Select(f => f.ToLowerInvariant()).ToEquatableArray(),
            MaxMegabytes = NonNegative(view, context, "maxMegabytes", view.NumberText("maxMegabytes", integral: false)),
            MinSide = minSide,
            MaxSide = maxSide,
            MinSeconds = minSeconds,
            MaxSeconds = maxSeconds,
            Notes = view.String("notes") ?? string.Empty,
        };
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
            context.Report(DiagnosticDescriptors.InvalidIdentifier, context.At(items["typeName"] ?? items), typeName, string.Empty, "type name", "typeName");
            return null;
        }

        var before = context.Diagnostics.Count;
        var fields = ReadFields(view, context, $"the items of '{fieldName}'");
        if (fields.Count == 0 && context.Diagnostics.Count == before)
        {
            if (items["fields"] is { } empty) context.Report(DiagnosticDescriptors.TooFewItems, context.At(empty), $"'fields' of the items of field '{fieldName}'", "one field");
            else context.Report(DiagnosticDescriptors.MissingProperty, context.At(items), $"The items of field '{fieldName}'", "fields");
        }

        CheckFieldSet(fields, context, $"{fieldName}[]");
        CheckMemberNames(context, items, typeName, fields.Select(f => f.Field), "With", "VisitFields");
        var description = items["description"] is { Kind: JsonKind.String } text ? text.StringValue! : string.Empty;
        return new ItemTypeSpec { TypeName = typeName, Description = description, Fields = fields.Select(f => f.Field).ToEquatableArray() };
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
            case "oneOf": return FieldKind.OneOf;
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
        if (format.Kind == JsonKind.String) context.Report(DiagnosticDescriptors.InvalidValue, context.At(format), "items.format", $"one of {string.Join(", ", Formats)}", $"'{format.StringValue}'");
        else context.Report(DiagnosticDescriptors.WrongValueType, context.At(format), "items.format", "a string");
        return null;
    }

    private static List<EnumValueSpec> ReadEnum(ObjectView view, ReadContext context, FieldKind? kind)
    {
        var values = new List<EnumValueSpec>();
        var nodes = view.Array("enum");
        if (nodes is null) return values;
        if (kind is not FieldKind.String)
        {
            context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(view.Get("enum")!), "enum", "it is only for string fields");
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
                context.Report(DiagnosticDescriptors.InvalidIdentifier, context.At(at), memberName, $" (from enum value '{value}')", "identifier", "name");
            }
            else if (!seenValues.Add(value) | !seenMembers.Add(memberName))
            {
                context.Report(DiagnosticDescriptors.DuplicateEnumValue, context.At(at), value, memberName);
            }

            values.Add(new EnumValueSpec { Value = value, MemberName = memberName, Description = description ?? string.Empty });
        }

        if (values.Count == 0) context.Report(DiagnosticDescriptors.TooFewItems, context.At(view.Get("enum")!), "'enum'", "one value");
        return values;
    }

    /// <summary>The roles a manifest may declare, by their manifest spelling (the member name in camelCase).</summary>
    private static readonly Dictionary<string, FieldRole> Roles = Enum.GetValues(typeof(FieldRole)).Cast<FieldRole>()
        .Where(r => r != FieldRole.None).ToDictionary(r => Naming.ToCamelCase(r.ToString()), r => r, StringComparer.Ordinal);

    /// <summary>The field's declared role; a role must be known and fit the field's JSON shape (a prompt is a string, a count an integer).</summary>
    private static FieldRole ReadRole(ObjectView view, ReadContext context, string name, FieldKind? kind)
    {
        if (view.String("role") is not { } text) return FieldRole.None;
        if (!Roles.TryGetValue(text, out var role))
        {
            context.Report(DiagnosticDescriptors.UnknownRole, context.At(view.Get("role")!), name, text, string.Join(", ", Roles.Keys));
            return FieldRole.None;
        }

        var fits = role switch
        {
            FieldRole.Images => new[] { FieldKind.StringArray },
            FieldRole.Count or FieldRole.Seed => new[] { FieldKind.Integer },
            FieldRole.Duration => new[] { FieldKind.Integer, FieldKind.Number },
            FieldRole.Audio => new[] { FieldKind.Boolean, FieldKind.String },
            _ => new[] { FieldKind.String },
        };
        if (kind is { } k && !fits.Contains(k))
        {
            context.Report(DiagnosticDescriptors.RoleDoesNotFit, context.At(view.Get("role")!), name, text, string.Join(" or ", fits.Select(f => Kind(f))));
        }

        return role;
    }

    private static string Kind(FieldKind kind) => kind switch
    {
        FieldKind.StringArray => "an array of strings",
        FieldKind.Integer => "an integer",
        FieldKind.Number => "a number",
        FieldKind.Boolean => "a boolean",
        _ => "a string",
    };

    private static void CheckDefault(ReadContext context, JsonNode node, string name, FieldKind kind, List<EnumValueSpec> enumValues, string? minimum, string? maximum, int? minLength, int? maxLength, bool cjkCountsDouble)
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
                context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, LimitText.NotAllowedProblem(enumValues.Select(v => v.Value), value));
            }

            // Counted as the service counts (the manifest's length unit), so a default that passes here passes at run time.
            if (LimitText.LengthProblem(minLength, maxLength, cjkCountsDouble, value) is { } problem)
            {
                context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, problem);
            }
        }
        else if (kind is FieldKind.Integer or FieldKind.Number && node.TryGetDouble(out var number))
        {
            var problem = kind == FieldKind.Integer && node.TryGetInt64(out var whole)
                ? LimitText.RangeProblem(minimum is null ? null : Parse(minimum), maximum is null ? null : Parse(maximum), whole)
                : LimitText.RangeProblem(minimum is null ? null : Parse(minimum), maximum is null ? null : Parse(maximum), number);
            if (problem is not null) context.Report(DiagnosticDescriptors.DefaultBreaksRule, location, name, problem);
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
        if (view.Get(property) is { } node && view.Get("type") is { Kind: JsonKind.String } type && type.StringValue is "string" or "integer" or "number" or "boolean" or "array" or "object" or "oneOf") context.Report(DiagnosticDescriptors.PropertyDoesNotApply, context.At(node), property, $"it is only for {allowed}");
        return null;
    }

    private static int? NotForCount(ObjectView view, ReadContext context, string property, string allowed)
    {
        NotFor(view, context, property, allowed);
        return null;
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
