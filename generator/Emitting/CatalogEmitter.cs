using System.Linq;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>A model's entry in the catalog: its class, the request classes of its operations and their ids (in the same order).</summary>
internal sealed record CatalogEntry(string ModelId, string TypeName, EquatableArray<string> RequestTypeNames, EquatableArray<string> OperationIds) : System.IComparable<CatalogEntry>
{
    // The type name breaks ties: one model id served by two dialects is two entries, and their order must not follow the file order.
    public int CompareTo(CatalogEntry? other) =>
        other is null ? 1 : string.CompareOrdinal(ModelId, other.ModelId) is var byId && byId != 0 ? byId : string.CompareOrdinal(TypeName, other.TypeName);
}

/// <summary>
/// Writes the list of every operation the assembly's manifests define, and marks each request class with its model and
/// operation (a part of the partial class), so the analyzer can name them in its errors.
/// </summary>
internal static class CatalogEmitter
{
    public static string Emit(EquatableArray<CatalogEntry> entries, bool hasProfiles, string ns)
    {
        var w = new CodeWriter();
        ModelEmitter.Header(w, "every manifest and profile");
        w.Open($"namespace {ns}");
        if (hasProfiles)
        {
            w.Summary("The protocol profiles of this assembly, one per API dialect.");
            w.Line(ModelEmitter.GeneratedCodeAttribute);
            w.Open("public static partial class HappyHorseProfiles");
            w.Close();
            w.Line();
        }

        if (entries.Count == 0)
        {
            w.Close();
            return w.ToString();
        }

        w.Summary("Every model operation this assembly's manifests define.");
        w.Line(ModelEmitter.GeneratedCodeAttribute);
        w.Open("public static partial class HappyHorseCatalog");
        w.Summary("Every operation, by model id and type name, then as each manifest lists them.");
        w.Open("public static global::System.Collections.Generic.IReadOnlyList<global::HappyHorse.Generated.OperationInfo> Operations { get; } = new global::HappyHorse.Generated.OperationInfo[]");
        foreach (var entry in entries.OrderBy(e => e, Comparer))
        {
            foreach (var request in entry.RequestTypeNames) w.Line($"global::{ns}.{entry.TypeName}.{request}.Info,");
        }

        w.Close(";");
        w.Close();
        foreach (var entry in entries.OrderBy(e => e, Comparer))
        {
            w.Line();
            w.Open($"static partial class {entry.TypeName}");
            for (var i = 0; i < entry.RequestTypeNames.Count; i++)
            {
                w.Line($"[global::HappyHorse.Generated.HappyHorseOperation({CodeWriter.Literal(entry.ModelId)}, {CodeWriter.Literal(entry.OperationIds[i])})]");
                w.Line($"sealed partial class {entry.RequestTypeNames[i]} {{ }}");
            }

            w.Close();
        }

        w.Close();
        return w.ToString();
    }

    private static readonly System.Collections.Generic.IComparer<CatalogEntry> Comparer = System.Collections.Generic.Comparer<CatalogEntry>.Default;
}
