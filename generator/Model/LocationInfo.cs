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
    public Diagnostic ToDiagnostic() => Diagnostic.Create(Descriptor, Location?.ToLocation(), Arguments.ToArray());
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
