using System;
using System.Collections.Generic;
using System.IO;

namespace HappyHorse.Emulator.Media;

/// <summary>
/// The committed sample streams (<c>Samples/</c>, made by <c>make-samples.sh</c> with ffmpeg): an H.264 clip per
/// orientation and an AAC tone, read once into their frames so each result file is those frames in a new container.
/// </summary>
internal static class SampleClips
{
    /// <summary>The landscape clip: 1920×1088 coded, one 10-second group of pictures.</summary>
    public static readonly H264Clip Landscape = H264Clip.Parse(Resource("landscape.h264"));

    /// <summary>The portrait clip: 1088×1920 coded.</summary>
    public static readonly H264Clip Portrait = H264Clip.Parse(Resource("portrait.h264"));

    /// <summary>The tone: AAC-LC frames that repeat seamlessly.</summary>
    public static readonly AacClip Tone = AacClip.Parse(Resource("tone.aac"));

    private static byte[] Resource(string name)
    {
        using var stream = typeof(SampleClips).Assembly.GetManifestResourceStream("SampleMedia." + name)
            ?? throw new InvalidOperationException($"The emulator's sample media '{name}' is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>
/// An H.264 Annex B stream of one slice per picture: its parameter sets and its pictures (NAL units without start
/// codes); <see cref="CroppedSps"/> gives its SPS with a frame crop, which is how one coded size serves every smaller one.
/// </summary>
internal sealed class H264Clip
{
    private H264Clip(byte[] sps, byte[] pps, IReadOnlyList<byte[]> pictures, int codedWidth, int codedHeight, int cropFlagBit)
    {
        Sps = sps;
        Pps = pps;
        Pictures = pictures;
        CodedWidth = codedWidth;
        CodedHeight = codedHeight;
        _cropFlagBit = cropFlagBit;
    }

    private readonly int _cropFlagBit;

    /// <summary>The frames a second the clip was made at.</summary>
    public const int FramesPerSecond = 24;

    /// <summary>The sequence parameter set as committed.</summary>
    public byte[] Sps { get; }

    /// <summary>The picture parameter set.</summary>
    public byte[] Pps { get; }

    /// <summary>The pictures in decoding order; the first is an IDR picture and no other is.</summary>
    public IReadOnlyList<byte[]> Pictures { get; }

    /// <summary>The coded width in pixels (whole macroblocks).</summary>
    public int CodedWidth { get; }

    /// <summary>The coded height in pixels.</summary>
    public int CodedHeight { get; }

    /// <summary>Whether <paramref name="nal"/> is an IDR picture (NAL unit type 5).</summary>
    public static bool IsIdr(byte[] nal) => (nal[0] & 0x1F) == 5;

    /// <summary>Reads an Annex B stream (Constrained Baseline or Main profile, frames only).</summary>
    public static H264Clip Parse(byte[] annexB)
    {
        byte[]? sps = null, pps = null;
        var pictures = new List<byte[]>();
        foreach (var nal in SplitAnnexB(annexB))
        {
            switch (nal[0] & 0x1F)
            {
                case 7: sps ??= nal; break;
                case 8: pps ??= nal; break;
                case 1 or 5: pictures.Add(nal); break;
            }
        }

        if (sps is null || pps is null || pictures.Count == 0 || !IsIdr(pictures[0])) throw new InvalidDataException("The sample clip needs an SPS, a PPS and an IDR picture first.");
        var bits = new BitReader(Rbsp.Unescape(sps.AsSpan(1)));
        var profile = bits.Read(8);
        if (profile is not (66 or 77)) throw new InvalidDataException($"The sample clip's profile {profile} is not Baseline or Main.");
        bits.Read(16); // constraint flags, level
        bits.ReadUe(); // seq_parameter_set_id
        bits.ReadUe(); // log2_max_frame_num_minus4
        var pocType = bits.ReadUe();
        if (pocType == 0) bits.ReadUe();
        else if (pocType == 1)
        {
            bits.Read(1);
            bits.ReadSe();
            bits.ReadSe();
            var cycle = bits.ReadUe();
            for (var i = 0; i < cycle; i++) bits.ReadSe();
        }

        bits.ReadUe(); // max_num_ref_frames
        bits.Read(1); // gaps_in_frame_num_value_allowed_flag
        var width = (bits.ReadUe() + 1) * 16;
        var height = (bits.ReadUe() + 1) * 16;
        if (bits.Read(1) != 1) throw new InvalidDataException("The sample clip must be frames only.");
        bits.Read(1); // direct_8x8_inference_flag
        return new H264Clip(sps, pps, pictures, width, height, bits.Position);
    }

    /// <summary>The SPS with a frame crop that leaves the top-left <paramref name="width"/>×<paramref name="height"/> pixels (even, at most the coded size).</summary>
    public byte[] CroppedSps(int width, int height)
    {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0 || width > CodedWidth || height > CodedHeight)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}×{height} is not an even size within {CodedWidth}×{CodedHeight}.");
        }

        var rbsp = Rbsp.Unescape(Sps.AsSpan(1));
        var reader = new BitReader(rbsp);
        var writer = new BitWriter();
        for (var i = 0; i < _cropFlagBit; i++) writer.Write(reader.Read(1), 1);
        if (reader.Read(1) == 1)
        {
            for (var i = 0; i < 4; i++) reader.ReadUe(); // the committed crop, replaced
        }

        // 4:2:0 frames crop in units of two pixels.
        writer.Write(1, 1);
        writer.WriteUe(0);
        writer.WriteUe((CodedWidth - width) / 2);
        writer.WriteUe(0);
        writer.WriteUe((CodedHeight - height) / 2);

        // The rest (VUI) as it was, up to the RBSP's stop bit, then a new stop bit and alignment.
        var stopBit = LastSetBit(rbsp);
        while (reader.Position < stopBit) writer.Write(reader.Read(1), 1);
        writer.Write(1, 1);
        return [Sps[0], .. Rbsp.Escape(writer.ToArray())];
    }

