using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using HappyHorse.Emulator.Media;
using Shouldly;
using Xunit;

namespace HappyHorse.Generated.EndToEnd.Tests.Emulator;

/// <summary>
/// Checks the generated media by parsing it independently (PNG chunks, ISO BMFF boxes, H.264 NAL
/// units and I_PCM macroblocks), so a structural slip fails here rather than in a client's player.
/// </summary>
public sealed class SampleMediaTests
{
    // The defaults come to ~146 KiB of I_PCM video; this leaves headroom but catches accidental growth.
    private const int DefaultMp4Budget = 256 * 1024;
    private const int DefaultPngBudget = 16 * 1024;

    private static byte[] DefaultMp4(uint seed = 1) => SampleMedia.CreateMp4(
        SampleMedia.DefaultWidth,
        SampleMedia.DefaultHeight,
        SampleMedia.DefaultFrameCount,
        SampleMedia.DefaultFramesPerSecond,
        seed);

    // ------------------------------------------------------------------ PNG

    [Fact]
    public void Png_has_signature_then_IHDR_IDAT_IEND_with_valid_crcs()
    {
        var png = SampleMedia.CreatePng(64, 48, seed: 5);

        png.AsSpan(0, 8).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var chunks = ReadPngChunks(png);
        chunks.Select(c => c.Type).ShouldBe(new[] { "IHDR", "IDAT", "IEND" });
        foreach (var chunk in chunks)
        {
            chunk.StoredCrc.ShouldBe(chunk.ComputedCrc, $"CRC of {chunk.Type}");
        }

        var ihdr = chunks[0].Data;
        ihdr.Length.ShouldBe(13);
        BinaryPrimitives.ReadInt32BigEndian(ihdr).ShouldBe(64);
        BinaryPrimitives.ReadInt32BigEndian(ihdr.AsSpan(4)).ShouldBe(48);
        ihdr.AsSpan(8).ToArray().ShouldBe(new byte[] { 8, 2, 0, 0, 0 }); // 8-bit RGB, deflate, no interlace
        chunks[2].Data.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(64, 64, 1u)]
    [InlineData(1, 1, 0u)]
    [InlineData(17, 3, 7u)]
    [InlineData(320, 200, 42u)]
    public void Png_idat_inflates_to_one_filter_byte_plus_rgb_per_row(int width, int height, uint seed)
    {
        var chunks = ReadPngChunks(SampleMedia.CreatePng(width, height, seed));

        var idat = chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        var raw = Inflate(idat);

        raw.Length.ShouldBe(height * (1 + (3 * width)));
        for (var y = 0; y < height; y++)
        {
            raw[y * (1 + (3 * width))].ShouldBeLessThanOrEqualTo((byte)4, $"filter type of row {y}");
        }
    }

    [Fact]
    public void Png_is_deterministic_per_seed_and_differs_across_seeds()
    {
        var a = SampleMedia.CreatePng(64, 64, 123);
        var b = SampleMedia.CreatePng(64, 64, 123);
        var c = SampleMedia.CreatePng(64, 64, 124);

        a.ShouldBe(b);
        a.SequenceEqual(c).ShouldBeFalse();
        Inflate(ReadPngChunks(a)[1].Data).SequenceEqual(Inflate(ReadPngChunks(c)[1].Data)).ShouldBeFalse("pixels, not just metadata, should change");
    }

