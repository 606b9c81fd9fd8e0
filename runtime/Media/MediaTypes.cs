using System;
using System.Collections.Generic;
using System.Linq;

namespace HappyHorse.Generated;

/// <summary>
/// Media types of result files, in one place for the runtime, the <c>happyhorse</c> tool and the emulator: from a
/// file's first bytes, from an output format name, and to a file extension.
/// </summary>
internal static class MediaTypes
{
    /// <summary>The media type an output format name (<c>png</c>, <c>jpeg</c>, <c>webp</c>, <c>gif</c>) makes, or <see langword="null"/>.</summary>
    public static string? OfFormat(string? format) => format switch
    {
        "png" => "image/png",
        "jpeg" or "jpg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        _ => null,
    };

    /// <summary>The value among <paramref name="allowed"/> that makes <paramref name="mediaType"/>, e.g. <c>jpeg</c> for <c>image/jpeg</c>.</summary>
    public static string? FormatOf(string mediaType, IReadOnlyList<string> allowed) =>
        allowed.FirstOrDefault(value => string.Equals(OfFormat(value), mediaType, StringComparison.OrdinalIgnoreCase));

    /// <summary>The media type a file's first bytes (its magic number) show, or <see langword="null"/> when none of these.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return "image/png";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "image/jpeg";
        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8)) return "image/webp";
        if (bytes.StartsWith("GIF8"u8)) return "image/gif";
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])) return "video/webm";

        // ISO BMFF: a first box of type ftyp, at least its size, type and major brand.
        if (bytes.Length >= 12 && bytes[4..8].SequenceEqual("ftyp"u8) && (bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]) >= 16)
        {
            return bytes[8..12].SequenceEqual("qt  "u8) ? "video/quicktime" : "video/mp4";
        }

        return null;
    }

    /// <summary>The usual file extension (with its dot) for <paramref name="mediaType"/>, or <see langword="null"/>.</summary>
    public static string? ExtensionOf(string? mediaType) => mediaType switch
    {
        "image/png" => ".png",
        "image/jpeg" => ".jpg",
        "image/webp" => ".webp",
        "image/gif" => ".gif",
        "video/mp4" => ".mp4",
        "video/webm" => ".webm",
        "video/quicktime" => ".mov",
        _ => null,
    };
}
