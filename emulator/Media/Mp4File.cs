using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace HappyHorse.Emulator.Media;

/// <summary>
/// A result video: the committed sample frames in a new MP4 (ISO BMFF, <c>moov</c> before <c>mdat</c> so a browser
/// plays it while it downloads) whose metadata says what was asked: the frame cropped to the requested size, the clip
/// repeated to the requested length (each repeat starts at its IDR picture), an AAC track when sound is on, and a
/// <c>free</c> box naming the task, so every file is different.
/// </summary>
internal static class Mp4File
{
    /// <summary>The largest frame a result can have: the committed clips' coded size.</summary>
    public const int MaxLongSide = 1920;

    /// <summary>The largest short side.</summary>
    public const int MaxShortSide = 1080;

    /// <summary>The longest result, in seconds.</summary>
    public const double MaxSeconds = 600;

    /// <summary>An MP4 of <paramref name="width"/>×<paramref name="height"/> (even, within 1920×1080 or 1080×1920) lasting <paramref name="seconds"/>.</summary>
    public static byte[] Create(int width, int height, double seconds, bool sound, string label)
    {
        if (seconds is <= 0 or > MaxSeconds || double.IsNaN(seconds)) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, $"A result video lasts more than 0 and at most {MaxSeconds} s.");
        var clip = width >= height ? SampleClips.Landscape : SampleClips.Portrait;
        var sps = clip.CroppedSps(width, height);
        var frameCount = Math.Max(1, (int)Math.Round(seconds * H264Clip.FramesPerSecond));
        var video = Enumerable.Range(0, frameCount).Select(i => clip.Pictures[i % clip.Pictures.Count]).Select(LengthPrefixed).ToList();
        var syncSamples = Enumerable.Range(0, frameCount).Where(i => H264Clip.IsIdr(clip.Pictures[i % clip.Pictures.Count])).Select(i => (uint)i + 1).ToList();
        var videoTrack = new Track(1, "vide", H264Clip.FramesPerSecond, 1, video, syncSamples, AvcSampleEntry(width, height, sps, clip.Pps), width, height);

        var tracks = new List<Track> { videoTrack };
        if (sound)
        {
            // Whole AAC frames that end within the video, so the video's length is the file's.
            var tone = SampleClips.Tone;
            var audioFrames = (int)Math.Floor(frameCount / (double)H264Clip.FramesPerSecond * tone.SampleRate / AacClip.SamplesPerFrame);
            var audio = Enumerable.Range(0, audioFrames).Select(i => tone.Frames[i % tone.Frames.Count]).ToList();
            tracks.Add(new Track(2, "soun", (uint)tone.SampleRate, AacClip.SamplesPerFrame, audio, null, Mp4aSampleEntry(tone), 0, 0));
        }

        var ftyp = Box("ftyp", "isom"u8.ToArray(), U32(512), "isomiso2avc1mp41"u8.ToArray());
        var free = Box("free", Encoding.UTF8.GetBytes(label));

        // The chunk offsets depend on moov's size, which does not depend on their values: measure, then write.
        var moovSize = Moov(tracks, [0, 0]).Length;
        var offsets = new long[tracks.Count];
        long at = ftyp.Length + free.Length + moovSize + 8;
        for (var i = 0; i < tracks.Count; i++)
        {
            offsets[i] = at;
            at += tracks[i].Samples.Sum(s => (long)s.Length);
        }

