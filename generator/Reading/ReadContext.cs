using System;
using System.Collections.Generic;
using System.Threading;
using HappyHorse.Generated.Generator.Json;
using HappyHorse.Generated.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator.Reading;

/// <summary>The file being read and the diagnostics found in it so far.</summary>
internal sealed class ReadContext
{
    private readonly SourceText _text;
    private readonly string _path;

    public ReadContext(SourceText text, string path)
    {
        _text = text;
        _path = path;
    }

    public List<DiagnosticInfo> Diagnostics { get; } = new();

    public bool HasErrors => Diagnostics.Count > 0;

    public LocationInfo At(JsonNode node) => LocationInfo.In(_text, _path, node.Start, node.Length);

    public LocationInfo AtName(JsonProperty property) => LocationInfo.In(_text, _path, property.NameStart, property.NameLength);

    public LocationInfo AtOffset(int offset) => LocationInfo.In(_text, _path, offset, 0);

    public void Report(DiagnosticDescriptor descriptor, LocationInfo? location, params string[] arguments) =>
        Diagnostics.Add(new DiagnosticInfo(descriptor, location, arguments.ToEquatableArray()));

    /// <summary>Parses a manifest or profile whose root must be an object; the value is kept only when the file has no errors.</summary>
    public static (T? Value, EquatableArray<DiagnosticInfo> Diagnostics) ReadDocument<T>(
        SourceText text, string path, string description, string[] rootProperties, CancellationToken cancellationToken, Func<ObjectView, ReadContext, T?> read)
        where T : class
    {
        var context = new ReadContext(text, path);
        var parsed = LocatedJsonReader.Parse(text.ToString(), cancellationToken);
        T? value = null;
        if (parsed.Root is not { } root)
        {
            context.Report(DiagnosticDescriptors.InvalidJson, context.AtOffset(parsed.Error!.Position), parsed.Error.Message);
        }
        else if (root.Kind != JsonKind.Object)
        {
            context.Report(DiagnosticDescriptors.WrongValueType, context.At(root), description, "a JSON object");
        }
        else
        {
            value = read(new ObjectView(root, context, description, rootProperties), context);
        }

        return (context.HasErrors ? null : value, context.Diagnostics.ToEquatableArray());
    }
}

/// <summary>
/// An object in a manifest read against the list of properties it may have: unknown properties are reported
/// (with the nearest known name), and each accessor reports a value of the wrong type at that value.
/// </summary>
internal readonly struct ObjectView
{
    private readonly ReadContext _context;

    public ObjectView(JsonNode node, ReadContext context, string description, string[] known, bool reportUnknown = true)
    {
        Node = node;
        _context = context;
        Description = description;
        if (!reportUnknown) return;
        foreach (var property in node.Properties)
        {
            if (property.Name == "$schema" && property.Value.Kind != JsonKind.String) context.Report(DiagnosticDescriptors.WrongValueType, context.At(property.Value), "$schema", "a string");
            if (System.Array.IndexOf(known, property.Name) >= 0 || property.Name == "$schema" || property.Name.StartsWith("$comment", StringComparison.Ordinal)) continue;
            var nearest = Nearest(property.Name, known);
            context.Report(DiagnosticDescriptors.UnknownProperty, context.AtName(property), description, property.Name, nearest is null ? string.Empty : $"; did you mean '{nearest}'?");
        }
    }

    public JsonNode Node { get; }

    public string Description { get; }

    public JsonNode? Get(string name) => Node[name];

    public JsonProperty? Property(string name)
    {
        foreach (var property in Node.Properties)
        {
            if (property.Name == name) return property;
        }

        return null;
    }

    public string? String(string name, bool required = false)
    {
        var value = Present(name, required);
        if (value is null) return null;
        if (value.Kind == JsonKind.String) return value.StringValue;
        _context.Report(DiagnosticDescriptors.WrongValueType, _context.At(value), name, "a string");
        return null;
    }

    public bool? Boolean(string name)
    {
        var value = Present(name, required: false);
        if (value is null) return null;
        if (value.Kind is JsonKind.True or JsonKind.False) return value.Kind == JsonKind.True;
        _context.Report(DiagnosticDescriptors.WrongValueType, _context.At(value), name, "true or false");
        return null;
    }

    /// <summary>A number as its manifest text (after checking it parses).</summary>
    public string? NumberText(string name, bool integral, bool required = false)
    {
        var value = Present(name, required);
        if (value is null) return null;
        if (value.Kind == JsonKind.Number && (integral ? value.TryGetInt64(out _) : value.TryGetDouble(out _))) return value.NumberText;
        _context.Report(DiagnosticDescriptors.WrongValueType, _context.At(value), name, integral ? "an integer" : "a number");
        return null;
    }

    /// <summary>A count: a non-negative integer that fits in an <see cref="int"/>.</summary>
    public int? Count(string name)
    {
        var value = Present(name, required: false);
        if (value is null) return null;
        if (value.Kind != JsonKind.Number || !value.TryGetInt64(out var number) || number > int.MaxValue || number < int.MinValue)
        {
            _context.Report(DiagnosticDescriptors.WrongValueType, _context.At(value), name, "an integer");
            return null;
        }

        if (number < 0)
        {
            _context.Report(DiagnosticDescriptors.NegativeCount, _context.At(value), name, value.NumberText ?? "?");
            return null;
        }

        return (int)number;
    }

    public IReadOnlyList<JsonNode>? Array(string name, bool required = false)
    {
        var value = Present(name, required);
        if (value is null) return null;
        if (value.Kind == JsonKind.Array) return value.Items;
        _context.Report(DiagnosticDescriptors.WrongValueType, _context.At(value), name, "an array");
        return null;
    }

    public List<string>? StringArray(string name, bool required = false)
    {
        var items = Array(name, required);
        if (items is null) return null;
        var strings = new List<string>(items.Count);
        foreach (var item in items)
        {
            if (item.Kind == JsonKind.String) strings.Add(item.StringValue!);
            else _context.Report(DiagnosticDescriptors.WrongValueType, _context.At(item), name + "[]", "a string");
        }

        return strings;
    }

    public JsonNode? Object(string name, bool required = false)
    {
        var value = Present(name, required);
        if (value is null) return null;
        if (value.Kind == JsonKind.Object) return value;
        _context.Report(DiagnosticDescriptors.WrongValueType, _context.At(value), name, "an object");
        return null;
    }

    private JsonNode? Present(string name, bool required)
    {
        // An explicit null is a value of the wrong type, not an absent property: each accessor reports it.
        var value = Node[name];
        if (value is null && required) _context.Report(DiagnosticDescriptors.MissingProperty, _context.AtOffset(Node.Start), Description, name);
        return value;
    }

    /// <summary>The known name within edit distance 2 of <paramref name="name"/> (case-insensitive), if one is close enough to be a typo.</summary>
    internal static string? Nearest(string name, IReadOnlyList<string> known)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(1, Math.Min(2, name.Length / 3)) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
