using System;
using System.Collections.Generic;
using System.Linq;
using HappyHorse.Generated.Generator.Model;
using HappyHorse.Generated.Generator.Reading;

namespace HappyHorse.Generated.Generator;

// The rules that need more than one file: a model's profile must exist, and no two files may define the same
// model, profile or generated name. The generator applies them incrementally and the analyzer all at once,
// both through these types. When two files clash, the first by path (ordinal) wins and the later one is
// reported and generates nothing, so the outcome never depends on the order the build lists files in.

/// <summary>What tells a model apart from every other. Equal across edits that keep the ids, so such edits leave every other model cached.</summary>
internal sealed record ModelIdentity(string Path, string RelativePath, string ProfileId, string ModelId, string TypeName)
{
    public static ModelIdentity? Of(ParsedManifest manifest) =>
        manifest.Model is { } model ? new ModelIdentity(manifest.Path, manifest.RelativePath, model.ProfileId, model.ModelId, model.TypeName) : null;
}

/// <summary>Every readable model of the build, ordered by path, and which file owns each model and type name.</summary>
internal sealed class ModelIndex : IEquatable<ModelIndex>
{
    private readonly Lazy<Dictionary<string, ModelIdentity>> _modelOwners;
    private readonly Lazy<Dictionary<string, ModelIdentity>> _typeNameOwners;

    public ModelIndex(IEnumerable<ModelIdentity> identities)
    {
        Entries = identities
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.ProfileId, StringComparer.Ordinal)
            .ThenBy(e => e.ModelId, StringComparer.Ordinal)
            .ThenBy(e => e.TypeName, StringComparer.Ordinal)
            .ToEquatableArray();
        _modelOwners = new Lazy<Dictionary<string, ModelIdentity>>(() => FirstOwners(Entries, ModelKey));
        _typeNameOwners = new Lazy<Dictionary<string, ModelIdentity>>(() => FirstOwners(Entries, e => e.TypeName));
    }

    public EquatableArray<ModelIdentity> Entries { get; }

    /// <summary>The file that defines <paramref name="identity"/>'s model first (two dialects may serve one model id, so the profile is part of the key).</summary>
    public ModelIdentity OwnerOfModel(ModelIdentity identity) => _modelOwners.Value[ModelKey(identity)];

    public ModelIdentity OwnerOfTypeName(ModelIdentity identity) => _typeNameOwners.Value[identity.TypeName];

    public bool Equals(ModelIndex? other) => other is not null && Entries.Equals(other.Entries);

    public override bool Equals(object? obj) => Equals(obj as ModelIndex);

    public override int GetHashCode() => Entries.GetHashCode();

    private static string ModelKey(ModelIdentity identity) => identity.ProfileId + "\n" + identity.ModelId;

    internal static Dictionary<string, T> FirstOwners<T>(IEnumerable<T> ordered, Func<T, string> key)
    {
        var owners = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var entry in ordered)
        {
            var name = key(entry);
            if (!owners.ContainsKey(name)) owners.Add(name, entry);
        }

        return owners;
    }
}

/// <summary>A readable profile of the build: where it is and what models bind to.</summary>
internal sealed record ProfileEntry(string Path, string RelativePath, ProfileReference Reference)
{
    public static ProfileEntry? Of(ParsedProfile parsed) =>
        parsed.Profile is { } p ? new ProfileEntry(parsed.Path, parsed.RelativePath, new ProfileReference(p.Id, p.PropertyName, p.ModelField, p.ContentType)) : null;
}

/// <summary>Every readable profile of the build, ordered by path, and which file owns each id and property name.</summary>
internal sealed class ProfileIndex : IEquatable<ProfileIndex>
{
    private readonly Lazy<Dictionary<string, ProfileEntry>> _idOwners;
    private readonly Lazy<Dictionary<string, ProfileEntry>> _propertyNameOwners;

    public ProfileIndex(IEnumerable<ProfileEntry> entries)
    {
        Entries = entries
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ThenBy(e => e.Reference.Id, StringComparer.Ordinal)
            .ThenBy(e => e.Reference.PropertyName, StringComparer.Ordinal)
            .ToEquatableArray();
        _idOwners = new Lazy<Dictionary<string, ProfileEntry>>(() => ModelIndex.FirstOwners(Entries, e => e.Reference.Id));
        _propertyNameOwners = new Lazy<Dictionary<string, ProfileEntry>>(() => ModelIndex.FirstOwners(Entries, e => e.Reference.PropertyName));
    }

    public EquatableArray<ProfileEntry> Entries { get; }

    /// <summary>The profile a model naming <paramref name="id"/> binds to, if any file defines it.</summary>
    public ProfileReference? Find(string id) => _idOwners.Value.TryGetValue(id, out var owner) ? owner.Reference : null;

    public ProfileEntry OwnerOfId(ProfileEntry entry) => _idOwners.Value[entry.Reference.Id];

