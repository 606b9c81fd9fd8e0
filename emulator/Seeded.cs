using System;
using System.Globalization;

namespace HappyHorse.Emulator;

/// <summary>
/// Pseudo-random values that depend only on (seed, stream, index), so the same seed gives the same task ids,
/// outcomes and injected faults on every run, whatever else happened before.
/// </summary>
internal static class Seeded
{
    /// <summary>Task ids.</summary>
    public const ulong TaskIdStream = 1;

    /// <summary>Whether a task fails.</summary>
    public const ulong OutcomeStream = 2;

    /// <summary>Request ids in answers.</summary>
    public const ulong RequestIdStream = 3;

    /// <summary>Fault decisions; each fault rule adds its index.</summary>
    public const ulong FaultStream = 1000;

    /// <summary>Which server error status a fault uses; each fault rule adds its index.</summary>
    public const ulong FaultStatusStream = 2000;

    /// <summary>64 well-mixed bits for item <paramref name="index"/> of <paramref name="stream"/>.</summary>
    public static ulong Bits(int seed, ulong stream, long index) =>
        Mix(Mix((uint)seed ^ (stream * 0x9E3779B97F4A7C15UL)) ^ (ulong)index);

    /// <summary>A value in [0, 1) for item <paramref name="index"/> of <paramref name="stream"/>.</summary>
    public static double Unit(int seed, ulong stream, long index) => (Bits(seed, stream, index) >> 11) * (1.0 / (1UL << 53));

    /// <summary><paramref name="length"/> lower-case hex digits (at most 16) for item <paramref name="index"/> of <paramref name="stream"/>.</summary>
    public static string Hex(int seed, ulong stream, long index, int length) => Bits(seed, stream, index).ToString("x16", CultureInfo.InvariantCulture)[..length];

    /// <summary>A UUID (as DashScope's task and request ids look) for item <paramref name="index"/> of <paramref name="stream"/>.</summary>
    public static string Uuid(int seed, ulong stream, long index)
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Bits(seed, stream, index));
        BitConverter.TryWriteBytes(bytes[8..], Bits(seed, stream, ~index));
        return new Guid(bytes).ToString();
    }

    // SplitMix64's finalizer: every input bit affects every output bit.
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
