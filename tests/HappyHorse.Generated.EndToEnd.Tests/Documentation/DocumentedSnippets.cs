using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace HappyHorse.Generated.EndToEnd.Tests.Documentation;

/// <summary>One <c>```csharp</c> block of a document: where it starts (1-based line of its first code line) and its code.</summary>
internal sealed record Snippet(string Document, int Line, string Code, bool CompileOnly)
{
    public override string ToString() => $"{Document}:{Line}";
}

/// <summary>
/// The C# blocks of the user-facing documents, compiled as a reader's console app would compile them: the SDK's implicit
/// usings, nullable on, warnings reported. A document is read top to bottom, so each block may use what the blocks
/// above it declared (<c>client</c>, <c>request</c>) and may declare a name again; each block after the first becomes
/// a local function nested in the one before it, which gives exactly that scoping.
/// A block preceded by <c>&lt;!-- snippet: compile-only --&gt;</c> is compiled but never run (nor is anything after it).
/// </summary>
internal static partial class DocumentedSnippets
{
    /// <summary>The documents whose C# must compile: the repository's README and the package's README.</summary>
    public static readonly string[] Documents = ["README.md", "manifests/PACKAGE.md"];

    /// <summary>What a new console project imports implicitly (ImplicitUsings=enable).</summary>
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Every C# block of <paramref name="document"/> (a path relative to the repository root), in order.</summary>
    public static IReadOnlyList<Snippet> Of(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot, document)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var snippets = new List<Snippet>();
        foreach (Match block in Fence().Matches(text))
        {
            var line = text.AsSpan(0, block.Groups["code"].Index).Count('\n') + 1;
            snippets.Add(new Snippet(document, line, block.Groups["code"].Value, block.Groups["compileOnly"].Success));
        }

        return snippets;
    }

    /// <summary>
    /// The console-app source that runs <paramref name="snippets"/> in order: <c>Documented.RunAsync(TimeProvider)</c>.
    /// <paramref name="clock"/> names a parameter that replaces the system clock of each <c>new HappyHorseClient()</c>
    /// (for a run in virtual time); null compiles the blocks as written.
    /// </summary>
    public static string Program(IReadOnlyList<Snippet> snippets, string? clock = null)
    {
        var usings = new List<string>();
        var bodies = new List<(Snippet Snippet, string Body)>();
        foreach (var snippet in snippets)
        {
            var lines = snippet.Code.Split('\n');
            var start = 0;
            while (start < lines.Length && (UsingDirective().IsMatch(lines[start]) || lines[start].Trim().Length == 0))
            {
                if (lines[start].Trim().Length > 0) usings.Add(lines[start].Trim());
                start++;
            }

            var body = string.Join('\n', lines.Skip(start));
            if (clock is not null) body = body.Replace("new HappyHorseClient()", $"new HappyHorseClient(HappyHorseClientOptions.FromEnvironment(), timeProvider: {clock})", StringComparison.Ordinal);
            bodies.Add((snippet with { Line = snippet.Line + start }, body));
        }

        var source = new StringBuilder();
        foreach (var ns in ImplicitUsings) source.Append("global using global::").Append(ns).Append(";\n");
        foreach (var directive in usings.Distinct(StringComparer.Ordinal)) source.Append(directive).Append('\n');
        source.Append("#pragma warning disable CS1998 // a block without await still becomes an async local function\n");
        source.Append("public static class Documented\n{\n");
        source.Append($"    public static async Task RunAsync(TimeProvider {clock ?? "unusedClock"})\n    {{\n");
        for (var i = 0; i < bodies.Count; i++)
        {
            if (i > 0) source.Append($"await Block{i}();\nasync Task Block{i}()\n{{\n");
            source.Append($"#line {bodies[i].Snippet.Line} \"{bodies[i].Snippet.Document}\"\n").Append(bodies[i].Body).Append("\n#line default\n");
        }

        source.Append(new string('}', bodies.Count - 1)).Append("\n    }\n}\n");
        return source.ToString();
    }

    /// <summary>Compiles a program of <see cref="Program"/> against the runtime, the catalog and their dependencies.</summary>
    public static (CSharpCompilation Compilation, IReadOnlyList<Diagnostic> Problems) Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Documented" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "Documented.cs")],
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                // As the SDK does: a newer version of an assembly than a reference asked for is no problem.
                specificDiagnosticOptions: [new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));
        var problems = compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        return (compilation, problems);
    }

    /// <summary>Emits and loads a compiled program; its references are this process's assemblies.</summary>
    public static Func<TimeProvider, System.Threading.Tasks.Task> Load(CSharpCompilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success) throw new InvalidOperationException(string.Join(Environment.NewLine, emitted.Diagnostics));
        var type = Assembly.Load(image.ToArray()).GetType("Documented", throwOnError: true)!;
        var run = type.GetMethod("RunAsync")!;
        return clock => (System.Threading.Tasks.Task)run.Invoke(null, [clock])!;
    }

    /// <summary>The framework's assemblies, then those of this test's output folder the framework does not have (the runtime, the catalog, Polly, …).</summary>
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var names = framework.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var local = Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Where(p => !names.Contains(Path.GetFileNameWithoutExtension(p)) && IsManaged(p));
        return framework.Concat(local).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    });

    private static bool IsManaged(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HappyHorse.Generated.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException("The repository root (HappyHorse.Generated.sln) was not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex("(?<compileOnly><!-- snippet: compile-only -->\\n)?```csharp\\n(?<code>.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex Fence();

    [GeneratedRegex("^\\s*using\\s+(static\\s+)?[A-Za-z_][A-Za-z0-9_.]*(\\s*=\\s*[A-Za-z_][A-Za-z0-9_.<>]*)?\\s*;\\s*(//.*)?$")]
    private static partial Regex UsingDirective();
}
