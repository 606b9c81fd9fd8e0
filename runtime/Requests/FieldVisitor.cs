using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Globalization;
using System.Text.Json;

namespace HappyHorse.Generated;

/// <summary>
/// What a generated request (or list item, or value of several shapes) does with each of its fields: check it,
/// write it into a JSON body, or add it as a form part. Generated code names each field once, by its position in the
/// metadata, with its value; what happens to the value and the field's limits, paths and wording live here, so a
/// request's check and its body cannot disagree and the generated code stays one line per field.
/// </summary>
/// <remarks>Fields are visited in body order: fields that share a parent object (<c>input.prompt</c>, <c>input.media</c>) are visited together.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct FieldVisitor
{
    private readonly IReadOnlyList<FieldInfo> _fields;

    // The metadata's own array when it is one (always, for generated code): indexing it directly is cheaper than through the interface.
    private readonly FieldInfo[]? _array;
    private readonly Mode _mode;
    private readonly Utf8JsonWriter? _writer;
    private readonly ICollection<KeyValuePair<string, string>>? _form;
    private RequestValidator _validator;

    // Json mode: the parent path (a prefix of some field's path) open in the writer, e.g. "input" or "instances[0]".
    private string? _openPath;
    private int _openLength;

    // Json mode: the index the innermost open list's next item has (items skipped by the paths are written empty).
    private int _nextItem;

    private static readonly char[] Separators = ['.', '['];

    // JsonValue mode: whether the value (the first variant that is set) has been written.
    private bool _written;

    private FieldVisitor(IReadOnlyList<FieldInfo> fields, Mode mode, Utf8JsonWriter? writer = null, ICollection<KeyValuePair<string, string>>? form = null)
    {
        _fields = fields;
        _array = fields as FieldInfo[];
        _mode = mode;
        _writer = writer;
        _form = form;
    }

    private enum Mode
    {
        Validate,
        Json,
        JsonValue,
        Form,
    }

    /// <summary>A visitor that checks each field against its limits.</summary>
    internal static FieldVisitor ForValidation(IReadOnlyList<FieldInfo> fields) => new(fields, Mode.Validate);

    /// <summary>A visitor that writes each set field as a property of the object <paramref name="writer"/> has open.</summary>
    internal static FieldVisitor ForJson(Utf8JsonWriter writer, IReadOnlyList<FieldInfo> fields) => new(fields, Mode.Json, writer);

    /// <summary>A visitor that adds each set field as text parts under its path.</summary>
    internal static FieldVisitor ForForm(ICollection<KeyValuePair<string, string>> form, IReadOnlyList<FieldInfo> fields) => new(fields, Mode.Form, form: form);

    /// <summary>The problems found so far (validation).</summary>
    internal readonly RequestValidator Validator => _validator;

    /// <summary>A string field (an enumerated value passes its text).</summary>
    /// <param name="field">The field's position in the metadata.</param>
    /// <param name="value">Its value, or <see langword="null"/> when unset.</param>
    public void String(int field, string? value)
    {
        var info = _array is { } array ? array[field] : _fields[field];
        switch (_mode)
        {
            case Mode.Validate:
                if (info.IsSettable) _validator.String(info, value);
                break;
            case Mode.Form:
                if (value is not null) _form!.Add(new(info.Path, value));
                break;
            default:
                if (value is null) break;
                if (_mode == Mode.JsonValue) { if (First()) _writer!.WriteStringValue(value); }
                else { OpenParents(info); _writer!.WriteString(info.JsonName, value); }
                break;
        }
    }

    /// <summary>A whole-number field.</summary>
    /// <param name="field">The field's position in the metadata.</param>
    /// <param name="value">Its value, or <see langword="null"/> when unset.</param>
    public void Integer(int field, long? value)
    {
        if (value is not { } number) return;
        var info = _array is { } array ? array[field] : _fields[field];
        switch (_mode)
        {
            case Mode.Validate:
                if (info.IsSettable) _validator.Integer(info, number);
                break;
            case Mode.Form:
                _form!.Add(new(info.Path, number.ToString(CultureInfo.InvariantCulture)));
                break;
            default:
                if (_mode == Mode.JsonValue) { if (First()) _writer!.WriteNumberValue(number); break; }
                OpenParents(info);
                // A string copy of a number field (a mirror) carries the number as text.
                if (info.Kind == FieldKind.String) _writer!.WriteString(info.JsonName, number.ToString(CultureInfo.InvariantCulture));
                else _writer!.WriteNumber(info.JsonName, number);
                break;
        }
    }

    /// <summary>A number field.</summary>
    /// <param name="field">The field's position in the metadata.</param>
    /// <param name="value">Its value, or <see langword="null"/> when unset.</param>
    public void Number(int field, double? value)
    {
        var info = _array is { } array ? array[field] : _fields[field];
        if (_mode == Mode.Validate)
        {
            if (info.IsSettable) _validator.Number(info, value);
            return;
        }

        if (value is not { } number) return;
        switch (_mode)
        {
            case Mode.Form:
                _form!.Add(new(info.Path, number.ToString(CultureInfo.InvariantCulture)));
                break;
            default:
                if (_mode == Mode.JsonValue) { if (First()) _writer!.WriteNumberValue(number); break; }
                OpenParents(info);
                if (info.Kind == FieldKind.String) _writer!.WriteString(info.JsonName, number.ToString(CultureInfo.InvariantCulture));
                else _writer!.WriteNumber(info.JsonName, number);
                break;
        }
    }

    /// <summary>A true-or-false field.</summary>
    /// <param name="field">The field's position in the metadata.</param>
    /// <param name="value">Its value, or <see langword="null"/> when unset.</param>
    public void Boolean(int field, bool? value)
    {
        if (_mode == Mode.Validate || value is not { } flag) return;
        var info = _array is { } array ? array[field] : _fields[field];
        if (_mode == Mode.Form)
        {
            _form!.Add(new(info.Path, flag ? "true" : "false"));
        }
        else if (_mode == Mode.JsonValue)
        {
            if (First()) _writer!.WriteBooleanValue(flag);
        }
        else
        {
            OpenParents(info);
            _writer!.WriteBoolean(info.JsonName, flag);
        }
    }

    /// <summary>A list of strings.</summary>
    /// <param name="field">The field's position in the metadata.</param>
    /// <param name="values">Its items, or <see langword="null"/> when unset.</param>
    public void Strings(int field, IReadOnlyList<string>? values)
    {
        var info = _array is { } array ? array[field] : _fields[field];
        switch (_mode)
        {
            case Mode.Validate:
                if (info.IsSettable) _validator.Strings(info, values);
                break;
            case Mode.Form:
                if (values is null) break;
                for (var i = 0; i < values.Count; i++) _form!.Add(new(info.Path, values[i]));
                break;
            default:
                if (values is null || !StartArray(info)) break;
                for (var i = 0; i < values.Count; i++) _writer!.WriteStringValue(values[i]);
                _writer!.WriteEndArray();
                break;
        }
    }

    /// <summary>A list of objects, each of which visits its own fields.</summary>
    /// <typeparam name="T">The generated item type.</typeparam>
    /// <param name="field">The field's position in the metadata.</param>
    /// <param name="items">Its items, or <see langword="null"/> when unset.</param>
    public void Items<T>(int field, IReadOnlyList<T>? items)
        where T : class, IRequestPart
    {
        var info = _array is { } array ? array[field] : _fields[field];
        switch (_mode)
        {
            case Mode.Validate:
                if (info.IsSettable) _validator.Items(info, items);
                break;
            case Mode.Form:
                if (items is not null) throw new NotSupportedException($"{info.Name} is a list of objects, which a form part cannot carry.");
                break;
            default:
                if (items is null || !StartArray(info)) break;
                WriteItems(_writer!, info.ItemFields, items);
                break;
        }
    }

    /// <summary>A value of several shapes, which visits the shape it holds.</summary>
    /// <typeparam name="T">The generated value type.</typeparam>
    /// <param name="field">The field's position in the metadata.</param>
    /// <param name="value">Its value, or <see langword="null"/> when unset.</param>
    public void OneOf<T>(int field, T? value)
        where T : class, IRequestPart
    {
        var info = _array is { } array ? array[field] : _fields[field];
        switch (_mode)
        {
            case Mode.Validate:
                if (info.IsSettable) _validator.OneOf(info, value);
                break;
            case Mode.Form:
                if (value is not null) throw new NotSupportedException($"{info.Name} takes several shapes, which a form part cannot carry.");
                break;
            default:
                if (value is null || !PropertyName(info)) break;
                var inner = new FieldVisitor(info.Variants, Mode.JsonValue, _writer);
                value.VisitFields(ref inner);
                break;
        }
    }

    /// <summary>A field whose value the manifest fixes: written as given, never checked against the request.</summary>
    /// <param name="field">The field's position in the metadata.</param>
    public void Constant(int field)
    {
        var info = _array is { } array ? array[field] : _fields[field];
        switch (_mode)
        {
            case Mode.Validate:
                break;
            case Mode.Form:
                var json = info.ConstantJson!;
                _form!.Add(new(info.Path, json.StartsWith('"') ? Unquote(json) : json));
                break;
            default:
                if (PropertyName(info)) _writer!.WriteRawValue(info.ConstantJson!);
                break;
        }
    }

    /// <summary>Closes the parent objects still open (JSON).</summary>
    internal void Finish()
    {
        while (_openLength > 0) Close();
    }

    /// <summary>Checks the fields of one item or shape on its own, so its problems can be named under the field that holds it.</summary>
    internal static RequestValidator Validate(IRequestPart part, IReadOnlyList<FieldInfo> fields)
    {
        var inner = ForValidation(fields);
        part.VisitFields(ref inner);
        return inner._validator;
    }

    /// <summary>Writes each item as an object into the array <paramref name="writer"/> has open, and closes it.</summary>
    private static void WriteItems<T>(Utf8JsonWriter writer, IReadOnlyList<FieldInfo> itemFields, IReadOnlyList<T> items)
        where T : class, IRequestPart
    {
        for (var i = 0; i < items.Count; i++)
        {
            writer.WriteStartObject();
            var inner = ForJson(writer, itemFields);
            items[i].VisitFields(ref inner);
            inner.Finish();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    /// <summary>For a value of several shapes: whether this is the first shape that is set, the one written.</summary>
    private bool First()
    {
        if (_written) return false;
        _written = true;
        return true;
    }

    /// <summary>Opens an array for <paramref name="info"/>'s items (as a property, or as the value of a shape); whether to write them.</summary>
    private bool StartArray(FieldInfo info)
    {
        if (_mode == Mode.JsonValue)
        {
            if (!First()) return false;
            _writer!.WriteStartArray();
            return true;
        }

        OpenParents(info);
        _writer!.WriteStartArray(info.JsonName);
        return true;
    }

    /// <summary>Writes <paramref name="info"/>'s name for a value written next (as a shape: nothing, once); whether to write it.</summary>
    private bool PropertyName(FieldInfo info)
    {
        if (_mode == Mode.JsonValue) return First();
        OpenParents(info);
        _writer!.WritePropertyName(info.JsonName);
        return true;
    }

    /// <summary>
    /// Readies the parents of <paramref name="info"/>: those of the previous field closed until they are a prefix of its
    /// path, the rest opened. A step followed by an index is a list (<c>instances</c> in <c>instances[0].prompt</c>), an
    /// index an item of it; items skipped by the paths (only <c>[1]</c> set) are written empty, as
    /// <see cref="Protocol.ResponsePath.SetIn"/> makes them.
    /// </summary>
    private void OpenParents(FieldInfo info)
    {
        var parent = info.ParentLength;
        if (parent < 0)
        {
            if (_openLength > 0) Finish();
            return;
        }

        var path = info.Path;

        // The same separator after the open prefix means the same container: '.' an object, '[' a list.
        while (_openLength > 0 && !(_openLength <= parent && path[_openLength] == _openPath![_openLength] && path.AsSpan(0, _openLength).SequenceEqual(_openPath.AsSpan(0, _openLength)))) Close();
        var start = _openLength == 0 ? 0 : path[_openLength] == '.' ? _openLength + 1 : _openLength;
        while (start < parent)
        {
            var isItem = path[start] == '[';
            var end = isItem ? path.IndexOf(']', start) + 1 : path.IndexOfAny(Separators, start);
            var list = path[end] == '[';
            if (isItem)
            {
                var index = int.Parse(path.AsSpan(start + 1, end - start - 2), NumberStyles.None, CultureInfo.InvariantCulture);
                if (index < _nextItem) throw new InvalidOperationException($"'{path}' comes after a later item of its list: fields must be visited in body order.");
                for (; _nextItem < index; _nextItem++) WriteEmpty(list);
                if (list) _writer!.WriteStartArray();
                else _writer!.WriteStartObject();
            }
            else if (list)
            {
                _writer!.WriteStartArray(path.AsSpan(start, end - start));
            }
            else
            {
                _writer!.WriteStartObject(path.AsSpan(start, end - start));
            }

            if (list) _nextItem = 0;
            _openPath = path;
            _openLength = end;
            start = path[end] == '.' ? end + 1 : end;
        }
    }

    private void WriteEmpty(bool list)
    {
        if (list)
        {
            _writer!.WriteStartArray();
            _writer.WriteEndArray();
        }
        else
        {
            _writer!.WriteStartObject();
            _writer.WriteEndObject();
        }
    }

    private void Close()
    {
        var path = _openPath!;
        if (path[_openLength] == '[') _writer!.WriteEndArray();
        else _writer!.WriteEndObject();
        var stepStart = path.LastIndexOfAny(Separators, _openLength - 1);
        if (path[_openLength - 1] == ']')
        {
            // An item closed: the list's next item follows it.
            _nextItem = int.Parse(path.AsSpan(stepStart + 1, _openLength - stepStart - 2), NumberStyles.None, CultureInfo.InvariantCulture) + 1;
        }

        _openLength = Math.Max(0, stepStart);
    }

    /// <summary>The text of a fixed JSON string, as a form part carries it.</summary>
    private static string Unquote(string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        return reader.GetString()!;
    }
}