        using var file = new MemoryStream();
        file.Write(ftyp);
        file.Write(free);
        file.Write(Moov(tracks, offsets));
        file.Write(U32((uint)(at - offsets[0] + 8)));
        file.Write("mdat"u8);
        foreach (var sample in tracks.SelectMany(t => t.Samples)) file.Write(sample);
        return file.ToArray();
    }

    private sealed record Track(uint Id, string Handler, uint Timescale, uint SampleDuration, IReadOnlyList<byte[]> Samples, IReadOnlyList<uint>? SyncSamples, byte[] SampleEntry, int Width, int Height)
    {
        public ulong Duration => (ulong)Samples.Count * SampleDuration;

        public uint MovieDuration => (uint)Math.Round(Duration * 1000.0 / Timescale);
    }

    private static byte[] Moov(IReadOnlyList<Track> tracks, IReadOnlyList<long> offsets)
    {
        var mvhd = FullBox("mvhd", 0, 0, U32(0), U32(0), U32(1000), U32(tracks[0].MovieDuration), U32(0x00010000), U16(0x0100), new byte[10], Matrix(), new byte[24], U32((uint)tracks.Count + 1));
        return Box("moov", [mvhd, .. tracks.Select((t, i) => Trak(t, offsets[i]))]);
    }

    private static byte[] Trak(Track track, long chunkOffset)
    {
        var isVideo = track.Handler == "vide";
        var tkhd = FullBox("tkhd", 0, 3, U32(0), U32(0), U32(track.Id), U32(0), U32(track.MovieDuration), new byte[8], U16(0), U16(0), U16(isVideo ? (ushort)0 : (ushort)0x0100), U16(0), Matrix(), U32((uint)track.Width << 16), U32((uint)track.Height << 16));
        var mdhd = FullBox("mdhd", 0, 0, U32(0), U32(0), U32(track.Timescale), U32((uint)track.Duration), U16(0x55C4) /* und */, U16(0));
        var hdlr = FullBox("hdlr", 0, 0, U32(0), Encoding.ASCII.GetBytes(track.Handler), new byte[12], Encoding.ASCII.GetBytes(isVideo ? "VideoHandler\0" : "SoundHandler\0"));
        var mediaHeader = isVideo ? FullBox("vmhd", 0, 1, new byte[8]) : FullBox("smhd", 0, 0, new byte[4]);
        var dinf = Box("dinf", FullBox("dref", 0, 0, U32(1), FullBox("url ", 0, 1)));
        var count = (uint)track.Samples.Count;
        List<byte[]> tables =
        [
            FullBox("stsd", 0, 0, U32(1), track.SampleEntry),
            FullBox("stts", 0, 0, U32(1), U32(count), U32(track.SampleDuration)),
        ];
        if (track.SyncSamples is { } sync) tables.Add(FullBox("stss", 0, 0, [U32((uint)sync.Count), .. sync.Select(U32)]));
        tables.Add(FullBox("stsz", 0, 0, [U32(0), U32(count), .. track.Samples.Select(s => U32((uint)s.Length))]));
        tables.Add(FullBox("stsc", 0, 0, U32(1), U32(1), U32(count), U32(1)));
        tables.Add(FullBox("stco", 0, 0, U32(1), U32((uint)chunkOffset)));
        return Box("trak", tkhd, Box("mdia", mdhd, hdlr, Box("minf", mediaHeader, dinf, Box("stbl", [.. tables]))));
    }

    private static byte[] AvcSampleEntry(int width, int height, byte[] sps, byte[] pps)
    {
        var avcC = Box("avcC", [1, sps[1], sps[2], sps[3], 0xFF, 0xE1], U16((ushort)sps.Length), sps, [1], U16((ushort)pps.Length), pps);
        return Box("avc1", new byte[6], U16(1), new byte[16], U16((ushort)width), U16((ushort)height), U32(0x00480000), U32(0x00480000), U32(0), U16(1), new byte[32], U16(0x0018), U16(0xFFFF), avcC);
    }

    private static byte[] Mp4aSampleEntry(AacClip tone)
    {
        // ES_Descriptor (ISO/IEC 14496-1): decoder config for AAC (object type 0x40, audio stream), its specific info, SL config.
        var specific = Descriptor(0x05, tone.AudioSpecificConfig);
        var decoderConfig = Descriptor(0x04, [0x40, 0x15, 0, 0, 0], U32(0), U32(0), specific);
        var es = Descriptor(0x03, U16(0), [0], decoderConfig, Descriptor(0x06, [0x02]));
        return Box("mp4a", new byte[6], U16(1), new byte[8], U16((ushort)tone.Channels), U16(16), U16(0), U16(0), U32((uint)tone.SampleRate << 16), FullBox("esds", 0, 0, es));
    }

    private static byte[] Descriptor(byte tag, params byte[][] parts)
    {
        var body = parts.SelectMany(p => p).ToArray();
        return [tag, (byte)body.Length, .. body];
    }

    private static byte[] LengthPrefixed(byte[] nal) => [.. U32((uint)nal.Length), .. nal];

    private static byte[] Box(string type, params byte[][] parts)
    {
        var size = 8 + parts.Sum(p => p.Length);
        return [.. U32((uint)size), .. Encoding.ASCII.GetBytes(type), .. parts.SelectMany(p => p)];
    }

    private static byte[] FullBox(string type, byte version, uint flags, params byte[][] parts) =>
        Box(type, [[version, (byte)(flags >> 16), (byte)(flags >> 8), (byte)flags], .. parts]);

    private static byte[] Matrix() => [.. U32(0x00010000), .. U32(0), .. U32(0), .. U32(0), .. U32(0x00010000), .. U32(0), .. U32(0), .. U32(0), .. U32(0x40000000)];

    private static byte[] U32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] U16(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
