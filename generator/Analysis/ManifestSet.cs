using System.Collections.Generic;
using System.Linq;
using System.Threading;
using HappyHorse.Generated.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HappyHorse.Generated.Generator.Analysis;

/// <summary>
/// Every manifest and profile of a compilation read at once, with each file's diagnostics: what the analyzer
/// reports. The same steps as the generator's incremental pipeline (<see cref="InputFile"/>, the readers, the
/// indexes and <see cref="BoundModel"/>/<see cref="BoundProfile"/>), only run eagerly.
/// </summary>
internal sealed class ManifestSet
{
    private readonly Dictionary<string, List<DiagnosticInfo>> _diagnosticsByPath;

    private ManifestSet(Dictionary<string, List<DiagnosticInfo>> diagnosticsByPath)
    {
        _diagnosticsByPath = diagnosticsByPath;
    }

    public static ManifestSet Read(IEnumerable<AdditionalText> files, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        var inputs = files.Select(file => InputFile.From(file, options, cancellationToken)).Where(file => file is not null).Select(file => file!).ToList();
        var manifests = inputs.Where(file => file.Kind == InputKind.Manifest).Select(file => ParsedManifest.Read(file, cancellationToken)).ToList();
        var profiles = inputs.Where(file => file.Kind == InputKind.Profile).Select(file => ParsedProfile.Read(file, cancellationToken)).ToList();
        var profileIndex = new ProfileIndex(profiles.Select(ProfileEntry.Of).Where(entry => entry is not null).Select(entry => entry!));
        var modelIndex = new ModelIndex(manifests.Select(ModelIdentity.Of).Where(identity => identity is not null).Select(identity => identity!));

        var diagnostics = new Dictionary<string, List<DiagnosticInfo>>();
        void Add(string path, IEnumerable<DiagnosticInfo> found)
        {
            if (!diagnostics.TryGetValue(path, out var list)) diagnostics.Add(path, list = new List<DiagnosticInfo>());
            list.AddRange(found);
        }

        foreach (var manifest in manifests) Add(manifest.Path, BoundModel.Bind(manifest, profileIndex, modelIndex).Diagnostics);
        foreach (var profile in profiles) Add(profile.Path, BoundProfile.Check(profile, profileIndex).Diagnostics);
        return new ManifestSet(diagnostics);
    }

    /// <summary>The diagnostics of the file at <paramref name="path"/>; none for files that are not manifests or profiles.</summary>
    public IReadOnlyList<DiagnosticInfo> DiagnosticsOf(string path) =>
        _diagnosticsByPath.TryGetValue(path, out var found) ? found : (IReadOnlyList<DiagnosticInfo>)System.Array.Empty<DiagnosticInfo>();
}
