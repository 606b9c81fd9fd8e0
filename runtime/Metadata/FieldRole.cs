// What a field is for, as a manifest declares it ("role": "prompt"). Compiled into the runtime (public, read by the
// image adapter, the CLI and the emulator) and into the generator (internal, the reader's list of known roles), so a
// role has one spelling: the member name in camelCase.
#if HAPPYHORSE_GENERATOR
namespace HappyHorse.Generated.Generator.Model;
#else
namespace HappyHorse.Generated;
#endif

/// <summary>What a field is for, as its manifest declares it; tools find the prompt or the input image by it, never by the field's name.</summary>
#if HAPPYHORSE_GENERATOR
internal
#else
public
#endif
enum FieldRole
{
    /// <summary>No role declared (or one this version does not know).</summary>
    None,

    /// <summary>The text describing what to generate.</summary>
    Prompt,

    /// <summary>The text describing what to avoid.</summary>
    NegativePrompt,

    /// <summary>One input image (a URL).</summary>
    Image,

    /// <summary>A list of input images (URLs).</summary>
    Images,

    /// <summary>An input video (a URL).</summary>
    Video,

    /// <summary>How many results one task makes.</summary>
    Count,

    /// <summary>The output size as <c>WIDTHxHEIGHT</c>.</summary>
    Size,

    /// <summary>The output aspect ratio as <c>W:H</c>.</summary>
    AspectRatio,

    /// <summary>The output resolution tier (e.g. <c>720p</c>).</summary>
    Resolution,

    /// <summary>The output file format (e.g. <c>png</c>).</summary>
    OutputFormat,

    /// <summary>How results come back (e.g. <c>url</c> or <c>b64_json</c>).</summary>
    ResponseFormat,

    /// <summary>The random seed.</summary>
    Seed,

    /// <summary>The output's length in seconds.</summary>
    Duration,

    /// <summary>Whether the output video has sound: a boolean (true for sound), or a setting saying how its sound is made (any setting means it has sound).</summary>
    Audio,
}
