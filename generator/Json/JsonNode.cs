using System;
using System.Collections.Generic;
using System.Globalization;

namespace HappyHorse.Generated.Generator.Json
{
    /// <summary>The kind of a JSON value; <c>true</c> and <c>false</c> are separate kinds, as in System.Text.Json.</summary>
    internal enum JsonKind
    {
        Object,
        Array,
        String,
        Number,
        True,
        False,
        Null,
    }

    /// <summary>
    /// An immutable JSON value that remembers where it came from, so a diagnostic can point at the exact text.
    /// </summary>
    /// <remarks>
    /// Offsets are UTF-16 char offsets into the string given to <see cref="LocatedJsonReader.Parse"/>
    /// (a skipped BOM still counts), which is what Roslyn's <c>TextSpan</c> expects.
    /// Accessors that do not apply to the <see cref="Kind"/> return null or an empty list instead of throwing,
    /// because manifest validation wants to report "wrong type" itself, with a location.
    /// </remarks>
    internal sealed class JsonNode
    {
        private static readonly JsonProperty[] NoProperties = Array.Empty<JsonProperty>();
        private static readonly JsonNode[] NoItems = Array.Empty<JsonNode>();

        // Decided once while scanning the token, so TryGetInt64 need not rescan for '.', 'e' or 'E'.
        private readonly bool _isIntegral;

        private JsonNode(
            JsonKind kind,
            int start,
            int length,
            string? stringValue,
            string? numberText,
            bool isIntegral,
            IReadOnlyList<JsonProperty> properties,
            IReadOnlyList<JsonNode> items)
        {
            Kind = kind;
            Start = start;
            Length = length;
            StringValue = stringValue;
            NumberText = numberText;
            _isIntegral = isIntegral;
            Properties = properties;
            Items = items;
        }

        public JsonKind Kind { get; }

        /// <summary>Offset of the first char of the value: the opening quote, brace or bracket, the sign or first digit, or the literal's first letter.</summary>
        public int Start { get; }

        /// <summary>Length of the whole value text, including quotes and brackets.</summary>
        public int Length { get; }

        /// <summary>The decoded string for <see cref="JsonKind.String"/>; null otherwise.</summary>
        public string? StringValue { get; }

        /// <summary>The number token exactly as written (e.g. <c>-1.5e3</c>) for <see cref="JsonKind.Number"/>; null otherwise.</summary>
        public string? NumberText { get; }

        /// <summary>Object members in document order. Duplicates are kept so that a validator can report them.</summary>
        public IReadOnlyList<JsonProperty> Properties { get; }

        /// <summary>Array elements in document order.</summary>
        public IReadOnlyList<JsonNode> Items { get; }

        /// <summary>The value of the first property called <paramref name="name"/> (ordinal), or null if absent or not an object.</summary>
        public JsonNode? this[string name]
        {
            get
            {
                var properties = Properties;
                for (int i = 0; i < properties.Count; i++)
                {
                    if (string.Equals(properties[i].Name, name, StringComparison.Ordinal))
                    {
                        return properties[i].Value;
                    }
                }

                return null;
            }
        }

        /// <summary>
        /// Reads an integral number that fits in <see cref="long"/>.
        /// </summary>
        /// <remarks>
        /// Only tokens without a fraction or exponent qualify: <c>5</c> and <c>-0</c> succeed, <c>5.0</c> and <c>5e0</c> fail.
        /// This matches <c>JsonElement.TryGetInt64</c>, and a manifest that writes <c>5.0</c> for a count is more likely a mistake than intent.
        /// </remarks>
        public bool TryGetInt64(out long value)
        {
            if (Kind == JsonKind.Number && _isIntegral)
            {
                return long.TryParse(NumberText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
            }

            value = 0;
            return false;
        }

        /// <summary>
        /// Reads any number as a <see cref="double"/> with the invariant culture; values too large for a double (e.g. <c>1e400</c>) fail.
        /// </summary>
        /// <remarks>
        /// On .NET Core, <c>JsonElement.TryGetDouble</c> returns ±Infinity for those instead. Failing is deliberate:
        /// .NET Framework (the compiler host in Visual Studio) cannot parse them at all, so this gives one answer on every host,
        /// and an infinite value in a manifest is a mistake worth a diagnostic. Tiny values round to zero, as in both runtimes.
        /// </remarks>
        public bool TryGetDouble(out double value)
        {
            if (Kind == JsonKind.Number
                && double.TryParse(NumberText, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                && !double.IsInfinity(value))
            {
                return true;
            }

            value = 0;
            return false;
        }

        /// <inheritdoc/>
        public override string ToString() => $"{Kind} at {Start} (length {Length})";

        internal static JsonNode CreateObject(int start, int length, IReadOnlyList<JsonProperty>? properties) =>
            new(JsonKind.Object, start, length, null, null, false, properties ?? NoProperties, NoItems);

        internal static JsonNode CreateArray(int start, int length, IReadOnlyList<JsonNode>? items) =>
            new(JsonKind.Array, start, length, null, null, false, NoProperties, items ?? NoItems);

        internal static JsonNode CreateString(int start, int length, string value) =>
            new(JsonKind.String, start, length, value, null, false, NoProperties, NoItems);

        internal static JsonNode CreateNumber(int start, string text, bool isIntegral) =>
            new(JsonKind.Number, start, text.Length, null, text, isIntegral, NoProperties, NoItems);

        internal static JsonNode CreateLiteral(JsonKind kind, int start, int length) =>
            new(kind, start, length, null, null, false, NoProperties, NoItems);
    }

    /// <summary>An object member, with the location of its name so duplicate or unknown keys can be reported precisely.</summary>
    internal sealed class JsonProperty
    {
        internal JsonProperty(string name, int nameStart, int nameLength, JsonNode value)
        {
            Name = name;
            NameStart = nameStart;
            NameLength = nameLength;
            Value = value;
        }

        /// <summary>The decoded name.</summary>
        public string Name { get; }

        /// <summary>Offset of the name's opening quote (consistent with <see cref="JsonNode.Start"/> for strings).</summary>
        public int NameStart { get; }

        /// <summary>Length of the name token including both quotes.</summary>
        public int NameLength { get; }

        public JsonNode Value { get; }

        /// <inheritdoc/>
        public override string ToString() => $"\"{Name}\" at {NameStart}";
    }
}