    public ProfileEntry OwnerOfPropertyName(ProfileEntry entry) => _propertyNameOwners.Value[entry.Reference.PropertyName];

    public IReadOnlyList<string> Ids => _idOwners.Value.Keys.OrderBy(id => id, StringComparer.Ordinal).ToList();

    public bool Equals(ProfileIndex? other) => other is not null && Entries.Equals(other.Entries);

    public override bool Equals(object? obj) => Equals(obj as ProfileIndex);

    public override int GetHashCode() => Entries.GetHashCode();
}

/// <summary>A model joined with the profile it names, or the reasons it generates nothing.</summary>
internal sealed record BoundModel(string Path, string RelativePath, ModelSpec? Model, ProfileReference? Profile, EquatableArray<DiagnosticInfo> Diagnostics)
{
    /// <summary>Type names the generator itself emits into the namespace.</summary>
    private static readonly string[] ReservedTypeNames = { "HappyHorseCatalog", "HappyHorseProfiles" };

    public static BoundModel Bind(ParsedManifest manifest, ProfileIndex profiles, ModelIndex models)
    {
        if (manifest.Model is not { } model || ModelIdentity.Of(manifest) is not { } identity)
        {
            return new BoundModel(manifest.Path, manifest.RelativePath, null, null, manifest.Diagnostics);
        }

        var problems = new List<DiagnosticInfo>();
        var profile = profiles.Find(model.ProfileId);
        if (profile is null) problems.Add(UnknownProfile(model, profiles));

        var typeNameLocation = model.Locations.TypeName ?? model.Locations.Model;
        if (models.OwnerOfModel(identity) is var modelOwner && modelOwner != identity)
        {
            problems.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateModel, model.Locations.Model, new[] { model.ModelId, model.ProfileId, modelOwner.RelativePath }.ToEquatableArray()));
        }
        else if (models.OwnerOfTypeName(identity) is var typeOwner && typeOwner != identity)
        {
            problems.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateGeneratedName, typeNameLocation, new[] { model.TypeName, $"'{typeOwner.RelativePath}'", "typeName" }.ToEquatableArray()));
        }
        else if (Array.IndexOf(ReservedTypeNames, model.TypeName) >= 0)
        {
            problems.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateGeneratedName, typeNameLocation, new[] { model.TypeName, "the generator itself (it holds every model and profile)", "typeName" }.ToEquatableArray()));
        }

        return problems.Count == 0
            ? new BoundModel(manifest.Path, manifest.RelativePath, model, profile, manifest.Diagnostics)
            : new BoundModel(manifest.Path, manifest.RelativePath, null, null, manifest.Diagnostics.Concat(problems).ToEquatableArray());
    }

    private static DiagnosticInfo UnknownProfile(ModelSpec model, ProfileIndex profiles)
    {
        var known = profiles.Ids;
        var nearest = ObjectView.Nearest(model.ProfileId, known);
        var hint = nearest is not null ? $"; did you mean '{nearest}'?" : known.Count == 0 ? "; no profiles are included in the build" : $"; known: {string.Join(", ", known)}";
        return new DiagnosticInfo(DiagnosticDescriptors.UnknownProfile, model.Locations.Profile, new[] { model.ProfileId, hint }.ToEquatableArray());
    }
}

/// <summary>A profile checked against the others, or the reasons it generates nothing.</summary>
internal sealed record BoundProfile(string Path, string RelativePath, ProfileSpec? Profile, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static BoundProfile Check(ParsedProfile parsed, ProfileIndex profiles)
    {
        if (parsed.Profile is not { } profile || ProfileEntry.Of(parsed) is not { } entry)
        {
            return new BoundProfile(parsed.Path, parsed.RelativePath, null, parsed.Diagnostics);
        }

        DiagnosticInfo? problem = null;
        if (profiles.OwnerOfId(entry) is var idOwner && idOwner != entry)
        {
            problem = new DiagnosticInfo(DiagnosticDescriptors.DuplicateProfile, profile.Locations.Id, new[] { profile.Id, idOwner.RelativePath }.ToEquatableArray());
        }
        else if (profiles.OwnerOfPropertyName(entry) is var nameOwner && nameOwner != entry)
        {
            problem = new DiagnosticInfo(DiagnosticDescriptors.DuplicateGeneratedName, profile.Locations.PropertyName ?? profile.Locations.Id, new[] { "HappyHorseProfiles." + profile.PropertyName, $"'{nameOwner.RelativePath}'", "propertyName" }.ToEquatableArray());
        }

        return problem is null
            ? new BoundProfile(parsed.Path, parsed.RelativePath, profile, parsed.Diagnostics)
            : new BoundProfile(parsed.Path, parsed.RelativePath, null, parsed.Diagnostics.Append(problem).ToEquatableArray());
    }
}
