using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json.Nodes;
using HappyHorse.Generated.Protocol;

namespace HappyHorse.Emulator.Json;

/// <summary>
/// Puts values into a JSON answer at profile paths such as <c>data.data.data[0].url</c>, creating the objects and
/// arrays on the way, so an answer has its fields exactly where the dialect's profile says the client reads them.
/// </summary>
internal static class JsonTree
{
    /// <summary>Sets <paramref name="path"/> in <paramref name="root"/> to <paramref name="value"/> (a <see langword="null"/> writes JSON null).</summary>
    public static void Set(JsonObject root, string path, JsonNode? value) => ResponsePath.Parse(path).SetIn(root, value);

    /// <summary>The path of item <paramref name="index"/> when <paramref name="firstItemPath"/> names every item (its last <c>[*]</c>) or item 0 (its last <c>[0]</c>) of a list.</summary>
    public static string ItemPath(string firstItemPath, int index)
    {
        var at = firstItemPath.LastIndexOf("[*]", StringComparison.Ordinal);
        if (at < 0) at = firstItemPath.LastIndexOf("[0]", StringComparison.Ordinal);
        if (at < 0) throw new ArgumentException($"'{firstItemPath}' names no list item.", nameof(firstItemPath));
        return firstItemPath[..at] + "[" + index.ToString(CultureInfo.InvariantCulture) + "]" + firstItemPath[(at + 3)..];
    }
}
