using System.Linq;
using HappyHorse.Generated.Generator.Model;
using static HappyHorse.Generated.Generator.Emitting.FieldCode;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>Typed values of enumerated fields: a record struct over the service's string, one static member per value.</summary>
internal sealed partial class ModelEmitter
{
    /// <summary>
    /// Past this many values an enumeration gets no static member per value (nor the <c>HappyHorseValues</c> attribute the
    /// analyzer checks constants with): a list that long is data, not something to pick from in IntelliSense, and each
    /// member is a string literal of its own (the assembly's user-string heap holds 16 MB of UTF-16 in all, and a
    /// member each makes the compiler's work grow faster than the list). The values themselves live once, in the
    /// model's UTF-8 metadata, which is no user string: <c>KnownValues</c> reads them from there.
    /// </summary>
    internal const int MaxValueMembers = 1000;

    private void ValueType(EnumTypePlan plan)
    {
        var w = _w;
        var type = plan.TypeName;
        var values = plan.Values;
        var fieldName = plan.Field.Name;
        var members = values.Count <= MaxValueMembers;
        w.Summary($"The values of <c>{CodeWriter.Xml(fieldName)}</c>: {FieldDocs.Values(values)}. "
            + "Converts from a string, so a value the manifest does not list yet can still be sent (validation will flag it)."
            + (members ? string.Empty : $" With more than {MaxValueMembers} values there is no member per value: convert from the string (see <see cref=\"KnownValues\"/>)."));
        // The analyzer reads the allowed values from here to check constant arguments (HH1004).
        if (members) w.Line($"[{Runtime}.HappyHorseValues({CodeWriter.Literal(fieldName)}, {string.Join(", ", values.Select(v => CodeWriter.Literal(v.Value)))})]");
        w.Open($"public readonly partial record struct {type}");
        w.Line("private readonly string? _value;");
        w.SummaryAndParam($"Wraps a raw value of <c>{CodeWriter.Xml(fieldName)}</c>.", "The value as the service spells it.");
        w.Line($"public {type}(string value) => _value = value ?? throw new global::System.ArgumentNullException(nameof(value));");
        w.Summary("The value as the service spells it.");
        w.Line("public string Value => _value ?? string.Empty;");
        w.Summary("Every value the manifest lists.");
        w.Line($"public static {List}<string> KnownValues => {Metadata}.{_metadataLocations[plan.Field]}.AllowedValues;");
        w.SummaryAndParam("Converts a raw value.", "The value as the service spells it.");
        w.Line($"public static implicit operator {type}(string value) => new {type}(value);");
        w.Line("/// <inheritdoc/>");
        w.Line("public override string ToString() => Value;");
        foreach (var value in members ? values : EquatableArray<EnumValueSpec>.Empty)
        {
            w.Line($"/// <summary><c>{CodeWriter.Xml(value.Value)}</c>{(value.Description.Length > 0 ? ": " + CodeWriter.Xml(value.Description) : ".")}</summary>");
            w.Line($"public static {type} {value.MemberName} => new {type}({CodeWriter.Literal(value.Value)});");
        }

        w.Close();
    }
}
