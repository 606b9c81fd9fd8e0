using System.Linq;
using HappyHorse.Generated.Generator.Model;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>A model's entry in the catalog: its class and the request classes of its operations.</summary>
internal sealed record CatalogEntry(string ModelId, string TypeName, EquatableArray<string> RequestTypeNames) : System.IComparable<CatalogEntry>
{
    // The type name breaks ties: one model id served by two dialects is two entries, and their order must not follow the file order.
    public int CompareTo(CatalogEntry? other) =>
        other is null ? 1 : string.CompareOrdinal(ModelId, other.ModelId) is var byId && byId != 0 ? byId : string.CompareOrdinal(TypeName, other.TypeName);
}

/// <summary>Writes the list of every operation the assembly's manifests define.</summary>
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
        w.Close();
        return w.ToString();
    }

    private static readonly System.Collections.Generic.IComparer<CatalogEntry> Comparer = System.Collections.Generic.Comparer<CatalogEntry>.Default;
}
