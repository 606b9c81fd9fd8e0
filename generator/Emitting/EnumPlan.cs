using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated.Generator.Model;
using HappyHorse.Generated.Generator.Reading;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>One typed-value struct to emit for an enumerated field.</summary>
internal sealed record EnumTypePlan(string TypeName, FieldSpec Field)
{
    public EquatableArray<EnumValueSpec> Values => Field.AllowedValues;
}

/// <summary>
/// Decides the C# type of each enumerated field: one struct per field name on the model when every operation
/// agrees on the values, otherwise one per operation, named after it.
/// </summary>
internal sealed class EnumPlan
{
    /// <summary>
    /// Names of common <c>System</c> types: a nested struct of one of these names would hide the system type inside the
    /// model class and read as it in user code (<c>Media.Type</c>), so such a struct takes its owner's name as a prefix.
    /// </summary>
    private static readonly HashSet<string> ClashingNames = new()
    {
        "Action", "Array", "Attribute", "Boolean", "Buffer", "Byte", "Char", "Console", "Convert", "DateTime", "Decimal",
        "Delegate", "Double", "Enum", "Environment", "Exception", "Func", "Guid", "Index", "Int16", "Int32", "Int64",
        "Lazy", "Math", "Memory", "Nullable", "Object", "Random", "Range", "Single", "Span", "String", "Task", "TimeSpan",
        "Tuple", "Type", "Uri", "Version",
    };

    private readonly Dictionary<(string Owner, string Field), string> _names = new();

    private readonly string _containingType;

    private EnumPlan(List<EnumTypePlan> types, string containingType)
    {
        Types = types;
        _containingType = containingType;
    }

    public List<EnumTypePlan> Types { get; }

    /// <summary>The fully qualified type name: generated code never names these types bare, because a property of the same name would hide them.</summary>
    public string NameFor(string owner, FieldSpec field) => _containingType + "." + _names[(owner, field.Name)];

    /// <param name="model">The model.</param>
    /// <param name="containingType">The fully qualified model class the structs are nested in.</param>
    public static EnumPlan For(ModelSpec model, string containingType)
    {
        var plan = new EnumPlan(new List<EnumTypePlan>(), containingType);
        var byProperty = ModelEmitter.Owners(model)
            .SelectMany(o => o.Fields.Where(f => f.AllowedValues.Count > 0).Select(f => (Owner: o.Key, Field: f)))
            .GroupBy(x => x.Field.PropertyName);
        foreach (var group in byProperty)
        {
            var shared = group.Select(x => x.Field.AllowedValues).Distinct().Count() == 1;
            var owners = group.Select(x => x.Owner).Distinct().Count();
            foreach (var (owner, field) in group)
            {
                // Owners are operation ids or "item:TypeName"; either becomes a readable prefix.
                var prefixed = Reading.Naming.ToPascalCase(owner.Replace("item:", string.Empty)) + field.PropertyName;
                var typeName = !shared ? prefixed
                    : !ClashingNames.Contains(field.PropertyName) ? field.PropertyName
                    : owners == 1 ? prefixed
                    : field.PropertyName + "Value";

                // An operation's factory method has its type name: a struct of that name beside it would not compile.
                if (model.Operations.Any(o => o.TypeName == typeName)) typeName += "Value";
                plan._names[(owner, field.Name)] = typeName;
                if (!plan.Types.Any(t => t.TypeName == typeName)) plan.Types.Add(new EnumTypePlan(typeName, field));
            }
        }

        return plan;
    }
}

/// <summary>Fields grouped by JSON path so nested objects are written once each, in manifest order.</summary>
internal sealed class PathTree
{
    private PathTree(string name) => Name = name;

    public string Name { get; }

    public FieldSpec? Field { get; private set; }

    public List<PathTree> Children { get; } = new();

    public static PathTree Build(IEnumerable<FieldSpec> fields)
    {
        var root = new PathTree(string.Empty);
        foreach (var field in fields)
        {
            var node = root;
            foreach (var segment in Naming.BodyPathSteps(field.Path))
            {
                var child = node.Children.FirstOrDefault(c => c.Name == segment);
                if (child is null)
                {
                    child = new PathTree(segment);
                    node.Children.Add(child);
                }

                node = child;
            }

            node.Field = field;
        }

        return root;
    }

    /// <summary>The fields in body order: those under one parent together, the items of a list by index (so a writer never goes back).</summary>
    public IEnumerable<FieldSpec> Leaves() => Field is not null ? new[] { Field } : Children.OrderBy(c => c.Index).SelectMany(c => c.Leaves());

    // A list item's index ('[2]' → 2); -1 for a name, so names keep their manifest order.
    private int Index => Name.Length > 2 && Name[0] == '[' ? int.Parse(Name.Substring(1, Name.Length - 2), System.Globalization.CultureInfo.InvariantCulture) : -1;
}