    [Fact]
    public void Png_default_size_is_small()
    {
        SampleMedia.CreatePng(SampleMedia.DefaultWidth, SampleMedia.DefaultHeight, 9).Length.ShouldBeLessThan(DefaultPngBudget);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-1, 10)]
    [InlineData(SampleMedia.MaxPngDimension + 1, 10)]
    public void Png_rejects_out_of_range_dimensions(int width, int height)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SampleMedia.CreatePng(width, height, 1));
    }

    // ------------------------------------------------------------------ magic bytes

    [Fact]
    public void Magic_byte_checks_tell_png_from_mp4()
    {
        var png = SampleMedia.CreatePng(8, 8, 1);
        var mp4 = SampleMedia.CreateMp4(16, 16, 1, 1, 1);

        SampleMedia.LooksLikePng(png).ShouldBeTrue();
        SampleMedia.LooksLikeMp4(png).ShouldBeFalse();
        SampleMedia.LooksLikeMp4(mp4).ShouldBeTrue();
        SampleMedia.LooksLikePng(mp4).ShouldBeFalse();

        SampleMedia.LooksLikePng(ReadOnlySpan<byte>.Empty).ShouldBeFalse();
        SampleMedia.LooksLikeMp4(ReadOnlySpan<byte>.Empty).ShouldBeFalse();
        SampleMedia.LooksLikePng(png.AsSpan(0, 7)).ShouldBeFalse();
        SampleMedia.LooksLikeMp4(mp4.AsSpan(0, 7)).ShouldBeFalse();
        SampleMedia.LooksLikeMp4(Encoding.ASCII.GetBytes("{\"ftyp\": 1}")).ShouldBeFalse();
    }

    // ------------------------------------------------------------------ MP4 container

    [Theory]
    [InlineData(64, 64, 24, 12)]
    [InlineData(16, 16, 1, 1)]
    [InlineData(320, 176, 5, 30)]
    public void Mp4_top_level_boxes_are_ftyp_moov_mdat_and_cover_the_file(int width, int height, int frames, int fps)
    {
        var mp4 = SampleMedia.CreateMp4(width, height, frames, fps, 3);

        var boxes = ReadBoxes(mp4, 0, mp4.Length);

        boxes.Select(b => b.Type).ShouldBe(new[] { "ftyp", "moov", "mdat" });
        boxes.Sum(b => b.Size).ShouldBe(mp4.Length);
        Encoding.ASCII.GetString(mp4, boxes[0].PayloadStart, 4).ShouldBe("isom");
    }

    [Theory]
    [InlineData(64, 64, 24, 12)]
    [InlineData(16, 16, 1, 1)]
    [InlineData(48, 32, 7, 25)]
    public void Mp4_sample_table_matches_frames_and_mdat(int width, int height, int frames, int fps)
    {
        var mp4 = SampleMedia.CreateMp4(width, height, frames, fps, 11);
        var mdat = ReadBoxes(mp4, 0, mp4.Length).Single(b => b.Type == "mdat");
        var stbl = FindPath(mp4, "moov", "trak", "mdia", "minf", "stbl");

        var stsz = Child(mp4, stbl, "stsz");
        BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(stsz.PayloadStart + 4)).ShouldBe(0u, "per-sample sizes expected");
        var sampleCount = (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(stsz.PayloadStart + 8));
        sampleCount.ShouldBe(frames);
        var sizes = Enumerable.Range(0, sampleCount)
            .Select(i => (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(stsz.PayloadStart + 12 + (4 * i))))
            .ToArray();
        sizes.Sum().ShouldBe(mdat.Size - 8, "one chunk: the samples fill mdat exactly");

        var stco = Child(mp4, stbl, "stco");
        BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(stco.PayloadStart + 4)).ShouldBe(1u);
        var chunkOffset = (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(stco.PayloadStart + 8));
        chunkOffset.ShouldBe(mdat.PayloadStart);

        var stsc = Child(mp4, stbl, "stsc");
        ReadUInt32s(mp4, stsc.PayloadStart + 4, 4).ShouldBe(new uint[] { 1, 1, (uint)frames, 1 });

        var stts = Child(mp4, stbl, "stts");
        ReadUInt32s(mp4, stts.PayloadStart + 4, 3).ShouldBe(new uint[] { 1, (uint)frames, 1 });

        var stss = Child(mp4, stbl, "stss");
        ReadUInt32s(mp4, stss.PayloadStart + 4, frames + 1)
            .ShouldBe(new[] { (uint)frames }.Concat(Enumerable.Range(1, frames).Select(i => (uint)i)).ToArray());

        // Walk the chunk: each sample is exactly one length-prefixed IDR slice NAL.
        var position = chunkOffset;
        foreach (var size in sizes)
        {
            var nalLength = (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(position));
            nalLength.ShouldBe(size - 4);
            (mp4[position + 4] & 0x1F).ShouldBe(5, "IDR slice NAL type");
            (mp4[position + 4] & 0x80).ShouldBe(0, "forbidden_zero_bit");
            position += size;
        }

        position.ShouldBe(mp4.Length);

        var mdhd = FindPath(mp4, "moov", "trak", "mdia", "mdhd");
        ReadUInt32s(mp4, mdhd.PayloadStart + 12, 2).ShouldBe(new uint[] { (uint)fps, (uint)frames });
        var mvhd = FindPath(mp4, "moov", "mvhd");
        ReadUInt32s(mp4, mvhd.PayloadStart + 12, 2).ShouldBe(new uint[] { 1000, (uint)(frames * 1000L / fps) });
        Encoding.ASCII.GetString(mp4, FindPath(mp4, "moov", "trak", "mdia", "hdlr").PayloadStart + 8, 4).ShouldBe("vide");
    }

    [Theory]
    [InlineData(64, 64)]
    [InlineData(16, 16)]
    [InlineData(320, 176)]
    public void Mp4_avcC_holds_constrained_baseline_sps_and_pps_matching_dimensions(int width, int height)
    {
        var mp4 = SampleMedia.CreateMp4(width, height, 2, 10, 4);
        var avc1 = AvcSampleEntry(mp4);
        BinaryPrimitives.ReadUInt16BigEndian(mp4.AsSpan(avc1.PayloadStart + 24)).ShouldBe((ushort)width);
        BinaryPrimitives.ReadUInt16BigEndian(mp4.AsSpan(avc1.PayloadStart + 26)).ShouldBe((ushort)height);

        var tkhd = FindPath(mp4, "moov", "trak", "tkhd");
        ReadUInt32s(mp4, tkhd.PayloadStart + 76, 2).ShouldBe(new[] { (uint)width << 16, (uint)height << 16 });

        var (config, sps, pps) = ReadAvcC(mp4);
        config.ShouldBe(new byte[] { 1, 66, 0xC0 }); // version, profile_idc Baseline, constraint_set0+1
        (sps[0] & 0x1F).ShouldBe(7);
        (pps[0] & 0x1F).ShouldBe(8);

        var bits = new BitReader(Unescape(sps.AsSpan(1)));
        bits.ReadBits(8).ShouldBe(66u);
        bits.ReadBits(8).ShouldBe(0xC0u);
        bits.ReadBits(8).ShouldBeGreaterThan(0u); // level_idc
        bits.ReadUe().ShouldBe(0u); // seq_parameter_set_id
        bits.ReadUe(); // log2_max_frame_num_minus4
        bits.ReadUe().ShouldBe(2u); // pic_order_cnt_type 2: the slice parser below relies on it
        bits.ReadUe(); // max_num_ref_frames
        bits.ReadBits(1); // gaps_in_frame_num_value_allowed_flag
        ((bits.ReadUe() + 1) * 16).ShouldBe((uint)width);
        ((bits.ReadUe() + 1) * 16).ShouldBe((uint)height);
        bits.ReadBits(1).ShouldBe(1u); // frame_mbs_only_flag
    }

    // ------------------------------------------------------------------ H.264 payload

    [Fact]
    public void Mp4_nal_units_contain_no_start_code_emulation()
    {
        var mp4 = SampleMedia.CreateMp4(48, 32, 6, 12, 77);
        var (_, sps, pps) = ReadAvcC(mp4);

        var nals = new List<byte[]> { sps, pps };
        nals.AddRange(ReadSamples(mp4).Select(s => s.AsSpan(4).ToArray()));
        foreach (var nal in nals)
        {
            for (var i = 0; i + 2 < nal.Length; i++)
            {
                if (nal[i] == 0 && nal[i + 1] == 0)
                {
                    nal[i + 2].ShouldBe((byte)3, $"00 00 {nal[i + 2]:X2} inside NAL type {nal[0] & 0x1F} at {i}");
                    if (i + 3 < nal.Length)
                    {
                        nal[i + 3].ShouldBeLessThanOrEqualTo((byte)3, "an emulation-prevention byte precedes only 00..03");
                    }
                }
            }

            nal[^1].ShouldNotBe((byte)0, "RBSP ends with the stop bit");
        }
    }

    [Theory]
    [InlineData(64, 64, 3)]
    [InlineData(32, 48, 2)]
    public void Mp4_slices_are_idr_slices_of_I_PCM_macroblocks(int width, int height, int frames)
    {
        var mp4 = SampleMedia.CreateMp4(width, height, frames, 12, 21);
        var macroblocks = width / 16 * (height / 16);

        var samples = ReadSamples(mp4);
        samples.Count.ShouldBe(frames);
        for (var frame = 0; frame < frames; frame++)
        {
            var nal = samples[frame].AsSpan(4);
            nal[0].ShouldBe((byte)0x65, "nal_ref_idc 3, type 5 (IDR)");
            var rbsp = Unescape(nal[1..]);
            var bits = new BitReader(rbsp);

            bits.ReadUe().ShouldBe(0u); // first_mb_in_slice
            bits.ReadUe().ShouldBe(7u); // slice_type I (all slices I)
            bits.ReadUe().ShouldBe(0u); // pic_parameter_set_id
            bits.ReadBits(4).ShouldBe(0u); // frame_num (log2_max_frame_num = 4)
            bits.ReadUe().ShouldBe((uint)(frame & 1), "consecutive IDR pictures need different idr_pic_id");
            bits.ReadBits(2).ShouldBe(0u); // no_output_of_prior_pics_flag, long_term_reference_flag
            bits.ReadSe().ShouldBe(0); // slice_qp_delta
            bits.ReadUe().ShouldBe(1u); // disable_deblocking_filter_idc

            for (var mb = 0; mb < macroblocks; mb++)
            {
                bits.ReadUe().ShouldBe(25u, $"mb_type of macroblock {mb} should be I_PCM");
                bits.AlignToByte().ShouldBe(0u, "pcm_alignment_zero_bits");
                var pcm = bits.ReadAlignedBytes(384);
                pcm.All(s => s is >= 16 and <= 240).ShouldBeTrue("limited-range BT.601 samples");
            }

            // rbsp_slice_trailing_bits: a stop bit, then zero bits to the end of the last byte.
            bits.BytePosition.ShouldBe(rbsp.Length - 1);
            rbsp[^1].ShouldBe((byte)0x80);
        }
    }

    [Fact]
    public void Mp4_frames_change_over_time()
    {
        var samples = ReadSamples(DefaultMp4());

        // Frames 0 and 2 share idr_pic_id, so any byte difference is picture content (the moving square).
        samples[0].SequenceEqual(samples[2]).ShouldBeFalse();
    }

    [Fact]
    public void Mp4_defaults_stay_under_budget_and_track_the_I_PCM_size()
    {
        var mp4 = DefaultMp4();

        mp4.Length.ShouldBeLessThan(DefaultMp4Budget);
        var macroblocks = SampleMedia.DefaultWidth / 16 * (SampleMedia.DefaultHeight / 16);
        var pcmFloor = SampleMedia.DefaultFrameCount * macroblocks * 384;
        mp4.Length.ShouldBeGreaterThan(pcmFloor, "I_PCM cannot be smaller than its raw samples");
        mp4.Length.ShouldBeLessThan(pcmFloor + (pcmFloor / 50) + 4096, "overhead beyond raw samples should be a few percent");
    }

    [Fact]
    public void Mp4_is_deterministic_per_seed_and_differs_across_seeds()
    {
        DefaultMp4(seed: 99).ShouldBe(DefaultMp4(seed: 99));
        DefaultMp4(seed: 99).SequenceEqual(DefaultMp4(seed: 100)).ShouldBeFalse();
    }

    [Theory]
    [InlineData(60, 64, 24, 12)] // not a multiple of 16
    [InlineData(64, 8, 24, 12)]
    [InlineData(0, 64, 24, 12)]
    [InlineData(64, 64, 0, 12)]
    [InlineData(64, 64, 24, 0)]
    [InlineData(64, 64, 24, SampleMedia.MaxFramesPerSecond + 1)]
    [InlineData(1920, 1088, 100, 25)] // ~315 MB of I_PCM: over MaxMp4Bytes
    public void Mp4_rejects_out_of_range_arguments(int width, int height, int frames, int fps)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => SampleMedia.CreateMp4(width, height, frames, fps, 1));
    }

    [Fact]
    public void Mp4_largest_accepted_request_stays_within_MaxMp4Bytes()
    {
        // 320x176 = 220 macroblocks ≈ 85 KB per frame; binary-search the most frames the guard lets through.
        int accepted = 1, rejected = 4096;
        while (rejected - accepted > 1)
        {
            var mid = (accepted + rejected) / 2;
            try
            {
                SampleMedia.CreateMp4(320, 176, mid, 30, 1);
                accepted = mid;
            }
            catch (ArgumentOutOfRangeException)
            {
                rejected = mid;
            }
        }

        var frames = accepted;
        SampleMedia.CreateMp4(320, 176, frames, 30, 1).Length.ShouldBeLessThanOrEqualTo(SampleMedia.MaxMp4Bytes);
    }

    // ------------------------------------------------------------------ parsing helpers

    private sealed record PngChunk(string Type, byte[] Data, uint StoredCrc, uint ComputedCrc);

    private sealed record Box(string Type, int Start, int Size)
    {
        public int PayloadStart => Start + 8;

        public int End => Start + Size;
    }

    private static List<PngChunk> ReadPngChunks(byte[] png)
    {
        var chunks = new List<PngChunk>();
        var position = 8;
        while (position < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var typeAndData = png.AsSpan(position + 4, 4 + length);
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            chunks.Add(new PngChunk(
                Encoding.ASCII.GetString(typeAndData[..4]),
                typeAndData[4..].ToArray(),
                stored,
                Crc32(typeAndData)));
            position += 12 + length;
        }

        position.ShouldBe(png.Length, "chunks should end exactly at the end of the file");
        return chunks;
    }

    // Bitwise CRC-32 (poly 0xEDB88320), deliberately not the table form used by the code under test.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    private static byte[] Inflate(byte[] zlibData)
    {
        using var input = new MemoryStream(zlibData);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    private static List<Box> ReadBoxes(byte[] data, int start, int end)
    {
        var boxes = new List<Box>();
        var position = start;
        while (position < end)
        {
            (end - position).ShouldBeGreaterThanOrEqualTo(8, "room for a box header");
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(position));
            size.ShouldBeGreaterThanOrEqualTo(8);
            (position + size).ShouldBeLessThanOrEqualTo(end, "box must fit its parent");
            boxes.Add(new Box(Encoding.ASCII.GetString(data, position + 4, 4), position, size));
            position += size;
        }

        position.ShouldBe(end, "children should fill their parent exactly");
        return boxes;
    }

    private static Box Child(byte[] data, Box parent, string type) =>
        ReadBoxes(data, parent.PayloadStart, parent.End).Single(b => b.Type == type);

    private static Box FindPath(byte[] data, params string[] path)
    {
        var box = ReadBoxes(data, 0, data.Length).Single(b => b.Type == path[0]);
        foreach (var type in path.Skip(1))
        {
            box = Child(data, box, type);
        }

        return box;
    }

    private static uint[] ReadUInt32s(byte[] data, int offset, int count) =>
        Enumerable.Range(0, count).Select(i => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(offset + (4 * i)))).ToArray();

    private static Box AvcSampleEntry(byte[] mp4)
    {
        var stsd = FindPath(mp4, "moov", "trak", "mdia", "minf", "stbl", "stsd");
        BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(stsd.PayloadStart + 4)).ShouldBe(1u, "one sample entry");
        // stsd is a full box (4 bytes) with an entry count (4 bytes) before its entries.
        return ReadBoxes(mp4, stsd.PayloadStart + 8, stsd.End).Single(b => b.Type == "avc1");
    }

    private static (byte[] Config, byte[] Sps, byte[] Pps) ReadAvcC(byte[] mp4)
    {
        var avc1 = AvcSampleEntry(mp4);
        // VisualSampleEntry fields take 78 bytes before the child boxes.
        var avcC = ReadBoxes(mp4, avc1.PayloadStart + 78, avc1.End).Single(b => b.Type == "avcC");
        var p = avcC.PayloadStart;
        var config = mp4.AsSpan(p, 3).ToArray();
        (mp4[p + 4] & 0x03).ShouldBe(3, "4-byte NAL length prefixes");
        (mp4[p + 5] & 0x1F).ShouldBe(1, "one SPS");
        var spsLength = BinaryPrimitives.ReadUInt16BigEndian(mp4.AsSpan(p + 6));
        var sps = mp4.AsSpan(p + 8, spsLength).ToArray();
        p += 8 + spsLength;
        mp4[p].ShouldBe((byte)1, "one PPS");
        var ppsLength = BinaryPrimitives.ReadUInt16BigEndian(mp4.AsSpan(p + 1));
        var pps = mp4.AsSpan(p + 3, ppsLength).ToArray();
        (p + 3 + ppsLength).ShouldBe(avcC.End);
        return (config, sps, pps);
    }

    // Samples (length prefix included) in stsz order, located through stco.
    private static List<byte[]> ReadSamples(byte[] mp4)
    {
        var stbl = FindPath(mp4, "moov", "trak", "mdia", "minf", "stbl");
        var stsz = Child(mp4, stbl, "stsz");
        var count = (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(stsz.PayloadStart + 8));
        var position = (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(Child(mp4, stbl, "stco").PayloadStart + 8));
        var samples = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(mp4.AsSpan(stsz.PayloadStart + 12 + (4 * i)));
            samples.Add(mp4.AsSpan(position, size).ToArray());
            position += size;
        }

        return samples;
    }

    // NAL payload → RBSP: drop each 03 that follows 00 00.
    private static byte[] Unescape(ReadOnlySpan<byte> payload)
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

        return rbsp.ToArray();
    }

    private sealed class BitReader(byte[] data)
    {
        private int _bit;

        public int BytePosition => _bit / 8;

        public uint ReadBits(int count)
        {
            uint value = 0;
            for (var i = 0; i < count; i++)
            {
                (_bit / 8).ShouldBeLessThan(data.Length, "read past the end of the RBSP");
                value = (value << 1) | (uint)((data[_bit / 8] >> (7 - (_bit % 8))) & 1);
                _bit++;
            }

            return value;
        }

        public uint ReadUe()
        {
            var leadingZeros = 0;
            while (ReadBits(1) == 0)
            {
                leadingZeros++;
                leadingZeros.ShouldBeLessThan(32, "malformed exp-Golomb code");
            }

            return (uint)((1L << leadingZeros) - 1 + ReadBits(leadingZeros));
        }

        public int ReadSe()
        {
            var k = ReadUe();
            return (k & 1) != 0 ? (int)((k + 1) / 2) : -(int)(k / 2);
        }

        // Returns the skipped bits so callers can check they were zero.
        public uint AlignToByte() => ReadBits((8 - (_bit % 8)) % 8);

        public byte[] ReadAlignedBytes(int count)
        {
            (_bit % 8).ShouldBe(0);
            var bytes = data.AsSpan(_bit / 8, count).ToArray();
            _bit += 8 * count;
            return bytes;
        }
    }
}
