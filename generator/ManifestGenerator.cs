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

        // The indexes hold only ids and paths, so an edit that keeps them leaves every other file's steps cached.
        var profileIndex = profiles
            .Select(static (parsed, _) => ProfileEntry.Of(parsed))
            .Where(static entry => entry is not null)
            .Collect()
            .Select(static (entries, _) => new ProfileIndex(entries!))
            .WithTrackingName(TrackingNames.ProfileIndex);

        var modelIndex = manifests
            .Select(static (parsed, _) => ModelIdentity.Of(parsed))
            .Where(static identity => identity is not null)
            .Collect()
            .Select(static (identities, _) => new ModelIndex(identities!))
            .WithTrackingName(TrackingNames.ModelIndex);

        var boundProfiles = profiles
            .Combine(profileIndex)
            .Select(static (pair, _) => BoundProfile.Check(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.BoundProfiles);

        var bound = manifests
            .Combine(profileIndex)
            .Combine(modelIndex)
            .Select(static (pair, _) => BoundModel.Bind(pair.Left.Left, pair.Left.Right, pair.Right))
            .WithTrackingName(TrackingNames.BoundModels);

        var modelSources = bound
            .Where(static model => model.Model is not null)
            .Combine(settings)
            .Select(static (pair, cancellationToken) => GeneratedFile.ForModel(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ModelSources);
        context.RegisterSourceOutput(modelSources, static (output, file) => file.AddTo(output));

        var profileSources = boundProfiles
            .Where(static bound => bound.Profile is not null)
            .Combine(settings)
            .Select(static (pair, cancellationToken) => GeneratedFile.ForProfile(pair.Left, pair.Right, cancellationToken))
            .WithTrackingName(TrackingNames.ProfileSources);
        context.RegisterSourceOutput(profileSources, static (output, file) => file.AddTo(output));

        var catalog = bound
            .Where(static model => model.Model is not null)
            .Select(static (model, _) => new CatalogEntry(
                model.Model!.ModelId,
                model.Model.TypeName,
                model.Model.Operations.Select(o => o.TypeName + "Request").ToEquatableArray(),
                model.Model.Operations.Select(o => o.Id).ToEquatableArray()))
            .Collect()
            .Select(static (entries, _) => entries.ToEquatableArray())
            .Combine(profileIndex.Select(static (profiles, _) => profiles.Entries.Count > 0))
            .Combine(settings)
            .WithTrackingName(TrackingNames.CatalogEntries);
        context.RegisterSourceOutput(catalog, static (output, input) =>
        {
            var ((entries, hasProfiles), settings) = input;
            if (entries.Count > 0 || hasProfiles) output.AddSource("HappyHorseCatalog.g.cs", SourceText.From(CatalogEmitter.Emit(entries, hasProfiles, settings.Namespace), Encoding.UTF8));
        });

        var generatorReports = context.AnalyzerConfigOptionsProvider
            .Select(static (options, _) => !DiagnosticsReporter.AnalyzerReports(options.GlobalOptions))
            .WithTrackingName(TrackingNames.Reporter);

        var diagnostics = bound.Select(static (model, _) => model.Diagnostics)
            .Collect()
            .Combine(boundProfiles.Select(static (bound, _) => bound.Diagnostics).Collect())
            .Combine(generatorReports)
            .Select(static (input, _) => input.Right
                ? input.Left.Left.Concat(input.Left.Right).SelectMany(d => d).OrderBy(d => d, DiagnosticInfo.ByPlace).ToEquatableArray()
                : EquatableArray<DiagnosticInfo>.Empty)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics.Combine(settings), static (output, input) =>
        {
            foreach (var diagnostic in input.Left) output.ReportDiagnostic(diagnostic.ToDiagnostic(input.Right.RepositoryUrl));
        });
    }

    private static GeneratorSettings ReadSettings(AnalyzerConfigOptions options)
    {
        var ns = options.TryGetValue(NamespaceProperty, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : DefaultNamespace;
        options.TryGetValue(InputFile.ProjectDirectoryProperty, out var projectDir);
        return new GeneratorSettings(ns, projectDir ?? string.Empty, DiagnosticDescriptors.RepositoryUrl(options));
    }
}

/// <summary>Build-wide settings read from MSBuild properties; <paramref name="RepositoryUrl"/> is where diagnostics' help links point (or null).</summary>
internal sealed record GeneratorSettings(string Namespace, string ProjectDirectory, string? RepositoryUrl);

/// <summary>A source file to add, or the fault that stopped it (reported as one diagnostic, never a crash).</summary>
internal sealed record GeneratedFile(string HintName, string? Source, DiagnosticInfo? Fault, string? RepositoryUrl)
{
    public static GeneratedFile ForModel(BoundModel model, GeneratorSettings settings, CancellationToken cancellationToken) =>
        Emit(model.RelativePath, model.Model!.Locations.Model, settings, cancellationToken, () => ModelEmitter.Emit(model.Model!, model.Profile!, settings.Namespace, model.RelativePath));

    public static GeneratedFile ForProfile(BoundProfile profile, GeneratorSettings settings, CancellationToken cancellationToken) =>
        Emit(profile.RelativePath, profile.Profile!.Locations.Id, settings, cancellationToken, () => ProfileEmitter.Emit(profile.Profile!, settings.Namespace, profile.RelativePath));

    public void AddTo(SourceProductionContext output)
    {
        if (Source is not null) output.AddSource(HintName, SourceText.From(Source, Encoding.UTF8));
        if (Fault is not null) output.ReportDiagnostic(Fault.ToDiagnostic(RepositoryUrl));
    }

    private static GeneratedFile Emit(string relativePath, LocationInfo location, GeneratorSettings settings, CancellationToken cancellationToken, Func<string> emit)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var hintName = HintNames.For(relativePath);
        try
        {
            return new GeneratedFile(hintName, emit(), null, settings.RepositoryUrl);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return new GeneratedFile(hintName, null, Guard.Fault(e, location), settings.RepositoryUrl);
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
