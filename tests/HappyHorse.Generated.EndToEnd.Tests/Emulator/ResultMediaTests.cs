using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using HappyHorse.Emulator;
using HappyHorse.Emulator.Examples;
using HappyHorse.Generated.EndToEnd.Tests.Support;
using HappyHorse.Generated.Models;

namespace HappyHorse.Generated.EndToEnd.Tests.Emulator;

/// <summary>
/// The files the emulator serves say what the request asked, read as a client would check them: the documented
/// request is run to its result over HTTP and the file's own structure (ISO BMFF boxes, the H.264 SPS, PNG chunks)
/// is parsed here, independently of the emulator's code.
/// </summary>
public sealed class ResultMediaTests : IAsyncLifetime
{
    private HappyHorseEmulator _emulator = null!;
    private HappyHorseClient _client = null!;

    public async Task InitializeAsync()
    {
        _emulator = await HappyHorseEmulator.StartAsync(new EmulatorOptions { ApiKey = TestSupport.ApiKey, QueueDuration = TimeSpan.Zero, RunDuration = TimeSpan.Zero });
        _client = TestSupport.ClientFor(_emulator);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _emulator.DisposeAsync();
    }

    // ------------------------------------------------------------------ video

    [Theory]
    [InlineData("happyhorse-1.0/video", "text-to-video", null, 5, 1280, 720, true)] // the document's example: 5 s, 16:9, sound on by default
    [InlineData("happyhorse-1.0/video", "text-to-video", """{"duration": 7, "aspect_ratio": "9:16", "sound": false}""", 7, 720, 1280, false)]
    [InlineData("happyhorse-1.0/video", "text-to-video", """{"duration": 15, "aspect_ratio": "1:1"}""", 15, 720, 720, true)]
    [InlineData("happyhorse-1.0-video-edit", "video-edit", null, 5, 1280, 720, true)] // DashScope's example: 720P, 5 s, audio_setting auto
    [InlineData("happyhorse-1.0-video-edit", "video-edit", """{"parameters": {"resolution": "1080P", "duration": 3}}""", 3, 1920, 1080, true)]
    public async Task A_video_says_the_requested_duration_and_size_in_its_container_and_has_audio_when_sound_is_on(string model, string operationId, string? changes, double seconds, int width, int height, bool sound)
    {
        var mp4 = await GenerateAsync(model, operationId, changes, ".mp4");

        var top = ReadBoxes(mp4, 0, mp4.Length);
        top.Select(b => b.Type).ShouldBe(["ftyp", "free", "moov", "mdat"]); // moov first: a browser plays while it downloads
        var moov = top[2];
        var mvhd = Child(mp4, moov, "mvhd");
        (U32(mp4, mvhd.PayloadStart + 16) / (double)U32(mp4, mvhd.PayloadStart + 12)).ShouldBe(seconds, 0.001);

        var video = Track(mp4, moov, "vide");
        var tkhd = Child(mp4, video, "tkhd");
        (U32(mp4, tkhd.PayloadStart + 76) >> 16, U32(mp4, tkhd.PayloadStart + 80) >> 16).ShouldBe(((uint)width, (uint)height));
        MediaSeconds(mp4, video).ShouldBe(seconds, 0.001);
        var (spsWidth, spsHeight, profile) = DecodedSize(AvcC(mp4, video).Sps);
        (spsWidth, spsHeight).ShouldBe((width, height), "the H.264 stream itself decodes to the requested size");
        profile.ShouldBe(66, "Baseline, which every browser decodes");
        SamplesFillTheirPlaceInMdat(mp4, video, top[3]);

        var audio = Tracks(mp4, moov).Where(t => Handler(mp4, t) == "soun").ToList();
        if (!sound)
        {
            audio.ShouldBeEmpty();
            return;
        }

        var soundTrack = audio.ShouldHaveSingleItem();
        SampleEntry(mp4, soundTrack).Type.ShouldBe("mp4a");
        MediaSeconds(mp4, soundTrack).ShouldBeInRange(seconds - 0.05, seconds, "whole AAC frames within the video's length");
        SamplesFillTheirPlaceInMdat(mp4, soundTrack, top[3]);
    }

