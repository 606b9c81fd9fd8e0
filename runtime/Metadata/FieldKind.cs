// The JSON shapes a request field takes and the kinds of cross-field rule. Compiled into the runtime (public, read
// from the metadata the generator writes) and into the generator (internal, what the manifest reader produces), so a
// kind has one spelling: the member name, written and read as it is.
#if HAPPYHORSE_GENERATOR
namespace HappyHorse.Generated.Generator.Model;
#else
namespace HappyHorse.Generated;
#endif

/// <summary>The JSON shape of a request field.</summary>
#if HAPPYHORSE_GENERATOR
internal
#else
public
#endif
enum FieldKind
{
    /// <summary>A string; with allowed values, one of a closed set.</summary>
    String,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>A number.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>An array of strings.</summary>
    StringArray,

    /// <summary>An array of objects, each with its item fields.</summary>
    ObjectArray,

    /// <summary>A value of one of several shapes, its variants (<c>"type": "oneOf"</c> in a manifest).</summary>
    OneOf,
}

/// <summary>The kinds of rule that bind several fields of a request.</summary>
#if HAPPYHORSE_GENERATOR
internal
#else
public
#endif
enum RuleKind
{
    /// <summary><c>Field</c>, when set, equals the sum of <c>ItemField</c> over the items of <c>List</c>.</summary>
    Sum,

    /// <summary>The items of <c>List</c> whose <c>ItemField</c> is <c>Value</c> number between <c>Min</c> and <c>Max</c>.</summary>
    Count,

    /// <summary>The values of <c>Fields</c> together (a set value counts 1, a list its items) number between <c>Min</c> and <c>Max</c>.</summary>
    TotalCount,

    /// <summary>When <c>Field</c> is set, every one of <c>Fields</c> must be set too.</summary>
    Requires,
}
