using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HappyHorse.Generated.Generator.Json;
using Stj = System.Text.Json;

namespace HappyHorse.Generated.Generator.Tests.Json;

/// <summary>What JsonDocument (default options) makes of a text, materialised so it can outlive the document.</summary>
internal enum StjVerdict
{
    Accepted,

    /// <summary>JsonException: a syntax error.</summary>
    Rejected,

    /// <summary>
    /// ArgumentException from <c>JsonDocument.Parse(string)</c>: the text holds a raw unpaired surrogate and cannot be
    /// transcoded to UTF-8. Not a JSON syntax error, but the document is unusable, so it counts as a rejection.
    /// </summary>
    InvalidUtf16,

    /// <summary>
    /// Parsed, but a string or property name is a <c>\u</c> escape of an unpaired surrogate, so <c>GetString</c> throws.
    /// LocatedJsonReader rejects such text up front (documented divergence).
    /// </summary>
    Unreadable,
}

internal sealed class StjNode
{
    public JsonKind Kind { get; private init; }

    public string RawText { get; private init; } = string.Empty;

    public string? StringValue { get; private init; }

    public List<(string Name, string RawText, StjNode Value)> Properties { get; } = new();

    public List<StjNode> Items { get; } = new();

    public bool Int64Ok { get; private init; }

    public long Int64 { get; private init; }

    public bool DoubleOk { get; private init; }

    public double Double { get; private init; }

    public static StjNode From(Stj.JsonElement element)
    {
        switch (element.ValueKind)
        {
            case Stj.JsonValueKind.Object:
                var obj = new StjNode { Kind = JsonKind.Object, RawText = element.GetRawText() };
                foreach (var property in element.EnumerateObject())
                {
                    // JsonProperty.ToString() is the raw text from the name's opening quote to the end of the value.
                    obj.Properties.Add((property.Name, property.ToString(), From(property.Value)));
                }

                return obj;
            case Stj.JsonValueKind.Array:
                var array = new StjNode { Kind = JsonKind.Array, RawText = element.GetRawText() };
                array.Items.AddRange(element.EnumerateArray().Select(From));
                return array;
            case Stj.JsonValueKind.String:
                return new StjNode { Kind = JsonKind.String, RawText = element.GetRawText(), StringValue = element.GetString() };
            case Stj.JsonValueKind.Number:
                return new StjNode
                {
                    Kind = JsonKind.Number,
                    RawText = element.GetRawText(),
                    Int64Ok = element.TryGetInt64(out var l),
                    Int64 = l,
                    DoubleOk = element.TryGetDouble(out var d),
                    Double = d,
                };
            case Stj.JsonValueKind.True:
                return new StjNode { Kind = JsonKind.True, RawText = element.GetRawText() };
            case Stj.JsonValueKind.False:
                return new StjNode { Kind = JsonKind.False, RawText = element.GetRawText() };
            default:
                return new StjNode { Kind = JsonKind.Null, RawText = element.GetRawText() };
        }
    }
}

internal static class StjOracle
{
    public static (StjVerdict Verdict, StjNode? Root) Parse(string text)
    {
        // Divergence by design: JsonDocument.Parse(string) treats U+FEFF as an invalid start of a value
        // (it only skips the UTF-8 BOM when reading a stream), while manifests saved by editors often start with one.
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        try
        {
            using var document = Stj.JsonDocument.Parse(text);
            try
            {
                return (StjVerdict.Accepted, StjNode.From(document.RootElement));
            }
            catch (InvalidOperationException)
            {
                return (StjVerdict.Unreadable, null);
            }
        }
        catch (Stj.JsonException)
        {
            return (StjVerdict.Rejected, null);
        }
        catch (ArgumentException)
        {
            return (StjVerdict.InvalidUtf16, null);
        }
    }
}

