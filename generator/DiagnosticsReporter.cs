using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HappyHorse.Generated.Generator;

/// <summary>
/// Decides whether the generator or <see cref="ManifestAnalyzer"/> reports manifest and profile diagnostics, so
/// each mistake is reported exactly once.
/// </summary>
/// <remarks>
/// Command-line builds keep them in the generator: csc drops analyzer diagnostics when the compilation has
/// declaration errors, which is exactly what a broken manifest causes in code that uses its (now missing) types,
/// and <c>RunAnalyzers=false</c> skips analyzers but never generators. The IDE runs generators lazily (Visual
/// Studio's default is on save or build), so there the analyzer reports as you type and the generator keeps
/// quiet. The targets tell them apart with a global analyzer config added only to design-time builds.
/// </remarks>
internal static class DiagnosticsReporter
{
    /// <summary>The global analyzer option; <see cref="Analyzer"/> hands reporting to the analyzer, anything else leaves it with the generator.</summary>
    public const string OptionKey = "happyhorse_manifest_diagnostics";

    public const string Analyzer = "analyzer";

    public static bool AnalyzerReports(AnalyzerConfigOptions globalOptions) =>
        globalOptions.TryGetValue(OptionKey, out var value) && string.Equals(value.Trim(), Analyzer, StringComparison.OrdinalIgnoreCase);
}
