using System;
using System.ComponentModel;

namespace HappyHorse.Generated;

/// <summary>
/// The values a generated typed value allows, so the HappyHorse analyzer can flag a constant string that is not one of
/// them at compile time (HH1004).
/// </summary>
[AttributeUsage(AttributeTargets.Struct, AllowMultiple = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HappyHorseValuesAttribute : Attribute
{
    /// <summary>Marks a typed value of the manifest field <paramref name="field"/> that allows <paramref name="values"/>.</summary>
    public HappyHorseValuesAttribute(string field, params string[] values)
    {
        Field = field;
        Values = values;
    }

    /// <summary>The manifest name of the field.</summary>
    public string Field { get; }

    /// <summary>The values the manifest lists.</summary>
    public string[] Values { get; }
}
