using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator.Model;

/// <summary>A place in a manifest, kept as plain values so nothing holds a compilation alive.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);

    public static LocationInfo In(SourceText text, string filePath, int start, int length)
    {
        start = start < 0 ? 0 : start > text.Length ? text.Length : start;
        length = length < 0 ? 0 : start + length > text.Length ? text.Length - start : length;
        var span = new TextSpan(start, length);
        return new LocationInfo(filePath, span, text.Lines.GetLinePositionSpan(span));
    }
}

/// <summary>A diagnostic as a value: descriptor, place and message arguments.</summary>
internal sealed record DiagnosticInfo(DiagnosticDescriptor Descriptor, LocationInfo? Location, EquatableArray<string> Arguments)
{
    /// <summary>By file path, then position, then id: the order diagnostics are reported in, whatever the order of the files.</summary>
    public static readonly IComparer<DiagnosticInfo> ByPlace = Comparer<DiagnosticInfo>.Create(static (a, b) =>
    {
        var byPath = string.CompareOrdinal(a.Location?.FilePath, b.Location?.FilePath);
        if (byPath != 0) return byPath;
        var byStart = (a.Location?.Span.Start ?? -1).CompareTo(b.Location?.Span.Start ?? -1);
        return byStart != 0 ? byStart : string.CompareOrdinal(a.Descriptor.Id, b.Descriptor.Id);
    });

    /// <summary>The diagnostic, with a help link into <paramref name="repositoryUrl"/> when the build names one.</summary>
    public Diagnostic ToDiagnostic(string? repositoryUrl) =>
        Diagnostic.Create(DiagnosticDescriptors.WithHelpLink(Descriptor, repositoryUrl), Location?.ToLocation(), Arguments.ToArray());
}

internal static class EnumerableExtensions
{
    public static T[] ToArray<T>(this EquatableArray<T> items)
        where T : System.IEquatable<T>
    {
        var array = new T[items.Count];
        for (var i = 0; i < array.Length; i++) array[i] = items[i];
        return array;
    }
}
