using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated.Generator.Model;
using static HappyHorse.Generated.Generator.Emitting.FieldCode;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>Request bodies: straight-line JSON writes in manifest order, and form parts for multipart operations.</summary>
internal sealed partial class ModelEmitter
{
    private void JsonBody(OperationSpec operation)
    {
        var w = _w;
        w.Summary("Writes the request body: the model id, then every field that is set, at its JSON path.");
        w.Open($"public void WriteJsonBody({StjNamespace}.Utf8JsonWriter writer)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(writer);");
        w.Line("writer.WriteStartObject();");
        w.Line($"{Runtime}.RequestBody.WriteModel(writer, Info);");
        WriteObject(PathTree.Build(operation.Fields), operation.Fields, "Info.Fields");
        w.Line("writer.WriteEndObject();");
        w.Close();
    }

    /// <param name="node">The object to write.</param>
    /// <param name="fields">Every field of the owner, in metadata order.</param>
    /// <param name="metadata">An expression for the owner's <c>FieldInfo</c> list, whose pre-encoded names the writes use.</param>
    private void WriteObject(PathTree node, EquatableArray<FieldSpec> fields, string metadata) =>
        WriteObject(node, fields, metadata, fields.Select((f, i) => (f.Name, i)).ToDictionary(x => x.Name, x => x.i));

    private void WriteObject(PathTree node, EquatableArray<FieldSpec> fields, string metadata, Dictionary<string, int> positions)
    {
        var w = _w;
        foreach (var child in node.Children)
        {
            if (child.Field is { } field)
            {
                var info = $"{metadata}[{positions[field.Name]}]";
                WriteLeaf(info, field.MirrorOf is { } source ? Mirrored(field, fields[positions[source]]) : field);
                continue;
            }

            var leaves = child.Leaves().Select(f => f.MirrorOf is { } source ? fields[positions[source]] : f).ToList();
            var presence = leaves.Any(f => f.Required || f.ConstJson is not null) ? null : string.Join(" || ", leaves.Select(IsSet).Distinct());
            if (presence is not null) w.Open($"if ({presence})");
            w.Line($"writer.WriteStartObject({CodeWriter.Literal(child.Name)});");
            WriteObject(child, fields, metadata, positions);
            w.Line("writer.WriteEndObject();");
            if (presence is not null) w.Close();
        }
    }

    /// <param name="info">An expression for the leaf's <c>FieldInfo</c>.</param>
    /// <param name="field">The field whose value is written (a mirror's source).</param>
    private void WriteLeaf(string info, FieldSpec field)
    {
        var w = _w;
        var name = info + ".JsonName";
        if (field.ConstJson is not null)
        {
            w.Line($"{Runtime}.RequestBody.WriteRaw(writer, {info}, {CodeWriter.Literal(field.ConstJson)});");
            return;
        }

        var value = field.PropertyName + (!field.Required && !IsReference(field) ? ".Value" : string.Empty) + (field.EnumValues.Count > 0 ? ".Value" : string.Empty);
        var guard = field.Required ? null : $"if ({IsSet(field)}) ";
        if (field.MirrorOf == MirrorAsText)
        {
            w.Line($"{guard}writer.WriteString({name}, {value}.ToString(global::System.Globalization.CultureInfo.InvariantCulture));");
            return;
        }

        switch (field.Kind)
        {
            case FieldKind.Union:
                w.Line($"{Runtime}.RequestBody.WritePart(writer, {info}, {field.PropertyName});");
                break;
            case FieldKind.String:
                w.Line($"{guard}writer.WriteString({name}, {value});");
                break;
            case FieldKind.Integer:
            case FieldKind.Number:
                w.Line($"{guard}writer.WriteNumber({name}, {value});");
                break;
            case FieldKind.Boolean:
                w.Line($"{guard}writer.WriteBoolean({name}, {value});");
                break;
            case FieldKind.StringArray:
                w.Line($"{Runtime}.RequestBody.WriteStrings(writer, {info}, {field.PropertyName});");
                break;
            default:
                w.Line($"{Runtime}.RequestBody.WriteItems(writer, {info}, {field.PropertyName});");
                break;
        }
    }

    private void FormBody(OperationSpec operation)
    {
        var w = _w;
        const string Part = "new global::System.Collections.Generic.KeyValuePair<string, string>";
        w.Summary("Adds the request's form parts, model id first; numbers and booleans as invariant text.");
        w.Open("public void WriteFormFields(global::System.Collections.Generic.ICollection<global::System.Collections.Generic.KeyValuePair<string, string>> fields)");
        w.Line("global::System.ArgumentNullException.ThrowIfNull(fields);");
        if (_profile.ModelField.Length > 0) w.Line($"fields.Add({Part}({CodeWriter.Literal(_profile.ModelField)}, ModelId));");
        foreach (var field in operation.Fields)
        {
            var name = CodeWriter.Literal(field.Path);
            if (field.ConstJson is not null)
            {
                var text = field.ConstJson.StartsWith("\"", System.StringComparison.Ordinal) ? field.ConstJson.Substring(1, field.ConstJson.Length - 2) : field.ConstJson;
                w.Line($"fields.Add({Part}({name}, {CodeWriter.Literal(text)}));");
                continue;
            }

            var source = field.MirrorOf is { } sourceName ? operation.Fields.First(f => f.Name == sourceName) : field;
            if (source.Kind == FieldKind.StringArray)
            {
                w.Line($"if ({IsSet(source)}) foreach (var item in {source.PropertyName}) fields.Add({Part}({name}, item));");
                continue;
            }

            var guard = source.Required ? string.Empty : $"if ({IsSet(source)}) ";
            var value = AsText(source with { Required = true });
            if (!source.Required && !IsReference(source)) value = AsText(source with { Required = true, PropertyName = source.PropertyName + ".Value" });
            w.Line($"{guard}fields.Add({Part}({name}, {value}));");
        }

        w.Close();
    }
}
