using System;
using System.Buffers.Binary;
using System.IO;
using System.IO.Compression;

namespace HappyHorse.Emulator.Media;

/// <summary>
/// Produces small, valid result files (PNG images and H.264/MP4 videos) entirely in code, so the
/// emulator can serve real media without shipping or downloading binaries. Output is a pure
/// function of the arguments: the same inputs always give the same bytes.
/// </summary>
/// <remarks>
/// The video is uncompressed on purpose: every macroblock is I_PCM, which needs no transform or
/// entropy coder yet is decodable by any H.264 decoder. The cost is size — 384 bytes per 16x16
/// macroblock plus 2 bytes of mb_type/alignment, i.e. about 6.2 KB per 64x64 frame, so the
/// defaults (64x64, 24 frames at 12 fps) come to roughly 150 KB.
/// </remarks>
public static class SampleMedia
{
    /// <summary>Default image/video width in pixels.</summary>
    public const int DefaultWidth = 64;

    /// <summary>Default image/video height in pixels.</summary>
    public const int DefaultHeight = 64;

    /// <summary>Default number of video frames (two seconds at <see cref="DefaultFramesPerSecond"/>).</summary>
    public const int DefaultFrameCount = 24;

    /// <summary>Default video frame rate.</summary>
    public const int DefaultFramesPerSecond = 12;

    /// <summary>Largest width or height accepted by <see cref="CreatePng"/>.</summary>
    public const int MaxPngDimension = 4096;

    /// <summary>Largest width or height accepted by <see cref="CreateMp4"/>.</summary>
    public const int MaxVideoDimension = 1920;

    /// <summary>Largest frame rate accepted by <see cref="CreateMp4"/>.</summary>
    public const int MaxFramesPerSecond = 120;

    /// <summary>
    /// Upper bound on the size of a file from <see cref="CreateMp4"/>; larger requests are rejected
    /// up front because I_PCM video grows linearly with pixels times frames.
    /// </summary>
    public const int MaxMp4Bytes = 8 * 1024 * 1024;

    private const int MacroblockSize = 16;

    // 16x16 luma + two 8x8 chroma planes (4:2:0), 8 bits each.
    private const int PcmBytesPerMacroblock = (16 * 16) + (2 * 8 * 8);

    // I_PCM macroblock: ue(25) is 9 bits, then zero bits up to the next byte → 2 bytes before the samples.
    private const int BytesPerMacroblock = PcmBytesPerMacroblock + 2;

    private const byte ProfileIdcBaseline = 66;

    // constraint_set0_flag + constraint_set1_flag: "Constrained Baseline".
    private const byte ConstraintFlags = 0xC0;