    [Fact]
    public async Task A_model_that_declares_no_roles_runs_and_its_video_has_the_emulators_own_choices_not_guesses_from_field_names()
    {
        var options = new EmulatorOptions { ApiKey = TestSupport.ApiKey, QueueDuration = TimeSpan.Zero, RunDuration = TimeSpan.Zero };
        var operation = Dialects.HappyHorseCatalog.Operations.Single(o => o.ModelId == "acme/roleless-video");
        options.ExtraOperations.Add(operation);
        await using var emulator = await HappyHorseEmulator.StartAsync(options);
        using var client = TestSupport.ClientFor(emulator);
        var body = new JsonObject { ["prompt"] = "A lighthouse", ["duration"] = 7, ["aspect_ratio"] = "9:16", ["sound"] = true };

        var result = await client.GenerateAsync(new RawRequest(operation, body));

        var mp4 = await TestSupport.DownloadAsync(result.Url);
        var moov = ReadBoxes(mp4, 0, mp4.Length).Single(b => b.Type == "moov");
        var video = Track(mp4, moov, "vide");
        MediaSeconds(mp4, video).ShouldBe(5, 0.001, "the emulator's own length: no field declares the duration role, so 'duration' is not taken for one (nor its default of 8)");
        var (width, height, _) = DecodedSize(AvcC(mp4, video).Sps);
        (width, height).ShouldBe((1280, 720), "16:9 at the emulator's 720 lines, not the body's 9:16");
        Tracks(mp4, moov).ShouldNotContain(t => Handler(mp4, t) == "soun", "no field declares the audio role");
    }

    [Fact]
    public async Task Every_IDR_picture_and_only_those_are_sync_samples_so_a_player_can_seek_in_a_long_video()
    {
        var mp4 = await GenerateAsync("happyhorse-1.0/video", "text-to-video", """{"duration": 15}""", ".mp4");
        var video = Track(mp4, ReadBoxes(mp4, 0, mp4.Length).Single(b => b.Type == "moov"), "vide");
        var stbl = Path(mp4, video, "mdia", "minf", "stbl");

        var sync = Table(mp4, Child(mp4, stbl, "stss"), 1).Select(e => (int)e[0] - 1).ToHashSet();
        var samples = Samples(mp4, video);

        samples.Count.ShouldBe(15 * 24);
        sync.ShouldContain(0);
        sync.Count.ShouldBeGreaterThan(1, "the committed clip repeats, each repeat from its IDR picture");
        for (var i = 0; i < samples.Count; i++)
        {
            (samples[i][4] & 0x1F).ShouldBe(sync.Contains(i) ? 5 : 1, $"NAL unit type of sample {i}");
            ((int)BinaryPrimitives.ReadUInt32BigEndian(samples[i])).ShouldBe(samples[i].Length - 4, "one length-prefixed NAL unit");
        }
    }

    [Fact]
    public async Task Two_tasks_of_the_same_request_get_different_files_and_each_is_served_the_same_every_time()
    {
        var first = await GenerateAsync("happyhorse-1.0/video", "text-to-video", null, ".mp4");
        var second = await GenerateAsync("happyhorse-1.0/video", "text-to-video", null, ".mp4");
        var firstTask = _emulator.Tasks.First();

        first.SequenceEqual(second).ShouldBeFalse();
        _emulator.ResultFile(firstTask.Id, 0).ShouldBe(first);
        Encoding.UTF8.GetString(first).ShouldContain(firstTask.Id, Case.Sensitive, "the free box names the task");
    }

    [Fact]
    public async Task The_longest_video_with_sound_stays_small()
    {
        var mp4 = await GenerateAsync("happyhorse-1.0-video-edit", "video-edit", """{"parameters": {"resolution": "1080P", "duration": 15}}""", ".mp4");

        mp4.Length.ShouldBeLessThan(128 * 1024);
    }

    // ------------------------------------------------------------------ images

