using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HappyHorse.Generated.Generator;

internal enum InputKind
{
    Manifest,
    Profile,
}

/// <summary>A manifest or profile file: its kind, where it is and what it says.</summary>
internal sealed record InputFile(InputKind Kind, string Path, string RelativePath, string Text)
{
    /// <summary>The MSBuild property (made compiler-visible by the targets) that relative paths are taken from.</summary>
    public const string ProjectDirectoryProperty = "build_property.HappyHorseProjectDirectory";

    /// <summary>The file as the generator and the analyzer see it, or null when it is not marked as a manifest or profile.</summary>
    public static InputFile? From(AdditionalText file, AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken)
    {
        if (!options.GetOptions(file).TryGetValue(ManifestGenerator.KindMetadata, out var kindText)) return null;
        InputKind kind;
        if (string.Equals(kindText, "Manifest", StringComparison.OrdinalIgnoreCase)) kind = InputKind.Manifest;
        else if (string.Equals(kindText, "Profile", StringComparison.OrdinalIgnoreCase)) kind = InputKind.Profile;
        else return null;

        var text = file.GetText(cancellationToken)?.ToString() ?? string.Empty;
        options.GlobalOptions.TryGetValue(ProjectDirectoryProperty, out var projectDir);
        return new InputFile(kind, file.Path, RelativeTo(projectDir, file.Path), text);
    }

    /// <summary>
    /// The path relative to the project, with <c>..</c> segments for files outside it: hint names and messages
    /// come from it, so it must differ for different files (two <c>a.json</c> in different folders must not clash).
    /// </summary>
    internal static string RelativeTo(string? directory, string path)
    {
        var normalized = path.Replace('\\', '/');
        if (string.IsNullOrEmpty(directory)) return normalized;
        var root = directory!.Replace('\\', '/').TrimEnd('/');
        if (normalized.StartsWith(root + "/", StringComparison.OrdinalIgnoreCase)) return normalized.Substring(root.Length + 1);

        var rootSegments = root.Split('/');
        var pathSegments = normalized.Split('/');
        var common = 0;
        while (common < rootSegments.Length && common < pathSegments.Length - 1 && string.Equals(rootSegments[common], pathSegments[common], StringComparison.OrdinalIgnoreCase)) common++;

        // Nothing in common (another drive, or a relative path): the path itself is the only unique name.
        if (common == 0) return normalized;
        return string.Join("/", Enumerable.Repeat("..", rootSegments.Length - common).Concat(pathSegments.Skip(common)));
    }
}
