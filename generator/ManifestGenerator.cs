using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using HappyHorse.Generated.Generator.Emitting;
using HappyHorse.Generated.Generator.Model;
using HappyHorse.Generated.Generator.Reading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator;

/// <summary>
/// Turns model manifests and protocol profiles (AdditionalFiles marked with <c>HappyHorseKind</c>) into typed
/// request builders and validators. Every step works on equatable values, so an edit to C# code or to one
/// manifest regenerates nothing or only that manifest's file.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ManifestGenerator : IIncrementalGenerator
{
    /// <summary>The AdditionalFiles metadata that marks a file as a manifest or a profile.</summary>
    public const string KindMetadata = "build_metadata.AdditionalFiles.HappyHorseKind";

    /// <summary>The MSBuild property that sets the namespace of the generated code.</summary>
    public const string NamespaceProperty = "build_property.HappyHorseNamespace";

    private const string DefaultNamespace = "HappyHorse.Generated.Models";

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var settings = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => ReadSettings(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Settings);

        var files = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => InputFile.From(pair.Left, pair.Right, cancellationToken))
            .Where(static file => file is not null)
            .Select(static (file, _) => file!)
            .WithTrackingName(TrackingNames.InputFiles);

        var manifests = files
            .Where(static file => file.Kind == InputKind.Manifest)
            .Select(static (file, cancellationToken) => ParsedManifest.Read(file, cancellationToken))
            .WithTrackingName(TrackingNames.Manifests);

        var profiles = files
            .Where(static file => file.Kind == InputKind.Profile)
            .Select(static (file, cancellationToken) => ParsedProfile.Read(file, cancellationToken))
            .WithTrackingName(TrackingNames.Profiles);

        var profileIndex = profiles
            .Select(static (parsed, _) => parsed.Profile is { } p ? new ProfileReference(p.Id, p.PropertyName, p.ModelField, p.ContentType) : null)
            .Where(static reference => reference is not null)
            .Select(static (reference, _) => reference!)
            .Collect()
            .Select(static (references, _) => references.OrderBy(r => r.Id, StringComparer.Ordinal).ToEquatableArray())
            .WithTrackingName(TrackingNames.ProfileIndex);

        var bound = manifests
            .Combine(profileIndex)
            .Select(static (pair, _) => BoundModel.Bind(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.BoundModels);

        var modelSources = bound
            .Where(static model => model.Model is not null)
            .Combine(settings)
            .Select(static (pair, cancellationToken) => GeneratedFile.ForModel(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ModelSources);
        context.RegisterSourceOutput(modelSources, static (output, file) => file.AddTo(output));

        var profileSources = profiles
            .Where(static parsed => parsed.Profile is not null)
            .Combine(settings)
            .Select(static (pair, cancellationToken) => GeneratedFile.ForProfile(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ProfileSources);
        context.RegisterSourceOutput(profileSources, static (output, file) => file.AddTo(output));

        var catalog = bound
            .Where(static model => model.Model is not null)
            .Select(static (model, _) => new CatalogEntry(model.Model!.ModelId, model.Model.TypeName, model.Model.Operations.Select(o => o.TypeName + "Request").ToEquatableArray()))
            .Collect()
            .Select(static (entries, _) => entries.ToEquatableArray())
            .Combine(profileIndex.Select(static (profiles, _) => profiles.Count > 0))
            .Combine(settings)
            .WithTrackingName(TrackingNames.CatalogEntries);
        context.RegisterSourceOutput(catalog, static (output, input) =>
        {
            var ((entries, hasProfiles), settings) = input;
            if (entries.Count > 0 || hasProfiles) output.AddSource("HappyHorseCatalog.g.cs", SourceText.From(CatalogEmitter.Emit(entries, hasProfiles, settings.Namespace), Encoding.UTF8));
        });

        var diagnostics = bound.Select(static (model, _) => model.Diagnostics)
            .Collect()
            .Combine(profiles.Select(static (parsed, _) => parsed.Diagnostics).Collect())
            .Select(static (pair, _) => pair.Left.Concat(pair.Right).SelectMany(d => d).ToEquatableArray())
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, found) =>
        {
            foreach (var diagnostic in found) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }

    private static GeneratorSettings ReadSettings(AnalyzerConfigOptions options)
    {
        var ns = options.TryGetValue(NamespaceProperty, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : DefaultNamespace;
        options.TryGetValue("build_property.HappyHorseProjectDirectory", out var projectDir);
        return new GeneratorSettings(ns, projectDir ?? string.Empty);
    }
}

/// <summary>Build-wide settings read from MSBuild properties.</summary>
internal sealed record GeneratorSettings(string Namespace, string ProjectDirectory);

internal enum InputKind
{
    Manifest,
    Profile,
}

/// <summary>A manifest or profile file: its kind, where it is and what it says.</summary>
internal sealed record InputFile(InputKind Kind, string Path, string RelativePath, string Text)
{
    public static InputFile? From(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        if (!options.GetOptions(file).TryGetValue(ManifestGenerator.KindMetadata, out var kindText)) return null;
        InputKind kind;
        if (string.Equals(kindText, "Manifest", StringComparison.OrdinalIgnoreCase)) kind = InputKind.Manifest;
        else if (string.Equals(kindText, "Profile", StringComparison.OrdinalIgnoreCase)) kind = InputKind.Profile;
        else return null;

        var text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
        options.GlobalOptions.TryGetValue("build_property.HappyHorseProjectDirectory", out var projectDir);
        return new InputFile(kind, file.Path, RelativeTo(projectDir, file.Path), text);
    }

    private static string RelativeTo(string? directory, string path)
    {
        var normalized = path.Replace('\\', '/');
        if (string.IsNullOrEmpty(directory)) return System.IO.Path.GetFileName(normalized);
        var root = directory!.Replace('\\', '/').TrimEnd('/') + "/";
        return normalized.StartsWith(root, StringComparison.OrdinalIgnoreCase) ? normalized.Substring(root.Length) : System.IO.Path.GetFileName(normalized);
    }
}

/// <summary>A manifest after reading: the model (when the file has no errors) and what was wrong.</summary>
internal sealed record ParsedManifest(string RelativePath, ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static ParsedManifest Read(InputFile file, CancellationToken cancellationToken)
    {
        var (model, diagnostics) = Guard.Run(file, cancellationToken, static (text, path, token) => ManifestReader.Read(text, path, token));
        return new ParsedManifest(file.RelativePath, model, diagnostics);
    }
}

/// <summary>A profile after reading.</summary>
internal sealed record ParsedProfile(string RelativePath, ProfileSpec? Profile, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static ParsedProfile Read(InputFile file, CancellationToken cancellationToken)
    {
        var (profile, diagnostics) = Guard.Run(file, cancellationToken, static (text, path, token) => ProfileReader.Read(text, path, token));
        return new ParsedProfile(file.RelativePath, profile, diagnostics);
    }
}

/// <summary>A model joined with the profile it names.</summary>
internal sealed record BoundModel(string RelativePath, ModelSpec? Model, ProfileReference? Profile, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static BoundModel Bind(ParsedManifest manifest, EquatableArray<ProfileReference> profiles)
    {
        if (manifest.Model is not { } model) return new BoundModel(manifest.RelativePath, null, null, manifest.Diagnostics);
        var profile = profiles.FirstOrDefault(p => p.Id == model.ProfileId);
        if (profile is not null) return new BoundModel(manifest.RelativePath, model, profile, manifest.Diagnostics);

        var known = profiles.Select(p => p.Id).ToArray();
        var nearest = ObjectView.Nearest(model.ProfileId, known);
        var hint = nearest is not null ? $"; did you mean '{nearest}'?" : known.Length == 0 ? "; no profiles are included in the build" : $"; known: {string.Join(", ", known)}";
        var diagnostic = new DiagnosticInfo(DiagnosticDescriptors.UnknownProfile, model.ProfileLocation, new[] { model.ProfileId, hint }.ToEquatableArray());
        return new BoundModel(manifest.RelativePath, null, null, manifest.Diagnostics.Append(diagnostic).ToEquatableArray());
    }
}

/// <summary>A source file to add, or the fault that stopped it (reported as one diagnostic, never a crash).</summary>
internal sealed record GeneratedFile(string HintName, string? Source, DiagnosticInfo? Fault)
{
    public static GeneratedFile ForModel(BoundModel model, GeneratorSettings settings, CancellationToken cancellationToken) =>
        Emit(model.RelativePath, model.Model!.ProfileLocation, cancellationToken, () => ModelEmitter.Emit(model.Model!, model.Profile!, settings.Namespace, model.RelativePath));

    public static GeneratedFile ForProfile(ParsedProfile profile, GeneratorSettings settings, CancellationToken cancellationToken) =>
        Emit(profile.RelativePath, null, cancellationToken, () => ProfileEmitter.Emit(profile.Profile!, settings.Namespace, profile.RelativePath));

    public void AddTo(SourceProductionContext output)
    {
        if (Source is not null) output.AddSource(HintName, SourceText.From(Source, Encoding.UTF8));
        if (Fault is not null) output.ReportDiagnostic(Fault.ToDiagnostic());
    }

    private static GeneratedFile Emit(string relativePath, LocationInfo? location, CancellationToken cancellationToken, Func<string> emit)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var hintName = HintNames.For(relativePath);
        try
        {
            return new GeneratedFile(hintName, emit(), null);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var fault = new DiagnosticInfo(DiagnosticDescriptors.InternalError, location, new[] { e.GetType().Name + ": " + e.Message }.ToEquatableArray());
            return new GeneratedFile(hintName, null, fault);
        }
    }
}

/// <summary>Hint names from a file's path relative to the project: readable, and unique because the path is.</summary>
internal static class HintNames
{
    public static string For(string relativePath)
    {
        var builder = new StringBuilder(relativePath.Length + 8);
        foreach (var c in relativePath)
        {
            builder.Append(char.IsLetterOrDigit(c) || c == '.' || c == '-' ? c : '_');
        }

        // Two paths that differ only in characters replaced above get different hashes.
        return $"{builder}.{Fnv(relativePath):x8}.g.cs";
    }

    private static uint Fnv(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = unchecked((hash ^ c) * 16777619u);
        return hash;
    }
}

/// <summary>Runs a reader so that a fault inside it becomes one diagnostic instead of crashing the build.</summary>
internal static class Guard
{
    public static (T? Value, EquatableArray<DiagnosticInfo> Diagnostics) Run<T>(
        InputFile file,
        CancellationToken cancellationToken,
        Func<SourceText, string, CancellationToken, (T?, EquatableArray<DiagnosticInfo>)> read)
        where T : class
    {
        var text = SourceText.From(file.Text);
        try
        {
            return read(text, file.Path, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var location = LocationInfo.In(text, file.Path, 0, 0);
            return (null, new[] { new DiagnosticInfo(DiagnosticDescriptors.InternalError, location, new[] { e.GetType().Name + ": " + e.Message }.ToEquatableArray()) }.ToEquatableArray());
        }
    }
}
