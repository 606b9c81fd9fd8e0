using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Text;
using System.Threading.Tasks;
using HappyHorse.Generated.Generator.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace HappyHorse.Generated.Generator.Tests;

/// <summary>
/// One wording: for every limit of every settable field of every catalog operation (and of the items its lists hold),
/// a constant that breaks it gets the same sentence as a build error (HH1001–HH1004) as the run-time validator gives.
/// </summary>
public class MessageParityTests
{
    private const string NotAllowed = "zz-not-a-value";

    [Fact]
    public async Task Every_catalog_limit_reads_the_same_at_build_time_and_at_run_time()
    {
        var (_, generated) = GeneratorHarness.Run(GeneratorHarness.CatalogFiles());
        var catalog = Load(generated);
        var (cases, operations) = Cases(generated, catalog);
        var all = (IReadOnlyList<OperationInfo>)catalog.GetType("HappyHorse.Generated.Models.HappyHorseCatalog")!.GetProperty("Operations")!.GetValue(null)!;
        operations.ShouldBe(all.Count); // every operation of the catalog, not a sample
        cases.Count.ShouldBeGreaterThan(100);

        var consumer = new StringBuilder("public static class ParityConsumer\n{\n    public static void Run()\n    {\n");
        foreach (var c in cases) consumer.Append("        ").Append(c.Statement).Append('\n');
        consumer.Append("    }\n}\n");
        var parseOptions = (CSharpParseOptions)generated.SyntaxTrees.First().Options;
        var compilation = generated.AddSyntaxTrees(CSharpSyntaxTree.ParseText(consumer.ToString(), parseOptions, path: "ParityConsumer.cs"));
        compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ShouldBeEmpty();

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, GeneratorHarness.OptionsWith(null));
        var found = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ConstantArgumentAnalyzer()), options).GetAnalyzerDiagnosticsAsync();
        var byLine = found.ToLookup(d => d.Location.GetLineSpan().StartLinePosition.Line - 4); // the statements start on the fifth line

        var mismatches = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var messages = byLine[i].Select(d => d.GetMessage(CultureInfo.InvariantCulture)).ToList();
            var expected = cases[i].RuntimeMessage;
            if (messages.Count != 1 || messages[0] != expected) mismatches.Add($"{cases[i].Statement}\n  build:    {string.Join(" | ", messages)}\n  run time: {expected}");
        }

        mismatches.ShouldBeEmpty(string.Join("\n", mismatches));
    }

    /// <summary>The generated catalog compiled and loaded, so its operations are read as the runtime reads them.</summary>
    private static Assembly Load(Compilation generated)
    {
        using var image = new MemoryStream();
        generated.WithAssemblyName("HappyHorse.Generated.Models.Parity").Emit(image).Success.ShouldBeTrue();
        image.Position = 0;
        return new AssemblyLoadContext("parity", isCollectible: true).LoadFromStream(image);
    }

    private static (List<Case> Cases, int Operations) Cases(Compilation generated, Assembly catalog)
    {
        var operationAttribute = generated.GetTypeByMetadataName("HappyHorse.Generated.HappyHorseOperationAttribute")!;
        var cases = new List<Case>();
        var operations = 0;
        foreach (var type in Types(generated.GetTypeByMetadataName("HappyHorse.Generated.Models.HappyHorseCatalog")!.ContainingNamespace))
        {
            var attribute = type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, operationAttribute));
            if (attribute is null) continue;
            // The request class's own Info: a model id may be served in several dialects, each its own class.
            var operation = (OperationInfo)catalog.GetType(MetadataName(type))!.GetProperty("Info")!.GetValue(null)!;
            var modelId = operation.ModelId;
            operations++;
            foreach (var field in operation.Fields.Where(f => f.IsSettable))
            {
                var setter = Setter(type, field);
                cases.AddRange(Violations(field).Select(v => new Case(Statement(type, setter, v.Code), Runtime(operation, field, v, itemOf: null))));
                if (field.Kind != FieldKind.ObjectArray) continue;
                var item = (INamedTypeSymbol)((INamedTypeSymbol)setter.Parameters[0].Type).TypeArguments[0];
                foreach (var itemField in field.ItemFields.Where(f => f.IsSettable))
                {
                    var itemSetter = Setter(item, itemField);
                    cases.AddRange(Violations(itemField).Select(v => new Case(Statement(item, itemSetter, v.Code), Runtime(operation, itemField, v, itemOf: $"{modelId} {item.Name}: "))));
                }
            }
        }

        return (cases.DistinctBy(c => c.Statement).ToList(), operations);
    }

    private static string MetadataName(INamedTypeSymbol type) =>
        type.ContainingType is { } outer ? MetadataName(outer) + "+" + type.MetadataName : type.ContainingNamespace.ToDisplayString() + "." + type.MetadataName;

    private static IEnumerable<INamedTypeSymbol> Types(INamespaceOrTypeSymbol container)
    {
        foreach (var member in container.GetMembers())
        {
            if (member is INamespaceOrTypeSymbol inner)
            {
                if (inner is INamedTypeSymbol type) yield return type;
                foreach (var nested in Types(inner)) yield return nested;
            }
        }
    }

    /// <summary>The <c>With…</c> setter of <paramref name="field"/> on <paramref name="type"/> or the shared base it derives from.</summary>
    private static IMethodSymbol Setter(INamedTypeSymbol type, FieldInfo field)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.GetMembers("With" + field.PropertyName).OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == 1) is { } setter) return setter;
        }

        throw new ShouldAssertException($"{type.Name} has no setter for {field.Name}");
    }

    private static string Statement(INamedTypeSymbol type, IMethodSymbol setter, string code) =>
        $"default({type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)})!.{setter.Name}({code});";

    /// <summary>One value breaking each limit of <paramref name="field"/>, as C# and as the validator takes it.</summary>
    private static IEnumerable<Violation> Violations(FieldInfo field)
    {
        switch (field.Kind)
        {
            case FieldKind.String when field.AllowedValues.Count > 0:
                yield return new Violation($"\"{NotAllowed}\"", Text: NotAllowed);
                break;
            case FieldKind.String:
                if (field.MinLength is > 0 and var min) yield return Text(new string('a', min - 1));
                if (field.MaxLength is { } max) yield return Text(new string('a', max + 1));
                break;
            case FieldKind.Integer or FieldKind.Number:
                // An integer property is an int: a limit at int's own edge (a random seed's 2147483647) cannot be passed beyond.
                if (field.Minimum is { } low && (field.Kind == FieldKind.Number || low - 1 >= int.MinValue)) yield return Number(low - 1, field.Kind);
                if (field.Maximum is { } high && (field.Kind == FieldKind.Number || high + 1 <= int.MaxValue)) yield return Number(high + 1, field.Kind);
                break;
            case FieldKind.StringArray or FieldKind.ObjectArray:
                var element = field.Kind == FieldKind.StringArray ? "\"https://a/x\"" : "default!";
                if (field.MinItems is > 0 and var fewest) yield return Items(fewest - 1, element);
                if (field.MaxItems is { } most) yield return Items(most + 1, element);
                break;
        }
    }

    private static Violation Text(string value) => new($"\"{value}\"", Text: value);

    private static Violation Number(double value, FieldKind kind) =>
        new(kind == FieldKind.Integer ? ((long)value).ToString(CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture) + "d", Number: value);

    private static Violation Items(int count, string element) => new($"[{string.Join(", ", Enumerable.Repeat(element, count))}]", Count: count);

    /// <summary>The run-time validator's sentence for the same value; under an item's subject for an item field, as the analyzer names it.</summary>
    private static string Runtime(OperationInfo operation, FieldInfo field, Violation violation, string? itemOf)
    {
        var validator = default(RequestValidator);
        if (violation.Text is { } text) validator.String(field, text);
        else if (violation.Count is { } count) validator.Strings(field, Enumerable.Repeat("https://a/x", count).ToList());
        else if (field.Kind == FieldKind.Integer) validator.Integer(field, (long)violation.Number!.Value);
        else validator.Number(field, violation.Number);

        var problem = validator.ToResult(operation).Problems.Single(p => p.Field == field.Name).Message;
        var sentence = problem[..^1]; // the analyzer's message has no closing period
        return itemOf is null ? sentence : itemOf + sentence[(operation.ModelId.Length + operation.OperationId.Length + 3)..];
    }

    private sealed record Violation(string Code, string? Text = null, double? Number = null, int? Count = null);

    private sealed record Case(string Statement, string RuntimeMessage);
}