    private static int LastSetBit(byte[] data)
    {
        for (var i = data.Length * 8 - 1; i >= 0; i--)
        {
            if ((data[i / 8] >> (7 - (i % 8)) & 1) == 1) return i;
        }

        throw new InvalidDataException("The SPS has no stop bit.");
    }

    private static IEnumerable<byte[]> SplitAnnexB(byte[] data)
    {
        var start = -1;
        for (var i = 0; i + 2 < data.Length; i++)
        {
            if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1) continue;
            if (start >= 0) yield return Trim(data, start, i);
            start = i + 3;
            i += 2;
        }

        if (start >= 0) yield return Trim(data, start, data.Length);

        // A four-byte start code leaves a zero at the end of the unit before it.
        static byte[] Trim(byte[] data, int start, int end)
        {
            while (end > start && data[end - 1] == 0) end--;
            return data[start..end];
        }
    }
}

/// <summary>An AAC-LC stream read from ADTS: its frames (without headers) and the AudioSpecificConfig they need.</summary>
internal sealed class AacClip
{
    private AacClip(IReadOnlyList<byte[]> frames, int sampleRate, int channels, byte[] audioSpecificConfig)
    {
        Frames = frames;
        SampleRate = sampleRate;
        Channels = channels;
        AudioSpecificConfig = audioSpecificConfig;
    }

    private static readonly int[] SampleRates = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

    /// <summary>Samples per AAC frame.</summary>
    public const int SamplesPerFrame = 1024;

    /// <summary>The raw frames, in order.</summary>
    public IReadOnlyList<byte[]> Frames { get; }

    /// <summary>Samples a second.</summary>
    public int SampleRate { get; }

    /// <summary>Channels.</summary>
    public int Channels { get; }

    /// <summary>The decoder configuration an MP4 <c>esds</c> carries (ISO/IEC 14496-3).</summary>
    public byte[] AudioSpecificConfig { get; }