    [Theory]
    [InlineData("gpt-image-2", """{"size": "1024x1536"}""", 1024, 1536)]
    [InlineData("gpt-image-2", """{"size": null}""", 1536, 1024)] // the model's documented default size
    [InlineData("gemini-3.1-flash-image", """{"size": "2K", "aspect_ratio": "16:9"}""", 2048, 1152)]
    [InlineData("gemini-3.1-flash-image", """{"size": "4K", "aspect_ratio": "1:1"}""", 4096, 4096)]
    public async Task An_image_has_the_requested_size_in_a_valid_small_PNG(string model, string changes, int width, int height)
    {
        var png = await GenerateAsync(model, "text-to-image", changes, ".png");

        png.AsSpan(0, 8).ToArray().ShouldBe(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var chunks = ReadPngChunks(png);
        chunks[0].Type.ShouldBe("IHDR");
        chunks[^1].Type.ShouldBe("IEND");
        foreach (var chunk in chunks) chunk.StoredCrc.ShouldBe(chunk.ComputedCrc, $"CRC of {chunk.Type}");
        var header = chunks[0].Data;
        (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4))).ShouldBe((width, height));
        var (bitDepth, colourType) = (header[8], header[9]);
        colourType.ShouldBe((byte)3, "indexed colour");
        chunks.Single(c => c.Type == "PLTE").Data.Length.ShouldBe(3 * (1 << bitDepth));

        var rows = Inflate(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
        var stride = 1 + (((width * bitDepth) + 7) / 8);
        rows.Length.ShouldBe(height * stride);
        Enumerable.Range(0, height).All(y => rows[y * stride] <= 4).ShouldBeTrue("every row starts with a filter type");
        png.Length.ShouldBeLessThan(32 * 1024);
    }

    // ------------------------------------------------------------------ the one sniffer

    [Fact]
    public async Task The_sniffer_names_the_emulators_files_and_nothing_else()
    {
        var png = await GenerateAsync("gpt-image-2", "text-to-image", null, ".png");
        var mp4 = await GenerateAsync("happyhorse-1.0/video", "text-to-video", null, ".mp4");

        MediaTypes.Sniff(png).ShouldBe("image/png");
        MediaTypes.Sniff(mp4).ShouldBe("video/mp4");
        MediaTypes.ExtensionOf(MediaTypes.Sniff(mp4)).ShouldBe(".mp4");
        MediaTypes.Sniff(png.AsSpan(0, 7)).ShouldBeNull();
        MediaTypes.Sniff(mp4.AsSpan(0, 11)).ShouldBeNull();
        MediaTypes.Sniff(Encoding.ASCII.GetBytes("{\"ftyp\": 1}")).ShouldBeNull();
        MediaTypes.Sniff([]).ShouldBeNull();
        MediaTypes.Sniff([0xFF, 0xD8, 0xFF, 0xE0]).ShouldBe("image/jpeg");
        MediaTypes.Sniff([0x1A, 0x45, 0xDF, 0xA3, 0x9F]).ShouldBe("video/webm");
    }

    // ------------------------------------------------------------------ running the documented request

    // The video edit model is served by the gateway and by DashScope: "happyhorse-1.0-video-edit" here means DashScope's.
    private async Task<byte[]> GenerateAsync(string model, string operationId, string? changes, string extension)
    {
        var operation = HappyHorseCatalog.Operations.Single(o => o.ModelId == model && o.OperationId == operationId && (model != "happyhorse-1.0-video-edit" || o.Profile.Id == "dashscope"));
        var body = DocumentedExamples.BodyFor(operation) ?? throw new InvalidOperationException($"No documented example for {operation}.");
        if (changes is not null) Merge(body, JsonNode.Parse(changes)!.AsObject());

        var result = await _client.GenerateAsync(new RawRequest(operation, body));

        result.Url.AbsolutePath.ShouldEndWith(extension);
        return await TestSupport.DownloadAsync(result.Url);

        static void Merge(JsonObject target, JsonObject changes)
        {
            foreach (var (name, value) in changes.ToList())
            {
                if (value is JsonObject inner && target[name] is JsonObject existing) Merge(existing, inner);
                else if (value is null) target.Remove(name);
                else target[name] = value.DeepClone();
            }
        }
    }

    // ------------------------------------------------------------------ ISO BMFF

