using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>How a field reads in generated C#: its type, whether it is set, its value as the runtime takes it.</summary>
internal static class FieldCode
{
    public const string Runtime = "global::HappyHorse.Generated";
    public const string List = "global::System.Collections.Generic.IReadOnlyList";

    public static IEnumerable<FieldSpec> Settable(IEnumerable<FieldSpec> fields) => fields.Where(f => f.ConstantJson is null && f.MirrorOf is null);

    /// <summary>
    /// The fields a factory or constructor takes, in the order it takes them: the prompt first where there is one, then
    /// the other required fields in manifest order. One order across the catalog, so sibling models' factories read
    /// alike and a prompt cannot be swapped with another text argument unnoticed.
    /// </summary>
    public static List<FieldSpec> RequiredParameters(IEnumerable<FieldSpec> fields) =>
        Settable(fields).Where(f => f.IsRequired).OrderBy(f => IsPrompt(f) ? 0 : 1).ToList();

    /// <summary>The text that describes what to generate: a field whose C# name is <c>Prompt</c> (<c>prompt</c>, <c>input.prompt</c>).</summary>
    public static bool IsPrompt(FieldSpec field) => field.PropertyName == "Prompt";

    public static bool IsReference(FieldSpec field) =>
        field.Kind is FieldKind.StringArray or FieldKind.ObjectArray or FieldKind.OneOf || (field.Kind == FieldKind.String && field.AllowedValues.Count == 0);

    public static string IsSet(FieldSpec field) => IsReference(field) ? $"{field.PropertyName} is not null" : $"{field.PropertyName}.HasValue";

    /// <summary>An expression for a field's value as the runtime takes it: the property, or a typed value's text (<see langword="null"/> when unset).</summary>
    public static string Value(FieldSpec field) =>
        field.Kind == FieldKind.String && field.AllowedValues.Count > 0 ? field.PropertyName + (field.IsRequired ? ".Value" : "?.Value") : field.PropertyName;
}
