using System.Collections.Immutable;
using System.Threading;
using HappyHorse.Generated.Generator.Analysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HappyHorse.Generated.Generator;

/// <summary>
/// Reports manifest and profile mistakes as you type, with the same reader and rules as <see cref="ManifestGenerator"/>.
/// It reports only when <see cref="DiagnosticsReporter"/> hands it the job (design-time builds), so a command-line
/// build still reports each mistake once, from the generator.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ManifestAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => DiagnosticDescriptors.All;

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(static start =>
        {
            var options = start.Options;
            if (!DiagnosticsReporter.AnalyzerReports(options.AnalyzerConfigOptionsProvider.GlobalOptions)) return;

            // Unknown profiles and duplicates need every file, so the files are read together, once per compilation.
            var files = new FilesOfCompilation(options);
            var repositoryUrl = DiagnosticDescriptors.RepositoryUrl(options.AnalyzerConfigOptionsProvider.GlobalOptions);
            start.RegisterAdditionalFileAction(file =>
            {
                foreach (var diagnostic in files.Read(file.CancellationToken).DiagnosticsOf(file.AdditionalFile.Path))
                {
                    file.ReportDiagnostic(diagnostic.ToDiagnostic(repositoryUrl));
                }
            });
        });
    }

    /// <summary>Reads the compilation's files on first use; a cancelled read is not kept, so a later request reads again.</summary>
    private sealed class FilesOfCompilation
    {
        private readonly AnalyzerOptions _options;
        private readonly object _gate = new();
        private ManifestSet? _set;

        public FilesOfCompilation(AnalyzerOptions options)
        {
            _options = options;
        }

        public ManifestSet Read(CancellationToken cancellationToken)
        {
            lock (_gate)
            {
                return _set ??= ManifestSet.Read(_options.AdditionalFiles, _options.AnalyzerConfigOptionsProvider, cancellationToken);
            }
        }
    }
}
