namespace HappyHorse.Generated.Generator;

/// <summary>The name of every pipeline step, so tests can check each one's caching.</summary>
internal static class TrackingNames
{
    public const string Settings = nameof(Settings);
    public const string InputFiles = nameof(InputFiles);
    public const string Manifests = nameof(Manifests);
    public const string Profiles = nameof(Profiles);
    public const string ProfileIndex = nameof(ProfileIndex);
    public const string ModelIndex = nameof(ModelIndex);
    public const string BoundProfiles = nameof(BoundProfiles);
    public const string BoundModels = nameof(BoundModels);
    public const string ModelSources = nameof(ModelSources);
    public const string CatalogEntries = nameof(CatalogEntries);
    public const string ProfileSources = nameof(ProfileSources);
    public const string Reporter = nameof(Reporter);
    public const string Diagnostics = nameof(Diagnostics);
}
