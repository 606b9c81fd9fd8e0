using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace HappyHorse.Cli.Studio;

/// <summary>The page, its script and its style sheet: embedded in this assembly, so the studio works offline.</summary>
internal static class StudioAssets
{
    private static readonly Dictionary<string, (byte[] Bytes, string ContentType)> Assets = Load();

    /// <summary>An asset by its file name, or <see langword="null"/>.</summary>
    public static (byte[] Bytes, string ContentType)? Find(string name) => Assets.TryGetValue(name, out var asset) ? asset : null;

    /// <summary>An asset as text.</summary>
    public static string Text(string name) => Encoding.UTF8.GetString(Assets[name].Bytes);

    private static Dictionary<string, (byte[], string)> Load()
    {
        const string prefix = "HappyHorse.Cli.Studio.Assets.";
        var assembly = typeof(StudioAssets).Assembly;
        var assets = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal)) continue;
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var name = resource[prefix.Length..];
            var type = Path.GetExtension(name) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                ".svg" => "image/svg+xml",
                _ => "application/octet-stream",
            };
            assets[name] = (copy.ToArray(), type);
        }

        return assets;
    }
}
