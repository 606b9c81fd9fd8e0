using System;
using System.IO;
using System.Linq;
using System.ComponentModel;
using System.Reflection;
using System.Text.RegularExpressions;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.Runtime.Tests;

/// <summary>
/// docs/public-api.md is the approved public surface: every exported runtime type is listed there with whether
/// IntelliSense shows it, and the catalog exports only what the manifests generate.
/// </summary>
public sealed partial class PublicApiTests
{
    private static string Page => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "public-api.md"));

    [Fact]
    public void The_runtime_exports_exactly_the_types_the_page_lists_each_shown_or_hidden_as_it_says()
    {
        var listed = RuntimeRows().Matches(Page).ToDictionary(m => m.Groups["type"].Value, m => m.Groups["shown"].Value);
        var exported = typeof(HappyHorseClient).Assembly.GetExportedTypes()
            .ToDictionary(t => t.FullName!, t => IsHidden(t) ? "hidden" : "shown");

        exported.Keys.Except(listed.Keys).Order().ShouldBeEmpty("public in the runtime but not in docs/public-api.md");
        listed.Keys.Except(exported.Keys).Order().ShouldBeEmpty("in docs/public-api.md but not public in the runtime");
        exported.Where(t => listed[t.Key] != t.Value).Select(t => $"{t.Key} is {t.Value}").ShouldBeEmpty();
    }

    [Fact]
    public void The_counts_on_the_page_are_the_runtimes()
    {
        var types = typeof(HappyHorseClient).Assembly.GetExportedTypes();
        var hidden = types.Count(IsHidden);
        Page.ShouldContain($"| now | {types.Length} | {hidden} | {types.Length - hidden} | {CatalogTypes().Length} |");
    }

    [Fact]
    public void The_catalog_exports_only_models_their_nested_types_the_catalog_and_the_profiles()
    {
        var modelClasses = HappyHorseCatalog.Operations.Select(o => o.ModelId).ToHashSet();
        var unexpected = CatalogTypes()
            .Where(t => t.DeclaringType is null)
            .Where(t => t != typeof(HappyHorseCatalog) && t != typeof(HappyHorseProfiles))
            .Where(t => t.GetField("ModelId", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) is not string id || !modelClasses.Contains(id))
            .Select(t => t.FullName);
        unexpected.ShouldBeEmpty();
    }

    private static Type[] CatalogTypes() => typeof(HappyHorseCatalog).Assembly.GetExportedTypes();

    private static bool IsHidden(Type type) =>
        type.GetCustomAttribute<EditorBrowsableAttribute>() is { State: EditorBrowsableState.Never };

    [GeneratedRegex(@"^\| `(?<type>[\w.]+)` \| (?<shown>shown|hidden) \|", RegexOptions.Multiline)]
    private static partial Regex RuntimeRows();
}
