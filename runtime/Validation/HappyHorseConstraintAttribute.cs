using System;
using System.ComponentModel;

namespace HappyHorse.Generated;

/// <summary>
/// The manifest's limits on a field, once on the generated property that holds it, so the HappyHorse analyzer can flag a
/// constant argument that breaks them at compile time (HH1001–HH1003) wherever the field is set: its <c>With…</c>
/// setter, or the factory or constructor parameter named after the property. Allowed values are on the value type
/// (<see cref="HappyHorseValuesAttribute"/>). Unset limits keep their defaults (NaN or -1).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HappyHorseConstraintAttribute : Attribute
{
    /// <summary>Marks the property that holds the manifest field <paramref name="field"/>.</summary>
    public HappyHorseConstraintAttribute(string field) => Field = field;

    /// <summary>The manifest name of the field.</summary>
    public string Field { get; }

    /// <summary>The smallest number allowed, or NaN.</summary>
    public double Minimum { get; set; } = double.NaN;

    /// <summary>The largest number allowed, or NaN.</summary>
    public double Maximum { get; set; } = double.NaN;

    /// <summary>The fewest characters allowed, or -1.</summary>
    public int MinLength { get; set; } = -1;

    /// <summary>The most characters allowed, or -1.</summary>
    public int MaxLength { get; set; } = -1;

    /// <summary>Whether a Chinese, Japanese or Korean character counts as two toward the length.</summary>
    public bool CjkCountsDouble { get; set; }

    /// <summary>The fewest items allowed, or -1.</summary>
    public int MinItems { get; set; } = -1;

    /// <summary>The most items allowed, or -1.</summary>
    public int MaxItems { get; set; } = -1;
}