internal static class JsonTreeComparer
{
    /// <summary>Returns a description of the first difference, or null if <paramref name="ours"/> matches <paramref name="theirs"/>.</summary>
    public static string? Compare(string text, JsonNode ours, StjNode theirs, string path = "$")
    {
        if (ours.Kind != theirs.Kind)
        {
            return $"{path}: kind {ours.Kind} vs {theirs.Kind}";
        }

        // Comparing our span with GetRawText checks Start and Length for every value.
        var slice = text.Substring(ours.Start, ours.Length);
        if (slice != theirs.RawText)
        {
            return $"{path}: span text {Show(slice)} vs raw text {Show(theirs.RawText)}";
        }

        switch (ours.Kind)
        {
            case JsonKind.String:
                return ours.StringValue == theirs.StringValue
                    ? null
                    : $"{path}: string {Show(ours.StringValue)} vs {Show(theirs.StringValue)}";
            case JsonKind.Number:
                if (ours.NumberText != theirs.RawText)
                {
                    return $"{path}: number text {ours.NumberText} vs {theirs.RawText}";
                }

                bool int64Ok = ours.TryGetInt64(out var l);
                if (int64Ok != theirs.Int64Ok || l != theirs.Int64)
                {
                    return $"{path}: TryGetInt64 ({int64Ok}, {l}) vs ({theirs.Int64Ok}, {theirs.Int64})";
                }

                bool doubleOk = ours.TryGetDouble(out var d);

                // Divergence by design: on .NET Core JsonElement.TryGetDouble returns true with ±Infinity for a literal
                // too large for a double (e.g. 1e400); we return false, which is what .NET Framework's double parser
                // (the compiler host in Visual Studio) does too, and what a manifest validator wants to hear.
                if (!doubleOk && theirs.DoubleOk && double.IsInfinity(theirs.Double))
                {
                    return null;
                }

                if (doubleOk != theirs.DoubleOk || !d.Equals(theirs.Double))
                {
                    return $"{path}: TryGetDouble ({doubleOk}, {d:R}) vs ({theirs.DoubleOk}, {theirs.Double:R})";
                }

                return null;
            case JsonKind.Object:
                if (ours.Properties.Count != theirs.Properties.Count)
                {
                    return $"{path}: {ours.Properties.Count} properties vs {theirs.Properties.Count}";
                }

                for (int i = 0; i < ours.Properties.Count; i++)
                {
                    var property = ours.Properties[i];
                    var (name, rawText, value) = theirs.Properties[i];
                    var at = $"{path}.[{i}]";
                    if (property.Name != name)
                    {
                        return $"{at}: name {Show(property.Name)} vs {Show(name)}";
                    }

                    var propertyText = text.Substring(property.NameStart, property.Value.Start + property.Value.Length - property.NameStart);
                    if (propertyText != rawText)
                    {
                        return $"{at}: property text {Show(propertyText)} vs {Show(rawText)}";
                    }

                    // The name token must be exactly a quoted string, followed only by whitespace and one ':'.
                    var nameToken = text.Substring(property.NameStart, property.NameLength);
                    var between = text.Substring(property.NameStart + property.NameLength, property.Value.Start - property.NameStart - property.NameLength);
                    if (nameToken.Length < 2 || nameToken[0] != '"' || nameToken[^1] != '"' || between.Trim(' ', '\t', '\r', '\n') != ":")
                    {
                        return $"{at}: name span {Show(nameToken)} followed by {Show(between)}";
                    }

                    var difference = Compare(text, property.Value, value, $"{path}.{name}");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return null;
            case JsonKind.Array:
                if (ours.Items.Count != theirs.Items.Count)
                {
                    return $"{path}: {ours.Items.Count} items vs {theirs.Items.Count}";
                }

                for (int i = 0; i < ours.Items.Count; i++)
                {
                    var difference = Compare(text, ours.Items[i], theirs.Items[i], $"{path}[{i}]");
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>Makes control chars and surrogates visible in failure messages.</summary>
    public static string Show(string? text)
    {
        if (text is null)
        {
            return "null";
        }

        var builder = new StringBuilder("\"");
        foreach (char c in text)
        {
            if (c < ' ' || c == '\u007F' || char.IsSurrogate(c) || c == '\uFEFF' || c >= '\uFFFE')
            {
                builder.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }
}
