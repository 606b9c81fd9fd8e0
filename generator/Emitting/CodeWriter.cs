using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace HappyHorse.Generated.Generator.Emitting;

/// <summary>Writes indented C# text; the output is meant to be read and reviewed as a diff.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _builder = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0) _builder.Append(' ', _indent * 4).Append(text);
        _builder.Append('\n');
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    public void Summary(string text) => Doc("summary", text);

    /// <summary>A doc element; long text wraps, the tags on its first and last lines.</summary>
    public void Doc(string tag, string text, string attributes = "")
    {
        var lines = Wrap(text);
        if (lines.Count == 1)
        {
            Line($"/// <{tag}{attributes}>{lines[0]}</{tag}>");
            return;
        }

        Line($"/// <{tag}{attributes}>{lines[0]}");
        for (var i = 1; i < lines.Count - 1; i++) Line("/// " + lines[i]);
        Line($"/// {lines[lines.Count - 1]}</{tag}>");
    }

    /// <summary>A summary and the single parameter it explains, on one line when they fit.</summary>
    public void SummaryAndParam(string summary, string parameter, string name = "value")
    {
        var line = $"<summary>{summary}</summary><param name=\"{name}\">{parameter}</param>";
        if (line.Length <= 120)
        {
            Line("/// " + line);
            return;
        }

        Summary(summary);
        Doc("param", parameter, $" name=\"{name}\"");
    }

    public override string ToString() => _builder.ToString();

    /// <summary>A C# string literal, escaped the compiler's way.</summary>
    public static string Literal(string? value) => value is null ? "null" : SymbolDisplay.FormatLiteral(value, quote: true);

    /// <summary>Text made safe for XML doc comments; <c>`code`</c> spans become &lt;c&gt; elements.</summary>
    public static string Xml(string text)
    {
        var escaped = text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
        var builder = new StringBuilder(escaped.Length);
        var open = false;
        foreach (var c in escaped)
        {
            if (c == '`')
            {
                builder.Append(open ? "</c>" : "<c>");
                open = !open;
            }
            else if (c >= ' ' || c == '\t')
            {
                builder.Append(c);
            }

            // Other control characters (a NUL in a description) are not allowed in XML at all: dropped from the docs.
        }

        if (open) builder.Append("</c>");
        return builder.ToString();
    }

    private static List<string> Wrap(string text)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            if (current.Length > 0 && current.Length + word.Length > 116)
            {
                lines.Add(current.ToString());
                current.Clear();
            }

            if (current.Length > 0) current.Append(' ');
            current.Append(word);
        }

        lines.Add(current.ToString());
        return lines;
    }
}
