using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace HappyHorse.Emulator.Media;

/// <summary>
/// A result image: a PNG of the requested size, small at any size because it is two palette colours (picked per task)
/// in one-bit rows, a frame around a centred block, whose identical rows deflate to almost nothing; a <c>tEXt</c>
/// chunk names the task.
/// </summary>
internal static class PngFile
{
    /// <summary>The largest width or height.</summary>
    public const int MaxSide = 8192;

    private static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>A <paramref name="width"/>×<paramref name="height"/> PNG in two colours drawn from <paramref name="pattern"/>.</summary>
    public static byte[] Create(int width, int height, uint pattern, string label)
    {
        if (width is < 1 or > MaxSide || height is < 1 or > MaxSide) throw new ArgumentOutOfRangeException(nameof(width), $"{width}×{height} is not within 1..{MaxSide} a side.");
        using var png = new MemoryStream();
        png.Write(Signature);

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1; // bit depth
        header[9] = 3; // indexed colour
        Chunk(png, "IHDR", header);
        Chunk(png, "PLTE", [.. Colour(pattern), .. Colour(~pattern * 2654435761u)]);
        Chunk(png, "tEXt", Encoding.Latin1.GetBytes("Comment\0" + label));
        Chunk(png, "IDAT", Rows(width, height));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    // Background rows, and rows crossing the centred block (the middle half each way), each behind filter byte 0.
    private static byte[] Rows(int width, int height)
    {
        var stride = 1 + ((width + 7) / 8);
        var plain = new byte[stride];
        var block = new byte[stride];
        for (var x = width / 4; x < width - (width / 4); x++) block[1 + (x / 8)] |= (byte)(0x80 >> (x % 8));
        using var deflated = new MemoryStream();
        using (var zlib = new ZLibStream(deflated, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            for (var y = 0; y < height; y++) zlib.Write(y >= height / 4 && y < height - (height / 4) ? block : plain);
        }

        return deflated.ToArray();
    }

    private static byte[] Colour(uint value) => [(byte)(value >> 16), (byte)(value >> 8), (byte)value];

    private static void Chunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var crc = new Crc32();
        Span<byte> name = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, name);
        png.Write(name);
        png.Write(data);
        crc.Append(name);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        png.Write(word);
    }
}