    private sealed record Box(string Type, int Start, int Size)
    {
        public int PayloadStart => Start + 8;

        public int End => Start + Size;
    }

    private static uint U32(byte[] data, int at) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(at));

    private static List<Box> ReadBoxes(byte[] data, int start, int end)
    {
        var boxes = new List<Box>();
        var position = start;
        while (position < end)
        {
            (end - position).ShouldBeGreaterThanOrEqualTo(8, "room for a box header");
            var size = (int)U32(data, position);
            size.ShouldBeGreaterThanOrEqualTo(8);
            (position + size).ShouldBeLessThanOrEqualTo(end, "a box fits its parent");
            boxes.Add(new Box(Encoding.ASCII.GetString(data, position + 4, 4), position, size));
            position += size;
        }

        position.ShouldBe(end, "children fill their parent exactly");
        return boxes;
    }

    private static Box Child(byte[] data, Box parent, string type) => ReadBoxes(data, parent.PayloadStart, parent.End).Single(b => b.Type == type);

    private static Box Path(byte[] data, Box from, params string[] path) => path.Aggregate(from, (box, type) => Child(data, box, type));

    private static IEnumerable<Box> Tracks(byte[] data, Box moov) => ReadBoxes(data, moov.PayloadStart, moov.End).Where(b => b.Type == "trak");

    private static string Handler(byte[] data, Box trak) => Encoding.ASCII.GetString(data, Path(data, trak, "mdia", "hdlr").PayloadStart + 8, 4);

    private static Box Track(byte[] data, Box moov, string handler) => Tracks(data, moov).Single(t => Handler(data, t) == handler);

    private static double MediaSeconds(byte[] data, Box trak)
    {
        var mdhd = Path(data, trak, "mdia", "mdhd");
        var fromTable = Table(data, Path(data, trak, "mdia", "minf", "stbl", "stts"), 2).Sum(e => (long)e[0] * e[1]);
        fromTable.ShouldBe(U32(data, mdhd.PayloadStart + 16), "the media duration is the sum of the sample durations");
        return fromTable / (double)U32(data, mdhd.PayloadStart + 12);
    }

    // A full box's entry count, then that many entries of `width` 32-bit values.
    private static List<uint[]> Table(byte[] data, Box box, int width) =>
        Enumerable.Range(0, (int)U32(data, box.PayloadStart + 4))
            .Select(i => Enumerable.Range(0, width).Select(k => U32(data, box.PayloadStart + 8 + (4 * ((i * width) + k)))).ToArray())
            .ToList();

    private static Box SampleEntry(byte[] data, Box trak)
    {
        var stsd = Path(data, trak, "mdia", "minf", "stbl", "stsd");
        U32(data, stsd.PayloadStart + 4).ShouldBe(1u, "one sample entry");
        return ReadBoxes(data, stsd.PayloadStart + 8, stsd.End).Single();
    }

    private static (byte[] Sps, byte[] Pps) AvcC(byte[] data, Box trak)
    {
        var avc1 = SampleEntry(data, trak);
        avc1.Type.ShouldBe("avc1");
        var avcC = ReadBoxes(data, avc1.PayloadStart + 78, avc1.End).Single(b => b.Type == "avcC"); // 78 bytes of VisualSampleEntry fields
        var p = avcC.PayloadStart;
        (data[p + 4] & 0x03).ShouldBe(3, "4-byte NAL lengths");
        (data[p + 5] & 0x1F).ShouldBe(1, "one SPS");
        var spsLength = BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(p + 6));
        var sps = data.AsSpan(p + 8, spsLength).ToArray();
        p += 8 + spsLength;
        data[p].ShouldBe((byte)1, "one PPS");
        var pps = data.AsSpan(p + 3, BinaryPrimitives.ReadUInt16BigEndian(data.AsSpan(p + 1))).ToArray();
        (sps[0] & 0x1F, pps[0] & 0x1F).ShouldBe((7, 8));
        return (sps, pps);
    }

    // Samples through stsz and stco (one chunk per track).
    private static List<byte[]> Samples(byte[] data, Box trak)
    {
        var stbl = Path(data, trak, "mdia", "minf", "stbl");
        var stsz = Child(data, stbl, "stsz");
        U32(data, stsz.PayloadStart + 4).ShouldBe(0u, "per-sample sizes");
        var count = (int)U32(data, stsz.PayloadStart + 8);
        Table(data, Child(data, stbl, "stsc"), 3).ShouldBe([[1, (uint)count, 1]]);
        var position = (int)Table(data, Child(data, stbl, "stco"), 1).Single()[0];
        var samples = new List<byte[]>();
        for (var i = 0; i < count; i++)
        {
            var size = (int)U32(data, stsz.PayloadStart + 12 + (4 * i));
            samples.Add(data.AsSpan(position, size).ToArray());
            position += size;
        }

        return samples;
    }

    private static void SamplesFillTheirPlaceInMdat(byte[] data, Box trak, Box mdat)
    {
        var stbl = Path(data, trak, "mdia", "minf", "stbl");
        var offset = (int)Table(data, Child(data, stbl, "stco"), 1).Single()[0];
        var total = Samples(data, trak).Sum(s => s.Length);
        offset.ShouldBeGreaterThanOrEqualTo(mdat.PayloadStart);
        (offset + total).ShouldBeLessThanOrEqualTo(mdat.End);
    }

    // ------------------------------------------------------------------ H.264 SPS (ITU-T H.264 7.3.2.1.1)

    private static (int Width, int Height, int Profile) DecodedSize(byte[] sps)
    {
        var bits = new Bits(Unescape(sps.AsSpan(1)));
        var profile = (int)bits.Read(8);
        profile.ShouldBeOneOf(66, 77);
        bits.Read(16); // constraint flags, level
        bits.Ue(); // seq_parameter_set_id
        bits.Ue(); // log2_max_frame_num_minus4
        var pocType = bits.Ue();
        pocType.ShouldNotBe(1u, "a POC cycle is not parsed here");
        if (pocType == 0) bits.Ue();
        bits.Ue(); // max_num_ref_frames
        bits.Read(1); // gaps_in_frame_num_value_allowed_flag
        var width = (int)(bits.Ue() + 1) * 16;
        var height = (int)(bits.Ue() + 1) * 16;
        bits.Read(1).ShouldBe(1u, "frames only");
        bits.Read(1); // direct_8x8_inference_flag
        if (bits.Read(1) == 1)
        {
            var (left, right, top, bottom) = (bits.Ue(), bits.Ue(), bits.Ue(), bits.Ue());
            width -= (int)(2 * (left + right));
            height -= (int)(2 * (top + bottom));
        }

        return (width, height, profile);
    }

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

        return [.. rbsp];
    }

    private sealed class Bits(byte[] data)
    {
        private int _bit;

        public uint Read(int count)
        {
            uint value = 0;
            for (var i = 0; i < count; i++, _bit++)
            {
                (_bit / 8).ShouldBeLessThan(data.Length, "read past the end of the SPS");
                value = (value << 1) | (uint)((data[_bit / 8] >> (7 - (_bit % 8))) & 1);
            }

            return value;
        }

        public uint Ue()
        {
            var zeros = 0;
            while (Read(1) == 0) zeros++;
            zeros.ShouldBeLessThan(32, "a malformed Exp-Golomb code");
            return (uint)((1L << zeros) - 1 + Read(zeros));
        }
    }

    // ------------------------------------------------------------------ PNG

    private sealed record PngChunk(string Type, byte[] Data, uint StoredCrc, uint ComputedCrc);

    private static List<PngChunk> ReadPngChunks(byte[] png)
    {
        var chunks = new List<PngChunk>();
        var position = 8;
        while (position < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var typeAndData = png.AsSpan(position + 4, 4 + length);
            chunks.Add(new PngChunk(Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray(), U32(png, position + 8 + length), Crc32(typeAndData)));
            position += 12 + length;
        }

        position.ShouldBe(png.Length, "chunks end exactly at the end of the file");
        return chunks;
    }

    // Bitwise CRC-32 (poly 0xEDB88320), deliberately not the library the emulator uses.
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
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
}
