using Microsoft.CodeAnalysis.Text;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>Test text with the span a diagnostic must point at written inline between ⟪ and ⟫ (an empty pair marks a position).</summary>
internal static class MarkedText
{
    public static (string Text, TextSpan Span) Parse(string marked)
    {
        var start = marked.IndexOf('⟪');
        var end = marked.IndexOf('⟫');
        if (start < 0 || end < start || marked.IndexOf('⟪', start + 1) >= 0) throw new System.ArgumentException("Mark exactly one span with ⟪ and ⟫", nameof(marked));
        var text = marked.Remove(end, 1).Remove(start, 1);
        return (text, new TextSpan(start, end - start - 1));
    }
}