    private static ReadOnlySpan<byte> PngSignature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>
    /// Produces a valid PNG (8-bit RGB, zlib-compressed IDAT via <see cref="ZLibStream"/>,
    /// correct CRC32 per chunk) showing a seed-dependent pattern.
    /// </summary>
    /// <param name="width">Image width in pixels, 1..<see cref="MaxPngDimension"/>.</param>
    /// <param name="height">Image height in pixels, 1..<see cref="MaxPngDimension"/>.</param>
    /// <param name="seed">Chooses colours and pattern; equal seeds give identical bytes.</param>
    /// <returns>The complete PNG file.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is out of range.</exception>
    public static byte[] CreatePng(int width, int height, uint seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxPngDimension);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxPngDimension);

        var palette = new Palette(seed);
        var stride = 1 + (3 * width);
        var raw = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var row = raw.AsSpan(y * stride, stride);
            row[0] = 0; // filter type None: keeps the encoder trivial; zlib still shrinks the flat areas.
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = palette.Pixel(x, y, width, height, frame: 0);
                row[1 + (3 * x)] = r;
                row[2 + (3 * x)] = g;
                row[3 + (3 * x)] = b;
            }
        }

        byte[] idat;
        using (var compressed = new MemoryStream())
        {
            // The ZLibStream must be disposed before reading so the final block and Adler-32 are flushed.
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zlib.Write(raw);
            }

            idat = compressed.ToArray();
        }

        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr[4..], height);
        ihdr[8] = 8;  // bit depth
        ihdr[9] = 2;  // colour type: truecolour (RGB)
        ihdr[10] = 0; // compression: deflate
        ihdr[11] = 0; // filter method: adaptive (per-row filter byte)
        ihdr[12] = 0; // no interlace

        var output = new ByteBuffer(PngSignature.Length + (3 * 12) + ihdr.Length + idat.Length);
        output.Append(PngSignature);
        WritePngChunk(output, "IHDR"u8, ihdr);
        WritePngChunk(output, "IDAT"u8, idat);
        WritePngChunk(output, "IEND"u8, []);
        return output.ToArray();
    }

    /// <summary>
    /// Produces a small valid MP4 (ISO BMFF: ftyp, moov with a single avc1 video track, mdat)
    /// holding an H.264 Constrained Baseline stream of IDR frames built from I_PCM macroblocks.
    /// </summary>
    /// <param name="width">Frame width in pixels; a positive multiple of 16 up to <see cref="MaxVideoDimension"/>.</param>
    /// <param name="height">Frame height in pixels; a positive multiple of 16 up to <see cref="MaxVideoDimension"/>.</param>
    /// <param name="frameCount">Number of frames, at least 1.</param>
    /// <param name="framesPerSecond">Frame rate, 1..<see cref="MaxFramesPerSecond"/>.</param>
    /// <param name="seed">Chooses colours and pattern; equal seeds give identical bytes.</param>
    /// <returns>The complete MP4 file.</returns>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An argument is out of range, or the file would exceed <see cref="MaxMp4Bytes"/>.
    /// </exception>
    public static byte[] CreateMp4(int width, int height, int frameCount, int framesPerSecond, uint seed)
    {
        ValidateVideoDimension(width, nameof(width));
        ValidateVideoDimension(height, nameof(height));
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(framesPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(framesPerSecond, MaxFramesPerSecond);

        var widthInMbs = width / MacroblockSize;
        var heightInMbs = height / MacroblockSize;
        var macroblocks = widthInMbs * heightInMbs;
        long estimatedFrameBytes = (macroblocks * (long)BytesPerMacroblock) + 64;
        if (estimatedFrameBytes * frameCount > MaxMp4Bytes - 4096)
        {
            throw new ArgumentOutOfRangeException(
                nameof(frameCount),
                frameCount,
                $"A {width}x{height} I_PCM video of {frameCount} frames would exceed {MaxMp4Bytes} bytes.");
        }

        var level = ChooseLevel(widthInMbs, heightInMbs, estimatedFrameBytes, framesPerSecond);
        var sps = WrapNal(nalRefIdc: 3, nalUnitType: 7, BuildSps(widthInMbs, heightInMbs, framesPerSecond, level));
        var pps = WrapNal(nalRefIdc: 3, nalUnitType: 8, BuildPps());

        var palette = new Palette(seed);
        var samples = new byte[frameCount][];
        for (var frame = 0; frame < frameCount; frame++)
        {
            samples[frame] = WrapNal(nalRefIdc: 3, nalUnitType: 5, BuildIdrSlice(palette, widthInMbs, heightInMbs, frame));
        }

        return BuildMp4(width, height, framesPerSecond, level, sps, pps, samples);
    }

    /// <summary>Whether <paramref name="data"/> starts with the 8-byte PNG signature.</summary>
    /// <param name="data">File contents, or at least their first bytes.</param>
    /// <returns><see langword="true"/> if the PNG signature is present.</returns>
    public static bool LooksLikePng(ReadOnlySpan<byte> data) => data.StartsWith(PngSignature);

    /// <summary>Whether <paramref name="data"/> starts with an ISO BMFF <c>ftyp</c> box (type at offset 4).</summary>
    /// <param name="data">File contents, or at least their first bytes.</param>
    /// <returns><see langword="true"/> if an <c>ftyp</c> box header is present.</returns>
    public static bool LooksLikeMp4(ReadOnlySpan<byte> data) =>
        data.Length >= 8
        && data.Slice(4, 4).SequenceEqual("ftyp"u8)
        && BinaryPrimitives.ReadUInt32BigEndian(data) >= 8;

    private static void ValidateVideoDimension(int value, string paramName)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, MacroblockSize, paramName);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxVideoDimension, paramName);
        if (value % MacroblockSize != 0)
        {
            // Cropping would lift this restriction, but the emulator has no need for odd sizes.
            throw new ArgumentOutOfRangeException(paramName, value, "Video dimensions must be multiples of 16.");
        }
    }

    // ---------------------------------------------------------------- PNG

    private static void WritePngChunk(ByteBuffer output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        output.AppendUInt32((uint)data.Length);
        var crcStart = output.Length;
        output.Append(type);
        output.Append(data);
        // The CRC covers the chunk type and data but not the length.
        output.AppendUInt32(Crc32.Compute(output.AsSpan()[crcStart..]));
    }

    // ---------------------------------------------------------------- H.264

    // (level_idc, MaxMBPS, MaxFS, MaxBR in kbit/s, MinCR) from H.264 Table A-1; level 1b is skipped.
    private static readonly (byte Idc, int MaxMbps, int MaxFs, int MaxBrKbps, int MinCr)[] Levels =
    [
        (10, 1485, 99, 64, 2),
        (11, 3000, 396, 192, 2),
        (12, 6000, 396, 384, 2),
        (13, 11880, 396, 768, 2),
        (20, 11880, 396, 2000, 2),
        (21, 19800, 792, 4000, 2),
        (22, 20250, 1620, 4000, 2),
        (30, 40500, 1620, 10000, 2),
        (31, 108000, 3600, 14000, 4),
        (32, 216000, 5120, 20000, 4),
        (40, 245760, 8192, 20000, 4),
        (41, 245760, 8192, 50000, 2),
        (42, 522240, 8704, 50000, 2),
        (50, 589824, 22080, 135000, 2),
        (51, 983040, 36864, 240000, 2),
        (52, 2073600, 36864, 240000, 2),
    ];

    // Picks the lowest level whose limits admit an uncompressed stream, so strict decoders accept it.
    private static byte ChooseLevel(int widthInMbs, int heightInMbs, long frameBytes, int fps)
    {
        var frameSize = widthInMbs * heightInMbs;
        foreach (var level in Levels)
        {
            var maxSide = Math.Sqrt(level.MaxFs * 8.0);
            // I_PCM never compresses, so MinCR is met only if MaxMBPS leaves MinCR-fold headroom per frame.
            var fits = frameSize <= level.MaxFs
                && widthInMbs <= maxSide
                && heightInMbs <= maxSide
                && (long)frameSize * fps * level.MinCr <= level.MaxMbps
                && frameBytes * 8 * fps <= level.MaxBrKbps * 1200L; // cpbBrNalFactor for Baseline.
            if (fits)
            {
                return level.Idc;
            }
        }

        return Levels[^1].Idc;
    }

    private static byte[] BuildSps(int widthInMbs, int heightInMbs, int fps, byte levelIdc)
    {
        var bits = new BitWriter(64);
        bits.WriteBits(ProfileIdcBaseline, 8);
        bits.WriteBits(ConstraintFlags, 8);
        bits.WriteBits(levelIdc, 8);
        bits.WriteUe(0); // seq_parameter_set_id
        // Profile 66 carries no chroma_format_idc/bit depth: 4:2:0, 8-bit is implied.
        bits.WriteUe(0); // log2_max_frame_num_minus4 → frame_num is 4 bits
        bits.WriteUe(2); // pic_order_cnt_type 2: output order = decode order, no POC in slice headers
        bits.WriteUe(1); // max_num_ref_frames
        bits.WriteBit(false); // gaps_in_frame_num_value_allowed_flag
        bits.WriteUe((uint)(widthInMbs - 1)); // pic_width_in_mbs_minus1
        bits.WriteUe((uint)(heightInMbs - 1)); // pic_height_in_map_units_minus1
        bits.WriteBit(true); // frame_mbs_only_flag
        bits.WriteBit(true); // direct_8x8_inference_flag
        bits.WriteBit(false); // frame_cropping_flag: dimensions are whole macroblocks
        bits.WriteBit(true); // vui_parameters_present_flag

        // VUI: timing, and bitstream_restriction so decoders know there is no reordering and need not buffer frames.
        bits.WriteBit(false); // aspect_ratio_info_present_flag
        bits.WriteBit(false); // overscan_info_present_flag
        // Say BT.601 limited range explicitly (matching FillPcmMacroblock) rather than leave players to guess.
        bits.WriteBit(true); // video_signal_type_present_flag
        bits.WriteBits(5, 3); // video_format: unspecified
        bits.WriteBit(false); // video_full_range_flag: 16..235 luma
        bits.WriteBit(true); // colour_description_present_flag
        bits.WriteBits(6, 8); // colour_primaries: SMPTE 170M
        bits.WriteBits(6, 8); // transfer_characteristics: SMPTE 170M
        bits.WriteBits(6, 8); // matrix_coefficients: SMPTE 170M (BT.601)
        bits.WriteBit(false); // chroma_loc_info_present_flag
        bits.WriteBit(true); // timing_info_present_flag
        bits.WriteBits(1, 32); // num_units_in_tick
        bits.WriteBits((uint)(2 * fps), 32); // time_scale: two ticks per frame (one per field)
        bits.WriteBit(true); // fixed_frame_rate_flag
        bits.WriteBit(false); // nal_hrd_parameters_present_flag
        bits.WriteBit(false); // vcl_hrd_parameters_present_flag
        bits.WriteBit(false); // pic_struct_present_flag
        bits.WriteBit(true); // bitstream_restriction_flag
        bits.WriteBit(true); // motion_vectors_over_pic_boundaries_flag
        bits.WriteUe(0); // max_bytes_per_pic_denom: no limit
        bits.WriteUe(0); // max_bits_per_mb_denom: no limit (I_PCM needs 3072 bits/MB)
        bits.WriteUe(15); // log2_max_mv_length_horizontal
        bits.WriteUe(15); // log2_max_mv_length_vertical
        bits.WriteUe(0); // max_num_reorder_frames
        bits.WriteUe(1); // max_dec_frame_buffering (>= max_num_ref_frames)

        bits.WriteTrailingBits();
        return bits.ToArray();
    }

    private static byte[] BuildPps()
    {
        var bits = new BitWriter(16);
        bits.WriteUe(0); // pic_parameter_set_id
        bits.WriteUe(0); // seq_parameter_set_id
        bits.WriteBit(false); // entropy_coding_mode_flag: CAVLC (Baseline has no CABAC)
        bits.WriteBit(false); // bottom_field_pic_order_in_frame_present_flag
        bits.WriteUe(0); // num_slice_groups_minus1
        bits.WriteUe(0); // num_ref_idx_l0_default_active_minus1
        bits.WriteUe(0); // num_ref_idx_l1_default_active_minus1
        bits.WriteBit(false); // weighted_pred_flag
        bits.WriteBits(0, 2); // weighted_bipred_idc
        bits.WriteSe(0); // pic_init_qp_minus26
        bits.WriteSe(0); // pic_init_qs_minus26
        bits.WriteSe(0); // chroma_qp_index_offset
        bits.WriteBit(true); // deblocking_filter_control_present_flag: lets slices switch the filter off
        bits.WriteBit(false); // constrained_intra_pred_flag
        bits.WriteBit(false); // redundant_pic_cnt_present_flag
        bits.WriteTrailingBits();
        return bits.ToArray();
    }

    private static byte[] BuildIdrSlice(Palette palette, int widthInMbs, int heightInMbs, int frame)
    {
        var width = widthInMbs * MacroblockSize;
        var height = heightInMbs * MacroblockSize;
        var bits = new BitWriter((widthInMbs * heightInMbs * BytesPerMacroblock) + 16);

        // slice_header()
        bits.WriteUe(0); // first_mb_in_slice
        bits.WriteUe(7); // slice_type 7: I, and every slice of the picture is I
        bits.WriteUe(0); // pic_parameter_set_id
        bits.WriteBits(0, 4); // frame_num: always 0 in an IDR picture
        bits.WriteUe((uint)(frame & 1)); // idr_pic_id: consecutive IDR pictures must differ
        // pic_order_cnt_type 2 → no POC fields; I slice → no ref list fields.
        bits.WriteBit(false); // dec_ref_pic_marking: no_output_of_prior_pics_flag
        bits.WriteBit(false); // dec_ref_pic_marking: long_term_reference_flag
        bits.WriteSe(0); // slice_qp_delta
        bits.WriteUe(1); // disable_deblocking_filter_idc 1: filtering I_PCM (qP 0) would be a no-op anyway

        // slice_data(): CAVLC I slice, so no mb_skip_run — one macroblock_layer() per macroblock.
        Span<byte> pcm = stackalloc byte[PcmBytesPerMacroblock];
        for (var mbY = 0; mbY < heightInMbs; mbY++)
        {
            for (var mbX = 0; mbX < widthInMbs; mbX++)
            {
                FillPcmMacroblock(pcm, palette, mbX * MacroblockSize, mbY * MacroblockSize, width, height, frame);
                bits.WriteUe(25); // mb_type I_PCM
                bits.AlignWithZeros(); // pcm_alignment_zero_bit
                bits.WriteAlignedBytes(pcm);
            }
        }

        bits.WriteTrailingBits(); // rbsp_slice_trailing_bits
        return bits.ToArray();
    }

    // Converts one 16x16 RGB block to 4:2:0 BT.601 limited range. Samples land in 16..240, so
    // PCM data never holds the zero bytes that old decoders rejected in pcm samples.
    private static void FillPcmMacroblock(Span<byte> pcm, Palette palette, int x0, int y0, int width, int height, int frame)
    {
        var luma = pcm[..256];
        var cb = pcm.Slice(256, 64);
        var cr = pcm.Slice(320, 64);
        for (var cy = 0; cy < 8; cy++)
        {
            for (var cx = 0; cx < 8; cx++)
            {
                int sumCb = 0, sumCr = 0;
                for (var dy = 0; dy < 2; dy++)
                {
                    for (var dx = 0; dx < 2; dx++)
                    {
                        var lx = (2 * cx) + dx;
                        var ly = (2 * cy) + dy;
                        var (r, g, b) = palette.Pixel(x0 + lx, y0 + ly, width, height, frame);
                        luma[(ly * 16) + lx] = (byte)((((66 * r) + (129 * g) + (25 * b) + 128) >> 8) + 16);
                        sumCb += (((-38 * r) - (74 * g) + (112 * b) + 128) >> 8) + 128;
                        sumCr += (((112 * r) - (94 * g) - (18 * b) + 128) >> 8) + 128;
                    }
                }

                cb[(cy * 8) + cx] = (byte)((sumCb + 2) >> 2);
                cr[(cy * 8) + cx] = (byte)((sumCr + 2) >> 2);
            }
        }
    }

    // NAL unit = header byte + RBSP with emulation-prevention bytes, so no 00 00 0x (x <= 3) appears inside.
    private static byte[] WrapNal(int nalRefIdc, int nalUnitType, ReadOnlySpan<byte> rbsp)
    {
        var nal = new ByteBuffer(rbsp.Length + (rbsp.Length / 64) + 2);
        nal.Append((byte)((nalRefIdc << 5) | nalUnitType));
        var zeros = 0;
        foreach (var b in rbsp)
        {
            if (zeros == 2 && b <= 3)
            {
                nal.Append(0x03);
                zeros = 0;
            }

            nal.Append(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        // An RBSP ending in 00 would need a trailing 03; ours always end with the stop bit.
        return nal.ToArray();
    }

    // ---------------------------------------------------------------- MP4

    private static byte[] BuildMp4(int width, int height, int fps, byte levelIdc, byte[] sps, byte[] pps, byte[][] samples)
    {
        var frameCount = samples.Length;
        long mdatPayload = 0;
        foreach (var sample in samples)
        {
            mdatPayload += 4 + sample.Length; // 4-byte length prefix (avcC lengthSizeMinusOne = 3)
        }

        // Media timescale = fps so each sample lasts exactly one tick; movie timescale in ms.
        const uint MovieTimescale = 1000;
        var mediaDuration = (uint)frameCount;
        var movieDuration = (uint)((frameCount * (long)MovieTimescale) / fps);

        var file = new ByteBuffer((int)mdatPayload + 1024 + (8 * frameCount));

        var ftyp = file.BeginBox("ftyp"u8);
        file.Append("isom"u8); // major_brand
        file.AppendUInt32(0x200); // minor_version
        file.Append("isom"u8);
        file.Append("iso2"u8);
        file.Append("avc1"u8);
        file.Append("mp41"u8);
        file.EndBox(ftyp);

        var moov = file.BeginBox("moov"u8);
        WriteMvhd(file, MovieTimescale, movieDuration);
        var trak = file.BeginBox("trak"u8);
        WriteTkhd(file, movieDuration, width, height);
        var mdia = file.BeginBox("mdia"u8);
        WriteMdhd(file, (uint)fps, mediaDuration);
        WriteHdlr(file);
        var minf = file.BeginBox("minf"u8);

        var vmhd = file.BeginFullBox("vmhd"u8, version: 0, flags: 1); // flags 1 is mandated for vmhd
        file.AppendUInt16(0); // graphicsmode: copy
        file.AppendUInt16(0); // opcolor
        file.AppendUInt16(0);
        file.AppendUInt16(0);
        file.EndBox(vmhd);

        var dinf = file.BeginBox("dinf"u8);
        var dref = file.BeginFullBox("dref"u8, 0, 0);
        file.AppendUInt32(1); // entry_count
        var url = file.BeginFullBox("url "u8, 0, 1); // flags 1: media is in this file
        file.EndBox(url);
        file.EndBox(dref);
        file.EndBox(dinf);

        var stbl = file.BeginBox("stbl"u8);
        WriteStsd(file, width, height, levelIdc, sps, pps);

        var stts = file.BeginFullBox("stts"u8, 0, 0);
        file.AppendUInt32(1); // entry_count
        file.AppendUInt32((uint)frameCount); // sample_count
        file.AppendUInt32(1); // sample_delta: one media tick = one frame
        file.EndBox(stts);

        // Every frame is IDR; stss lists them all explicitly rather than relying on its absence.
        var stss = file.BeginFullBox("stss"u8, 0, 0);
        file.AppendUInt32((uint)frameCount);
        for (var i = 1; i <= frameCount; i++)
        {
            file.AppendUInt32((uint)i);
        }

        file.EndBox(stss);

        // One chunk holding every sample: the whole mdat payload is contiguous.
        var stsc = file.BeginFullBox("stsc"u8, 0, 0);
        file.AppendUInt32(1); // entry_count
        file.AppendUInt32(1); // first_chunk
        file.AppendUInt32((uint)frameCount); // samples_per_chunk
        file.AppendUInt32(1); // sample_description_index
        file.EndBox(stsc);

        var stsz = file.BeginFullBox("stsz"u8, 0, 0);
        file.AppendUInt32(0); // sample_size 0: sizes follow, since emulation prevention can vary them
        file.AppendUInt32((uint)frameCount);
        foreach (var sample in samples)
        {
            file.AppendUInt32((uint)(4 + sample.Length));
        }

        file.EndBox(stsz);

        var stco = file.BeginFullBox("stco"u8, 0, 0);
        file.AppendUInt32(1); // entry_count
        var chunkOffsetPosition = file.Length;
        file.AppendUInt32(0); // patched below once the mdat position is known
        file.EndBox(stco);

        file.EndBox(stbl);
        file.EndBox(minf);
        file.EndBox(mdia);
        file.EndBox(trak);
        file.EndBox(moov);

        // moov precedes mdat ("fast start") so a client can begin playback before the download ends.
        var mdat = file.BeginBox("mdat"u8);
        file.PatchUInt32(chunkOffsetPosition, (uint)file.Length);
        Span<byte> prefix = stackalloc byte[4];
        foreach (var sample in samples)
        {
            BinaryPrimitives.WriteUInt32BigEndian(prefix, (uint)sample.Length);
            file.Append(prefix);
            file.Append(sample);
        }

        file.EndBox(mdat);
        return file.ToArray();
    }

    private static void WriteMvhd(ByteBuffer file, uint timescale, uint duration)
    {
        // Times are fixed at 0 (1904-01-01) to keep the output deterministic.
        var mvhd = file.BeginFullBox("mvhd"u8, 0, 0);
        file.AppendUInt32(0); // creation_time
        file.AppendUInt32(0); // modification_time
        file.AppendUInt32(timescale);
        file.AppendUInt32(duration);
        file.AppendUInt32(0x00010000); // rate 1.0
        file.AppendUInt16(0x0100); // volume 1.0
        file.AppendZeros(2 + 8); // reserved
        WriteUnityMatrix(file);
        file.AppendZeros(6 * 4); // pre_defined
        file.AppendUInt32(2); // next_track_ID
        file.EndBox(mvhd);
    }

    private static void WriteTkhd(ByteBuffer file, uint duration, int width, int height)
    {
        var tkhd = file.BeginFullBox("tkhd"u8, 0, 0x3); // track_enabled | track_in_movie
        file.AppendUInt32(0); // creation_time
        file.AppendUInt32(0); // modification_time
        file.AppendUInt32(1); // track_ID
        file.AppendUInt32(0); // reserved
        file.AppendUInt32(duration); // in movie timescale
        file.AppendZeros(8); // reserved
        file.AppendUInt16(0); // layer
        file.AppendUInt16(0); // alternate_group
        file.AppendUInt16(0); // volume: 0 for visual tracks
        file.AppendUInt16(0); // reserved
        WriteUnityMatrix(file);
        file.AppendUInt32((uint)width << 16); // 16.16 fixed point
        file.AppendUInt32((uint)height << 16);
        file.EndBox(tkhd);
    }

    private static void WriteMdhd(ByteBuffer file, uint timescale, uint duration)
    {
        var mdhd = file.BeginFullBox("mdhd"u8, 0, 0);
        file.AppendUInt32(0); // creation_time
        file.AppendUInt32(0); // modification_time
        file.AppendUInt32(timescale);
        file.AppendUInt32(duration);
        file.AppendUInt16(0x55C4); // language "und" as packed ISO-639-2/T
        file.AppendUInt16(0); // pre_defined
        file.EndBox(mdhd);
    }

    private static void WriteHdlr(ByteBuffer file)
    {
        var hdlr = file.BeginFullBox("hdlr"u8, 0, 0);
        file.AppendUInt32(0); // pre_defined
        file.Append("vide"u8); // handler_type
        file.AppendZeros(3 * 4); // reserved
        file.Append("VideoHandler\0"u8); // name, null-terminated
        file.EndBox(hdlr);
    }

    private static void WriteStsd(ByteBuffer file, int width, int height, byte levelIdc, byte[] sps, byte[] pps)
    {
        var stsd = file.BeginFullBox("stsd"u8, 0, 0);
        file.AppendUInt32(1); // entry_count

        var avc1 = file.BeginBox("avc1"u8);
        file.AppendZeros(6); // reserved
        file.AppendUInt16(1); // data_reference_index
        file.AppendUInt16(0); // pre_defined
        file.AppendUInt16(0); // reserved
        file.AppendZeros(3 * 4); // pre_defined
        file.AppendUInt16((ushort)width);
        file.AppendUInt16((ushort)height);
        file.AppendUInt32(0x00480000); // horizresolution 72 dpi
        file.AppendUInt32(0x00480000); // vertresolution 72 dpi
        file.AppendUInt32(0); // reserved
        file.AppendUInt16(1); // frame_count per sample
        file.AppendZeros(32); // compressorname: empty Pascal string padded to 32 bytes
        file.AppendUInt16(0x0018); // depth: colour, no alpha
        file.AppendUInt16(0xFFFF); // pre_defined = -1

        var avcC = file.BeginBox("avcC"u8);
        file.Append(1); // configurationVersion
        file.Append(ProfileIdcBaseline); // AVCProfileIndication
        file.Append(ConstraintFlags); // profile_compatibility
        file.Append(levelIdc); // AVCLevelIndication
        file.Append(0xFC | 3); // reserved 111111 + lengthSizeMinusOne 3 → 4-byte NAL length prefixes
        file.Append(0xE0 | 1); // reserved 111 + numOfSequenceParameterSets
        file.AppendUInt16((ushort)sps.Length);
        file.Append(sps);
        file.Append(1); // numOfPictureParameterSets
        file.AppendUInt16((ushort)pps.Length);
        file.Append(pps);
        file.EndBox(avcC);

        file.EndBox(avc1);
        file.EndBox(stsd);
    }

    private static void WriteUnityMatrix(ByteBuffer file)
    {
        file.AppendUInt32(0x00010000);
        file.AppendUInt32(0);
        file.AppendUInt32(0);
        file.AppendUInt32(0);
        file.AppendUInt32(0x00010000);
        file.AppendUInt32(0);
        file.AppendUInt32(0);
        file.AppendUInt32(0);
        file.AppendUInt32(0x40000000);
    }

    // ---------------------------------------------------------------- helpers

    /// <summary>Seed-derived colours and geometry; the same seed always draws the same picture.</summary>
    private readonly struct Palette
    {
        private readonly (int R, int G, int B) _from;
        private readonly (int R, int G, int B) _to;
        private readonly (int R, int G, int B) _accent;
        private readonly int _cellShift;
        private readonly int _phase;

        public Palette(uint seed)
        {
            var state = seed;
            _from = Colour(Next(ref state));
            _to = Colour(Next(ref state));
            _accent = Colour(Next(ref state) | 0x00808080); // bright, so the moving square stands out
            var geometry = Next(ref state);
            _cellShift = 2 + (int)(geometry % 3); // checker cells of 4, 8 or 16 pixels
            _phase = (int)((geometry >> 8) % 97);
        }

        /// <summary>Diagonal two-colour gradient, a faint checkerboard, and a square that moves with <paramref name="frame"/>.</summary>
        public (byte R, byte G, byte B) Pixel(int x, int y, int width, int height, int frame)
        {
            var span = Math.Max(1, width + height - 2);
            var t = ((x + y) * 256) / span;
            var r = _from.R + (((_to.R - _from.R) * t) >> 8);
            var g = _from.G + (((_to.G - _from.G) * t) >> 8);
            var b = _from.B + (((_to.B - _from.B) * t) >> 8);

            if ((((x >> _cellShift) + (y >> _cellShift)) & 1) == 0)
            {
                r = (r * 7) >> 3;
                g = (g * 7) >> 3;
                b = (b * 7) >> 3;
            }

            // The square bounces left and right a quarter of its side per frame, so motion looks smooth.
            var side = Math.Max(2, Math.Min(width, height) / 4);
            var travel = Math.Max(1, width - side);
            var step = (((long)frame * Math.Max(1, side / 4)) + _phase) % (2L * travel);
            var left = (int)(step < travel ? step : (2L * travel) - step);
            var top = (height - side) / 2;
            if (x >= left && x < left + side && y >= top && y < top + side)
            {
                (r, g, b) = _accent;
            }

            return ((byte)r, (byte)g, (byte)b);
        }

        private static (int R, int G, int B) Colour(uint v) => ((int)(v >> 16) & 0xFF, (int)(v >> 8) & 0xFF, (int)v & 0xFF);

        // SplitMix32-style mixer: cheap, well spread, and stable across runtimes (no System.Random).
        private static uint Next(ref uint state)
        {
            state += 0x9E3779B9;
            var z = state;
            z = (z ^ (z >> 16)) * 0x85EBCA6B;
            z = (z ^ (z >> 13)) * 0xC2B2AE35;
            return z ^ (z >> 16);
        }
    }

    /// <summary>MSB-first bit writer for H.264 RBSPs.</summary>
    private sealed class BitWriter(int capacity)
    {
        private readonly ByteBuffer _bytes = new(capacity);
        private int _current;
        private int _bitCount;

        public void WriteBit(bool bit) => WriteBits(bit ? 1u : 0u, 1);

        public void WriteBits(uint value, int count)
        {
            for (var i = count - 1; i >= 0; i--)
            {
                _current = (_current << 1) | (int)((value >> i) & 1);
                if (++_bitCount == 8)
                {
                    _bytes.Append((byte)_current);
                    _current = 0;
                    _bitCount = 0;
                }
            }
        }

        // Exp-Golomb ue(v): (leading zeros) 1 (info bits), codeNum = value.
        public void WriteUe(uint value)
        {
            var codeNum = (ulong)value + 1;
            var length = 64 - System.Numerics.BitOperations.LeadingZeroCount(codeNum);
            WriteBits(0, length - 1);
            for (var i = length - 1; i >= 0; i--)
            {
                WriteBits((uint)((codeNum >> i) & 1), 1);
            }
        }

        // se(v): k > 0 → 2k - 1, k <= 0 → -2k.
        public void WriteSe(int value) => WriteUe(value > 0 ? (uint)((2L * value) - 1) : (uint)(-2L * value));

        public void AlignWithZeros()
        {
            if (_bitCount != 0)
            {
                WriteBits(0, 8 - _bitCount);
            }
        }

        public void WriteAlignedBytes(ReadOnlySpan<byte> data)
        {
            if (_bitCount != 0)
            {
                throw new InvalidOperationException("Writer is not byte-aligned.");
            }

            _bytes.Append(data);
        }

        // rbsp_trailing_bits: stop bit then zero bits to the byte boundary.
        public void WriteTrailingBits()
        {
            WriteBit(true);
            AlignWithZeros();
        }

        public byte[] ToArray()
        {
            if (_bitCount != 0)
            {
                throw new InvalidOperationException("RBSP must end byte-aligned.");
            }

            return _bytes.ToArray();
        }
    }

    /// <summary>Growable big-endian byte buffer with ISO BMFF box helpers.</summary>
    private sealed class ByteBuffer(int capacity)
    {
        private byte[] _data = new byte[Math.Max(16, capacity)];

        public int Length { get; private set; }

        public Span<byte> AsSpan() => _data.AsSpan(0, Length);

        public byte[] ToArray() => AsSpan().ToArray();

        public void Append(byte value)
        {
            Ensure(1);
            _data[Length++] = value;
        }

        public void Append(ReadOnlySpan<byte> data)
        {
            Ensure(data.Length);
            data.CopyTo(_data.AsSpan(Length));
            Length += data.Length;
        }

        public void AppendZeros(int count)
        {
            Ensure(count);
            _data.AsSpan(Length, count).Clear();
            Length += count;
        }

        public void AppendUInt16(ushort value)
        {
            Ensure(2);
            BinaryPrimitives.WriteUInt16BigEndian(_data.AsSpan(Length), value);
            Length += 2;
        }

        public void AppendUInt32(uint value)
        {
            Ensure(4);
            BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(Length), value);
            Length += 4;
        }

        public void PatchUInt32(int position, uint value) =>
            BinaryPrimitives.WriteUInt32BigEndian(_data.AsSpan(position, 4), value);

        // Writes a box header with a placeholder size; EndBox fills it in once the contents are known.
        public int BeginBox(ReadOnlySpan<byte> type)
        {
            var start = Length;
            AppendUInt32(0);
            Append(type);
            return start;
        }

        public int BeginFullBox(ReadOnlySpan<byte> type, byte version, uint flags)
        {
            var start = BeginBox(type);
            AppendUInt32(((uint)version << 24) | (flags & 0xFFFFFF));
            return start;
        }

        public void EndBox(int start) => PatchUInt32(start, (uint)(Length - start));

        private void Ensure(int extra)
        {
            if (Length + extra > _data.Length)
            {
                Array.Resize(ref _data, Math.Max(_data.Length * 2, Length + extra));
            }
        }
    }

    /// <summary>CRC-32 (ISO-HDLC, reflected polynomial 0xEDB88320) as PNG requires.</summary>
    private static class Crc32
    {
        private static readonly uint[] Table = BuildTable();

        public static uint Compute(ReadOnlySpan<byte> data)
        {
            var crc = 0xFFFFFFFFu;
            foreach (var b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return crc ^ 0xFFFFFFFFu;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