    /// <summary>Reads ADTS frames (one raw data block each, no CRC).</summary>
    public static AacClip Parse(byte[] adts)
    {
        var frames = new List<byte[]>();
        int profile = 0, rateIndex = 0, channels = 0;
        for (var at = 0; at + 7 <= adts.Length;)
        {
            if (adts[at] != 0xFF || (adts[at + 1] & 0xF6) != 0xF0) throw new InvalidDataException($"No ADTS sync word at {at}.");
            var protectionAbsent = (adts[at + 1] & 1) == 1;
            profile = (adts[at + 2] >> 6) + 1;
            rateIndex = (adts[at + 2] >> 2) & 0xF;
            channels = ((adts[at + 2] & 1) << 2) | (adts[at + 3] >> 6);
            var length = ((adts[at + 3] & 3) << 11) | (adts[at + 4] << 3) | (adts[at + 5] >> 5);
            var header = protectionAbsent ? 7 : 9;
            frames.Add(adts[(at + header)..(at + length)]);
            at += length;
        }

        if (frames.Count == 0 || profile != 2) throw new InvalidDataException("The sample tone must be AAC-LC frames.");
        byte[] config = [(byte)((profile << 3) | (rateIndex >> 1)), (byte)(((rateIndex & 1) << 7) | (channels << 3))];
        return new AacClip(frames, SampleRates[rateIndex], channels, config);
    }
}

/// <summary>H.264 emulation prevention: the RBSP of a NAL unit payload and back.</summary>
internal static class Rbsp
{
    /// <summary>Drops each 03 that follows 00 00.</summary>
    public static byte[] Unescape(ReadOnlySpan<byte> payload)
    {
        var rbsp = new List<byte>(payload.Length);
        var zeros = 0;
        foreach (var b in payload)
        {
            if (zeros == 2 && b == 3)
            {
                zeros = 0;
                continue;
            }

            rbsp.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. rbsp];
    }

    /// <summary>Inserts 03 wherever 00 00 would be followed by 00..03.</summary>
    public static byte[] Escape(ReadOnlySpan<byte> rbsp)
    {
        var payload = new List<byte>(rbsp.Length + 4);
        var zeros = 0;
        foreach (var b in rbsp)
        {
            if (zeros == 2 && b <= 3)
            {
                payload.Add(3);
                zeros = 0;
            }

            payload.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. payload];
    }
}

/// <summary>Reads bits most significant first, with H.264's Exp-Golomb codes.</summary>
internal sealed class BitReader(byte[] data)
{
    /// <summary>The next bit's index.</summary>
    public int Position { get; private set; }

    public int Read(int count)
    {
        var value = 0;
        for (var i = 0; i < count; i++, Position++)
        {
            if (Position / 8 >= data.Length) throw new InvalidDataException("Read past the end of the RBSP.");
            value = (value << 1) | ((data[Position / 8] >> (7 - (Position % 8))) & 1);
        }

        return value;
    }

    public int ReadUe()
    {
        var zeros = 0;
        while (Read(1) == 0) zeros++;
        return (1 << zeros) - 1 + Read(zeros);
    }

    public int ReadSe()
    {
        var k = ReadUe();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}

/// <summary>Writes bits most significant first; <see cref="ToArray"/> pads the last byte with zeros.</summary>
internal sealed class BitWriter
{
    private readonly List<byte> _bytes = [];
    private int _bits;

    public void Write(int value, int count)
    {
        for (var i = count - 1; i >= 0; i--, _bits++)
        {
            if (_bits % 8 == 0) _bytes.Add(0);
            _bytes[^1] |= (byte)(((value >> i) & 1) << (7 - (_bits % 8)));
        }
    }

    public void WriteUe(int value)
    {
        var coded = value + 1;
        var length = 32 - int.LeadingZeroCount(coded);
        Write(0, length - 1);
        Write(coded, length);
    }

    public byte[] ToArray() => [.. _bytes];
}
