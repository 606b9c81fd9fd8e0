using System;
using System.Threading;
using HappyHorse.Generated.Generator.Model;
using HappyHorse.Generated.Generator.Reading;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator;

/// <summary>A manifest after reading: the model (when the file has no errors) and what was wrong.</summary>
internal sealed record ParsedManifest(string Path, string RelativePath, ModelSpec? Model, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static ParsedManifest Read(InputFile file, CancellationToken cancellationToken)
    {
        var (model, diagnostics) = Guard.Run(file, cancellationToken, static (text, path, token) => ManifestReader.Read(text, path, token));
        return new ParsedManifest(file.Path, file.RelativePath, model, diagnostics);
    }
}

/// <summary>A profile after reading.</summary>
internal sealed record ParsedProfile(string Path, string RelativePath, ProfileSpec? Profile, EquatableArray<DiagnosticInfo> Diagnostics)
{
    public static ParsedProfile Read(InputFile file, CancellationToken cancellationToken)
    {
        var (profile, diagnostics) = Guard.Run(file, cancellationToken, static (text, path, token) => ProfileReader.Read(text, path, token));
        return new ParsedProfile(file.Path, file.RelativePath, profile, diagnostics);
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
            return (null, new[] { Fault(e, LocationInfo.In(text, file.Path, 0, 0)) }.ToEquatableArray());
        }
    }

    /// <summary>The one diagnostic an unexpected exception becomes.</summary>
    public static DiagnosticInfo Fault(Exception exception, LocationInfo? location) =>
        new(DiagnosticDescriptors.InternalError, location, new[] { exception.GetType().Name + ": " + exception.Message }.ToEquatableArray());
}
